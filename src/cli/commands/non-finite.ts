/**
 * Non-finite numbers (NaN, ±inf) in a histogram's bins, as warnings for
 * `yoda ls` and `yoda cat`: such a file reads fine but would poison a fit.
 * NaN where YODA means "unknown" is not reported: an estimate's unknown
 * under/overflow, and an error source that does not apply to a bin (`---`).
 */
import type { AnyObject, Binning } from '../../histo/index.js';
import { formatNumber } from '../numbers.js';

/** At most this many bins are named per object; the rest are counted. */
const SHOWN = 5;

export function nonFiniteWarnings(o: AnyObject): string[] {
  const bad = nonFiniteBins(o);
  if (bad.length === 0) return [];
  const more = bad.length > SHOWN ? ` and ${bad.length - SHOWN} more` : '';
  return [`${o.path}: non-finite value in ${bad.slice(0, SHOWN).join('; ')}${more}`];
}

/** One description per bin holding a non-finite number, e.g. `bin 3 [0.1, 0.2): sumw = NaN`. */
function nonFiniteBins(o: AnyObject): string[] {
  switch (o.kind) {
    case 'Histo1D':
    case 'Profile1D':
      return slots(o.binning, true, (i) => o.sumColumns.map((c) => [c.name, o.sums(c.name)[i]] as const));
    case 'Estimate1D':
      return slots(o.binning, false, (i) => [['value', o.values[i]] as const, ...errorCells(o.sources, i)]);
    case 'Counter':
      return describe('the counter', [
        ['sumw', o.sumw],
        ['sumw2', o.sumw2],
      ]);
    case 'Estimate0D':
      return describe('the value', [['value', o.value], ...errorCells(o.sources, 0)]);
    case 'Scatter2D': {
      const out: string[] = [];
      for (let i = 0; i < o.numPoints; i++) {
        const cells = [['x', o.x[i]], ['xErrDn', o.xErrDn[i]], ['xErrUp', o.xErrUp[i]], ['y', o.y[i]], ['yErrDn', o.yErrDn[i]], ['yErrUp', o.yErrUp[i]]] as const;
        out.push(...describe(`point ${i + 1}`, cells));
      }
      return out;
    }
  }
}

type Cell = readonly [string, number];

/** Error sources: NaN means "does not apply"; only ±inf is wrong. */
function errorCells(sources: readonly { label: string; dn: ArrayLike<number>; up: ArrayLike<number> }[], i: number): Cell[] {
  return sources.flatMap((s) => [[`${s.label || 'error'} dn`, s.dn[i]] as const, [`${s.label || 'error'} up`, s.up[i]] as const]).filter(([, v]) => !Number.isNaN(v));
}

/** Bins 1..n of a slotted array (0 and n+1 are the flows, checked when `flows`). */
function slots(b: Binning, flows: boolean, cells: (slot: number) => readonly Cell[]): string[] {
  const out: string[] = [];
  const n = b.size;
  for (let i = flows ? 0 : 1; i <= (flows ? n + 1 : n); i++) {
    const where = i === 0 ? 'the underflow' : i === n + 1 ? 'the overflow' : `bin ${i} [${formatNumber(b.lows[i - 1])}, ${formatNumber(b.highs[i - 1])})`;
    out.push(...describe(where, cells(i)));
  }
  return out;
}

function describe(where: string, cells: readonly Cell[]): string[] {
  const bad = cells.filter(([, v]) => !Number.isFinite(v));
  return bad.length ? [`${where}: ${bad.map(([k, v]) => `${k} = ${v}`).join(', ')}`] : [];
}

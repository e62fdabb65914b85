/**
 * YODA 2 text (_V3): edges once per object, rows underflow…overflow. Gaps in a
 * binning are written as bins listed in `MaskedBins` (zero sums, NaN values),
 * which the reader turns back into gaps.
 */
import type { AnyObject, BinnedDbn, Binning, Counter, Estimate0D, Estimate1D, ErrorSource } from '../histo/index.js';
import { formatNumber } from './numbers.js';
import { header, row, summary } from './write-common.js';
import { scatter } from './write-v2.js';

const HISTO = ['sumw', 'sumw2', 'sumwx', 'sumwx2', 'numEntries'];
const HISTO_NAMES = 'sumW\t sumW2\t sumW(A1)\t sumW2(A1)\t numEntries';
const PROFILE = ['sumw', 'sumw2', 'sumwx', 'sumwx2', 'sumwy', 'sumwy2', 'sumwxy', 'numEntries'];
const PROFILE_NAMES = 'sumW\t sumW2\t sumW(A1)\t sumW2(A1)\t sumW(B)\t sumW2(B)\t sumW(A1,B)\t numEntries';

export function v3Lines(o: AnyObject): string[] {
  switch (o.kind) {
    case 'Histo1D':
      return binned(o, 'YODA_HISTO1D_V3', HISTO, HISTO_NAMES, [summary('Mean', o.mean()), summary('Integral', o.integral())]);
    case 'Profile1D':
      return binned(o, 'YODA_PROFILE1D_V3', PROFILE, PROFILE_NAMES, []);
    case 'Counter':
      return counter(o);
    case 'Scatter2D':
      return scatter(o, 'YODA_SCATTER2D_V3');
    case 'Estimate0D':
      return estimate0d(o);
    case 'Estimate1D':
      return estimate1d(o);
  }
}

/**
 * The axis as V3 edges. `slotOfRow[r]` is the object's slot for output row r,
 * or -1 for a masked gap row.
 */
function axisLines(b: Binning): { lines: string[]; slotOfRow: number[] } {
  const edges: number[] = [b.lows[0]];
  const slotOfRow = [0];
  const masked: number[] = [];
  for (let i = 0; i < b.size; i++) {
    if (i > 0 && b.lows[i] !== b.highs[i - 1]) {
      edges.push(b.lows[i]);
      masked.push(slotOfRow.length);
      slotOfRow.push(-1);
    }
    edges.push(b.highs[i]);
    slotOfRow.push(i + 1);
  }
  slotOfRow.push(b.size + 1);
  const lines = [`Edges(A1): [${edges.map(formatNumber).join(', ')}]`];
  if (masked.length) lines.push(`MaskedBins: [${masked.join(', ')}]`);
  return { lines, slotOfRow };
}

function binned(o: BinnedDbn, token: string, cols: string[], names: string, stats: string[]): string[] {
  const sums = cols.map((c) => o.sums(c));
  const { lines: axis, slotOfRow } = axisLines(o.binning);
  const rows = slotOfRow.map((s) => row(sums.map((a) => (s < 0 ? 0 : a[s]))));
  return [...header(o, token), ...stats, ...totalLine(o, cols), ...axis, `# ${names}`, ...rows, `END ${token}`];
}

/** The `# Total: […]` comment, only where the stored total is not the plain sum of the rows. */
function totalLine(o: BinnedDbn, cols: string[]): string[] {
  const total = cols.map((c) => o.total[o.sumIndex(c)]);
  const derived = cols.map((c) => o.sums(c).reduce((a, b) => a + b, 0));
  if (total.every((t, i) => Object.is(t, derived[i]))) return [];
  return [`# Total: [${total.map(formatNumber).join(', ')}]`];
}

function counter(c: Counter): string[] {
  return [...header(c, 'YODA_COUNTER_V3'), '# sumW\t sumW2\t numEntries', row([c.sumw, c.sumw2, c.numEntries]), 'END YODA_COUNTER_V3'];
}

function errorLabels(sources: readonly ErrorSource[]): string[] {
  if (sources.length === 0) return [];
  return [`ErrorLabels: [${sources.map((s) => JSON.stringify(s.label)).join(', ')}]`];
}

function columnNames(sources: readonly ErrorSource[]): string {
  return ['# value', ...sources.map((_, i) => `errDn(${i + 1})\t errUp(${i + 1})`)].join('\t ');
}

/** A value and its errors; absent errors (NaN) are written `---`. */
function estimateRow(value: number, sources: readonly ErrorSource[], s: number): string {
  const cells = [formatNumber(value)];
  for (const src of sources) {
    cells.push(Number.isNaN(src.dn[s]) ? '---' : formatNumber(src.dn[s]));
    cells.push(Number.isNaN(src.up[s]) ? '---' : formatNumber(src.up[s]));
  }
  return cells.join('\t');
}

function estimate1d(e: Estimate1D): string[] {
  const { lines: axis, slotOfRow } = axisLines(e.binning);
  const rows = slotOfRow.map((s) =>
    s < 0 ? ['nan', ...e.sources.flatMap(() => ['---', '---'])].join('\t') : estimateRow(e.values[s], e.sources, s),
  );
  const t = 'YODA_ESTIMATE1D_V3';
  return [...header(e, t), ...axis, ...errorLabels(e.sources), columnNames(e.sources), ...rows, `END ${t}`];
}

function estimate0d(e: Estimate0D): string[] {
  const t = 'YODA_ESTIMATE0D_V3';
  return [...header(e, t), ...errorLabels(e.sources), columnNames(e.sources), estimateRow(e.value, e.sources, 0), `END ${t}`];
}

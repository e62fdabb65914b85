/** YODA 1 text (_V2): what Rivet 3 and Professor 2 read. */
import type { AnyObject, BinnedDbn, Counter, Histo1D, Profile1D, Scatter2D } from '../histo/index.js';
import { header, row, summary } from './write-common.js';

const HISTO = ['sumw', 'sumw2', 'sumwx', 'sumwx2', 'numEntries'];
const PROFILE = ['sumw', 'sumw2', 'sumwx', 'sumwx2', 'sumwy', 'sumwy2', 'numEntries'];

/** Lines of one object; throws for objects YODA 1 has no form for. */
export function v2Lines(o: AnyObject): string[] {
  switch (o.kind) {
    case 'Histo1D':
      return histo(o);
    case 'Profile1D':
      return profile(o);
    case 'Counter':
      return counter(o);
    case 'Scatter2D':
      return scatter(o, 'YODA_SCATTER2D_V2');
    default:
      throw new Error(
        `${o.path}: a ${o.kind} has no YODA 1 (V2) form; write V3, or convert it to a Scatter2D first (yoda convert --estimates-as-scatters)`,
      );
  }
}

function histo(h: Histo1D): string[] {
  return [
    ...header(h, 'YODA_HISTO1D_V2'),
    summary('Mean', h.mean()),
    summary('Area', h.integral()),
    ...binnedRows(h, HISTO),
    'END YODA_HISTO1D_V2',
  ];
}

function profile(p: Profile1D): string[] {
  return [...header(p, 'YODA_PROFILE1D_V2'), ...binnedRows(p, PROFILE), 'END YODA_PROFILE1D_V2'];
}

function binnedRows(o: BinnedDbn, cols: readonly string[]): string[] {
  const sums = cols.map((c) => o.sums(c));
  const slot = (s: number): number[] => sums.map((a) => a[s]);
  const n = o.numBins;
  const lines = [
    `# ID\t ID\t ${cols.join('\t ')}`,
    `Total   \tTotal   \t${row(cols.map((c) => o.total[o.sumIndex(c)]))}`,
    `Underflow\tUnderflow\t${row(slot(0))}`,
    `Overflow\tOverflow\t${row(slot(n + 1))}`,
    `# xlow\t xhigh\t ${cols.join('\t ')}`,
  ];
  const { lows, highs } = o.binning;
  for (let i = 0; i < n; i++) lines.push(row([lows[i], highs[i], ...slot(i + 1)]));
  return lines;
}

function counter(c: Counter): string[] {
  return [...header(c, 'YODA_COUNTER_V2'), '# sumW\t sumW2\t numEntries', row([c.sumw, c.sumw2, c.numEntries]), 'END YODA_COUNTER_V2'];
}

/** Scatter rows are the same in V2 and V3. */
export function scatter(s: Scatter2D, typeToken: string): string[] {
  const lines = [...header(s, typeToken), '# xval\t xerr-\t xerr+\t yval\t yerr-\t yerr+'];
  for (let i = 0; i < s.numPoints; i++) {
    lines.push(row([s.x[i], s.xErrDn[i], s.xErrUp[i], s.y[i], s.yErrDn[i], s.yErrUp[i]]));
  }
  lines.push(`END ${typeToken}`);
  return lines;
}

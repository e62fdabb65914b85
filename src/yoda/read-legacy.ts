/**
 * Bodies of YODA 1 files (both the old unversioned form and _V2): every bin row
 * carries its own edges, histograms have explicit Total/Underflow/Overflow rows.
 */
import { Counter, Histo1D, Profile1D, Scatter2D, type BinnedDbn, type Binning } from '../histo/index.js';
import { nextBodyLine, type BlockHeader } from './block.js';
import type { LineCursor } from './lines.js';
import { RowTable } from './rows.js';

const HISTO_COLS = ['sumw', 'sumw2', 'sumwx', 'sumwx2', 'numEntries'];
const PROFILE_COLS = ['sumw', 'sumw2', 'sumwx', 'sumwx2', 'sumwy', 'sumwy2', 'numEntries'];
const FLOW_ROWS = ['Total', 'Underflow', 'Overflow'] as const;

export function readLegacyHisto1D(cur: LineCursor, h: BlockHeader): Histo1D {
  return readLegacyBinned(cur, h, HISTO_COLS, (b) => new Histo1D(h.path, b, h.annotations));
}

export function readLegacyProfile1D(cur: LineCursor, h: BlockHeader): Profile1D {
  return readLegacyBinned(cur, h, PROFILE_COLS, (b) => new Profile1D(h.path, b, h.annotations));
}

/**
 * Rows `xlow xhigh <sums…>` plus the labelled Total, Underflow and Overflow rows
 * `<label> <label> <sums…>`. A file without a Total row gets the sum over all
 * rows, which is what YODA writes there.
 */
function readLegacyBinned<T extends BinnedDbn>(
  cur: LineCursor,
  h: BlockHeader,
  cols: readonly string[],
  make: (b: Binning) => T,
): T {
  const k = cols.length;
  const names = `xlow xhigh ${cols.join(' ')}`;
  const rows = new RowTable(k + 2);
  const flows = new Map<string, Float64Array>();
  const flowRow = new Float64Array(k);
  while (nextBodyLine(cur, h)) {
    const i = cur.firstNonBlank();
    const c = cur.bytes[i];
    if (c >= 65 && c <= 90) {
      const label = FLOW_ROWS.find((f) => cur.startsWith(f, i));
      const words = cur.text().trim().split(/\s+/);
      if (!label || words[1] !== label) {
        cur.fail(`expected a bin row (${names}) or a Total/Underflow/Overflow row, found '${words.slice(0, 2).join(' ')}'`);
      }
      let j = i + label.length;
      while (j < cur.end && (cur.bytes[j] === 32 || cur.bytes[j] === 9)) j++;
      if (flows.has(label)) cur.fail(`the ${label} row appears twice in one object`);
      cur.numbers(j + label.length, flowRow, 0, k, cols.join(' '));
      flows.set(label, flowRow.slice());
      continue;
    }
    rows.push(cur, i, names);
  }
  const obj = make(rows.binning(cur, 0, 1));
  const n = rows.rows;
  cols.forEach((name, c) => {
    const slots = obj.sums(name);
    for (let r = 0; r < n; r++) slots[r + 1] = rows.get(r, c + 2);
    slots[0] = flows.get('Underflow')?.[c] ?? 0;
    slots[n + 1] = flows.get('Overflow')?.[c] ?? 0;
  });
  const total = flows.get('Total');
  if (total) cols.forEach((name, c) => (obj.total[obj.sumIndex(name)] = total[c]));
  else obj.totalFromSlots();
  return obj;
}

/** `x xerr- xerr+ y yerr- yerr+` rows (the same in every version). */
export function readScatter2D(cur: LineCursor, h: BlockHeader): Scatter2D {
  const rows = new RowTable(6);
  while (nextBodyLine(cur, h)) rows.push(cur, cur.firstNonBlank(), 'xval xerr- xerr+ yval yerr- yerr+');
  const s = new Scatter2D(h.path, rows.rows, h.annotations);
  (['x', 'xErrDn', 'xErrUp', 'y', 'yErrDn', 'yErrUp'] as const).forEach((k, c) => s[k].set(rows.column(c)));
  return s;
}

/** A single `sumw sumw2 numEntries` row (the same in every version). */
export function readCounter(cur: LineCursor, h: BlockHeader): Counter {
  const rows = new RowTable(3);
  while (nextBodyLine(cur, h)) {
    if (rows.rows === 1) cur.fail('expected END after the single counter row');
    rows.push(cur, cur.firstNonBlank(), 'sumw sumw2 numEntries');
  }
  if (rows.rows === 0) cur.fail(`expected a 'sumw sumw2 numEntries' row in ${h.path}`);
  const counter = new Counter(h.path, h.annotations);
  counter.sumw = rows.get(0, 0);
  counter.sumw2 = rows.get(0, 1);
  counter.numEntries = rows.get(0, 2);
  return counter;
}

/**
 * Bodies of YODA 2 files (_V3): the axis is one `Edges(A1): […]` line, then one
 * row per bin with underflow first and overflow last. Bins listed in
 * `MaskedBins: […]` (global indices, 0 = underflow) are gaps in the axis; they
 * become gaps in mctune's binning.
 *
 * YODA 2 has no row for the total of a histogram; YODA 1's Total row also
 * counts fills that fell into gaps. So that V2 → V3 → V2 is exact, mctune writes
 * it as a comment `# Total: […]` (which YODA 2 skips) when it differs from the
 * sum of the rows, and reads it back here.
 */
import { Binning, BinningError, Estimate0D, Estimate1D, Histo1D, Profile1D } from '../histo/index.js';
import type { BinnedDbn, ErrorSource } from '../histo/index.js';
import { nextBodyLine, type BlockHeader } from './block.js';
import type { LineCursor } from './lines.js';
import { RowTable } from './rows.js';

export const V3_HISTO_COLS = ['sumw', 'sumw2', 'sumwx', 'sumwx2', 'numEntries'];
export const V3_PROFILE_COLS = ['sumw', 'sumw2', 'sumwx', 'sumwx2', 'sumwy', 'sumwy2', 'sumwxy', 'numEntries'];
const V3_HISTO_NAMES = 'sumW sumW2 sumW(A1) sumW2(A1) numEntries';
const V3_PROFILE_NAMES = 'sumW sumW2 sumW(A1) sumW2(A1) sumW(B) sumW2(B) sumW(A1,B) numEntries';

/** What the keyword lines of a V3 body said. */
interface AxisInfo {
  total: Float64Array | null;
  edges: Float64Array | null;
  edgesLine: number;
  masked: Set<number>;
  maskedLine: number;
  labels: string[] | null;
}

/**
 * Reads the body: keyword lines (`Edges(A1)`, `MaskedBins`, `ErrorLabels`)
 * start with a capital letter; every other line is a row of `width(info)`
 * numbers.
 */
function readBody(
  cur: LineCursor,
  h: BlockHeader,
  width: (info: AxisInfo) => number,
  names: (info: AxisInfo) => string,
  absentOk: boolean,
): { info: AxisInfo; rows: RowTable } {
  const info: AxisInfo = { total: null, edges: null, edgesLine: 0, masked: new Set(), maskedLine: 0, labels: null };
  let rows: RowTable | null = null;
  while (nextBodyLine(cur, h, (c, at) => c.startsWith('# Total:', at))) {
    const i = cur.firstNonBlank();
    const c = cur.bytes[i];
    if (c === 35) {
      info.total = bracketNumbers(cur, 'Total');
      continue;
    }
    if (c >= 65 && c <= 90) {
      if (rows) cur.fail(`expected a bin row, found '${cur.text().trim().slice(0, 40)}' after the rows began`);
      readKeyword(cur, info);
      continue;
    }
    rows ??= new RowTable(width(info));
    rows.push(cur, i, names(info), absentOk);
  }
  return { info, rows: rows ?? new RowTable(width(info)) };
}

function readKeyword(cur: LineCursor, info: AxisInfo): void {
  const text = cur.text();
  const colon = text.indexOf(':');
  const key = colon < 0 ? text.trim() : text.slice(0, colon).trim();
  const open = cur.indexOf('[');
  const close = cur.indexOf(']', open + 1);
  if (colon < 0 || open < 0 || close < 0) cur.fail(`expected '${key}: [ … ]'`);
  const seen = { 'Edges(A1)': info.edgesLine, MaskedBins: info.maskedLine, ErrorLabels: info.labels ? -1 : 0 }[key];
  if (seen) cur.fail(`'${key}' appears twice in one object${seen > 0 ? ` (first at line ${seen})` : ''}`);
  if (key === 'Edges(A1)') {
    info.edges = bracketNumbers(cur, 'edge');
    info.edgesLine = cur.line;
  } else if (key === 'MaskedBins') {
    info.maskedLine = cur.line;
    for (const k of bracketNumbers(cur, 'index')) {
      if (!Number.isInteger(k) || k < 0) cur.fail(`MaskedBins: expected bin indices, found ${k}`);
      info.masked.add(k);
    }
  } else if (key === 'ErrorLabels') {
    try {
      const labels: unknown = JSON.parse(text.slice(open - cur.start, close - cur.start + 1));
      if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) throw new Error('not strings');
      info.labels = labels;
    } catch {
      cur.fail(`ErrorLabels: expected a list of quoted labels like ["stat", "sys"]`);
    }
  } else {
    cur.fail(`unexpected '${key}' line: expected Edges(A1), MaskedBins, ErrorLabels or a bin row`);
  }
}

/** The numbers of a `[a, b, …]` list on the current line. */
function bracketNumbers(cur: LineCursor, item: string): Float64Array {
  const open = cur.indexOf('[');
  const close = cur.indexOf(']', open + 1);
  if (open < 0 || close < 0) cur.fail(`expected a list '[ … ]' of ${item} values`);
  const count = countItems(cur, open + 1, close);
  const out = new Float64Array(count);
  cur.numbers(open + 1, out, 0, count, `${item} `.repeat(count).trim(), false, close);
  return out;
}

function countItems(cur: LineCursor, from: number, to: number): number {
  let nonBlank = false;
  let commas = 0;
  for (let i = from; i < to; i++) {
    const c = cur.bytes[i];
    if (c === 44) commas++;
    else if (c !== 32 && c !== 9) nonBlank = true;
  }
  return nonBlank ? commas + 1 : 0;
}

/**
 * Checks there is one row per bin plus the two flows, and builds the binning
 * without the masked bins. Returns the row index of each kept bin.
 */
function axis(cur: LineCursor, h: BlockHeader, info: AxisInfo, rows: RowTable): { binning: Binning; keep: number[] } {
  const edges = info.edges;
  if (!edges) cur.fail(`expected an 'Edges(A1): […]' line in ${h.path}`);
  const expected = edges.length + 1;
  if (rows.rows !== expected) {
    cur.fail(
      `${h.path}: Edges(A1) at line ${info.edgesLine} lists ${edges.length} edges, so ${expected} rows are expected ` +
        `(${edges.length - 1} bins, underflow, overflow), found ${rows.rows}`,
    );
  }
  for (const k of info.masked) {
    if (k < 1 || k > edges.length - 1) {
      cur.fail(`MaskedBins: bin ${k} is not one of the axis' bins 1..${edges.length - 1}`, info.maskedLine);
    }
  }
  const keep: number[] = [];
  for (let b = 1; b < edges.length; b++) if (!info.masked.has(b)) keep.push(b);
  const lows = Float64Array.from(keep, (b) => edges[b - 1]);
  const highs = Float64Array.from(keep, (b) => edges[b]);
  try {
    return { binning: Binning.fromBounds(lows, highs), keep };
  } catch (e) {
    if (e instanceof BinningError) cur.fail(`bad Edges(A1): ${e.message}`, info.edgesLine);
    throw e;
  }
}

/** Row indices for the object's slots: underflow, kept bins, overflow. */
function slotRows(keep: number[], rows: RowTable): number[] {
  return [0, ...keep, rows.rows - 1];
}

function readBinnedDbn<T extends BinnedDbn>(
  cur: LineCursor,
  h: BlockHeader,
  cols: readonly string[],
  names: string,
  make: (b: Binning) => T,
): T {
  const { info, rows } = readBody(cur, h, () => cols.length, () => names, false);
  const { binning, keep } = axis(cur, h, info, rows);
  const obj = make(binning);
  const slots = slotRows(keep, rows);
  cols.forEach((name, c) => {
    const dst = obj.sums(name);
    slots.forEach((r, s) => (dst[s] = rows.get(r, c)));
  });
  const total = info.total;
  if (!total) obj.totalFromSlots();
  else if (total.length !== cols.length) cur.fail(`'# Total:' lists ${total.length} sums, expected ${cols.length} (${names})`);
  else cols.forEach((name, c) => (obj.total[obj.sumIndex(name)] = total[c]));
  return obj;
}

export function readV3Histo1D(cur: LineCursor, h: BlockHeader): Histo1D {
  return readBinnedDbn(cur, h, V3_HISTO_COLS, V3_HISTO_NAMES, (b) => new Histo1D(h.path, b, h.annotations));
}

export function readV3Profile1D(cur: LineCursor, h: BlockHeader): Profile1D {
  return readBinnedDbn(cur, h, V3_PROFILE_COLS, V3_PROFILE_NAMES, (b) => new Profile1D(h.path, b, h.annotations));
}

function estimateNames(info: AxisInfo): string {
  const n = info.labels?.length ?? 0;
  return ['value', ...Array.from({ length: n }, (_, i) => `errDn(${i + 1}) errUp(${i + 1})`)].join(' ');
}

function sourcesFrom(labels: string[], rows: RowTable, slots: number[]): ErrorSource[] {
  return labels.map((label, s) => {
    const dn = Float64Array.from(slots, (r) => rows.get(r, 1 + 2 * s));
    const up = Float64Array.from(slots, (r) => rows.get(r, 2 + 2 * s));
    return { label, dn, up };
  });
}

export function readV3Estimate1D(cur: LineCursor, h: BlockHeader): Estimate1D {
  const { info, rows } = readBody(cur, h, (i) => 1 + 2 * (i.labels?.length ?? 0), estimateNames, true);
  const { binning, keep } = axis(cur, h, info, rows);
  const slots = slotRows(keep, rows);
  const values = Float64Array.from(slots, (r) => rows.get(r, 0));
  try {
    return new Estimate1D(h.path, binning, values, sourcesFrom(info.labels ?? [], rows, slots), h.annotations);
  } catch (e) {
    cur.fail((e as Error).message);
  }
}

export function readV3Estimate0D(cur: LineCursor, h: BlockHeader): Estimate0D {
  const { info, rows } = readBody(cur, h, (i) => 1 + 2 * (i.labels?.length ?? 0), estimateNames, true);
  if (rows.rows !== 1) cur.fail(`${h.path}: expected exactly one row (${estimateNames(info)}), found ${rows.rows}`);
  try {
    return new Estimate0D(h.path, rows.get(0, 0), sourcesFrom(info.labels ?? [], rows, [0]), h.annotations);
  } catch (e) {
    cur.fail((e as Error).message);
  }
}

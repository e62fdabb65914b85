/**
 * Valid YODA blocks as Rivet and YODA write them, ways to corrupt them one line
 * at a time, and the assertions the malformed-input tests share.
 */
import { expect } from 'vitest';
import { parseYoda, YodaFormatError } from '../../src/yoda/index.js';
import { expectLocated } from '../helpers/located.js';

export const FILE = 'bad.yoda';
export const enc = new TextEncoder();

// ---------------------------------------------------------------- valid blocks

export type Lines = string[];

/** A number as YODA writes it: `2.500000e-03`. */
export const sci = (x: number): string => x.toExponential(6).replace(/e([+-])(\d)$/, 'e$10$2');
/** A tab-separated data row. */
export const row = (...xs: number[]): string => xs.map(sci).join('\t');

export const SCATTER_PATH = '/REF/ALEPH_1996_S3486095/d01-x01-y01';
export const SCATTER_ROWS = [
  row(2.5e-3, 2.5e-3, 2.5e-3, 12.36, 0.4079216, 0.4079216),
  row(7.5e-3, 2.5e-3, 2.5e-3, 23.33, 0.254951, 0.254951),
  row(1.25e-2, 2.5e-3, 2.5e-3, 20.23, 0.156205, 0.156205),
  row(1.75e-2, 2.5e-3, 2.5e-3, 16.69, 0.1204159, 0.1204159),
];

/** A V2 Scatter2D as in Rivet's reference files. */
export function scatter2D(path = SCATTER_PATH, rows = SCATTER_ROWS): Lines {
  return [
    `BEGIN YODA_SCATTER2D_V2 ${path}`,
    'IsRef: 1',
    `Path: ${path}`,
    'Title: ~',
    'Type: Scatter2D',
    '---',
    '# xval\t xerr-\t xerr+\t yval\t yerr-\t yerr+',
    ...rows,
    'END YODA_SCATTER2D_V2',
  ];
}

export const HISTO_PATH = '/ALEPH_1996_S3486095/d05-x01-y01';
/** [xlow, xhigh, sumw] of each bin. */
export type Bin = [number, number, number];
export const HISTO_BINS: Bin[] = [
  [0, 1, 1],
  [1, 2, 2],
  [2, 3, 3],
];
/** A V2 bin row `xlow xhigh sumw sumw2 sumwx sumwx2 numEntries` (unit weights at the bin centre). */
export const binRow = ([lo, hi, w]: Bin): string => {
  const x = (lo + hi) / 2;
  return row(lo, hi, w, w, w * x, w * x * x, w);
};
export const TOTAL_ROW = `Total   \tTotal   \t${row(6, 6, 11, 23.5, 6)}`;
export const UNDERFLOW_ROW = `Underflow\tUnderflow\t${row(0, 0, 0, 0, 0)}`;
export const OVERFLOW_ROW = `Overflow\tOverflow\t${row(0, 0, 0, 0, 0)}`;

/** A V2 Histo1D as YODA 1 writes it: Total/Underflow/Overflow rows, then one row per bin. */
export function histo1D(path = HISTO_PATH, bins = HISTO_BINS): Lines {
  return [
    `BEGIN YODA_HISTO1D_V2 ${path}`,
    `Path: ${path}`,
    'Title: ',
    'Type: Histo1D',
    '---',
    '# Mean: 1.833333e+00',
    '# Area: 6.000000e+00',
    '# ID\t ID\t sumw\t sumw2\t sumwx\t sumwx2\t numEntries',
    TOTAL_ROW,
    UNDERFLOW_ROW,
    OVERFLOW_ROW,
    '# xlow\t xhigh\t sumw\t sumw2\t sumwx\t sumwx2\t numEntries',
    ...bins.map(binRow),
    'END YODA_HISTO1D_V2',
  ];
}

export const ESTIMATE_PATH = '/REF/ALEPH_1996_S3486095/d02-x01-y01';
export const EDGES = `Edges(A1): [${sci(0)}, ${sci(1)}, ${sci(2)}]`;
export const ESTIMATE_ROWS = [
  'nan\t---\t---',
  `${sci(5)}\t${sci(-0.3)}\t${sci(0.3)}`,
  `${sci(4)}\t${sci(-0.2)}\t${sci(0.2)}`,
  'nan\t---\t---',
];

/** A V3 (YODA 2) Estimate1D with one error source: underflow row first, overflow row last. */
export function estimate1D(path = ESTIMATE_PATH, rows = ESTIMATE_ROWS, edges = EDGES): Lines {
  return [
    `BEGIN YODA_ESTIMATE1D_V3 ${path}`,
    'IsRef: 1',
    `Path: ${path}`,
    'Title: ~',
    'Type: Estimate1D',
    '---',
    edges,
    'ErrorLabels: ["stat"]',
    '# value\terrDn(1)\terrUp(1)',
    ...rows,
    'END YODA_ESTIMATE1D_V3',
  ];
}

/** A V2 Histo2D: a type mctune does not read. */
export function histo2D(path: string): Lines {
  return [
    `BEGIN YODA_HISTO2D_V2 ${path}`,
    `Path: ${path}`,
    'Title: ',
    'Type: Histo2D',
    '---',
    '# Mean: (5.000000e-01, 5.000000e-01)',
    '# Volume: 1.000000e+00',
    '# ID\t ID\t sumw\t sumw2\t sumwx\t sumwx2\t sumwy\t sumwy2\t sumwxy\t numEntries',
    `Total   \tTotal   \t${row(1, 1, 0.5, 0.25, 0.5, 0.25, 0.25, 1)}`,
    '# 2D outflow persistency not currently supported until API is stable',
    '# xlow\t xhigh\t ylow\t yhigh\t sumw\t sumw2\t sumwx\t sumwx2\t sumwy\t sumwy2\t sumwxy\t numEntries',
    row(0, 1, 0, 1, 1, 1, 0.5, 0.25, 0.5, 0.25, 0.25, 1),
    'END YODA_HISTO2D_V2',
  ];
}

/** A file of blocks separated by blank lines, as YODA writes them. */
export const yoda = (...blocks: Lines[]): string => blocks.map((b) => b.join('\n')).join('\n\n') + '\n';

/** The block with its unique line `old` replaced by `by` (nothing: removed). */
export function swap(block: Lines, old: string, ...by: string[]): Lines {
  const at = block.indexOf(old);
  if (at < 0 || block.indexOf(old, at + 1) >= 0) throw new Error(`test bug: line ${JSON.stringify(old)} is not unique`);
  return [...block.slice(0, at), ...by, ...block.slice(at + 1)];
}

/** 1-based number of the line of `text` equal to `line`; it must occur exactly once. */
export function lineOf(text: string, line: string): number {
  const lines = text.split('\n');
  const at = lines.indexOf(line);
  if (at < 0 || lines.indexOf(line, at + 1) >= 0) throw new Error(`test bug: line ${JSON.stringify(line)} is not unique in the input`);
  return at + 1;
}

/** Number of the last line of `text` (a final newline ends the last line; it does not start a new one). */
export const lastLine = (text: string): number => text.replace(/\n$/, '').split('\n').length;

// ---------------------------------------------------------------- assertions

export function caught(run: () => unknown): YodaFormatError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(YodaFormatError);
    return e as YodaFormatError;
  }
  throw new Error('expected a YodaFormatError, but the input was accepted');
}

export async function caughtAsync(run: () => Promise<unknown>): Promise<YodaFormatError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(YodaFormatError);
    return e as YodaFormatError;
  }
  throw new Error('expected a YodaFormatError, but the input was accepted');
}


export function expectBad(input: string | Uint8Array, line: number, ...detail: RegExp[]): YodaFormatError {
  const bytes = typeof input === 'string' ? enc.encode(input) : input;
  const e = caught(() => parseYoda(bytes, FILE));
  expectLocated(e, FILE, line, ...detail);
  return e;
}

export const re = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

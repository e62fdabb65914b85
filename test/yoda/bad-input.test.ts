/**
 * Malformed YODA input: every kind must throw a YodaFormatError whose message
 * names the file, the 1-based line (located here from the input, never copied
 * from what the reader prints) and what was expected there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYoda, readYodaFile, readYodaFileSync, YodaFormatError } from '../../src/yoda/index.js';
import { rng } from '../helpers/random.js';
import { expectLocated } from '../helpers/located.js';

const FILE = 'bad.yoda';
const enc = new TextEncoder();

// ---------------------------------------------------------------- valid blocks

type Lines = string[];

/** A number as YODA writes it: `2.500000e-03`. */
const sci = (x: number): string => x.toExponential(6).replace(/e([+-])(\d)$/, 'e$10$2');
/** A tab-separated data row. */
const row = (...xs: number[]): string => xs.map(sci).join('\t');

const SCATTER_PATH = '/REF/ALEPH_1996_S3486095/d01-x01-y01';
const SCATTER_ROWS = [
  row(2.5e-3, 2.5e-3, 2.5e-3, 12.36, 0.4079216, 0.4079216),
  row(7.5e-3, 2.5e-3, 2.5e-3, 23.33, 0.254951, 0.254951),
  row(1.25e-2, 2.5e-3, 2.5e-3, 20.23, 0.156205, 0.156205),
  row(1.75e-2, 2.5e-3, 2.5e-3, 16.69, 0.1204159, 0.1204159),
];

/** A V2 Scatter2D as in Rivet's reference files. */
function scatter2D(path = SCATTER_PATH, rows = SCATTER_ROWS): Lines {
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

const HISTO_PATH = '/ALEPH_1996_S3486095/d05-x01-y01';
/** [xlow, xhigh, sumw] of each bin. */
type Bin = [number, number, number];
const HISTO_BINS: Bin[] = [
  [0, 1, 1],
  [1, 2, 2],
  [2, 3, 3],
];
/** A V2 bin row `xlow xhigh sumw sumw2 sumwx sumwx2 numEntries` (unit weights at the bin centre). */
const binRow = ([lo, hi, w]: Bin): string => {
  const x = (lo + hi) / 2;
  return row(lo, hi, w, w, w * x, w * x * x, w);
};
const TOTAL_ROW = `Total   \tTotal   \t${row(6, 6, 11, 23.5, 6)}`;
const UNDERFLOW_ROW = `Underflow\tUnderflow\t${row(0, 0, 0, 0, 0)}`;
const OVERFLOW_ROW = `Overflow\tOverflow\t${row(0, 0, 0, 0, 0)}`;

/** A V2 Histo1D as YODA 1 writes it: Total/Underflow/Overflow rows, then one row per bin. */
function histo1D(path = HISTO_PATH, bins = HISTO_BINS): Lines {
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

const ESTIMATE_PATH = '/REF/ALEPH_1996_S3486095/d02-x01-y01';
const EDGES = `Edges(A1): [${sci(0)}, ${sci(1)}, ${sci(2)}]`;
const ESTIMATE_ROWS = [
  'nan\t---\t---',
  `${sci(5)}\t${sci(-0.3)}\t${sci(0.3)}`,
  `${sci(4)}\t${sci(-0.2)}\t${sci(0.2)}`,
  'nan\t---\t---',
];

/** A V3 (YODA 2) Estimate1D with one error source: underflow row first, overflow row last. */
function estimate1D(path = ESTIMATE_PATH, rows = ESTIMATE_ROWS, edges = EDGES): Lines {
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
function histo2D(path: string): Lines {
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
const yoda = (...blocks: Lines[]): string => blocks.map((b) => b.join('\n')).join('\n\n') + '\n';

/** The block with its unique line `old` replaced by `by` (nothing: removed). */
function swap(block: Lines, old: string, ...by: string[]): Lines {
  const at = block.indexOf(old);
  if (at < 0 || block.indexOf(old, at + 1) >= 0) throw new Error(`test bug: line ${JSON.stringify(old)} is not unique`);
  return [...block.slice(0, at), ...by, ...block.slice(at + 1)];
}

/** 1-based number of the line of `text` equal to `line`; it must occur exactly once. */
function lineOf(text: string, line: string): number {
  const lines = text.split('\n');
  const at = lines.indexOf(line);
  if (at < 0 || lines.indexOf(line, at + 1) >= 0) throw new Error(`test bug: line ${JSON.stringify(line)} is not unique in the input`);
  return at + 1;
}

/** Number of the last line of `text` (a final newline ends the last line; it does not start a new one). */
const lastLine = (text: string): number => text.replace(/\n$/, '').split('\n').length;

// ---------------------------------------------------------------- assertions

function caught(run: () => unknown): YodaFormatError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(YodaFormatError);
    return e as YodaFormatError;
  }
  throw new Error('expected a YodaFormatError, but the input was accepted');
}

async function caughtAsync(run: () => Promise<unknown>): Promise<YodaFormatError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(YodaFormatError);
    return e as YodaFormatError;
  }
  throw new Error('expected a YodaFormatError, but the input was accepted');
}


function expectBad(input: string | Uint8Array, line: number, ...detail: RegExp[]): YodaFormatError {
  const bytes = typeof input === 'string' ? enc.encode(input) : input;
  const e = caught(() => parseYoda(bytes, FILE));
  expectLocated(e, FILE, line, ...detail);
  return e;
}

const re = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------- tests

describe('the valid fixtures', () => {
  it('parse, so that each corruption below is the only thing wrong', () => {
    const doc = parseYoda(enc.encode(yoda(scatter2D(), histo1D(), estimate1D())), FILE);
    expect(doc.objects.map((o) => `${o.kind} ${o.path}`)).toEqual([
      `Scatter2D ${SCATTER_PATH}`,
      `Histo1D ${HISTO_PATH}`,
      `Estimate1D ${ESTIMATE_PATH}`,
    ]);
    expect(doc.objects.map((o) => o.numBins)).toEqual([4, 3, 2]);
    expect(doc.warnings).toEqual([]);
  });
});

describe('block structure', () => {
  it('truncated block: the file ends before END (error at the last line, naming the BEGIN line)', () => {
    const text = yoda(scatter2D(), swap(histo1D(), 'END YODA_HISTO1D_V2'));
    const begin = lineOf(text, `BEGIN YODA_HISTO1D_V2 ${HISTO_PATH}`);
    expectBad(text, lastLine(text), /truncated block/, /file ends before END YODA_HISTO1D_V2/, new RegExp(`${re(HISTO_PATH)} \\(begun at line ${begin}\\)`));
  });

  it('truncated block: the file ends inside the header, before ---', () => {
    const block = scatter2D();
    const text = yoda(histo1D(), block.slice(0, block.indexOf('---')));
    const begin = lineOf(text, `BEGIN YODA_SCATTER2D_V2 ${SCATTER_PATH}`);
    expectBad(text, lastLine(text), /file ends inside the header of YODA_SCATTER2D_V2/, new RegExp(`begun at line ${begin}\\b`));
  });

  it('truncated block: a BEGIN before the previous block has its END (error at the second BEGIN)', () => {
    const text = yoda(scatter2D(), swap(histo1D(), 'END YODA_HISTO1D_V2'), estimate1D());
    const first = lineOf(text, `BEGIN YODA_HISTO1D_V2 ${HISTO_PATH}`);
    const second = lineOf(text, `BEGIN YODA_ESTIMATE1D_V3 ${ESTIMATE_PATH}`);
    expectBad(text, second, /BEGIN before the END of YODA_HISTO1D_V2/, new RegExp(`begun at line ${first}\\b`));
  });

  it('truncated block: a BEGIN inside the header of the previous block', () => {
    const block = histo1D();
    const text = yoda(scatter2D(), block.slice(0, 3), estimate1D());
    const first = lineOf(text, `BEGIN YODA_HISTO1D_V2 ${HISTO_PATH}`);
    const second = lineOf(text, `BEGIN YODA_ESTIMATE1D_V3 ${ESTIMATE_PATH}`);
    expectBad(text, second, /expected 'Key: value' annotations ended by '---'/, new RegExp(`begun at line ${first}\\b`));
  });

  it('END without BEGIN, after a complete block', () => {
    const text = yoda(scatter2D(), ['END YODA_HISTO1D_V2'], estimate1D());
    expectBad(text, lineOf(text, 'END YODA_HISTO1D_V2'), /END without BEGIN/);
  });

  it('END without BEGIN, at the start of the file after comments', () => {
    const text = yoda(['# written by hand', '', 'END YODA_SCATTER2D_V2'], histo1D());
    expectBad(text, lineOf(text, 'END YODA_SCATTER2D_V2'), /END without BEGIN/);
  });

  it('mismatched END type: BEGIN YODA_HISTO1D_V2 … END YODA_SCATTER2D_V2', () => {
    const text = yoda(estimate1D(), swap(histo1D(), 'END YODA_HISTO1D_V2', 'END YODA_SCATTER2D_V2'));
    const begin = lineOf(text, `BEGIN YODA_HISTO1D_V2 ${HISTO_PATH}`);
    expectBad(
      text,
      lineOf(text, 'END YODA_SCATTER2D_V2'),
      /END YODA_SCATTER2D_V2 does not match BEGIN YODA_HISTO1D_V2/,
      new RegExp(`at line ${begin}\\b`),
    );
  });

  it('text outside any block', () => {
    const text = yoda(scatter2D(), ['this is not a block'], histo1D());
    expectBad(text, lineOf(text, 'this is not a block'), /expected 'BEGIN YODA_<TYPE> <path>', found 'this is not a block'/);
  });

  it('a BEGIN line without a path', () => {
    const text = yoda(scatter2D(), swap(histo1D(), `BEGIN YODA_HISTO1D_V2 ${HISTO_PATH}`, 'BEGIN YODA_HISTO1D_V2'));
    expectBad(text, lineOf(text, 'BEGIN YODA_HISTO1D_V2'), /expected 'BEGIN YODA_<TYPE> <path>'/);
  });

  it('an object path that does not start with /', () => {
    const bad = 'BEGIN YODA_HISTO1D_V2 ALEPH_1996_S3486095/d05-x01-y01';
    const text = yoda(scatter2D(), swap(histo1D(), `BEGIN YODA_HISTO1D_V2 ${HISTO_PATH}`, bad));
    expectBad(text, lineOf(text, bad), /must start with '\/'/);
  });

  it('duplicate path: error at the second BEGIN, naming the line of the first', () => {
    const again = scatter2D(SCATTER_PATH, SCATTER_ROWS.slice(1));
    const text = yoda(histo1D(), scatter2D(), estimate1D(), again);
    const lines = text.split('\n');
    const begins = lines.flatMap((l, i) => (l === `BEGIN YODA_SCATTER2D_V2 ${SCATTER_PATH}` ? [i + 1] : []));
    expect(begins).toHaveLength(2);
    expectBad(text, begins[1], new RegExp(`duplicate path ${re(SCATTER_PATH)}`), new RegExp(`first defined at line ${begins[0]}\\b`));
  });

  it('a V2 header line that is not `Key: value` before ---', () => {
    const text = yoda(scatter2D(), swap(histo1D(), 'Type: Histo1D', 'Type Histo1D'));
    expectBad(text, lineOf(text, 'Type Histo1D'), /expected 'Key: value' annotation or '---', found 'Type Histo1D'/);
  });

  it('a V2 header without --- (data rows where annotations are expected)', () => {
    const text = yoda(histo1D(), swap(scatter2D(), '---'));
    expectBad(text, lineOf(text, SCATTER_ROWS[0]), /expected 'Key: value' annotation or '---'/);
  });

  it('an unknown object type is skipped with a warning naming file and line; the others are read', () => {
    const text = yoda(scatter2D(), histo2D('/TEST/h2'), estimate1D());
    const doc = parseYoda(enc.encode(text), FILE);
    expect(doc.objects.map((o) => o.path)).toEqual([SCATTER_PATH, ESTIMATE_PATH]);
    expect(doc.warnings).toHaveLength(1);
    const w = doc.warnings[0];
    expect(w.startsWith(`${FILE}:${lineOf(text, 'BEGIN YODA_HISTO2D_V2 /TEST/h2')}: `)).toBe(true);
    expect(w).toMatch(/\/TEST\/h2/);
    expect(w).toMatch(/YODA_HISTO2D_V2 is not supported/);
  });

  it('an unknown object type must still be a well-formed block (truncated one is an error)', () => {
    const text = yoda(scatter2D(), swap(histo2D('/TEST/h2'), 'END YODA_HISTO2D_V2'), estimate1D());
    expectBad(text, lineOf(text, `BEGIN YODA_ESTIMATE1D_V3 ${ESTIMATE_PATH}`), /BEGIN before the END of YODA_HISTO2D_V2/);
  });
});

describe('empty input', () => {
  it('an empty file (the file as a whole: line 0)', () => {
    expectBad('', 0, /empty file: expected at least one 'BEGIN YODA_<TYPE> <path>' block/);
  });

  it('a file of only blank lines and comments', () => {
    expectBad('\n   \n# Rivet output, nothing booked\n\t\n# no histograms were filled\n\n', 0, /empty file/);
  });
});

describe('column counts', () => {
  it('Scatter2D row with too few columns', () => {
    const bad = row(7.5e-3, 2.5e-3, 2.5e-3, 23.33, 0.254951);
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[1], bad));
    expectBad(text, lineOf(text, bad), /expected 6 columns \(xval xerr- xerr\+ yval yerr- yerr\+\), found 5/);
  });

  it('Scatter2D row with too many columns', () => {
    const bad = row(7.5e-3, 2.5e-3, 2.5e-3, 23.33, 0.254951, 0.254951, 0.1);
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[2], bad));
    expectBad(text, lineOf(text, bad), /expected 6 columns \(xval xerr- xerr\+ yval yerr- yerr\+\), found 7/);
  });

  it('Histo1D V2 bin row with too few columns', () => {
    const good = binRow(HISTO_BINS[1]);
    const bad = good.split('\t').slice(0, 6).join('\t');
    const text = yoda(scatter2D(), swap(histo1D(), good, bad));
    expectBad(text, lineOf(text, bad), /expected 7 columns \(xlow xhigh sumw sumw2 sumwx sumwx2 numEntries\), found 6/);
  });

  it('Histo1D V2 bin row with too many columns', () => {
    const good = binRow(HISTO_BINS[2]);
    const bad = `${good}\t${sci(1)}`;
    const text = yoda(scatter2D(), swap(histo1D(), good, bad));
    expectBad(text, lineOf(text, bad), /expected 7 columns \(xlow xhigh sumw sumw2 sumwx sumwx2 numEntries\), found 8/);
  });

  it('Histo1D V2 Total row with too few sums', () => {
    const bad = `Total   \tTotal   \t${row(6, 6, 11, 23.5)}`;
    const text = yoda(scatter2D(), swap(histo1D(), TOTAL_ROW, bad));
    expectBad(text, lineOf(text, bad), /expected 5 columns \(sumw sumw2 sumwx sumwx2 numEntries\), found 4/);
  });

  it('Histo1D V2 flow row whose two labels differ', () => {
    const bad = `Underflow\tOverflow\t${row(0, 0, 0, 0, 0)}`;
    const text = yoda(scatter2D(), swap(histo1D(), UNDERFLOW_ROW, bad));
    expectBad(text, lineOf(text, bad), /expected a bin row .* or a Total\/Underflow\/Overflow row, found 'Underflow Overflow'/);
  });

  it('V3 Estimate1D row with too few columns', () => {
    const bad = `${sci(5)}\t${sci(-0.3)}`;
    const text = yoda(scatter2D(), swap(estimate1D(), ESTIMATE_ROWS[1], bad));
    expectBad(text, lineOf(text, bad), /expected 3 columns \(value errDn\(1\) errUp\(1\)\), found 2/);
  });

  it('V3 Estimate1D row with too many columns', () => {
    const bad = `${ESTIMATE_ROWS[2]}\t${sci(0.1)}`;
    const text = yoda(scatter2D(), swap(estimate1D(), ESTIMATE_ROWS[2], bad));
    expectBad(text, lineOf(text, bad), /expected 3 columns \(value errDn\(1\) errUp\(1\)\), found 4/);
  });

  it('a Counter with a second row', () => {
    const counter = ['BEGIN YODA_COUNTER_V2 /_EVTCOUNT', 'Path: /_EVTCOUNT', 'Type: Counter', '---', '# sumW\t sumW2\t numEntries', row(1e4, 1e4, 1e4), row(1, 1, 1), 'END YODA_COUNTER_V2'];
    const text = yoda(scatter2D(), counter);
    expectBad(text, lineOf(text, row(1, 1, 1)), /expected END after the single counter row/);
  });
});

describe('numbers', () => {
  it('a non-numeric field: 1.0 abc 3.0 …', () => {
    const bad = '1.0 abc 3.0 4.0 5.0 6.0';
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[1], bad));
    expectBad(text, lineOf(text, bad), /column 2 \(xerr-\): expected a number, found 'abc'/);
  });

  it('a non-numeric field in a Histo1D V2 bin row', () => {
    const good = binRow(HISTO_BINS[0]);
    const bad = good.replace(/\t[^\t]+$/, '\tone');
    const text = yoda(scatter2D(), swap(histo1D(), good, bad));
    expectBad(text, lineOf(text, bad), /column 7 \(numEntries\): expected a number, found 'one'/);
  });

  it('a hex number 0x10 is rejected, not read as 16', () => {
    const bad = `0x10\t${SCATTER_ROWS[3].split('\t').slice(1).join('\t')}`;
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[3], bad));
    expectBad(text, lineOf(text, bad), /column 1 \(xval\): expected a number, found '0x10'/);
  });

  it.each(['1.0.0', '1e', '1e+', '--1', '.', '+', '0b1', '1_000', '12abc', '1.5d0'])('a malformed number %s is rejected', (token) => {
    const fields = SCATTER_ROWS[2].split('\t');
    fields[3] = token;
    const bad = fields.join('\t');
    const text = yoda(swap(scatter2D(), SCATTER_ROWS[2], bad));
    expectBad(text, lineOf(text, bad), new RegExp(`column 4 \\(yval\\): expected a number, found '${re(token)}'`));
  });

  it("YODA's --- (no value) is rejected where a value is required (Scatter2D)", () => {
    const fields = SCATTER_ROWS[0].split('\t');
    fields[4] = '---';
    const bad = fields.join('\t');
    const text = yoda(swap(scatter2D(), SCATTER_ROWS[0], bad));
    expectBad(text, lineOf(text, bad), /column 5 \(yerr-\): expected a number, found '---'/);
  });

  it('a non-numeric edge in a V3 Edges(A1) list', () => {
    const bad = `Edges(A1): [${sci(0)}, one, ${sci(2)}]`;
    const text = yoda(scatter2D(), estimate1D(ESTIMATE_PATH, ESTIMATE_ROWS, bad));
    expectBad(text, lineOf(text, bad), /column 2 \(edge\): expected a number, found 'one'/);
  });
});

describe('bins', () => {
  it('unsorted bin edges in a Histo1D V2: error at the offending bin row', () => {
    const bins: Bin[] = [
      [0, 1, 1],
      [2, 3, 3],
      [1, 2, 2],
    ];
    const text = yoda(scatter2D(), histo1D(HISTO_PATH, bins));
    expectBad(text, lineOf(text, binRow(bins[2])), /bad binning: bin 2 \[1, 2\] is not sorted after bin 1 \[2, 3\]/);
  });

  it('overlapping bins in a Histo1D V2: error at the offending bin row', () => {
    const bins: Bin[] = [
      [0, 1, 1],
      [1, 2, 2],
      [1.5, 3, 3],
    ];
    const text = yoda(scatter2D(), histo1D(HISTO_PATH, bins));
    expectBad(text, lineOf(text, binRow(bins[2])), /bad binning: bin 2 \[1\.5, 3\] overlaps bin 1 \[1, 2\]/);
  });

  it('a Histo1D V2 bin whose low edge is not below its high edge', () => {
    const bins: Bin[] = [
      [0, 1, 1],
      [2, 1, 2],
      [2, 3, 3],
    ];
    const text = yoda(scatter2D(), histo1D(HISTO_PATH, bins));
    expectBad(text, lineOf(text, binRow(bins[1])), /bad binning: bin 1 has low edge 2 not below high edge 1/);
  });

  it('a Histo1D V2 with no bin rows (error at its END)', () => {
    const text = yoda(scatter2D(), histo1D(HISTO_PATH, []));
    expectBad(text, lineOf(text, 'END YODA_HISTO1D_V2'), /expected at least one bin row before END/);
  });

  it('non-increasing V3 Edges(A1): error at the Edges line', () => {
    const bad = `Edges(A1): [${sci(0)}, ${sci(2)}, ${sci(1)}]`;
    const text = yoda(scatter2D(), estimate1D(ESTIMATE_PATH, ESTIMATE_ROWS, bad));
    expectBad(text, lineOf(text, bad), /bad Edges\(A1\): bin 1 has low edge 2 not below high edge 1/);
  });

  it('repeated V3 Edges(A1) (a zero-width bin): error at the Edges line', () => {
    const bad = `Edges(A1): [${sci(0)}, ${sci(1)}, ${sci(1)}, ${sci(2)}]`;
    const rows = [...ESTIMATE_ROWS.slice(0, 2), `${sci(3)}\t${sci(-0.1)}\t${sci(0.1)}`, ...ESTIMATE_ROWS.slice(2)];
    const text = yoda(scatter2D(), estimate1D(ESTIMATE_PATH, rows, bad));
    expectBad(text, lineOf(text, bad), /bad Edges\(A1\): bin 1 has low edge 1 not below high edge 1/);
  });

  it('V3 Edges(A1) list n+1 edges but too few rows (n+1 instead of n+2): error at END, naming the Edges line', () => {
    const text = yoda(scatter2D(), estimate1D(ESTIMATE_PATH, ESTIMATE_ROWS.slice(0, 3)));
    expectBad(
      text,
      lineOf(text, 'END YODA_ESTIMATE1D_V3'),
      new RegExp(`Edges\\(A1\\) at line ${lineOf(text, EDGES)} lists 3 edges, so 4 rows are expected \\(2 bins, underflow, overflow\\), found 3`),
    );
  });

  it('V3 Edges(A1) list n+1 edges but too many rows (n+3): error at END, naming the Edges line', () => {
    const rows = [...ESTIMATE_ROWS.slice(0, 3), `${sci(3)}\t${sci(-0.1)}\t${sci(0.1)}`, ESTIMATE_ROWS[3]];
    const text = yoda(scatter2D(), estimate1D(ESTIMATE_PATH, rows));
    expectBad(
      text,
      lineOf(text, 'END YODA_ESTIMATE1D_V3'),
      new RegExp(`Edges\\(A1\\) at line ${lineOf(text, EDGES)} lists 3 edges, so 4 rows are expected \\(2 bins, underflow, overflow\\), found 5`),
    );
  });

  it('a V3 Estimate1D without an Edges(A1) line (error at END)', () => {
    const text = yoda(scatter2D(), swap(estimate1D(), EDGES));
    expectBad(text, lineOf(text, 'END YODA_ESTIMATE1D_V3'), /expected an 'Edges\(A1\): \[…\]' line/);
  });

  it('a V3 keyword line after the rows began', () => {
    const block = swap(estimate1D(), EDGES);
    const moved = [...block.slice(0, -2), EDGES, ...block.slice(-2)];
    const text = yoda(scatter2D(), moved);
    expectBad(text, lineOf(text, EDGES), /expected a bin row, found 'Edges\(A1\)/, /after the rows began/);
  });
});

describe('repeated lines and out-of-range indices', () => {
  it('a Histo1D V2 Total row given twice: error at the second (not silently the last one wins)', () => {
    const again = `Total   \tTotal   \t${row(7, 7, 12, 25, 7)}`;
    const text = yoda(scatter2D(), swap(histo1D(), OVERFLOW_ROW, OVERFLOW_ROW, again));
    expectBad(text, lineOf(text, again), /Total/, /twice|duplicate|more than once|already/i);
  });

  it('a second Edges(A1) line in one block: error at the second (not silently the last one wins)', () => {
    const again = `Edges(A1): [${sci(0)}, ${sci(5)}, ${sci(10)}]`;
    const text = yoda(scatter2D(), swap(estimate1D(), 'ErrorLabels: ["stat"]', again, 'ErrorLabels: ["stat"]'));
    expectBad(text, lineOf(text, again), /Edges\(A1\)/, /twice|duplicate|more than once|already/i);
  });

  it('MaskedBins naming a bin the axis does not have: error at the MaskedBins line', () => {
    const bad = 'MaskedBins: [7]';
    const text = yoda(scatter2D(), swap(estimate1D(), EDGES, EDGES, bad));
    expectBad(text, lineOf(text, bad), /MaskedBins/, /\b7\b/);
  });
});

describe('binary data', () => {
  /** 1-based line of the first line holding a NUL or invalid UTF-8, computed without the reader. */
  function firstBinaryLine(bytes: Uint8Array): number {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let line = 1;
    let start = 0;
    for (;;) {
      let nl = bytes.indexOf(10, start);
      if (nl < 0) nl = bytes.length;
      const slice = bytes.subarray(start, nl);
      let bad = slice.includes(0);
      try {
        strict.decode(slice);
      } catch {
        bad = true;
      }
      if (bad) return line;
      if (nl === bytes.length) throw new Error('test bug: no binary data');
      start = nl + 1;
      line++;
    }
  }

  const concat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

  it('NUL bytes in an otherwise valid data row', () => {
    const bad = `${SCATTER_ROWS[2].slice(0, 20)}\0\0\0\0${SCATTER_ROWS[2].slice(20)}`;
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[2], bad));
    expectBad(text, lineOf(text, bad), /binary data: expected YODA text \(UTF-8 without NUL bytes\)/);
  });

  it('random bytes with NULs after valid blocks (a write cut short): the line of the first bad byte', () => {
    const r = rng(20240611);
    const junk = Uint8Array.from({ length: 512 }, () => Math.floor(r() * 256));
    junk[100] = 0;
    const good = enc.encode(yoda(scatter2D(), histo1D()));
    const bytes = concat(good, junk);
    const line = firstBinaryLine(bytes);
    expect(line).toBeGreaterThan(lastLine(yoda(scatter2D(), histo1D())));
    expectBad(bytes, line, /binary data/);
  });

  it('a whole file of random bytes', () => {
    const r = rng(7);
    const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(r() * 256));
    expectBad(bytes, firstBinaryLine(bytes), /binary data/);
  });

  it('invalid UTF-8 (a Latin-1 title) after valid multi-byte UTF-8: the line of the first bad byte', () => {
    const good = swap(scatter2D(), 'Title: ~', 'Title: η → π⁺π⁻ (UTF-8)');
    const latin = 'Title: Sphéricité';
    const text = yoda(good, swap(histo1D(), 'Title: ', latin));
    const at = text.indexOf(latin);
    const bytes = concat(enc.encode(text.slice(0, at)), Buffer.from(latin, 'latin1'), enc.encode(text.slice(at + latin.length)));
    expectBad(bytes, lineOf(text, latin), /binary data: expected YODA text/);
  });

  it('a truncated UTF-8 sequence at the end of a line', () => {
    const text = yoda(scatter2D(), histo1D());
    const at = text.indexOf('\n', text.indexOf('Type: Histo1D'));
    const bytes = concat(enc.encode(text.slice(0, at)), Uint8Array.of(0xe2, 0x86), enc.encode(text.slice(at)));
    expectBad(bytes, lineOf(text, 'Type: Histo1D'), /binary data/);
  });
});

describe('line endings', () => {
  it('CRLF files: errors still name the right line', () => {
    const bad = row(7.5e-3, 2.5e-3, 2.5e-3, 23.33, 0.254951);
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[1], bad));
    expectBad(text.replace(/\n/g, '\r\n'), lineOf(text, bad), /expected 6 columns/);
  });
});

describe('gzip (real files)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mctune-bad-yoda-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const put = (name: string, bytes: Uint8Array | string): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  /** Both readers must refuse the file with the same location and detail. */
  async function expectBadFile(path: string, line: number, ...detail: RegExp[]): Promise<void> {
    expectLocated(await caughtAsync(() => readYodaFile(path)), path, line, ...detail);
    expectLocated(caught(() => readYodaFileSync(path)), path, line, ...detail);
  }

  it('a valid gzipped file is read (sanity check for the cases below)', async () => {
    const path = put('good.yoda.gz', gzipSync(yoda(scatter2D(), histo1D())));
    expect((await readYodaFile(path)).size).toBe(2);
  });

  it('x.yoda.gz that is plain text', async () => {
    const path = put('x.yoda.gz', yoda(scatter2D(), histo1D()));
    await expectBadFile(path, 0, /named \.gz but is not gzip data/, /1f 8b/);
  });

  it('an empty x.yoda.gz', async () => {
    await expectBadFile(put('empty.yoda.gz', ''), 0, /named \.gz but is not gzip data/);
  });

  it('the gzip magic bytes followed by garbage', async () => {
    const r = rng(99);
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i === 0 ? 0x1f : i === 1 ? 0x8b : Math.floor(r() * 256)));
    await expectBadFile(put('garbage.yoda.gz', bytes), 0, /corrupt gzip data/);
  });

  it('the gzip magic bytes followed by garbage, in a file not named .gz', async () => {
    await expectBadFile(put('garbage.yoda', Uint8Array.of(0x1f, 0x8b, 0x41, 0x42, 0x43, 0x0a)), 0, /corrupt gzip data/);
  });

  it('a gzip stream cut short', async () => {
    const gz = gzipSync(yoda(scatter2D(), histo1D(), estimate1D()));
    await expectBadFile(put('cut.yoda.gz', gz.subarray(0, Math.floor(gz.length / 2))), 0, /corrupt gzip data/);
  });

  it('a bad row inside a gzipped file: the line is counted in the decompressed text', async () => {
    const bad = '1.0 abc 3.0 4.0 5.0 6.0';
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[1], bad));
    await expectBadFile(put('bad-row.yoda.gz', gzipSync(text)), lineOf(text, bad), /column 2 \(xerr-\): expected a number, found 'abc'/);
  });

  it('binary data inside a gzipped file: the line of the first bad byte in the decompressed text', async () => {
    const bad = `${SCATTER_ROWS[0]}\0`;
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[0], bad));
    await expectBadFile(put('nul.yoda.gz', gzipSync(text)), lineOf(text, bad), /binary data/);
  });
});

/**
 * Malformed YODA input: every kind must throw a YodaFormatError whose message
 * names the file, the 1-based line (located here from the input, never copied
 * from what the reader prints) and what was expected there. Binary data, line
 * endings and gzip are in bad-input-bytes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseYoda } from '../../src/yoda/index.js';
import { type Bin, binRow, EDGES, enc, estimate1D, ESTIMATE_PATH, ESTIMATE_ROWS, expectBad, FILE, histo1D, histo2D, HISTO_BINS, HISTO_PATH, lastLine, lineOf, OVERFLOW_ROW, re, row, scatter2D, SCATTER_PATH, SCATTER_ROWS, sci, swap, TOTAL_ROW, UNDERFLOW_ROW, yoda } from './malformed.js';

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

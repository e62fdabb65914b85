/**
 * Malformed HEPData tables: every kind must throw a HepDataError whose message
 * names the file, the 1-based line (located here from the input, never copied
 * from what the importer prints) and what was expected there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HepDataError, parseHepDataTable, readHepDataTable } from '../../src/hepdata/index.js';
import { expectLocated } from '../helpers/located.js';

const FILE = 'Table1.yaml';

// ---------------------------------------------------------------- a valid table

type Lines = string[];

const BINS: Lines = ['  - {low: 0.0, high: 0.01}', '  - {low: 0.01, high: 0.02}', '  - {low: 0.02, high: 0.03}'];

/** One `values:` entry of a dependent variable, as hepdata.net writes it. */
const entry = (value: string, stat: string, sys: string): Lines => [
  `  - value: ${value}`,
  '    errors:',
  `    - {symerror: ${stat}, label: stat}`,
  `    - ${sys.startsWith('{') ? `{asymerror: ${sys}, label: sys}` : `{symerror: ${sys}, label: sys}`}`,
];
const VALUES: Lines[] = [entry('12.36', '0.08', '0.4'), entry('23.33', '0.1', '{plus: 0.25, minus: -0.2}'), entry('20.23', '0.07', '1.5%')];
const SECOND: Lines = ['  - {value: 1.5}', '  - {value: 2.5}', '  - {value: 3.5}'];

/** A HEPData table: one independent variable with `bins`, dependent variables with the given value lines. */
function table(bins: Lines = BINS, first: Lines = VALUES.flat(), second: Lines = SECOND): string {
  return [
    'independent_variables:',
    "- header: {name: '1-T'}",
    '  values:',
    ...bins,
    'dependent_variables:',
    "- header: {name: '1/sigma dsigma/d(1-T)'}",
    '  qualifiers:',
    '  - {name: RE, value: E+ E- --> HADRONS}',
    '  - {name: SQRT(S), units: GeV, value: 91.2}',
    '  values:',
    ...first,
    "- header: {name: 'N_ch'}",
    '  values:',
    ...second,
    '',
  ].join('\n');
}

/** The lines with their unique line `old` replaced by `by` (nothing: removed). */
function swap(lines: Lines, old: string, ...by: string[]): Lines {
  const at = lines.indexOf(old);
  if (at < 0 || lines.indexOf(old, at + 1) >= 0) throw new Error(`test bug: line ${JSON.stringify(old)} is not unique`);
  return [...lines.slice(0, at), ...by, ...lines.slice(at + 1)];
}

/** 1-based number of the `nth` (1-based) line of `text` equal to `line`. */
function lineOf(text: string, line: string, nth = 1): number {
  const hits = text.split('\n').flatMap((l, i) => (l === line ? [i + 1] : []));
  if (hits.length < nth || (nth === 1 && hits.length !== 1)) throw new Error(`test bug: line ${JSON.stringify(line)} not found as expected`);
  return hits[nth - 1];
}

// ---------------------------------------------------------------- assertions

function caught(run: () => unknown): HepDataError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(HepDataError);
    return e as HepDataError;
  }
  throw new Error('expected a HepDataError, but the table was accepted');
}


function expectBad(text: string, line: number, ...detail: RegExp[]): void {
  expectLocated(caught(() => parseHepDataTable(text, FILE)), FILE, line, ...detail);
}

// ---------------------------------------------------------------- tests

describe('the valid table', () => {
  it('imports, so that each corruption below is the only thing wrong', () => {
    const [a, b] = parseHepDataTable(table(), FILE);
    expect(a.numBins).toBe(3);
    expect(b.numBins).toBe(3);
    expect([...a.binValues()]).toEqual([12.36, 23.33, 20.23]);
  });
});

describe('value counts', () => {
  it('a dependent variable with fewer values than the independent variable has bins: error at its values: line', () => {
    const text = table(BINS, VALUES.slice(0, 2).flat());
    expectBad(text, lineOf(text, '  values:', 2), /dependent_variables\[0\]\.values: 2 values, but the independent variable has 3 bins/);
  });

  it('the second dependent variable with more values than bins: error at its values: line', () => {
    const text = table(BINS, VALUES.flat(), [...SECOND, '  - {value: 4.5}']);
    expectBad(text, lineOf(text, '  values:', 3), /dependent_variables\[1\]\.values: 4 values, but the independent variable has 3 bins/);
  });

  it('an empty flow list of values', () => {
    const text = table(BINS, VALUES.flat()).replace(`  values:\n${SECOND.join('\n')}`, '  values: []');
    expectBad(text, lineOf(text, '  values: []'), /dependent_variables\[1\]\.values: 0 values, but the independent variable has 3 bins/);
  });
});

describe('bins', () => {
  it('a bin without high', () => {
    const bad = '  - {low: 0.01}';
    const text = table(swap(BINS, BINS[1], bad));
    expectBad(text, lineOf(text, bad), /independent_variables\[0\]\.values\[1\]\.high: missing/);
  });

  it('a bin that is a plain number instead of a low/high mapping', () => {
    const bad = '  - 0.015';
    const text = table(swap(BINS, BINS[1], bad));
    expectBad(text, lineOf(text, bad), /independent_variables\[0\]\.values\[1\]: expected a bin with 'low' and 'high', got 0\.015/);
  });

  it('a bin edge that is not a number', () => {
    const bad = '  - {low: 0.01, high: twenty}';
    const text = table(swap(BINS, BINS[1], bad));
    expectBad(text, lineOf(text, bad), /independent_variables\[0\]\.values\[1\]\.high: expected a number, got "twenty"/);
  });

  it('overlapping bins: error at the offending bin', () => {
    const bad = '  - {low: 0.015, high: 0.03}';
    const text = table(swap(BINS, BINS[2], bad));
    expectBad(text, lineOf(text, bad), /independent_variables\[0\]\.values\[2\]: bad bins: bin 2 \[0\.015, 0\.03\] overlaps bin 1 \[0\.01, 0\.02\]/);
  });

  it('a bin with low above high', () => {
    const bad = '  - {low: 0.02, high: 0.01}';
    const text = table(swap(BINS, BINS[1], bad));
    expectBad(text, lineOf(text, bad), /independent_variables\[0\]\.values\[1\]: bad bins: bin 1 has low edge 0\.02 not below high edge 0\.01/);
  });
});

describe('values and errors', () => {
  it('a value that is not a number', () => {
    const bad = '  - value: twenty';
    const text = table(BINS, swap(VALUES.flat(), '  - value: 23.33', bad));
    expectBad(text, lineOf(text, bad), /dependent_variables\[0\]\.values\[1\]\.value: expected a number, or - where there is none, got "twenty"/);
  });

  it("a quoted hex value '0x10' is rejected, not read as 16", () => {
    const bad = "  - value: '0x10'";
    const text = table(BINS, swap(VALUES.flat(), '  - value: 23.33', bad));
    expectBad(text, lineOf(text, bad), /dependent_variables\[0\]\.values\[1\]\.value: expected a number, or - where there is none, got "0x10"/);
  });

  it('an infinite value (.inf): rejected, and the message shows what was found', () => {
    const bad = '  - value: .inf';
    const text = table(BINS, swap(VALUES.flat(), '  - value: 23.33', bad));
    expectBad(text, lineOf(text, bad), /dependent_variables\[0\]\.values\[1\]\.value: expected a number, or - where there is none, got Infinity/);
  });

  it('a symerror that is not a number', () => {
    const bad = '    - {symerror: large, label: stat}';
    const text = table(BINS, swap(VALUES.flat(), '    - {symerror: 0.07, label: stat}', bad));
    expectBad(text, lineOf(text, bad), /dependent_variables\[0\]\.values\[2\]\.errors\[0\]\.symerror: expected a number or a percentage like 5%, got "large"/);
  });

  it("a percentage symerror without a number ('%') is rejected, not read as 0", () => {
    const bad = "    - {symerror: '%', label: sys}";
    const text = table(BINS, swap(VALUES.flat(), '    - {symerror: 1.5%, label: sys}', bad));
    expectBad(text, lineOf(text, bad), /dependent_variables\[0\]\.values\[2\]\.errors\[1\]\.symerror: expected a number or a percentage like 5%, got "%"/);
  });

  it('an asymerror without minus', () => {
    const bad = '    - {asymerror: {plus: 0.25}, label: sys}';
    const text = table(BINS, swap(VALUES.flat(), '    - {asymerror: {plus: 0.25, minus: -0.2}, label: sys}', bad));
    expectBad(text, lineOf(text, bad), /dependent_variables\[0\]\.values\[1\]\.errors\[1\]\.asymerror\.minus: missing/);
  });

  it('an error entry with neither symerror nor asymerror', () => {
    const bad = '    - {error: 0.4, label: sys}';
    const text = table(BINS, swap(VALUES.flat(), '    - {symerror: 0.4, label: sys}', bad));
    expectBad(text, lineOf(text, bad), /dependent_variables\[0\]\.values\[0\]\.errors\[1\]: expected 'symerror' or 'asymerror'/);
  });

  it('the same error label twice in one value: error at the second', () => {
    const bad = '    - {symerror: 0.2, label: stat}';
    const text = table(BINS, swap(VALUES.flat(), '    - {symerror: 0.4, label: sys}', bad));
    expectBad(text, lineOf(text, bad), /dependent_variables\[0\]\.values\[0\]\.errors\[1\]: error label 'stat' appears twice in this value/);
  });
});

describe('structure', () => {
  it('invalid YAML: a tab used for indentation', () => {
    const bad = '\t- {symerror: 0.1, label: stat}';
    const text = table(BINS, swap(VALUES.flat(), '    - {symerror: 0.1, label: stat}', bad));
    expectBad(text, lineOf(text, bad), /invalid YAML/, /[Tt]ab/);
  });

  it('invalid YAML: a key repeated in one mapping', () => {
    const bad = '  - {low: 0.01, low: 0.015, high: 0.02}';
    const text = table(swap(BINS, BINS[1], bad));
    expectBad(text, lineOf(text, bad), /invalid YAML/, /unique/);
  });

  it('invalid YAML: a nested mapping in a compact mapping', () => {
    const bad = '  - value: 23.33: 1';
    const text = table(BINS, swap(VALUES.flat(), '  - value: 23.33', bad));
    expectBad(text, lineOf(text, bad), /invalid YAML/);
  });

  it('dependent_variables that is not a list', () => {
    const text = 'independent_variables:\n- values:\n  - {low: 0, high: 1}\ndependent_variables: none\n';
    expectBad(text, lineOf(text, 'dependent_variables: none'), /dependent_variables: expected a list, got "none"/);
  });

  it('an empty file (the file as a whole: line 0)', () => {
    expectBad('', 0, /expected a mapping with independent_variables and dependent_variables/);
  });

  it('a YAML list instead of a table mapping', () => {
    const text = '- 1\n- 2\n';
    expectBad(text, 1, /expected a mapping with independent_variables and dependent_variables/);
  });
});

describe('readHepDataTable (a real file)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mctune-bad-hepdata-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the file path and the line', async () => {
    const bad = '  - value: twenty';
    const text = table(BINS, swap(VALUES.flat(), '  - value: 12.36', bad));
    const path = join(dir, 'Table7.yaml');
    writeFileSync(path, text);
    let err: unknown;
    await readHepDataTable(path).catch((e: unknown) => (err = e));
    expect(err).toBeInstanceOf(HepDataError);
    expectLocated(err as HepDataError, path, lineOf(text, bad), /dependent_variables\[0\]\.values\[0\]\.value: expected a number, or - where there is none, got "twenty"/);
  });
});

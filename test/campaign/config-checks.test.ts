/**
 * Everything a campaign file says is checked when it is loaded: the files and
 * analyses it names, the built-in generator's settings and their allowed
 * ranges, weight lines, the later stages' blocks and the campaign's name.
 * Each error names the file and line where the mistake is.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCampaign, readCampaignFile } from '../../src/campaign/config.js';
import { FileError } from '../../src/diagnostics/index.js';
import { expectLocated } from '../helpers/located.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const GOOD = `name: t
parameters:
  StringZ:aLund: { range: [0.3, 1.0] }
  StringPT:sigma: { fixed: 0.3 }
analyses: [ALEPH_1996_S3486095]
reference: [ref.yoda]
weights:
  - /ALEPH_1996_S3486095/d01-x01-y01 1
  - /ALEPH_1996_S3486095/d03-x01-y01#2:5 0.5   # a trailing comment
  - /ALEPH_1996_S3486095/d0[57]-x01-y01@0.1:0.3 2
runs: 10
surrogate: { kind: polynomial, order: 3 }
tune: { method: minuit-like, starts: 4, fixed: { StringZ:aLund: 0.5 } }
iterations: { count: 3, shrink: 0.5 }
`;

/** A folder holding ref.yoda (the shipped pseudo-data) and whatever else a test writes. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mctune-checks-'));
  copyFileSync(join(root, 'reference-data/pseudodata/ALEPH_1996_S3486095.yoda'), join(dir, 'ref.yoda'));
  return dir;
}

/** 1-based line of the only line of `text` containing `part`. */
function lineOf(text: string, part: string): number {
  const hits = text.split('\n').flatMap((l, i) => (l.includes(part) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`test bug: ${JSON.stringify(part)} is on ${hits.length} lines`);
  return hits[0];
}

function load(text: string, dir = folder()) {
  return parseCampaign(text, join(dir, 'c.yaml'), 'c.yaml');
}

function fails(text: string, dir = folder()): FileError {
  try {
    load(text, dir);
  } catch (e) {
    expect(e).toBeInstanceOf(FileError);
    return e as FileError;
  }
  throw new Error('expected an error');
}

/** GOOD with `old` (which must occur once) replaced. */
function edit(old: string, by: string): string {
  if (GOOD.split(old).length !== 2) throw new Error(`test bug: ${JSON.stringify(old)} is not unique`);
  return GOOD.replace(old, by);
}

describe('a valid campaign', () => {
  it('loads, with weights, surrogate, tune and iteration settings read', () => {
    const c = load(GOOD);
    expect(c.weights).toEqual([
      { path: '/ALEPH_1996_S3486095/d01-x01-y01', weight: 1 },
      { path: '/ALEPH_1996_S3486095/d03-x01-y01', weight: 0.5, bins: { from: 2, to: 5 } },
      { path: '/ALEPH_1996_S3486095/d0[57]-x01-y01', weight: 2, x: { low: 0.1, high: 0.3 } },
    ]);
    expect(c.surrogate).toEqual({ kind: 'polynomial', order: 3 });
    expect(c.tune).toEqual({ method: 'minuit-like', starts: 4, fixed: { 'StringZ:aLund': 0.5 } });
    expect(c.iterations).toEqual({ count: 3, shrink: 0.5 });
    expect(c.warnings).toEqual([]);
  });

  it('the shipped demo campaign loads with its surrogate, tune and iteration blocks, and every weight line matches', () => {
    const c = readCampaignFile(join(root, 'tunes/demo.yaml'));
    expect(c.surrogate).toEqual({ kind: 'nn' });
    expect(c.tune).toEqual({ method: 'minuit-like' });
    expect(c.iterations).toEqual({ count: 4, shrink: 0.5, tolerance: 1 });
    expect(c.weights).toHaveLength(11);
  });
});

describe('reference files', () => {
  it('a missing reference file: error at its entry', () => {
    const text = edit('reference: [ref.yoda]', 'reference:\n  - ref.yoda\n  - nowhere.yoda');
    expectLocated(fails(text), 'c.yaml', lineOf(text, 'nowhere.yoda'), /reference\[1\]: no reference file .*nowhere\.yoda/);
  });

  it('an unparsable YODA reference file: error at its line in that file', () => {
    const dir = folder();
    const bad = join(dir, 'bad.yoda');
    writeFileSync(bad, 'BEGIN YODA_HISTO1D_V2 /REF/X/d01-x01-y01\nPath: /REF/X/d01-x01-y01\nthis is not a histogram\n');
    expectLocated(fails(edit('reference: [ref.yoda]', 'reference: [ref.yoda, bad.yoda]'), dir), bad, 3, /this is not a histogram/);
  });

  it('an unparsable HEPData reference table: error at its line in that file', () => {
    const dir = folder();
    const bad = join(dir, 'Table1.yaml');
    writeFileSync(bad, 'independent_variables:\n- values:\n  - {low: 0, high: 1}\ndependent_variables:\n- values:\n  - {value: twenty}\n');
    expectLocated(fails(edit('reference: [ref.yoda]', 'reference: [ref.yoda, Table1.yaml]'), dir), bad, 6, /twenty/);
  });
});

describe('analyses', () => {
  it('an unknown analysis: error at its entry, listing the known ones', () => {
    const text = edit('analyses: [ALEPH_1996_S3486095]', 'analyses:\n  - ALEPH_1996_S3486095\n  - NOPE_2000_I1');
    expectLocated(fails(text), 'c.yaml', lineOf(text, 'NOPE'), /analyses\[1\]: unknown analysis 'NOPE_2000_I1'; available: .*ALEPH_1996_S3486095/);
  });

  it('an analysis file that does not exist', () => {
    const text = edit('analyses: [ALEPH_1996_S3486095]', 'analyses: [mine/MY_ANA.yaml]');
    expectLocated(fails(text), 'c.yaml', lineOf(text, 'MY_ANA'), /analyses\[0\]: no analysis file .*mine\/MY_ANA\.yaml/);
  });

  it('a command generator writing YODA may name analyses mctune does not know (Rivet\'s own)', () => {
    const text = edit('analyses: [ALEPH_1996_S3486095]', `generator: { kind: command, command: [rivet-run, '{out}'], output: yoda }\nanalyses: [ALEPH_1996_S3486095, ATLAS_2020_I1]`);
    expect(load(text).analyses).toEqual(['ALEPH_1996_S3486095', 'ATLAS_2020_I1']);
  });
});

describe('built-in generator settings', () => {
  it('an unknown setting name: error at the name, with a suggestion', () => {
    const text = edit('StringZ:aLund: {', 'StringZ:alund: {');
    expectLocated(fails(text), 'c.yaml', lineOf(text, 'alund'), /parameters\.StringZ:alund: built-in generator: unknown setting 'StringZ:alund' \(did you mean 'StringZ:aLund'\?\); known settings: TimeShower:alphaSvalue, /);
  });

  it('a range reaching outside the allowed range: error at the range', () => {
    const text = edit('[0.3, 1.0]', '[0.3, 2.5]');
    expectLocated(fails(text), 'c.yaml', lineOf(text, '2.5'), /parameters\.StringZ:aLund\.range: \[0\.3, 2\.5\] reaches outside the built-in generator's allowed range \[0, 2\]/);
  });

  it('a fixed value outside the allowed range: error at the value', () => {
    const text = edit('{ fixed: 0.3 }', '{ fixed: 1.5 }');
    expectLocated(fails(text), 'c.yaml', lineOf(text, '1.5'), /parameters\.StringPT:sigma\.fixed: fixed value 1\.5 is outside the built-in generator's allowed range \[0, 1\] GeV/);
  });

  it('a setting with no near name: error at the name, listing the known ones', () => {
    const text = edit('StringZ:aLund: {', 'MultipartonInteractions:pT0Ref: {').replace('fixed: { StringZ:aLund: 0.5 }', 'fixed: {}');
    expectLocated(fails(text), 'c.yaml', lineOf(text, 'pT0Ref'), /built-in generator: unknown setting 'MultipartonInteractions:pT0Ref'; known settings: /);
  });

  it('a ranges file with a range outside the allowed range: error at its line there', () => {
    const dir = folder();
    writeFileSync(join(dir, 'ranges.txt'), '# name low high\nStringZ:aLund 0.3 1.0\nTimeShower:alphaSvalue 0.01 0.2\n');
    const e = fails(GOOD.replace(/parameters:\n( {2}.*\n)+/, 'parameters-file: ranges.txt\n').replace(/tune: .*\n/, ''), dir);
    expectLocated(e, join(dir, 'ranges.txt'), 3, /TimeShower:alphaSvalue: \[0\.01, 0\.2\] reaches outside .* \[0\.06, 0\.25\]/);
  });

  it('a command generator is not held to the built-in ranges', () => {
    const text = edit('[0.3, 1.0]', '[0.3, 2.5]').replace('runs: 10', `generator: { kind: command, command: [gen, '{out}', '{events}'], output: yoda }\nruns: 10`);
    expect(load(text).parameters[0]).toMatchObject({ name: 'StringZ:aLund', high: 2.5 });
  });
});

describe('weights', () => {
  it.each([
    ['three fields', '/ALEPH_1996_S3486095/d01-x01-y01 1 2', /weights\[0\]: expected "PATH weight", got 3 fields/],
    ['a weight that is not a number', '/ALEPH_1996_S3486095/d01-x01-y01 heavy', /weights\[0\]: weight of .*: expected a number ≥ 0, got "heavy"/],
    ['a bin range with the end before the start', '/ALEPH_1996_S3486095/d01-x01-y01#5:2 1', /weights\[0\]: bin range #5:2 is empty/],
    ['an x range that is not numbers', '/ALEPH_1996_S3486095/d01-x01-y01@a:b 1', /weights\[0\]: expected an x range @x1:x2 or a point @x, got "a:b"/],
    ['a path that is not a valid pattern', '/ALEPH_1996_S3486095/d01-x01-y01( 1', /weights\[0\]: .* is not a valid path pattern/],
  ])('a bad weight line (%s): error at the line', (_what, line, msg) => {
    const text = edit('  - /ALEPH_1996_S3486095/d01-x01-y01 1\n', `  - ${line}\n`);
    expectLocated(fails(text), 'c.yaml', lineOf(text, line), msg);
  });

  it('a weight line matching no reference histogram: error at the line', () => {
    const text = edit('/ALEPH_1996_S3486095/d01-x01-y01 1', '/ALEPH_1996_S3486095/d99-x01-y01 1');
    expectLocated(fails(text), 'c.yaml', lineOf(text, 'd99'), /weights\[0\]: \/ALEPH_1996_S3486095\/d99-x01-y01 matches no histogram of the reference data \(\d+ histograms, e\.g\. \/ALEPH_1996_S3486095\/d01-x01-y01\)/);
  });

  it('without reference files, weight lines are matched against the histograms the analyses book', () => {
    const text = edit('reference: [ref.yoda]', 'reference: []').replace('d01-x01-y01 1', 'd01-x01-y99 1');
    expectLocated(fails(text), 'c.yaml', lineOf(text, 'y99'), /weights\[0\]: .* matches no histogram of the campaign's analyses/);
    expect(load(edit('reference: [ref.yoda]', 'reference: []')).weights).toHaveLength(3);
  });

  it('without reference files and with an analysis mctune does not know, weight lines for its histograms are accepted', () => {
    const text = edit('analyses: [ALEPH_1996_S3486095]', `generator: { kind: command, command: [rivet-run, '{out}'], output: yoda }\nanalyses: [ALEPH_1996_S3486095, ATLAS_2020_I1]`)
      .replace('reference: [ref.yoda]', 'reference: []')
      .replace('/ALEPH_1996_S3486095/d01-x01-y01 1', '/ATLAS_2020_I1/d01-x01-y01 1');
    expect(load(text).weights).toHaveLength(3);
  });

  it('a weights file: bad lines and lines matching nothing are located in that file', () => {
    const dir = folder();
    const file = join(dir, 'weights.txt');
    const text = GOOD.replace(/weights:\n( {2}.*\n)+/, 'weights: { file: weights.txt }\n');
    writeFileSync(file, '# Professor weights\n\n/ALEPH_1996_S3486095/d01-x01-y01 1\n/ALEPH_1996_S3486095/d77-x01-y01  1\n');
    expectLocated(fails(text, dir), file, 4, /d77-x01-y01 matches no histogram of the reference data/);
    writeFileSync(file, '/ALEPH_1996_S3486095/d01-x01-y01 1\n/ALEPH_1996_S3486095/d01-x01-y01#x 1\n');
    expectLocated(fails(text, dir), file, 2, /expected a bin index range/);
    writeFileSync(file, '/ALEPH_1996_S3486095/d01-x01-y01 1  # comment\n/ALEPH_1996_S3486095/d02-x01-y01#0:3\n');
    expect(load(text, dir).weights).toEqual([
      { path: '/ALEPH_1996_S3486095/d01-x01-y01', weight: 1 },
      { path: '/ALEPH_1996_S3486095/d02-x01-y01', weight: 1, bins: { from: 0, to: 3 } },
    ]);
  });
});

describe('surrogate, tune and iterations blocks', () => {
  it.each([
    ['unknown key in surrogate', edit('order: 3', 'order: 3, degree: 2'), 'surrogate:', /surrogate\.degree: unknown key; expected one of kind, order/],
    ['unknown key in tune', edit('starts: 4', 'starts: 4, tolerance: 0.1'), 'tune:', /tune\.tolerance: unknown key; expected one of method, starts, fixed/],
    ['unknown key in iterations', edit('shrink: 0.5', 'shrink: 0.5, runs: 30'), 'iterations:', /iterations\.runs: unknown key; expected one of count, shrink/],
    ['unknown surrogate kind', edit('kind: polynomial', 'kind: gaussian-process'), 'surrogate:', /surrogate\.kind: unknown value "gaussian-process"; expected one of polynomial, nn, inverse/],
    ['network option on a polynomial', edit('order: 3', 'order: 3, epochs: 10'), 'surrogate:', /surrogate\.epochs: unknown key/],
    ['unknown network optimiser', edit('{ kind: polynomial, order: 3 }', '{ kind: nn, optimizer: lbfgs }'), 'surrogate:', /surrogate\.optimizer: .*adam, rmsprop or momentum/],
    ['optimiser on the inverse network', edit('{ kind: polynomial, order: 3 }', '{ kind: inverse, optimizer: adam }'), 'surrogate:', /surrogate\.optimizer: unknown key/],
    ['bad order', edit('order: 3', 'order: three'), 'surrogate:', /surrogate\.order: expected an integer order in \[1, 10\] or auto, got "three"/],
    ['bad tune method', edit('method: minuit-like', 'method: simplex'), 'tune:', /tune\.method: unknown value "simplex"; expected minuit-like/],
    ['bad Δχ²', edit('starts: 4', "starts: 4, delta-chi2: 'two'"), 'tune:', /tune\.delta-chi2: expected a positive number or calibrated, got "two"/],
    ['bad surrogate error', edit('starts: 4', 'starts: 4, surrogate-error: spread'), 'tune:', /tune\.surrogate-error: .*own, mc or both/],
    ['bad held-out closure', edit('starts: 4', 'starts: 4, held-out-closure: maybe'), 'tune:', /tune\.held-out-closure: expected true or false, got "maybe"/],
    ['bad starts', edit('starts: 4', 'starts: 2.5'), 'tune:', /tune\.starts: expected an integer in \[1, 10000\], got 2\.5/],
    ['tune.fixed naming no parameter', edit('fixed: { StringZ:aLund: 0.5 }', 'fixed: { StringZ:bLund: 0.5 }'), 'tune:', /tune\.fixed\.StringZ:bLund: not a parameter of this campaign/],
    ['tune.fixed outside the range', edit('fixed: { StringZ:aLund: 0.5 }', 'fixed: { StringZ:aLund: 5 }'), 'tune:', /tune\.fixed\.StringZ:aLund: 5 is outside the parameter's range \[0\.3, 1\]/],
    ['bad count', edit('count: 3', "count: 'three'"), 'iterations:', /iterations\.count: expected an integer in \[1, 100\], got "three"/],
    ['shrink outside (0, 1]', edit('shrink: 0.5', 'shrink: 1.5'), 'iterations:', /iterations\.shrink: expected a factor in \(0, 1\], got 1\.5/],
    ['a block that is not a mapping', edit('iterations: { count: 3, shrink: 0.5 }', 'iterations: 3'), 'iterations:', /iterations: expected a mapping, got 3/],
  ])('%s: error at the line', (_what, text, at, msg) => {
    expectLocated(fails(text), 'c.yaml', lineOf(text, at), msg);
  });

  it('the tune block takes Δχ² (a number or calibrated), toys, envelope, the surrogate error and the held-out closure', () => {
    expect(load(edit('starts: 4', 'starts: 4, delta-chi2: 2, toys: 300, envelope: true, surrogate-error: mc, held-out-closure: false')).tune).toMatchObject({ 'delta-chi2': 2, toys: 300, envelope: true, 'surrogate-error': 'mc', 'held-out-closure': false });
    expect(load(edit('starts: 4', 'starts: 4, delta-chi2: calibrated')).tune).toMatchObject({ 'delta-chi2': 'calibrated' });
  });

  it('network surrogates take ensemble, epochs and seed', () => {
    expect(load(edit('{ kind: polynomial, order: 3 }', '{ kind: inverse, ensemble: 5, epochs: 200, seed: 7, components: 12 }')).surrogate).toEqual({ kind: 'inverse', ensemble: 5, epochs: 200, seed: 7, components: 12 });
    expect(load(edit('{ kind: polynomial, order: 3 }', '{ kind: nn, optimizer: rmsprop, learning-rate: 0.01 }')).surrogate).toEqual({ kind: 'nn', optimizer: 'rmsprop', 'learning-rate': 0.01 });
  });
});

describe('campaign name', () => {
  it.each(['../x', 'a/b', '..', '.hidden', 'a\\\\b'])('%s would leave the campaign folder: error at the name', (name) => {
    const text = edit('name: t', `name: "${name}"`);
    expectLocated(fails(text), 'c.yaml', 1, /^c\.yaml:1: name: ".*" would leave the campaign folder; expected a plain name without \/, \\ or a leading dot$/);
  });
});

describe('keep-events', () => {
  const hepmc = `generator: { kind: command, command: [gen, '{out}', '{events}'], output: hepmc }\nruns: 10`;

  it('gzip by default, or false, for a generator writing HepMC3', () => {
    expect(load(edit('runs: 10', hepmc)).keepEvents).toBe('gzip');
    expect(load(edit('runs: 10', `${hepmc}\nkeep-events: false`)).keepEvents).toBe(false);
  });

  it('another value, or the key where no events are written: error at the key', () => {
    const text = edit('runs: 10', `${hepmc}\nkeep-events: true`);
    expectLocated(fails(text), 'c.yaml', lineOf(text, 'keep-events'), /keep-events: unknown value true; expected one of false, gzip/);
    const builtin = edit('runs: 10', 'runs: 10\nkeep-events: gzip');
    expectLocated(fails(builtin), 'c.yaml', lineOf(builtin, 'keep-events'), /keep-events: only for a command generator with output: hepmc/);
  });
});

describe('{events}', () => {
  it('a command template without {events} loads with a warning naming the line', () => {
    const text = edit('runs: 10', `generator:\n  kind: command\n  command: [gen, '{out}']\nruns: 10\nevents: 500`);
    expect(load(text).warnings).toEqual([`c.yaml:${lineOf(text, 'command: [gen')}: warning: generator.command: the template has no {events}, so the campaign's events (500) are not passed on; the generator makes as many as it is set to`]);
  });

  it('no warning when the template passes {events} on', () => {
    expect(load(edit('runs: 10', `generator: { kind: command, command: [gen, -n, '{events}', '{out}'] }\nruns: 10`)).warnings).toEqual([]);
  });
});

import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCampaign, readCampaignFile } from '../../src/campaign/config.js';
import { parseRanges } from '../../src/campaign/ranges-file.js';
import { FileError } from '../../src/diagnostics/index.js';
import { expectLocated } from '../helpers/located.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const GOOD = `name: t
parameters:
  StringZ:aLund: { range: [0.3, 1.0] }
  StringZ:bLund: { range: [0.5, 1.5], log: true }
  StringPT:sigma: { fixed: 0.3 }
generator:
  kind: command
  command: [my-gen, --params, "{params}", --seed, "{seed}", -o, "{out}"]
  output: hepmc
  timeout: 60
analyses: [ALEPH_1996_S3486095]
reference: [ref.yoda]
runs: 10
`;

/** A folder with the file GOOD names (ref.yoda, a copy of the shipped pseudo-data). */
function campaignFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mctune-campaign-'));
  copyFileSync(join(root, 'reference-data/pseudodata/ALEPH_1996_S3486095.yoda'), join(dir, 'ref.yoda'));
  return dir;
}

const DIR = campaignFolder();

function fails(text: string): FileError {
  try {
    parseCampaign(text, join(DIR, 'c.yaml'), 'c.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(FileError);
    return e as FileError;
  }
  throw new Error('expected an error');
}

describe('parseCampaign', () => {
  it('reads parameters, a command generator, paths relative to the file, and defaults', () => {
    const c = parseCampaign(GOOD, join(DIR, 'c.yaml'));
    expect(c.parameters.map((p) => [p.name, p.low, p.high, p.log, p.fixed])).toEqual([
      ['StringZ:aLund', 0.3, 1.0, false, undefined],
      ['StringZ:bLund', 0.5, 1.5, true, undefined],
      ['StringPT:sigma', 0.3, 0.3, false, 0.3],
    ]);
    expect(c.generator).toEqual({ kind: 'command', command: ['my-gen', '--params', '{params}', '--seed', '{seed}', '-o', '{out}'], output: 'hepmc', timeout: 60, env: {} });
    expect(c.reference).toEqual([join(DIR, 'ref.yoda')]);
    expect([c.runs, c.events, c.sampling, c.retries, c.seed, c.keepEvents]).toEqual([10, 10000, 'lhs', 1, 1, 'gzip']);
    expect([c.surrogate, c.tune, c.iterations, c.weights]).toEqual([undefined, undefined, undefined, []]);
  });

  it.each([
    ['unknown key', GOOD.replace('runs: 10', 'runz: 10'), 13, /runz: unknown key/],
    ['missing range', GOOD.replace('{ range: [0.3, 1.0] }', '{ log: false }'), 3, /parameters\.StringZ:aLund\.range: missing/],
    ['low ≥ high', GOOD.replace('[0.3, 1.0]', '[1.0, 0.3]'), 3, /parameters\.StringZ:aLund\.range: low 1 must be below high 0\.3/],
    ['unknown generator kind', GOOD.replace('kind: command', 'kind: pythia'), 7, /generator\.kind: unknown value "pythia"; expected one of builtin, command/],
    ['template without {out}', GOOD.replace(', -o, "{out}"', ''), 8, /generator\.command: the template must contain \{out\}/],
    ['unknown placeholder', GOOD.replace('"{seed}"', '"{sed}"'), 8, /unknown placeholder \{sed\}/],
    ['runs missing', GOOD.replace('runs: 10\n', ''), 1, /runs: missing/],
    ['log scale with non-positive range', GOOD.replace('[0.5, 1.5], log: true', '[0, 1.5], log: true'), 4, /log scale needs a positive range/],
    ['fixed outside the range', GOOD.replace('{ fixed: 0.3 }', '{ range: [0.25, 0.45], fixed: 0.5 }'), 5, /fixed: 0\.5 is outside the range/],
  ])('%s → error naming the key', (_what, text, line, msg) => {
    expectLocated(fails(text), 'c.yaml', line, msg);
  });

  it('accepts a Professor ranges file instead of inline parameters', () => {
    const dir = campaignFolder();
    writeFileSync(join(dir, 'ranges.txt'), '# name low high\nStringZ:aLund 0.3 1.0\nStringZ:bLund 0.5 1.5\n');
    writeFileSync(join(dir, 'c.yaml'), GOOD.replace(/parameters:\n( {2}.*\n)+/, 'parameters-file: ranges.txt\n'));
    const c = readCampaignFile(join(dir, 'c.yaml'));
    expect(c.parameters.map((p) => p.name)).toEqual(['StringZ:aLund', 'StringZ:bLund']);
  });

  it('finds analysis files and the built-in timeout relative to the campaign, names as given', () => {
    const dir = campaignFolder();
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine/MY_ANA.yaml'), 'name: MY_ANA\nobservables:\n  - { id: d01-x01-y01, observable: sphericity, normalise: 1, edges: [0, 0.5, 1] }\n');
    writeFileSync(join(dir, 'c.yaml'), GOOD.replace('analyses: [ALEPH_1996_S3486095]', 'analyses: [ALEPH_1996_S3486095, mine/MY_ANA.yaml]').replace(/generator:\n( {2}.*\n)+/, 'generator: { kind: builtin, timeout: 90 }\n'));
    const c = readCampaignFile(join(dir, 'c.yaml'));
    expect(c.analyses).toEqual(['ALEPH_1996_S3486095', join(dir, 'mine/MY_ANA.yaml')]);
    expect(c.generator).toEqual({ kind: 'builtin', timeout: 90 });
  });

  it('the shipped demo campaign is valid: 5 parameters, built-in generator, shipped reference data', () => {
    const c = readCampaignFile(join(root, 'tunes/demo.yaml'));
    expect(c.parameters).toHaveLength(5);
    expect(c.generator.kind).toBe('builtin');
    expect(c.reference[0]).toBe(join(root, 'reference-data/pseudodata/ALEPH_1996_S3486095.yoda'));
  });
});

describe('parseRanges', () => {
  it('reads Name low high lines and locates bad ones', () => {
    expect(parseRanges('a:b 1 2\n\n# c\nc:d -1 1 # trailing\n', 'r.txt').map((p) => [p.name, p.low, p.high])).toEqual([
      ['a:b', 1, 2],
      ['c:d', -1, 1],
    ]);
    expect(() => parseRanges('a:b 1\n', 'r.txt')).toThrow(/r\.txt:1: expected "Name low high"/);
    expect(() => parseRanges('a:b 1 2\na:b 2 3\n', 'r.txt')).toThrow(/r\.txt:2: a:b: listed twice/);
    expect(() => parseRanges('a:b 2 1\n', 'r.txt')).toThrow(/low 2 must be below high 1/);
  });
});

/** `mctune build`: a polynomial surrogate of a small built-in campaign, scored on held-out runs. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadInverse, loadSurrogate, readIpol } from '../../src/surrogate/index.js';
import { readYodaFileSync } from '../../src/yoda/index.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';
import { cli } from '../helpers/cli.js';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mctune-build-'));
  file = writeBuiltinCampaign(dir, { name: 'c', runs: 24, events: 400, extra: 'surrogate: { kind: polynomial, order: 2 }\n' });
  const r = await cli('run', file, '--dir', join(dir, 'c'), '-j', '2');
  expect(r.code, r.err).toBe(0);
}, 120_000);

describe('mctune build', () => {
  it('fits the polynomial of the campaign file, scores it on held-out runs, and keeps model, ipol and pulls', async () => {
    const r = await cli('build', file, '--dir', join(dir, 'c'), '--holdout', '4');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/polynomial surrogate of order 2 \(errors: order 1\) for \d+ bins from 20 runs/);
    expect(r.out).toMatch(/held-out pulls on 4 runs/);
    const overall = /all bins +\d+ +(-?\d+\.\d+) +(\d+\.\d+)/.exec(r.out);
    expect(overall, r.out).not.toBeNull();
    // 400 events per run: the pulls are those of the runs' statistics, not of a broken model.
    expect(Number(overall?.[2])).toBeGreaterThan(0.3);
    expect(Number(overall?.[2])).toBeLessThan(3);
    const out = join(dir, 'c', 'surrogates', 'polynomial');
    const model = loadSurrogate(out);
    const ipol = readIpol(join(out, 'professor.ipol'));
    const at = Float64Array.from([0.13, 0.65]);
    expect(ipol.predict(at).values).toEqual(model.predict(at).values);
    expect(ipol.predict(at).errors).toEqual(model.predict(at).errors);
    // Professor's format has no place for the model's own uncertainty: a Professor user gets the polynomials alone.
    expect(ipol.predict(at).spread.every((s) => s === 0)).toBe(true);
    expect(model.predict(at).spread.some((s) => s > 0)).toBe(true);
    const pulls = readYodaFileSync(join(out, 'validation.yoda'));
    expect(pulls.has('/ALEPH_1996_S3486095/d01-x01-y01')).toBe(true);
  }, 60_000);

  it('fits per-bin networks when the campaign asks for them, and keeps them beside the polynomial', async () => {
    const nnFile = join(dir, 'nn.yaml');
    writeFileSync(nnFile, readFileSync(file, 'utf8').replace('surrogate: { kind: polynomial, order: 2 }', 'surrogate: { kind: nn, epochs: 60, seed: 3 }'));
    const r = await cli('build', nnFile, '--dir', join(dir, 'c'), '--holdout', '4');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/TensorFlow\.js backend: \w+/);
    expect(r.err).toMatch(/per-bin network surrogate \(1 member, 4 more on other folds for the held-out closure\) for \d+ bins from 20 runs/);
    expect(loadSurrogate(join(dir, 'c', 'surrogates', 'nn')).kind).toBe('nn');
  }, 60_000);

  it('fits the inverse network, proposes a tune for the reference data with toys, and checks it on held-out runs', async () => {
    const invFile = join(dir, 'inverse.yaml');
    const pseudo = fileURLToPath(new URL('../../reference-data/pseudodata/ALEPH_1996_S3486095.yoda', import.meta.url));
    writeFileSync(invFile, readFileSync(file, 'utf8').replace('surrogate: { kind: polynomial, order: 2 }', 'surrogate: { kind: inverse, epochs: 40, seed: 2 }').replace('reference: []', `reference: [${JSON.stringify(pseudo)}]`));
    const r = await cli('build', invFile, '--dir', join(dir, 'c'), '--holdout', '4');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/inverse network from \d+ bins with data to 2 parameters, 20 runs/);
    expect(r.out).toMatch(/proposed tune from \d+ principal components of the bins \(the network on the data; mean of 1000 toys of the data ± σ, σ² = the toys. \+ the network.s own from validation runs\):\n {2}TimeShower:alphaSvalue +\S+ +\S+ ± \S+ {2}\(data \S+, network \S+\)\n {2}StringZ:aLund/);
    expect(r.out).toMatch(/held-out runs \(4\): RMS of \(network − run\) per parameter:/);
    const model = loadInverse(join(dir, 'c', 'surrogates', 'inverse'));
    expect(model.box.names).toEqual(['TimeShower:alphaSvalue', 'StringZ:aLund']);
  }, 60_000);

  it('refuses an unknown kind, an inverse model without data, and a hold-out that leaves nothing to fit, writing nothing', async () => {
    const other = join(dir, 'untouched');
    expect((await cli('build', file, '--dir', join(dir, 'c'), '--surrogate', 'spline')).code).toBe(2);
    const inverse = await cli('build', file, '--dir', join(dir, 'c'), '--surrogate', 'inverse');
    expect(inverse.code).toBe(2);
    expect(inverse.err).toMatch(/the inverse model needs reference data: name reference files in the campaign/);
    const all = await cli('build', file, '--dir', join(dir, 'c'), '--holdout', '24');
    expect(all.code).toBe(1);
    expect(all.err).toMatch(/holding out 24 runs needs more than 24 usable runs; there are 24/);
    // Refused before any fit: on a campaign folder with no surrogates yet, none appear.
    const none = await cli('build', file, '--dir', other, '--surrogate', 'inverse');
    expect(none.code).toBe(2);
    expect(existsSync(join(other, 'surrogates'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitInverse, loadInverse, trainingSet } from '../../src/surrogate/index.js';
import { gauss, rng } from '../helpers/random.js';
import { syntheticTable } from './fixtures.js';

const NAMES = ['TimeShower:alphaSvalue', 'StringZ:aLund', 'StringZ:bLund'];
const LOW = [0.1, 0.3, 0.5];
const HIGH = [0.16, 1.0, 1.5];
/** Twelve bins, each moved by the parameters in its own way. */
function response(p: ArrayLike<number>): number[] {
  const [as, a, b] = [(p[0] - 0.1) / 0.06, (p[1] - 0.3) / 0.7, (p[2] - 0.5) / 1.0];
  return Array.from({ length: 12 }, (_, k) => 10 + k + 3 * Math.sin(k + 2 * as) + 2 * a * Math.cos(k) + b * (k % 3) + as * a);
}
const table = syntheticTable({ names: NAMES, low: LOW, high: HIGH, runs: 80, response, relError: 0.005, seed: 17 });
const truth = Float64Array.from([0.13, 0.62, 1.1]);

/** Pseudo-data at the truth: the response with 0.5 % errors, fluctuated once. */
function pseudoData(seed: number, scale = 1): { values: Float64Array; errors: Float64Array } {
  const r = rng(seed);
  const f = response(truth);
  const errors = Float64Array.from(f, (v) => 0.005 * v);
  return { values: Float64Array.from(f, (v, i) => scale * (v + errors[i] * gauss(r))), errors };
}

describe('inverse model', () => {
  it('proposes the truth from pseudo-data, with toy uncertainties, and stays quiet when the data look like the runs', async () => {
    const data = pseudoData(5);
    const model = await fitInverse(trainingSet(table), { data, epochs: 400, copies: 20, hidden: [16, 16], seed: 3, backend: 'cpu' });
    const p = model.propose(data.values, data.errors, 1000, 9);
    expect(p.toys).toBe(1000);
    expect(p.warnings).toEqual([]);
    for (let k = 0; k < 3; k++) {
      const sigma = Math.sqrt(p.covariance[k * 3 + k]);
      // Both parts of the uncertainty are there: the data's toys and the network's misses on validation runs.
      expect(p.dataCovariance[k * 3 + k]).toBeGreaterThan(0);
      expect(p.modelCovariance[k * 3 + k]).toBeGreaterThan(0);
      expect(p.covariance[k * 3 + k]).toBeCloseTo(p.dataCovariance[k * 3 + k] + p.modelCovariance[k * 3 + k], 15);
      // Within a tenth of the box of the truth (the network is trained on 80 runs only), and within 3σ of it.
      const miss = Math.abs(p.mean[k] - truth[k]);
      expect(miss, `${NAMES[k]}: ${p.mean[k]} ± ${sigma}`).toBeLessThan(0.1 * (HIGH[k] - LOW[k]));
      expect(miss).toBeLessThan(3 * sigma);
    }
  }, 60_000);

  it('survives a save and load, proposing the same', async () => {
    const data = pseudoData(7);
    const model = await fitInverse(trainingSet(table), { data, epochs: 30, copies: 5, hidden: [8], seed: 5, backend: 'cpu' });
    const dir = join(mkdtempSync(join(tmpdir(), 'mctune-inverse-')), 'inverse');
    await model.save(dir);
    expect(loadInverse(dir).propose(data.values, data.errors, 50, 2)).toEqual(model.propose(data.values, data.errors, 50, 2));
  }, 60_000);

  it('says loudly when the data lie outside what it was trained on', async () => {
    const data = pseudoData(6);
    const model = await fitInverse(trainingSet(table), { data, epochs: 100, copies: 5, hidden: [8], seed: 4, backend: 'cpu' });
    const far = pseudoData(6, 3);
    const p = model.propose(far.values, far.errors, 200, 1);
    expect(p.warnings[0]).toMatch(/the data lie outside what the network was trained on: their standardised RMS \d+\.\d+ exceeds the training runs' largest/);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { fitPolynomial, pullEstimates, splitHoldout, trainingSet, validateOnRuns } from '../../src/surrogate/index.js';
import { syntheticTable } from './fixtures.js';

/** Ten bins, each linear in two parameters, with 5 % Gaussian noise. */
const table = syntheticTable({
  names: ['StringZ:aLund', 'StringZ:bLund'],
  low: [0.3, 0.5],
  high: [1.0, 1.5],
  runs: 100,
  response: (p) => Array.from({ length: 10 }, (_, b) => 10 + b + 3 * p[0] - 2 * p[1]),
  relError: 0.05,
  seed: 21,
  perObject: 5,
});

describe('held-out validation', () => {
  it('holds out the asked number of runs, chosen by the seed, disjoint from the training runs', () => {
    const set = trainingSet(table);
    const a = splitHoldout(set, 20, 7);
    expect(a.test.runNames).toHaveLength(20);
    expect(a.train.runNames).toHaveLength(80);
    expect(a.train.runNames.filter((r) => a.test.runNames.includes(r))).toEqual([]);
    expect(splitHoldout(set, 20, 7).test.runNames).toEqual(a.test.runNames);
    expect(splitHoldout(set, 20, 8).test.runNames).not.toEqual(a.test.runNames);
  });

  it('gives pulls whose RMS is what the statistics say for a correct model', () => {
    const { train, test } = splitHoldout(trainingSet(table), 20, 7);
    const v = validateOnRuns(fitPolynomial(train, { order: 1 }), test);
    expect(v.overall.count).toBe(200);
    // accuracy pull = (f̂ − y)/σ_run, with a fit error of ≈ √(3/80) σ: RMS ≈ √(1 + 3/80) = 1.02, with a
    // spread of 1.02/√400 = 0.05 over 200 pulls; ±4 of those.
    expect(v.accuracy.rms).toBeGreaterThan(1.02 - 0.2);
    expect(v.accuracy.rms).toBeLessThan(1.02 + 0.2);
    expect(Math.abs(v.accuracy.mean)).toBeLessThan((4 * 1.02) / Math.sqrt(200));
    // The model's own uncertainty (leverage ≈ 3/80, no discrepancy to speak of) is small beside the runs' errors,
    // so the full pull is the accuracy pull taken down by √(1 + 3/80) at most a little more.
    expect(v.spreadRatio).toBeLessThan(0.4);
    expect(v.overall.rms).toBeLessThanOrEqual(v.accuracy.rms);
    expect(v.overall.rms).toBeGreaterThan(1 - 0.2);
    expect(v.histograms.map((h) => [h.path, h.bins])).toEqual([['/TEST/d01-x01-y01', 5], ['/TEST/d02-x01-y01', 5]]);
  });

  it('sees a wrong model: an order too low for a curved response is far from the runs, and says how far', () => {
    const curved = syntheticTable({ names: ['a:x', 'a:y'], low: [0, 0], high: [1, 1], runs: 60, response: (p) => [50 + 40 * p[0] * p[0] - 30 * p[1] * p[1]], relError: 0.01, seed: 3 });
    const { train, test } = splitHoldout(trainingSet(curved), 15, 1);
    const linear = validateOnRuns(fitPolynomial(train, { order: 1 }), test);
    expect(linear.accuracy.rms).toBeGreaterThan(5);
    // Its cross-validated discrepancy owns up to it: large beside the runs' errors, and the pulls in it
    // near 1 (15 runs: the RMS of 15 unit pulls is 1 within ±0.2 at 1σ; ±3σ allowed).
    expect(linear.spreadRatio).toBeGreaterThan(3);
    expect(linear.overall.rms).toBeGreaterThan(0.4);
    expect(linear.overall.rms).toBeLessThan(1.6);
    const quadratic = validateOnRuns(fitPolynomial(train, { order: 2 }), test);
    expect(quadratic.accuracy.rms).toBeLessThan(1.5);
    expect(quadratic.spreadRatio).toBeLessThan(1);
  });

  it('writes the pulls per histogram as estimates: mean pull per bin, RMS as the error', () => {
    const { train, test } = splitHoldout(trainingSet(table), 20, 7);
    const model = fitPolynomial(train, { order: 1 });
    const v = validateOnRuns(model, test);
    const est = pullEstimates(model, v);
    expect(est.map((e) => e.path)).toEqual(['/TEST/d01-x01-y01', '/TEST/d02-x01-y01']);
    const mean0 = Array.from({ length: 20 }, (_, r) => v.pulls[r * 10]).reduce((a, b) => a + b) / 20;
    expect(est[0].values[1]).toBeCloseTo(mean0, 12);
    expect(est[0].sources[0].up[1]).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { parseWeightLine, type WeightSpec } from '../../src/campaign/index.js';
import { Chi2Objective, selectBins } from '../../src/chi2/index.js';
import { quantileOfSorted } from '../../src/linalg/index.js';
import { fitPolynomial, polynomialRefits, subsetRuns, type HeldOutRefits, type TrainingSet } from '../../src/surrogate/index.js';
import { heldOutClosure, tuneSurrogate } from '../../src/tune/index.js';
import { gauss, rng } from '../helpers/random.js';
import { LinearSurrogate } from './linear-model.js';

const box = { names: ['StringZ:aLund', 'StringZ:bLund'], low: Float64Array.from([0.3, 0.5]), high: Float64Array.from([1, 1.5]) };
const SLOPE = Float64Array.from([4, 1, -2, 3, 1, 1, 0.5, -4, 3, 0, -1, 2]);
// Every bin positive over the box, so that relative errors stay finite.
const OFFSET = Float64Array.from([1, 5, 2, 6, 8, 4]);
const B = OFFSET.length;
const ZERO = new Float64Array(B);
const paths = Array.from({ length: B }, (_, b) => `/A/d0${1 + (b % 2)}-x01-y01`);
const truthModel = new LinearSurrogate(box, SLOPE, OFFSET, ZERO, ZERO, paths);
const weights = [parseWeightLine('/A 1') as WeightSpec];
const DATA_RELATIVE = 0.02;
const RUN_ERROR = 0.001;
/** How far every refit's response is shifted in parameter space: its tune of a run lands exactly this far off. */
const SHIFT = Float64Array.from([0.02, -0.01]);

/** Runs on an n × n grid over the box, each with the truth's exact values and a small MC error. */
function gridRuns(n: number): TrainingSet {
  const params = new Float64Array(n * n * 2);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    params[(i * n + j) * 2] = box.low[0] + ((box.high[0] - box.low[0]) * i) / (n - 1);
    params[(i * n + j) * 2 + 1] = box.low[1] + ((box.high[1] - box.low[1]) * j) / (n - 1);
  }
  const values = truthModel.predict(params).values;
  return { paramNames: box.names, runNames: Array.from({ length: n * n }, (_, r) => `run${r}`), params, bins: truthModel.bins, values, errors: new Float64Array(values.length).fill(RUN_ERROR), exclusions: { runs: [], bins: [] } };
}

/** The truth shifted by SHIFT: f(θ − δ) = (c − Aδ) + Aθ. */
const SHIFTED_OFFSET = Float64Array.from(OFFSET, (c, b) => c - SLOPE[2 * b] * SHIFT[0] - SLOPE[2 * b + 1] * SHIFT[1]);

/** Every refit is the truth shifted by SHIFT. */
function shiftedRefits(runs: TrainingSet): HeldOutRefits {
  return { runs, without: () => new LinearSurrogate(box, SLOPE, SHIFTED_OFFSET, ZERO, ZERO, paths) };
}

function objectiveAt(point: Float64Array): Chi2Objective {
  const values = truthModel.predict(point).values;
  return new Chi2Objective(truthModel, selectBins(truthModel.bins, { values, errors: values.map((v) => DATA_RELATIVE * Math.abs(v)) }, weights));
}

/** σ of the linear fit to one run: (AᵀWA)⁻¹ over the free parameters, W from the run's pseudo-data errors. */
function runSigma(values: Float64Array, free: readonly number[]): number[] {
  const w = Array.from(values, (v) => 1 / (DATA_RELATIVE ** 2 * v * v + RUN_ERROR ** 2));
  const m = (p: number, q: number) => w.reduce((s, wb, b) => s + wb * SLOPE[2 * b + p] * SLOPE[2 * b + q], 0);
  if (free.length === 1) return [Math.sqrt(1 / m(free[0], free[0]))];
  const det = m(0, 0) * m(1, 1) - m(0, 1) ** 2;
  return [Math.sqrt(m(1, 1) / det), Math.sqrt(m(0, 0) / det)];
}

/**
 * The 68 % quantile of |θ̂ − θ_run|/σ̂ over the runs inside the margins. With
 * both parameters free each tune lands δ off; with aLund held at the run's
 * value, bLund takes up what aLund's shift does to the bins as well.
 */
function expectedScale(runs: TrainingSet, free: readonly number[]): number[] {
  const z: number[][] = free.map(() => []);
  for (let r = 0; r < runs.runNames.length; r++) {
    const u = [0, 1].map((p) => (runs.params[2 * r + p] - box.low[p]) / (box.high[p] - box.low[p]));
    if (!free.every((p) => u[p] >= 0.1 && u[p] <= 0.9)) continue;
    const values = runs.values.subarray(r * B, (r + 1) * B);
    const sigma = runSigma(values, free);
    const w = Array.from(values, (v) => 1 / (DATA_RELATIVE ** 2 * v * v + RUN_ERROR ** 2));
    const m = (p: number, q: number) => w.reduce((s, wb, b) => s + wb * SLOPE[2 * b + p] * SLOPE[2 * b + q], 0);
    const off = free.length === 2 ? [SHIFT[0], SHIFT[1]] : [SHIFT[1] + (SHIFT[0] * m(0, 1)) / m(1, 1)];
    free.forEach((_, a) => z[a].push(Math.abs(off[a]) / sigma[a]));
  }
  return z.map((v) => quantileOfSorted(v.sort((a, b) => a - b), 0.6827));
}

describe('the closure on the campaign\'s own runs', () => {
  it('tunes each run inside the margins by its refit, and scales σ by the 68 % quantile of |θ̂ − θ_run|/σ̂', () => {
    const runs = gridRuns(7);
    const objective = objectiveAt(Float64Array.from([0.6, 1.0]));
    const h = heldOutClosure(objective, [0, 1], shiftedRefits(runs), { seed: 2 });
    // Grid points at 1/6 … 5/6 of each range: 5 × 5 inside the 10 % margins.
    expect(h.runs).toBe(25);
    expect(h.applied).toBe(true);
    const want = expectedScale(runs, [0, 1]);
    want.forEach((s, p) => expect(h.scale[p]).toBeCloseTo(s, 5));
    // Every run's tune lands δ off, so the mean pull has δ's sign.
    expect(h.meanPull[0]).toBeGreaterThan(0);
    expect(h.meanPull[1]).toBeLessThan(0);
  });

  it('takes the share of the pulls that the held-out runs\' own noise explains off the squared scale', () => {
    const runs = gridRuns(7);
    const objective = objectiveAt(Float64Array.from([0.6, 1.0]));
    // Refits whose misses are their runs' noise, first not knowing it, then with the runs' draws of it.
    const r = rng(5);
    const draws = Float64Array.from({ length: 100 * B }, (_, i) => (i % 2 ? 0.5 : -0.4) * DATA_RELATIVE * OFFSET[i % B]);
    for (let k = 0; k < 100; k++) {
      const e = gauss(r);
      for (let b = 0; b < B; b++) draws[k * B + b] *= e;
    }
    const refits = (runNoise?: Float64Array): HeldOutRefits => ({ runs, without: () => new LinearSurrogate(box, SLOPE, SHIFTED_OFFSET, ZERO, ZERO, paths, true, { misses: draws, noise: new Float64Array(draws.length), discrepancy: ZERO, ...(runNoise && { runNoise }) }) });
    const plain = heldOutClosure(objective, [0, 1], refits(), { seed: 2 });
    const h = heldOutClosure(objective, [0, 1], refits(draws), { seed: 2 });
    expect(plain.noiseShare).toEqual(Float64Array.from([0, 0]));
    for (let p = 0; p < 2; p++) {
      expect(h.noiseShare[p]).toBeGreaterThan(0.01);
      // The misses are taken whole either way, so the pulls are the same; only the scale differs.
      expect(h.meanPull[p]).toBe(plain.meanPull[p]);
      // Less that share in quadrature, but never below one standard error of q² (q the 68 % quantile of |pull|).
      const q = plain.scale[p];
      const resolution = (2 * 0.9617 * q * q) / Math.sqrt(h.runs);
      expect(h.scale[p]).toBeCloseTo(Math.sqrt(Math.max(q * q - h.noiseShare[p], resolution)), 3);
      expect(h.scale[p]).toBeLessThan(plain.scale[p]);
    }
    // For bLund the runs' noise is the whole miss: what is left of q² is within its error of zero, and the floor holds.
    expect(plain.scale[1] ** 2 - h.noiseShare[1]).toBeLessThan(0);
    expect(h.scale[1]).toBeGreaterThan(0.5 * plain.scale[1]);
  });

  it('holds a parameter the tune holds at each run\'s own value, and leaves its scale at 1', () => {
    const runs = gridRuns(7);
    const h = heldOutClosure(objectiveAt(Float64Array.from([0.6, 1.0])), [1], shiftedRefits(runs), { fixed: { 'StringZ:aLund': 0.6 } });
    expect(h.scale[0]).toBe(1);
    expect(h.scale[1]).toBeCloseTo(expectedScale(runs, [1])[0], 5);
  });

  it('scales σ and the covariance of a tune and keeps its correlations; too few runs inside leave σ as it is', () => {
    const data = (() => {
      const v = truthModel.predict(Float64Array.from([0.6, 1.0])).values;
      return { values: v, errors: v.map((x) => DATA_RELATIVE * Math.abs(x)) };
    })();
    const plain = tuneSurrogate(truthModel, data, weights, { deltaChi2: 1, seed: 1 });
    const scaled = tuneSurrogate(truthModel, data, weights, { deltaChi2: 1, seed: 1, heldOutRefits: shiftedRefits(gridRuns(7)) });
    const s = scaled.heldOutClosure?.scale ?? new Float64Array(2);
    expect(plain.heldOutClosure).toBeUndefined();
    for (let p = 0; p < 2; p++) {
      expect(s[p]).toBeCloseTo(expectedScale(gridRuns(7), [0, 1])[p], 5);
      expect(scaled.sigmaSandwich[p]).toBeCloseTo(plain.sigma[p], 12);
      expect(scaled.sigma[p]).toBeCloseTo(plain.sigma[p] * s[p], 12);
      for (let q = 0; q < 2; q++) {
        expect(scaled.covariance[p * 2 + q]).toBeCloseTo(plain.covariance[p * 2 + q] * s[p] * s[q], 12);
        expect(scaled.correlation[p * 2 + q]).toBeCloseTo(plain.correlation[p * 2 + q], 12);
      }
    }
    // A 3 × 3 grid has only its centre inside the margins.
    const few = tuneSurrogate(truthModel, data, weights, { deltaChi2: 1, seed: 1, heldOutRefits: shiftedRefits(gridRuns(3)) });
    expect(few.heldOutClosure).toMatchObject({ runs: 1, applied: false });
    expect(Array.from(few.heldOutClosure?.scale ?? [])).toEqual([1, 1]);
    expect(Array.from(few.sigma)).toEqual(Array.from(plain.sigma));
  });

  it('refuses runs whose bins are not the surrogate\'s, naming the first that differs', () => {
    const runs = gridRuns(7);
    const other = { ...runs, bins: runs.bins.map((b, i) => (i === 3 ? { ...b, path: '/B/d09-x01-y01' } : b)) };
    expect(() => heldOutClosure(objectiveAt(Float64Array.from([0.6, 1.0])), [0, 1], { runs: other, without: () => truthModel })).toThrow(/held-out closure: the runs' bins are not the surrogate's \(first at \/A\/d02-x01-y01#3\)/);
  });
});

describe('a polynomial fitted again without one run', () => {
  function noisyRuns(n: number, seed: number): TrainingSet {
    const r = rng(seed);
    const params = Float64Array.from({ length: n * 2 }, (_, i) => box.low[i % 2] + (box.high[i % 2] - box.low[i % 2]) * r());
    const values = new Float64Array(n * 3);
    for (let k = 0; k < n; k++) {
      const [a, b] = [params[2 * k], params[2 * k + 1]];
      [1 + a * a, 2 - a * b, 3 + b + 0.5 * a * a * b].forEach((v, j) => (values[k * 3 + j] = v + 0.01 * gauss(r)));
    }
    return { paramNames: box.names, runNames: Array.from({ length: n }, (_, k) => `run${k}`), params, bins: paths.slice(0, 3).map((path, i) => ({ path, index: i, xlow: i, xhigh: i + 1 })), values, errors: new Float64Array(n * 3).fill(0.01), exclusions: { runs: [], bins: [] } };
  }

  it('is the same fit to the other runs, in the same box and at the order cross-validation chose', () => {
    const runs = noisyRuns(40, 5);
    const fitted = fitPolynomial(runs, { order: 'auto', seed: 3 });
    const refits = polynomialRefits(runs, fitted, { order: 'auto', seed: 3 });
    const lowest = Array.from({ length: 40 }, (_, k) => k).reduce((m, k) => (runs.params[2 * k] < runs.params[2 * m] ? k : m), 0);
    const refit = refits.without(lowest);
    expect(refit.box.low[0]).toBe(fitted.box.low[0]);
    expect(refit.runs).toHaveLength(39);
    expect(refit.runs).not.toContain(`run${lowest}`);
    const direct = fitPolynomial(subsetRuns(runs, Array.from({ length: 40 }, (_, k) => k).filter((k) => k !== lowest)), { order: fitted.value.order, box: fitted.box, seed: 3 });
    const at = Float64Array.from([0.5, 0.9, 0.8, 1.3]);
    const a = refit.predict(at).values;
    const b = direct.predict(at).values;
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 12));
    expect(() => refits.without(40)).toThrow(/no run 40 among 40/);
    expect(() => polynomialRefits({ ...runs, bins: runs.bins.slice(0, 2) }, fitted)).toThrow(/bins are not the surrogate's/);
  });
});

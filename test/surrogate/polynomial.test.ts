import { describe, expect, it } from 'vitest';
import { fitPolynomial, monomialExponents, numCoefficients, toUnit, trainingSet } from '../../src/surrogate/index.js';
import { leastSquares, RankDeficientError } from '../../src/surrogate/lsq.js';
import { designMatrix } from '../../src/surrogate/monomials.js';
import { expectJacobianMatches, syntheticTable } from './fixtures.js';

/** A response with a clear order-2 structure in three parameters, in units like Pythia's. */
function quadratic(p: Float64Array): number[] {
  const [as, a, s] = [p[0], p[1], p[2]];
  return [1 + 10 * as + 3 * a * a, 2 - a + 0.5 * s + 4 * as * s, 5 + 2 * a * s - s * s, 0.3 + 20 * as * as];
}
function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, x, i) => s + x * b[i], 0);
}

/** Gaussian elimination with partial pivoting: the solution of A y = x. */
function solve(A: number[][], x: number[]): number[] {
  const n = x.length;
  const m = A.map((row, i) => [...row, x[i]]);
  for (let c = 0; c < n; c++) {
    const p = m.reduce((best, _row, r) => (r >= c && Math.abs(m[r][c]) > Math.abs(m[best][c]) ? r : best), c);
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) y[r] = (m[r][n] - dot(m[r].slice(r + 1, n), y.slice(r + 1))) / m[r][r];
  return y;
}

const BOX = { names: ['TimeShower:alphaSvalue', 'StringZ:aLund', 'StringPT:sigma'], low: [0.1, 0.3, 0.25], high: [0.16, 1.0, 0.45] };

describe('monomialExponents', () => {
  it('lists C(d+n, n) exponent vectors, graded, the first variable highest first within a degree (Professor 2.2+)', () => {
    expect(numCoefficients(5, 3)).toBe(56);
    expect(monomialExponents(2, 2).map((e) => [...e])).toEqual([[0, 0], [1, 0], [0, 1], [2, 0], [1, 1], [0, 2]]);
    expect(monomialExponents(3, 2).map((e) => [...e])).toEqual([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [2, 0, 0], [1, 1, 0], [1, 0, 1], [0, 2, 0], [0, 1, 1], [0, 0, 2]]);
    expect(monomialExponents(4, 3)).toHaveLength(numCoefficients(4, 3));
  });
});

describe('leastSquares', () => {
  it('solves an overdetermined exact system for several right-hand sides, and refuses a rank-deficient one', () => {
    // y = 1 + 2t and y = −t², sampled at 5 points, basis (1, t, t²).
    const t = [0, 0.25, 0.5, 0.75, 1];
    const A = Float64Array.from(t.flatMap((x) => [1, x, x * x]));
    const Y = Float64Array.from(t.flatMap((x) => [1 + 2 * x, -x * x]));
    const C = leastSquares(A, 5, 3, Y, 2);
    [1, 0, 2, 0, 0, -1].forEach((c, i) => expect(C[i]).toBeCloseTo(c, 12));
    const twice = Float64Array.from(t.flatMap((x) => [1, x, 2 * x]));
    expect(() => leastSquares(twice, 5, 3, Y, 2)).toThrow(RankDeficientError);
  });
});

describe('fitPolynomial', () => {
  it('recovers an order-2 response exactly from exact runs', () => {
    const table = syntheticTable({ ...BOX, runs: 30, response: quadratic });
    const model = fitPolynomial(table, { order: 2 });
    const points = Float64Array.from([0.11, 0.4, 0.3, 0.15, 0.9, 0.44, 0.13, 0.65, 0.35]);
    const { values } = model.predict(points);
    for (let i = 0; i < 3; i++) quadratic(points.subarray(3 * i, 3 * i + 3)).forEach((v, b) => expect(values[i * 4 + b]).toBeCloseTo(v, 9));
    expect(model.bins.map((b) => `${b.path}#${b.index}`)).toEqual(['/TEST/d01-x01-y01#0', '/TEST/d01-x01-y01#1', '/TEST/d01-x01-y01#2', '/TEST/d01-x01-y01#3']);
  });

  it('has a Jacobian that agrees with central differences of predict to 1e-6', () => {
    const table = syntheticTable({ ...BOX, runs: 60, response: (p) => quadratic(p).map((v, i) => v + Math.sin(3 * p[1] + i)), relError: 0.01, seed: 4 });
    const model = fitPolynomial(table, { order: 3 });
    expectJacobianMatches(model, Float64Array.from([0.13, 0.7, 0.33]), BOX.high.map((hi, p) => 1e-4 * (hi - BOX.low[p])));
  });

  it('states its own uncertainty: the runs\' noise through the fit (leverage) and a discrepancy where the order is too low', () => {
    const noisy = syntheticTable({ ...BOX, runs: 40, response: quadratic, relError: 0.02, seed: 8 });
    const model = fitPolynomial(noisy, { order: 2, errorOrder: 0 });
    const at = Float64Array.from([0.12, 0.5, 0.4]);
    // h = xᵀ(AᵀA)⁻¹x from the normal equations, solved independently of the QR the model uses.
    const set = trainingSet(noisy);
    const exps = monomialExponents(3, 2);
    const A = designMatrix(toUnit(model.box, set.params), 3, exps);
    const x = designMatrix(toUnit(model.box, at), 3, exps);
    const M = exps.length;
    const AtA = Array.from({ length: M }, (_, i) => Array.from({ length: M }, (_, j) => set.runNames.reduce((s, _r, r) => s + A[r * M + i] * A[r * M + j], 0)));
    const h = dot(Array.from(x), solve(AtA, Array.from(x)));
    const u = model.uncertainty;
    if (!u) throw new Error('a fitted polynomial knows its uncertainty');
    const p = model.predict(at);
    for (let b = 0; b < 4; b++) expect(p.spread[b]).toBeCloseTo(Math.sqrt(h * p.errors[b] ** 2 + u.discrepancy[b] ** 2), 12);
    // The right order: the held-out residuals are the runs' noise, so the discrepancy is small beside it.
    for (let b = 0; b < 4; b++) expect(u.discrepancy[b]).toBeLessThan(p.errors[b]);
    // Too low an order for a curved response: the discrepancy carries the curvature the plane misses.
    const plane = fitPolynomial(noisy, { order: 1, errorOrder: 0 });
    // Bin 0 holds 3·aLund²: the best line misses x² on a unit interval by an RMS of 1/(6√5), here
    // 3·0.7²/(6√5) = 0.110, beside a 2 % error of about 0.07. τ from 40 runs is good to about 1/√40 (±3 of those).
    const tau = plane.uncertainty?.discrepancy[0] ?? 0;
    expect(tau).toBeGreaterThan(0.11 * (1 - 3 / Math.sqrt(40)));
    expect(tau).toBeLessThan(0.11 * (1 + 3 / Math.sqrt(40)));
  });

  it('refuses too few runs for the order, naming the numbers', () => {
    const table = syntheticTable({ ...BOX, runs: 12, response: quadratic });
    expect(() => fitPolynomial(table, { order: 3 })).toThrow('order 3 in 3 parameters has 20 coefficients per bin, so it needs at least 20 runs; there are 12 usable runs');
  });

  it('chooses the order by cross-validation: not below the truth, and the lowest held-out error', () => {
    const table = syntheticTable({ ...BOX, runs: 80, response: quadratic, relError: 0.002, seed: 7 });
    const model = fitPolynomial(table, { order: 'auto', maxOrder: 4 });
    const best = Math.min(...model.orderScores.map((s) => s.score));
    expect(model.orderScores.find((s) => s.order === model.value.order)?.score).toBe(best);
    expect(model.value.order).toBe(2);
    // Below the truth the held-out pulls are far too wide; at the truth their mean square is about
    // 1 + M/R (noise plus the fit's own spread: 1.16 here), above it the extra terms fit noise.
    expect(model.orderScores.find((s) => s.order === 1)?.score).toBeGreaterThan(20);
    expect(best).toBeLessThan(2);
  });

  it('models the MC errors: a median at order 0, a polynomial otherwise, never negative', () => {
    const table = syntheticTable({ ...BOX, runs: 40, response: quadratic, relError: 0.05, seed: 2 });
    const median = fitPolynomial(table, { order: 2, errorOrder: 0 });
    const sorted = Array.from({ length: 40 }, (_, r) => table.errors[r * 4]).sort((a, b) => a - b);
    expect(median.predict(Float64Array.from([0.12, 0.5, 0.3])).errors[0]).toBeCloseTo((sorted[19] + sorted[20]) / 2, 12);
    const poly = fitPolynomial(table, { order: 2, errorOrder: 1 });
    const { errors } = poly.predict(Float64Array.from([0.1, 0.3, 0.25, 0.16, 1.0, 0.45]));
    expect(errors.every((e) => e >= 0)).toBe(true);
    // Bin 0 grows with αs and a: its error (5 % of it) does too.
    expect(errors[4]).toBeGreaterThan(errors[0]);
  });

  it('leaves out runs with a NaN and bins most runs lack, listing both, and fits the rest', () => {
    const table = syntheticTable({ ...BOX, runs: 25, response: quadratic });
    table.values.fill(NaN, 3 * 4, 4 * 4); // run 0003 lacks everything
    table.values[7 * 4 + 2] = NaN; // bin 2 missing in run 0007
    for (let r = 10; r < 25; r++) table.errors[r * 4 + 3] = NaN; // bin 3 has no error in 15 of 25 runs
    const model = fitPolynomial(table, { order: 2 });
    expect(model.exclusions.bins).toEqual([{ bin: '/TEST/d01-x01-y01#3', reason: 'no value (or no error) in 16 of the 25 runs' }]);
    expect(model.exclusions.runs).toEqual([
      { run: '0003', reason: 'no value (or no error) in 3 bins that the other runs have, e.g. /TEST/d01-x01-y01#0' },
      { run: '0007', reason: 'no value (or no error) in 1 bins that the other runs have, e.g. /TEST/d01-x01-y01#2' },
    ]);
    expect(model.bins).toHaveLength(3);
    expect(model.runs).toHaveLength(23);
    const { values } = model.predict(Float64Array.from([0.12, 0.5, 0.3]));
    quadratic(Float64Array.from([0.12, 0.5, 0.3])).slice(0, 3).forEach((v, b) => expect(values[b]).toBeCloseTo(v, 9));
  });

  it('with order auto, stops at the highest order every fold determines (a grid design)', () => {
    // A 3 × 3 × 3 grid: three values per parameter cannot determine a cube term, though 24 runs outnumber its 20 coefficients.
    const grid = syntheticTable({ ...BOX, runs: 27, response: quadratic });
    for (let k = 0; k < 27; k++) [k % 3, Math.floor(k / 3) % 3, Math.floor(k / 9)].forEach((i, p) => (grid.params[k * 3 + p] = BOX.low[p] + (i / 2) * (BOX.high[p] - BOX.low[p])));
    grid.values.set(Array.from({ length: 27 }, (_, k) => quadratic(grid.params.subarray(3 * k, 3 * k + 3))).flat());
    const model = fitPolynomial(grid, { order: 'auto', maxOrder: 4, folds: 9 });
    expect(model.orderScores.map((s) => s.order)).toEqual([0, 1, 2]);
    expect(model.value.order).toBe(2);
  });

  it('fits in the parameters asked for, leaving out one the campaign held fixed, and refuses a name the runs lack', () => {
    const table = syntheticTable({ ...BOX, runs: 30, response: quadratic });
    // StringPT:sigma held at one value in every run: a fixed parameter of the campaign.
    for (let r = 0; r < 30; r++) table.params[r * 3 + 2] = 0.335;
    expect(() => fitPolynomial(table, { order: 1 })).toThrow(/parameter StringPT:sigma takes one value \(0\.335\) in every run/);
    const set = trainingSet(table, { parameters: ['TimeShower:alphaSvalue', 'StringZ:aLund'] });
    expect(set.paramNames).toEqual(['TimeShower:alphaSvalue', 'StringZ:aLund']);
    expect(Array.from(set.params.subarray(0, 2))).toEqual(Array.from(table.params.subarray(0, 2)));
    expect(fitPolynomial(set, { order: 2 }).box.names).toEqual(['TimeShower:alphaSvalue', 'StringZ:aLund']);
    expect(() => trainingSet(table, { parameters: ['StringZ:cLund'] })).toThrow(/parameter StringZ:cLund is not one of the runs' \(TimeShower:alphaSvalue, StringZ:aLund, StringPT:sigma\)/);
  });

  it('says so when no run is finished', () => {
    const table = { ...syntheticTable({ ...BOX, runs: 1, response: quadratic }), runNames: [], params: new Float64Array(0), values: new Float64Array(0), errors: new Float64Array(0) };
    expect(() => fitPolynomial(table)).toThrow(/no finished runs to fit/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseWeightLine, type WeightSpec } from '../../src/campaign/index.js';
import { Chi2Objective, selectBins } from '../../src/chi2/index.js';
import { calibrateDeltaChi2, eigentunes, fitBest, uncertaintiesAt } from '../../src/tune/index.js';
import { gauss, rng } from '../helpers/random.js';
import { Random } from '../../src/generator/index.js';
import { LinearSurrogate } from './linear-model.js';

const box = { names: ['StringZ:aLund', 'StringZ:bLund'], low: Float64Array.from([0.3, 0.5]), high: Float64Array.from([1, 1.5]) };
const SLOPE = Float64Array.from([4, 1, -2, 3, 1, 1, 0.5, -4, 3, 0, -1, 2]);
const OFFSET = Float64Array.from([1, 5, 2, 6, 3, 4]);
const MC = Float64Array.from([0.02, 0.03, 0.02, 0.01, 0.02, 0.03]);
const SPREAD = Float64Array.from([0.01, 0, 0.02, 0.01, 0, 0.01]);
const DATA_ERR = Float64Array.from([0.05, 0.04, 0.06, 0.05, 0.03, 0.04]);
const model = new LinearSurrogate(box, SLOPE, OFFSET, MC, SPREAD, Array.from({ length: 6 }, (_, b) => `/A/d0${1 + (b % 2)}-x01-y01`));
const weights = [parseWeightLine('/A 1') as WeightSpec];
const truth = Float64Array.from([0.62, 0.93]);
// The model states its own uncertainty, so the χ²'s σ is the data's and the spread in quadrature (not the MC error).
const sigmaTotal = Float64Array.from(DATA_ERR, (e, b) => Math.hypot(e, SPREAD[b]));

/** Data at the truth, fluctuated by the χ²'s full σ (so that the fit's pulls are unit Gaussians). */
function toyData(seed: number): { values: Float64Array; errors: Float64Array } {
  const r = rng(seed);
  const f = model.predict(truth).values;
  return { values: Float64Array.from(f, (v, b) => v + sigmaTotal[b] * gauss(r)), errors: DATA_ERR };
}

/** (AᵀWA)⁻¹ for the linear model, W = 1/σ². */
function analyticCovariance(): number[] {
  let a = 0;
  let b = 0;
  let c = 0;
  for (let k = 0; k < 6; k++) {
    const w = 1 / sigmaTotal[k] ** 2;
    a += w * SLOPE[2 * k] ** 2;
    b += w * SLOPE[2 * k] * SLOPE[2 * k + 1];
    c += w * SLOPE[2 * k + 1] ** 2;
  }
  const det = a * c - b * b;
  return [c / det, -b / det, -b / det, a / det];
}

describe('tuning a χ²', () => {
  it('finds the minimum from every start, keeps each start\'s end point, and takes given starts too', () => {
    const objective = new Chi2Objective(model, selectBins(model.bins, toyData(1), weights));
    const fit = fitBest(objective, { starts: 16, seed: 3, extraStarts: [Float64Array.from([0.9, 0.6])] });
    expect(fit.starts).toHaveLength(17);
    expect(fit.starts[0].origin).toBe('given');
    for (const s of fit.starts) {
      expect(s.converged).toBe(true);
      expect(s.chi2).toBeCloseTo(fit.chi2, 8);
    }
    expect(new Set(fit.starts.map((s) => s.start.join(','))).size).toBe(17);
  });

  it('gives the covariance of a linear model exactly, and eigentunes at Δχ² on its ellipse', () => {
    const objective = new Chi2Objective(model, selectBins(model.bins, toyData(2), weights));
    const fit = fitBest(objective, { seed: 1 });
    const u = uncertaintiesAt(objective, fit.best, fit.free);
    analyticCovariance().forEach((c, i) => expect(u.covariance[i]).toBeCloseTo(c, 12));
    expect(u.correlation[1]).toBeCloseTo(u.covariance[1] / (u.sigma[0] * u.sigma[1]), 12);
    expect(u.rank).toBe(2);
    const inv = analyticCovariance();
    const det = inv[0] * inv[3] - inv[1] * inv[2];
    for (const delta of [1, 2.3]) {
      const tunes = eigentunes(objective, fit.best, fit.free, u.covariance, delta);
      expect(tunes).toHaveLength(4);
      for (const t of tunes) {
        expect(t.clipped).toBe(false);
        expect(t.deltaChi2).toBeCloseTo(delta, 8);
        // A quadratic χ²: Δχ² = δᵀC⁻¹δ, reached √Δχ² σ along the direction.
        const d = [t.point[0] - fit.best[0], t.point[1] - fit.best[1]];
        expect((inv[3] * d[0] * d[0] - 2 * inv[1] * d[0] * d[1] + inv[0] * d[1] * d[1]) / det).toBeCloseTo(delta, 6);
        expect(t.sigmas).toBeCloseTo(Math.sqrt(delta), 6);
      }
    }
  });

  it('has honest errors: over 300 toys of the data the pulls (fit − truth)/σ have mean 0 and RMS 1', () => {
    const pulls: number[][] = [[], []];
    for (let t = 0; t < 300; t++) {
      const objective = new Chi2Objective(model, selectBins(model.bins, toyData(100 + t), weights));
      const fit = fitBest(objective, { starts: 2, seed: t });
      const u = uncertaintiesAt(objective, fit.best, fit.free);
      for (let p = 0; p < 2; p++) pulls[p].push((fit.best[p] - truth[p]) / u.sigma[p]);
    }
    for (const ps of pulls) {
      const mean = ps.reduce((a, b) => a + b) / ps.length;
      const rms = Math.sqrt(ps.reduce((a, b) => a + b * b, 0) / ps.length);
      // 300 unit Gaussians: mean within ±4/√300 = 0.23, RMS within ±4/√600 = 0.16.
      expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(300));
      expect(Math.abs(rms - 1)).toBeLessThan(4 / Math.sqrt(600));
    }
  });

  it('holds a fixed parameter at its value, with no error, and refuses a name the model lacks', () => {
    const objective = new Chi2Objective(model, selectBins(model.bins, toyData(4), weights));
    const fit = fitBest(objective, { fixed: { 'StringZ:aLund': 0.7 }, starts: 4 });
    expect(fit.best[0]).toBe(0.7);
    expect(fit.free).toEqual([1]);
    const u = uncertaintiesAt(objective, fit.best, fit.free);
    expect(u.sigma[0]).toBe(0);
    expect(u.sigma[1]).toBeGreaterThan(0);
    expect(() => fitBest(objective, { fixed: { 'StringZ:cLund': 1 } })).toThrow(/fixed parameter StringZ:cLund is not one of the model's: StringZ:aLund, StringZ:bLund/);
  });

  it('stops an eigentune at the box when the χ² does not rise enough inside it', () => {
    const objective = new Chi2Objective(model, selectBins(model.bins, toyData(5), weights));
    const fit = fitBest(objective, { seed: 2 });
    const u = uncertaintiesAt(objective, fit.best, fit.free);
    const far = eigentunes(objective, fit.best, fit.free, u.covariance, 1e6);
    expect(far.every((t) => t.clipped)).toBe(true);
    for (const t of far) for (let p = 0; p < 2; p++) expect(t.point[p]).toBeGreaterThanOrEqual(box.low[p] - 1e-12);
    expect(far.some((t) => t.point.some((v, p) => Math.abs(v - box.low[p]) < 1e-9 || Math.abs(v - box.high[p]) < 1e-9))).toBe(true);
  });

  it('calibrates Δχ² so that the eigentune band covers the truth in 68 % of closure toys', () => {
    const objective = new Chi2Objective(model, selectBins(model.bins, toyData(6), weights));
    const fit = fitBest(objective, { seed: 4 });
    const c = calibrateDeltaChi2(objective, fit.best, fit.free, { toys: 400, seed: 9 });
    // Two free parameters of a linear model: the band covers when max(z₁², z₂²) ≤ Δχ², z_k unit Gaussians, so
    // P = erf(√(Δχ²/2))² = 0.6827 at Δχ² = 1.849. The 68 % quantile of 400 toys has a standard error of
    // √(0.68·0.32/400)/f = 0.121 (f = 0.192, the density of max(z₁², z₂²) there); ±4 of those.
    expect(c.toys).toBe(400);
    expect(Math.abs(c.deltaChi2 - 1.849)).toBeLessThan(4 * 0.121);
    // At Δχ² = 1 the band covers 0.6827² = 0.466 of the toys (binomial error 0.025; ±4 of those).
    expect(Math.abs(c.coverageAtOne - 0.466)).toBeLessThan(4 * 0.025);
  });

  it('with held-out misses, carries an error common to all bins into σ, and the closure toys then leave σ as it is', () => {
    // The truth is off the surrogate by δ·c in every toy, δ a unit Gaussian and c one shape over all bins
    // (twice the data's error in each, all one way): an error no per-bin σ holds. The surrogate's misses are 200 draws of it.
    const shape = DATA_ERR.map((e) => 2 * e);
    const draws = new Random(11);
    const misses = new Float64Array(200 * 6);
    for (let r = 0; r < 200; r++) {
      const delta = draws.gauss();
      for (let b = 0; b < 6; b++) misses[r * 6 + b] = delta * shape[b];
    }
    const paths = model.bins.map((b) => b.path);
    // No noise in the misses, and all the model's spread coherent (τ = its spread), as the toys below make it.
    const knowing = new LinearSurrogate(box, SLOPE, OFFSET, MC, SPREAD, paths, true, { misses, noise: new Float64Array(misses.length), discrepancy: SPREAD });
    const TOYS = 300;
    const pulls = { plain: [[], []] as number[][], knowing: [[], []] as number[][] };
    for (let t = 0; t < TOYS; t++) {
      const r = rng(500 + t);
      const delta = gauss(r);
      const f = model.predict(truth).values;
      const data = { values: Float64Array.from(f, (v, b) => v + delta * shape[b] + DATA_ERR[b] * gauss(r)), errors: DATA_ERR };
      for (const [name, m] of [['plain', model], ['knowing', knowing]] as const) {
        const objective = new Chi2Objective(m, selectBins(m.bins, data, weights));
        const fit = fitBest(objective, { starts: 2, seed: 1 });
        const u = uncertaintiesAt(objective, fit.best, fit.free);
        for (let p = 0; p < 2; p++) pulls[name][p].push((fit.best[p] - truth[p]) / u.sigma[p]);
      }
    }
    const rms = (a: number[]) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    // The RMS of 300 unit Gaussians is 1 ± 0.041; ±4 of those (a little more for 200 draws of E).
    for (let p = 0; p < 2; p++) {
      expect(Math.abs(rms(pulls.knowing[p]) - 1)).toBeLessThan(0.2);
      expect(rms(pulls.plain[p])).toBeGreaterThan(1.3);
    }
    const objective = new Chi2Objective(knowing, selectBins(knowing.bins, toyData(7), weights));
    const fit = fitBest(objective, { seed: 4 });
    const c = calibrateDeltaChi2(objective, fit.best, fit.free, { toys: 200, seed: 3 });
    expect(c.misses).toBe(200);
    // Toys drawing those same misses find σ honest: the 68 % quantile of |z| is 1 ± 0.068 for 200 toys; ±4 of those.
    for (const s of c.sigmaScale) expect(Math.abs(s - 1)).toBeLessThan(0.28);
    expect(calibrateDeltaChi2(new Chi2Objective(model, selectBins(model.bins, toyData(7), weights)), fit.best, fit.free, { toys: 20, seed: 3 }).misses).toBe(0);
  });

  it('keeps the misses whole when the runs brought draws of their own noise, and says what one run\'s noise does to the tune', () => {
    // The runs' noise: 400 draws of ε·n, one shape n over all bins.
    const n = DATA_ERR.map((e, b) => (b % 3 ? 3 : -2) * e);
    const draws = new Random(12);
    const eps = Float64Array.from({ length: 400 }, () => draws.gauss());
    const runNoise = Float64Array.from({ length: 400 * 6 }, (_, i) => eps[Math.floor(i / 6)] * n[i % 6]);
    const misses = Float64Array.from({ length: 400 * 6 }, (_, i) => draws.gauss() * DATA_ERR[i % 6]);
    const paths = model.bins.map((b) => b.path);
    const heldOut = { misses, noise: new Float64Array(misses.length), discrepancy: SPREAD };
    const whole = new LinearSurrogate(box, SLOPE, OFFSET, MC, SPREAD, paths, true, heldOut);
    const knowing = new LinearSurrogate(box, SLOPE, OFFSET, MC, SPREAD, paths, true, { ...heldOut, runNoise });
    const data = toyData(3);
    const at = (m: LinearSurrogate) => {
      const objective = new Chi2Objective(m, selectBins(m.bins, data, weights));
      const fit = fitBest(objective, { starts: 2, seed: 1 });
      return uncertaintiesAt(objective, fit.best, fit.free);
    };
    const [u, k] = [at(whole), at(knowing)];
    expect(Array.from(k.sigma)).toEqual(Array.from(u.sigma));
    expect(Array.from(u.runNoiseSigma)).toEqual([0, 0]);
    // A linear tune moves by (AᵀWA)⁻¹ AᵀW δ for a shift δ of the data; δ = ε·n has that times ε's RMS as its σ.
    const w = sigmaTotal.map((s) => 1 / s ** 2);
    const [c00, c01, , c11] = analyticCovariance();
    const g = [0, 1].map((p) => n.reduce((acc, nb, b) => acc + w[b] * SLOPE[2 * b + p] * nb, 0));
    const rmsEps = Math.sqrt(eps.reduce((acc, e) => acc + e * e, 0) / eps.length);
    const expected = [Math.abs(c00 * g[0] + c01 * g[1]) * rmsEps, Math.abs(c01 * g[0] + c11 * g[1]) * rmsEps];
    expected.forEach((e, p) => expect(k.runNoiseSigma[p]).toBeCloseTo(e, 8));
  });

  it('gives a parameter the data do not constrain an infinite σ, not a pseudo-inverse\'s zero', () => {
    // bLund moves no bin: its column of the response is zero.
    const flat = new LinearSurrogate(box, SLOPE.map((v, i) => (i % 2 === 1 ? 0 : v)), OFFSET, MC, SPREAD, model.bins.map((b) => b.path));
    const objective = new Chi2Objective(flat, selectBins(flat.bins, toyData(8), weights));
    const fit = fitBest(objective, { starts: 4, seed: 1 });
    const u = uncertaintiesAt(objective, fit.best, fit.free);
    expect(u.rank).toBe(1);
    expect(u.sigma[1]).toBe(Infinity);
    expect(Number.isFinite(u.sigma[0]) && u.sigma[0] > 0).toBe(true);
    expect(u.correlation[1]).toBe(0);
  });
});

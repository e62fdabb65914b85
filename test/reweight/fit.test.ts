import { describe, expect, it } from 'vitest';
import { fitTheta } from '../../src/reweight/fit.js';

/** A negative log-likelihood of Gaussian measurements: ½ Σ ((θ − c)/σ)², with a correlation term. */
function quadratic(c: number[], sigma: number[], rho = 0) {
  return (t: readonly number[]) => {
    const u = t.map((v, i) => (v - c[i]) / sigma[i]);
    const cross = u.length > 1 ? -2 * rho * u[0] * u[1] : 0;
    return (0.5 * (u.reduce((s, v) => s + v * v, 0) + cross)) / (1 - rho * rho);
  };
}

describe('fitTheta', () => {
  it('finds a 1-D minimum and its error from the curvature (Δ = ½)', () => {
    const fit = fitTheta(quadratic([0.8], [0.05]), { names: ['StringZ:aLund'], lo: [0], hi: [2], scanPoints: 5 });
    expect(fit.theta[0]).toBeCloseTo(0.8, 4);
    expect(fit.errors[0]).toBeCloseTo(0.05, 4);
    expect(fit.atBound).toEqual([false]);
    expect(Array.from(fit.scans[0].theta)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(fit.scans[0].value[2]).toBeCloseTo(0.5 * (0.2 / 0.05) ** 2, 9);
  });

  it('fits several parameters with correlations, holding frozen ones', () => {
    const f = quadratic([0.16, 0.8, 0.27], [0.01, 0.03, 0.02], 0);
    const names = ['TimeShower:alphaSvalue', 'StringZ:aLund', 'StringFlav:probStoUD'];
    const box = { names, lo: [0.1, 0.5, 0.1], hi: [0.2, 1.0, 0.4] };
    const all = fitTheta(f, box);
    all.theta.forEach((v, i) => expect(v).toBeCloseTo([0.16, 0.8, 0.27][i], 3));
    all.errors.forEach((e, i) => expect(e).toBeCloseTo([0.01, 0.03, 0.02][i], 3));
    const frozen = fitTheta(f, { ...box, start: [0.15, 0.7, 0.3], freeze: ['StringZ:aLund'] });
    expect(frozen.theta[1]).toBe(0.7);
    expect(frozen.errors[1]).toBe(0);
    expect(frozen.scans.map((s) => s.name)).toEqual(['TimeShower:alphaSvalue', 'StringFlav:probStoUD']);
    const g = quadratic([0.5, 0.5], [0.1, 0.2], 0.6);
    const corr = fitTheta(g, { names: ['a', 'b'], lo: [0, 0], hi: [1, 1], errorDef: 0.5 });
    expect(corr.covariance[1] / (corr.errors[0] * corr.errors[1])).toBeCloseTo(0.6, 2);
  });

  it('stops at a bound and says so; χ² errors use Δ = 1', () => {
    const fit = fitTheta((t) => (t[0] - 3) ** 2, { names: ['x'], lo: [0], hi: [1] });
    expect(fit.theta[0]).toBe(1);
    expect(fit.atBound).toEqual([true]);
    const chi2 = fitTheta((t) => ((t[0] - 0.3) / 0.1) ** 2, { names: ['x'], lo: [0], hi: [1], errorDef: 1 });
    expect(chi2.errors[0]).toBeCloseTo(0.1, 4);
  });

  it('refuses bad options, naming them', () => {
    expect(() => fitTheta(() => 0, { names: ['x'], lo: [1], hi: [0] })).toThrow(/x has an empty range/);
    expect(() => fitTheta(() => 0, { names: ['x'], lo: [0], hi: [1], freeze: ['y'] })).toThrow(/cannot freeze 'y'/);
    expect(() => fitTheta(() => 0, { names: ['x'], lo: [0], hi: [1], start: [2] })).toThrow(/x starts at 2/);
  });
});

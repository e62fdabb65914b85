import { describe, expect, it } from 'vitest';
import { Chi2Objective, histogramChi2, selectBins } from '../../src/chi2/index.js';
import { parseWeightLine, type WeightSpec } from '../../src/campaign/index.js';
import { LinearSurrogate } from '../tune/linear-model.js';

const box = { names: ['StringZ:aLund', 'StringZ:bLund'], low: Float64Array.from([0.3, 0.5]), high: Float64Array.from([1, 1.5]) };
const model = new LinearSurrogate(box, Float64Array.from([1, 2, -1, 0.5, 3, 0]), Float64Array.from([1, 2, 3]), Float64Array.from([0.1, 0.2, 0.3]), Float64Array.from([0.05, 0, 0.1]), ['/A/d01-x01-y01', '/A/d01-x01-y01', '/A/d02-x01-y01']);
const data = { values: Float64Array.from([2.5, 2.4, 5]), errors: Float64Array.from([0.2, 0.1, 0.4]) };
const weights = (['/A/d01 1', '/A/d02 2'].map((l) => parseWeightLine(l)) as WeightSpec[]);

/** The Jacobian agrees with central differences (steps 1e-6) of the residuals at `at`, to `digits` decimals. */
function expectJacobianOfResiduals(chi2: Chi2Objective, at: Float64Array, jacobian: Float64Array, digits: number): void {
  const P = at.length;
  for (let p = 0; p < P; p++) {
    const up = Float64Array.from(at);
    const dn = Float64Array.from(at);
    up[p] += 1e-6;
    dn[p] -= 1e-6;
    const ru = chi2.residuals(up).residuals;
    const rd = chi2.residuals(dn).residuals;
    for (let k = 0; k < ru.length; k++) expect(jacobian[k * P + p], `residual ${k}, parameter ${p}`).toBeCloseTo((ru[k] - rd[k]) / 2e-6, digits);
  }
}

describe('χ² of a tune', () => {
  const at = Float64Array.from([0.6, 0.9]);
  const f = [1 + 0.6 + 2 * 0.9, 2 - 0.6 + 0.5 * 0.9, 3 + 3 * 0.6];

  it('is Σ w² (f − d)² / (σ_d² + σ_f²), per histogram and overall, with Ndf = bins − free parameters', () => {
    const chi2 = new Chi2Objective(model, selectBins(model.bins, data, weights), { surrogateError: 'both' });
    const terms = [(f[0] - 2.5) ** 2 / (0.04 + 0.01 + 0.0025), (f[1] - 2.4) ** 2 / (0.01 + 0.04), (4 * (f[2] - 5) ** 2) / (0.16 + 0.09 + 0.01)];
    expect(chi2.value(at)).toBeCloseTo(terms[0] + terms[1] + terms[2], 12);
    expect(chi2.perHistogram(at)).toEqual([
      { path: '/A/d01-x01-y01', bins: 2, chi2: expect.closeTo(terms[0] + terms[1], 12) as number },
      { path: '/A/d02-x01-y01', bins: 1, chi2: expect.closeTo(terms[2], 12) as number },
    ]);
    expect(chi2.ndf(2)).toBe(1);
    // σ_f as Professor takes it, one run's MC error; and the model's own uncertainty alone, the default for a model that states one.
    const mc = new Chi2Objective(model, selectBins(model.bins, data, weights), { surrogateError: 'mc' });
    expect(mc.value(at)).toBeCloseTo((f[0] - 2.5) ** 2 / 0.05 + terms[1] + (4 * (f[2] - 5) ** 2) / 0.25, 12);
    const own = new Chi2Objective(model, selectBins(model.bins, data, weights));
    expect(own.surrogateError).toBe('own');
    expect(own.value(at)).toBeCloseTo((f[0] - 2.5) ** 2 / (0.04 + 0.0025) + (f[1] - 2.4) ** 2 / 0.01 + (4 * (f[2] - 5) ** 2) / (0.16 + 0.01), 12);
    const ipolLike = new LinearSurrogate(model.box, model.slope, model.offset, model.mcError, new Float64Array(3), model.bins.map((b) => b.path), false);
    expect(new Chi2Objective(ipolLike, selectBins(model.bins, data, weights)).surrogateError).toBe('mc');
  });

  it('gives residuals whose squares sum to χ², and their Jacobian against central differences', () => {
    const chi2 = new Chi2Objective(model, selectBins(model.bins, data, weights));
    const { residuals, jacobian } = chi2.jacobian(at);
    expect(residuals.reduce((s, r) => s + r * r, 0)).toBeCloseTo(chi2.value(at), 12);
    expectJacobianOfResiduals(chi2, at, jacobian, 6);
  });

  it('has a Jacobian that follows σ too, where the surrogate\'s uncertainty changes with θ', () => {
    /** The same model, its own uncertainty growing with aLund as (1 + 3 aLund)². */
    class Spreading extends LinearSurrogate {
      override predict(points: Float64Array) {
        const p = super.predict(points);
        const spread = p.spread.map((s, i) => s * (1 + 3 * points[Math.floor(i / 3) * 2]) ** 2);
        return { ...p, spread };
      }
    }
    const m = new Spreading(model.box, model.slope, model.offset, model.mcError, Float64Array.from([0.5, 0.3, 0.4]), model.bins.map((b) => b.path));
    const chi2 = new Chi2Objective(m, selectBins(m.bins, data, weights));
    const { jacobian } = chi2.jacobian(at);
    expectJacobianOfResiduals(chi2, at, jacobian, 5);
    // The σ term matters here: without it the aLund column would be off.
    const fixedSigma = (k: number) => (weights[k === 2 ? 1 : 0].weight * model.slope[k * 2]) / chi2.residuals(at).sigmas[k];
    expect(Math.abs(jacobian[0] - fixedSigma(0))).toBeGreaterThan(0.1 * Math.abs(fixedSigma(0)));
  });

  it('asks a surrogate that can for its fitted bins only, with the same χ² and Jacobian', () => {
    const asked: number[][] = [];
    /** The same model, answering on some bins by picking them out of its whole prediction. */
    class OnBins extends LinearSurrogate {
      predictBins(points: Float64Array, columns: Int32Array) {
        asked.push(Array.from(columns));
        const p = this.predict(points);
        const pick = (a: Float64Array) => Float64Array.from({ length: (points.length / 2) * columns.length }, (_, i) => a[Math.floor(i / columns.length) * 3 + columns[i % columns.length]]);
        return { values: pick(p.values), errors: pick(p.errors), spread: pick(p.spread) };
      }
      jacobianBins(point: Float64Array, columns: Int32Array) {
        const J = this.jacobian();
        return Float64Array.from({ length: columns.length * 2 }, (_, i) => J[columns[Math.floor(i / 2)] * 2 + (i % 2)]);
      }
    }
    const onBins = new OnBins(model.box, model.slope, model.offset, model.mcError, model.ownSpread, model.bins.map((b) => b.path));
    // Only the second and third bins are fitted, so the first is never asked for.
    const some = [parseWeightLine('/A/d01#1:2 1'), parseWeightLine('/A/d02 2')] as WeightSpec[];
    const whole = new Chi2Objective(model, selectBins(model.bins, data, some));
    const picked = new Chi2Objective(onBins, selectBins(onBins.bins, data, some));
    expect(picked.residuals(at)).toEqual(whole.residuals(at));
    expect(picked.jacobian(at)).toEqual(whole.jacobian(at));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((c) => c.join() === '1,2')).toBe(true);
  });

  it('of two histograms, over bins with an error and finite values', () => {
    const h = histogramChi2([1, 2, NaN, 4], [0.1, 0, 0.1, 0], [1.2, 2, 3, 4], [0, 0, 0.1, 0]);
    expect(h).toEqual({ chi2: expect.closeTo(4, 12) as number, bins: 1 });
  });
});

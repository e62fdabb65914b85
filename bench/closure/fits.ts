/**
 * One surrogate against toys of pseudo-data at a truth point: per toy the
 * tune θ̂ and its σ̂, for the forward surrogates through the χ² fit, for the
 * inverse network through its own proposal.
 */
import { Chi2Objective, selectBins, type Selection } from '../../src/chi2/index.js';
import type { WeightSpec } from '../../src/campaign/index.js';
import { Random } from '../../src/generator/index.js';
import { binName, type BinRef, type InverseModel, type Surrogate } from '../../src/surrogate/index.js';
import { fitBest, uncertaintiesAt } from '../../src/tune/index.js';

/** Toys of the data: the prediction at the truth fluctuated by V = diag(σ²), σ the real data's relative errors × the prediction. */
export interface ToyDesign {
  readonly bins: readonly BinRef[];
  readonly prediction: Float64Array;
  readonly sigma: Float64Array;
}

export function toyValues(d: ToyDesign, seed: number): Float64Array {
  const rng = new Random(seed, 0x70e5);
  return Float64Array.from(d.prediction, (v, b) => v + d.sigma[b] * rng.gauss());
}

export interface ToyFit {
  readonly theta: Float64Array;
  readonly sigma: Float64Array;
}

/** The fitted bins for a surrogate: its bins with a datum and an error, as the weight lines select them. */
export function baseSelection(model: Surrogate, d: ToyDesign, weights: readonly WeightSpec[]): Selection {
  return selectBins(model.bins, designOnModel(model, d), weights);
}

/** The design's prediction and errors laid out on the model's bins (NaN where the design has none). */
export function designOnModel(model: Surrogate, d: ToyDesign): { values: Float64Array; errors: Float64Array } {
  const index = new Map(d.bins.map((b, i) => [binName(b), i]));
  const col = model.bins.map((b) => index.get(binName(b)) ?? -1);
  return { values: Float64Array.from(col, (c) => (c < 0 ? NaN : d.prediction[c])), errors: Float64Array.from(col, (c) => (c < 0 ? NaN : d.sigma[c])) };
}

export function forwardToyFit(model: Surrogate, base: Selection, d: ToyDesign, seed: number, starts: number): ToyFit {
  const toy = toyValues(d, seed);
  const index = new Map(d.bins.map((b, i) => [binName(b), i]));
  const selection: Selection = { bins: base.bins.map((fb) => ({ ...fb, data: toy[index.get(binName(fb.bin)) ?? -1] })), dropped: [] };
  const objective = new Chi2Objective(model, selection);
  const fit = fitBest(objective, { starts, seed });
  return { theta: fit.best, sigma: uncertaintiesAt(objective, fit.best, fit.free).sigma };
}

export function inverseToyFit(model: InverseModel, d: ToyDesign, seed: number): ToyFit {
  const toy = toyValues(d, seed);
  const index = new Map(d.bins.map((b, i) => [binName(b), i]));
  const values = Float64Array.from(model.bins, (b) => toy[index.get(binName(b)) ?? -1]);
  const errors = Float64Array.from(model.bins, (b) => d.sigma[index.get(binName(b)) ?? -1]);
  const p = model.propose(values, errors, 200, seed);
  const P = model.box.names.length;
  return { theta: p.mean, sigma: Float64Array.from({ length: P }, (_, k) => Math.sqrt(p.covariance[k * P + k])) };
}

/** σ_CRB = √diag((Jᵀ V⁻¹ J)⁻¹) for J (bins × P) and V = diag(σ²). */
export function cramerRao(J: Float64Array, sigma: Float64Array, P: number, invert: (m: Float64Array, n: number) => Float64Array): Float64Array {
  const F = new Float64Array(P * P);
  for (let b = 0; b < sigma.length; b++) {
    const w = 1 / sigma[b] ** 2;
    for (let p = 0; p < P; p++) for (let q = 0; q < P; q++) F[p * P + q] += w * J[b * P + p] * J[b * P + q];
  }
  const C = invert(F, P);
  return Float64Array.from({ length: P }, (_, p) => Math.sqrt(C[p * P + p]));
}

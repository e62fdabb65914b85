/**
 * The χ² a tune minimises, over the fitted bins b of a surrogate f:
 *
 *   χ²(θ) = Σ_b w_b² (f_b(θ) − d_b)² / (σ_d,b² + σ_f,b(θ)²)
 *
 * with d_b ± σ_d,b the reference data, w_b the bin's weight and σ_f,b the
 * surrogate's uncertainty about f_b at θ. A model that states its own (a
 * polynomial's leverage and discrepancy, a network's spread and discrepancy)
 * gives exactly that: the runs' MC noise is already in it, as far as the fit
 * carried it. A model that does not (a Professor ipol) gives the MC error of
 * one run at θ instead, as Professor does; that errs large, since a fit to
 * many runs is better known than any one of them.
 *
 * As residuals r_b = w_b (f_b − d_b)/σ_b(θ), so that χ² = Σ r_b², with the
 * Jacobian ∂r_b/∂θ = (w_b ∂f_b/∂θ − r_b ∂σ_b/∂θ)/σ_b: ∂f from the surrogate's
 * own (analytic) Jacobian, ∂σ by central differences of its predicted
 * uncertainties.
 *
 * A minimiser should not chase the moving σ, though: σ_f grows towards the
 * edges of the runs (a polynomial's leverage), and there the χ² falls for no
 * better agreement. Over a few hundred bins that gain beats the data's pull:
 * closure toys found minima on the box's edge 20–45 below the χ² at the
 * truth. So the fit works on `frozenAt(θ₀)`, the same χ² with every σ_b held
 * at its value at θ₀ (and no ∂σ term), moving θ₀ to the best point until it
 * stays: a weighted least squares, as Professor's fit is between updates.
 */
import { allColumns, type Prediction, type Surrogate } from '../surrogate/index.js';
import type { FitBin, Selection } from './select.js';

export const SURROGATE_ERRORS = ['own', 'mc', 'both'] as const;
/** σ_f: the model's own uncertainty, one run's MC error (Professor's), or both in quadrature. */
export type SurrogateError = (typeof SURROGATE_ERRORS)[number];

export interface ObjectiveOptions {
  /** Default: `own` for a model that states its own uncertainty, else `mc`. */
  readonly surrogateError?: SurrogateError;
  /** σ_b held fixed, one per fitted bin (see `frozenAt`). */
  readonly frozenSigmas?: Float64Array;
}

export interface HistogramChi2 {
  readonly path: string;
  readonly bins: number;
  readonly chi2: number;
}

/** Residuals at one point, with the σ_b they were divided by. */
export interface ResidualsAt {
  readonly residuals: Float64Array;
  readonly sigmas: Float64Array;
  readonly values: Float64Array;
}

export class Chi2Objective {
  readonly bins: readonly FitBin[];
  /** The surrogate's bins the fitted ones are. */
  private readonly columns: Int32Array;
  /** 0 … F − 1: where the fitted bins lie in a prediction on them alone. */
  private readonly inOrder: Int32Array;
  readonly surrogateError: SurrogateError;

  constructor(
    readonly surrogate: Surrogate,
    selection: Selection,
    readonly options: ObjectiveOptions = {},
  ) {
    this.bins = selection.bins;
    this.columns = Int32Array.from(this.bins, (fb) => fb.column);
    this.inOrder = allColumns(this.bins.length);
    this.surrogateError = options.surrogateError ?? (surrogate.statesOwnUncertainty ? 'own' : 'mc');
    if (options.frozenSigmas && options.frozenSigmas.length !== this.bins.length) throw new Error(`frozen σ: ${options.frozenSigmas.length} values for ${this.bins.length} fitted bins`);
  }

  /** The same χ² with every σ_b held at its value at `point`. */
  frozenAt(point: Float64Array): Chi2Objective {
    const selection = { bins: this.bins, dropped: [] };
    const sigmas = new Chi2Objective(this.surrogate, selection, { surrogateError: this.surrogateError }).residuals(point).sigmas;
    return new Chi2Objective(this.surrogate, selection, { surrogateError: this.surrogateError, frozenSigmas: sigmas });
  }

  get frozen(): boolean {
    return this.options.frozenSigmas !== undefined;
  }

  get parameterNames(): readonly string[] {
    return this.surrogate.box.names;
  }

  /** Ndf = fitted bins − free parameters. */
  ndf(freeParameters: number): number {
    return this.bins.length - freeParameters;
  }

  /** Residuals r_b at many points (n × P natural units) → n × bins. */
  residualsAtMany(points: Float64Array): ResidualsAt {
    const { prediction: p, width: B, at } = this.predictFitted(points);
    const F = this.bins.length;
    const n = points.length / this.surrogate.box.names.length;
    const residuals = new Float64Array(n * F);
    const sigmas = new Float64Array(n * F);
    const values = new Float64Array(n * F);
    const own = this.surrogateError !== 'mc';
    const mc = this.surrogateError !== 'own';
    const frozen = this.options.frozenSigmas;
    for (let i = 0; i < n; i++) {
      this.bins.forEach((fb, k) => {
        const c = i * B + at[k];
        const sigma = frozen ? frozen[k] : Math.sqrt(fb.dataError ** 2 + (mc ? p.errors[c] ** 2 : 0) + (own ? p.spread[c] ** 2 : 0));
        values[i * F + k] = p.values[c];
        sigmas[i * F + k] = sigma;
        residuals[i * F + k] = (fb.weight * (p.values[c] - fb.data)) / sigma;
      });
    }
    return { residuals, sigmas, values };
  }

  residuals(point: Float64Array): ResidualsAt {
    return this.residualsAtMany(point);
  }

  /** χ² at each of many points (n × P). */
  valueAtMany(points: Float64Array): Float64Array {
    const { residuals } = this.residualsAtMany(points);
    const F = this.bins.length;
    const out = new Float64Array(residuals.length / F);
    residuals.forEach((r, i) => (out[Math.floor(i / F)] += r * r));
    return out;
  }

  value(point: Float64Array): number {
    return this.valueAtMany(point)[0];
  }

  /** ∂r_b/∂θ_p at one point: bins × P, row-major, natural units; with the residuals there. */
  jacobian(point: Float64Array): { residuals: Float64Array; jacobian: Float64Array } {
    const at = this.residuals(point);
    const P = this.surrogate.box.names.length;
    const F = this.bins.length;
    const { jacobian: J, at: row } = this.jacobianFitted(point);
    const dSigma = this.frozen ? new Float64Array(F * P) : this.sigmaGradient(point);
    const out = new Float64Array(F * P);
    this.bins.forEach((fb, k) => {
      for (let p = 0; p < P; p++) out[k * P + p] = (fb.weight * J[row[k] * P + p] - at.residuals[k] * dSigma[k * P + p]) / at.sigmas[k];
    });
    return { residuals: at.residuals, jacobian: out };
  }

  /**
   * The prediction on the fitted bins: fitted bin k of point i at
   * i·width + at[k]. Only those bins when the surrogate can, else all.
   */
  private predictFitted(points: Float64Array): { prediction: Prediction; width: number; at: Int32Array } {
    const s = this.surrogate;
    if (s.predictBins) return { prediction: s.predictBins(points, this.columns), width: this.columns.length, at: this.inOrder };
    return { prediction: s.predict(points), width: s.bins.length, at: this.columns };
  }

  /** ∂f/∂θ on the fitted bins: fitted bin k's row is at[k]. */
  private jacobianFitted(point: Float64Array): { jacobian: Float64Array; at: Int32Array } {
    const s = this.surrogate;
    if (s.jacobianBins) return { jacobian: s.jacobianBins(point, this.columns), at: this.inOrder };
    return { jacobian: s.jacobian(point), at: this.columns };
  }

  /** ∂σ_b/∂θ_p (bins × P) by central differences, steps of 1e-6 of the box, all 2P points in one prediction. */
  private sigmaGradient(point: Float64Array): Float64Array {
    const box = this.surrogate.box;
    const P = box.names.length;
    const F = this.bins.length;
    const steps = Float64Array.from({ length: P }, (_, p) => 1e-6 * (box.high[p] - box.low[p]));
    const points = new Float64Array(2 * P * P);
    for (let p = 0; p < P; p++) {
      points.set(point, 2 * p * P);
      points.set(point, (2 * p + 1) * P);
      points[2 * p * P + p] += steps[p];
      points[(2 * p + 1) * P + p] -= steps[p];
    }
    const { sigmas } = this.residualsAtMany(points);
    const out = new Float64Array(F * P);
    for (let p = 0; p < P; p++) for (let k = 0; k < F; k++) out[k * P + p] = (sigmas[2 * p * F + k] - sigmas[(2 * p + 1) * F + k]) / (2 * steps[p]);
    return out;
  }

  /** χ² per histogram at a point, in the order the histograms first appear. */
  perHistogram(point: Float64Array): HistogramChi2[] {
    const { residuals } = this.residuals(point);
    const byPath = new Map<string, { bins: number; chi2: number }>();
    this.bins.forEach((fb, k) => {
      const h = byPath.get(fb.bin.path) ?? { bins: 0, chi2: 0 };
      h.bins++;
      h.chi2 += residuals[k] ** 2;
      byPath.set(fb.bin.path, h);
    });
    return [...byPath].map(([path, h]) => ({ path, ...h }));
  }
}

/**
 * χ² of one histogram against its reference with both errors in quadrature,
 * over the bins where both values are finite and some error is positive.
 */
export function histogramChi2(mc: ArrayLike<number>, mcErrors: ArrayLike<number>, ref: ArrayLike<number>, refErrors: ArrayLike<number>): { chi2: number; bins: number } {
  let chi2 = 0;
  let bins = 0;
  for (let i = 0; i < mc.length; i++) {
    const v = mcErrors[i] ** 2 + refErrors[i] ** 2;
    if (!(v > 0) || !Number.isFinite(mc[i]) || !Number.isFinite(ref[i])) continue;
    chi2 += (mc[i] - ref[i]) ** 2 / v;
    bins++;
  }
  return { chi2, bins };
}

/**
 * Fitting θ through a frozen reweighter: choose θ so that the baseline,
 * reweighted to θ, looks like the data. Any objective of θ can be minimised
 * (fitTheta); two are provided:
 *
 *  - classifierLoss: the frozen classifier's own cross-entropy between the
 *    target (data) and the baseline,
 *      L(θ) = Σ_target w log(1 + e^{−z(x,θ)}) + (W_t/W_0) Σ_baseline w log(1 + e^{z(x,θ)}),
 *    z the logit, W the classes' weight totals. With f = p_θ/(p_θ + p_θ₀), its
 *    expectation per event, −∫p* log f − ∫p₀ log(1 − f), has the derivative
 *    ∫(p_θ − p*)·p₀·∂p_θ / (p_θ(p_θ + p₀)), zero at θ = θ* of the data, and
 *    there the positive curvature ∫(∂p)² p₀/(p*(p* + p₀)), so θ* is its
 *    minimum (the W_t/W_0 factor is what makes this hold for unequal samples);
 *  - weightsObjective: any function of the weights at θ, e.g. a binned χ²
 *    of reweighted histograms against a reference YODA (the caller's callback).
 *
 * Errors come from the curvature at the minimum: the covariance is
 * 2·errorDef·H⁻¹ (H the Hessian of the objective), i.e. the θ where the
 * objective rises by errorDef. Use 0.5 for a summed negative log-likelihood
 * and 1 for a χ². The classifier loss is not a likelihood: its curvature,
 * N∫(∂p)² p₀/(p*(p* + p₀)), lies below the Fisher information N∫(∂p)²/p*, so
 * errorDef 0.5 gives an error at least as large as the Cramér–Rao bound for
 * the target sample alone; it ignores the baseline sample's own fluctuations.
 */
import { spectralMap, symmetricEigen } from '../linalg/index.js';
import type { ClassifierInputs } from './inputs.js';
import type { Reweighter } from './reweighter.js';
import { softplus, type WeightedSample } from './training.js';
import { weightsFromLogits, type WeightOptions } from './weights.js';
import { minimiseInBox } from './minimise.js';

export interface FitThetaOptions {
  readonly names: readonly string[];
  /** Bounds of the search (a reweighter's trained range). */
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  /** Starting point; frozen parameters stay here. Default: the middle of the range. */
  readonly start?: readonly number[];
  /** Names of parameters held at `start`. */
  readonly freeze?: readonly string[];
  /** Rise of the objective that defines one standard deviation: 0.5 for −log L (default), 1 for χ². */
  readonly errorDef?: number;
  /** Points per parameter in the scan curves (0: no scans). Default 21. */
  readonly scanPoints?: number;
  /** Stop when the free parameters are known to this fraction of their range. Default 1e-5. */
  readonly tolerance?: number;
}

export interface ThetaScan {
  readonly name: string;
  readonly theta: Float64Array;
  /** The objective along the scan, the other parameters at the best fit. */
  readonly value: Float64Array;
}

export interface ThetaFit {
  readonly names: readonly string[];
  readonly theta: number[];
  /** The objective at θ̂. */
  readonly value: number;
  /** Standard errors from the curvature (0 for frozen parameters; NaN when the curvature is not positive). */
  readonly errors: number[];
  /** P × P covariance, row-major (zero rows and columns for frozen parameters). */
  readonly covariance: Float64Array;
  readonly free: boolean[];
  /** Free parameters whose θ̂ lies within the tolerance of a bound (their error is then one-sided at best). */
  readonly atBound: boolean[];
  readonly scans: ThetaScan[];
  /** Objective evaluations used. */
  readonly evaluations: number;
}

/** Fraction of a parameter's range used as the finite-difference step of the Hessian. */
const HESSIAN_STEP = 0.01;

function checkFitOptions(o: FitThetaOptions): void {
  const P = o.names.length;
  if (o.lo.length !== P || o.hi.length !== P || (o.start && o.start.length !== P)) throw new Error(`fitTheta: ${P} names but ${o.lo.length} lower, ${o.hi.length} upper bounds${o.start ? ` and ${o.start.length} start values` : ''}`);
  o.names.forEach((n, p) => {
    if (!(o.lo[p] < o.hi[p])) throw new Error(`fitTheta: ${n} has an empty range [${o.lo[p]}, ${o.hi[p]}]`);
    if (o.start && !(o.start[p] >= o.lo[p] && o.start[p] <= o.hi[p])) throw new Error(`fitTheta: ${n} starts at ${o.start[p]}, outside [${o.lo[p]}, ${o.hi[p]}]`);
  });
  for (const f of o.freeze ?? []) if (!o.names.includes(f)) throw new Error(`fitTheta: cannot freeze '${f}'; the parameters are ${o.names.join(', ')}`);
}

/** Hessian (free × free, in the parameters' units) by central differences, the stencil kept inside the box. */
function hessianAt(f: (u: Float64Array) => number, u: Float64Array, widths: readonly number[]): Float64Array {
  const F = u.length;
  const h = HESSIAN_STEP;
  const c = u.map((v) => Math.min(1 - h, Math.max(h, v)));
  const at = (di: number, si: number, dj: number, sj: number): number => {
    const x = Float64Array.from(c);
    x[di] += si * h;
    x[dj] += sj * h;
    return f(x);
  };
  const H = new Float64Array(F * F);
  const f0 = f(c);
  for (let i = 0; i < F; i++) {
    H[i * F + i] = (at(i, 1, i, 0) - 2 * f0 + at(i, -1, i, 0)) / (h * h * widths[i] * widths[i]);
    for (let j = 0; j < i; j++) {
      const d = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h * widths[i] * widths[j]);
      H[i * F + j] = H[j * F + i] = d;
    }
  }
  return H;
}

/** 2·errorDef·H⁻¹, or undefined when H is not positive definite. */
function covarianceOf(H: Float64Array, F: number, errorDef: number): Float64Array | undefined {
  if (F === 0) return new Float64Array(0);
  const e = symmetricEigen(H, F);
  if (!e.values.every((l) => l > 0 && Number.isFinite(l))) return undefined;
  return spectralMap(e, F, (l) => (2 * errorDef) / l);
}

/** Minimises `objective` over θ in the box [lo, hi] with some parameters frozen; see FitThetaOptions. */
export function fitTheta(objective: (theta: readonly number[]) => number, options: FitThetaOptions): ThetaFit {
  checkFitOptions(options);
  const { names, lo, hi } = options;
  const P = names.length;
  const free = names.map((n) => !(options.freeze ?? []).includes(n));
  const freeIdx = free.flatMap((f, p) => (f ? [p] : []));
  const widths = freeIdx.map((p) => hi[p] - lo[p]);
  const base = names.map((_, p) => options.start?.[p] ?? (lo[p] + hi[p]) / 2);
  let evaluations = 0;
  const thetaOf = (u: ArrayLike<number>): number[] => {
    const t = [...base];
    freeIdx.forEach((p, i) => (t[p] = lo[p] + widths[i] * Math.min(1, Math.max(0, u[i]))));
    return t;
  };
  const inUnit = (u: Float64Array): number => (evaluations++, objective(thetaOf(u)));
  const tolerance = options.tolerance ?? 1e-5;
  const start = Float64Array.from(freeIdx, (p, i) => (base[p] - lo[p]) / widths[i]);
  const best = minimiseInBox(inUnit, start, tolerance);
  const theta = thetaOf(best.u);
  const cov = covarianceOf(hessianAt(inUnit, best.u, widths), freeIdx.length, options.errorDef ?? 0.5);
  const covariance = new Float64Array(P * P);
  freeIdx.forEach((p, i) => freeIdx.forEach((q, j) => (covariance[p * P + q] = cov ? cov[i * freeIdx.length + j] : NaN)));
  const errors = names.map((_, p) => (free[p] ? Math.sqrt(covariance[p * P + p]) : 0));
  const atBound = names.map((_, p) => free[p] && (theta[p] - lo[p] <= tolerance * (hi[p] - lo[p]) || hi[p] - theta[p] <= tolerance * (hi[p] - lo[p])));
  const scans = freeIdx.map((p) => scanOf(objective, theta, p, names[p], lo[p], hi[p], options.scanPoints ?? 21));
  evaluations += scans.reduce((s, c) => s + c.theta.length, 0);
  return { names: [...names], theta, value: best.value, errors, covariance, free, atBound, scans, evaluations };
}

/** The objective along parameter p over its range, the others at `at`. */
function scanOf(objective: (theta: readonly number[]) => number, at: readonly number[], p: number, name: string, lo: number, hi: number, points: number): ThetaScan {
  const theta = Float64Array.from({ length: points }, (_, k) => (points === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * k) / (points - 1)));
  const value = theta.map((v) => {
    const t = [...at];
    t[p] = v;
    return objective(t);
  });
  return { name, theta, value };
}

function weightTotal(s: WeightedSample): number {
  return s.weights ? s.weights.reduce((a, b) => a + b, 0) : s.inputs.n;
}

/** The frozen classifier's cross-entropy between `target` and `baseline` as a function of θ (see the module comment). */
export function classifierLoss(reweighter: Reweighter, baseline: WeightedSample, target: WeightedSample): (theta: readonly number[]) => number {
  reweighter.checkInputs(baseline.inputs, 'the baseline sample');
  reweighter.checkInputs(target.inputs, 'the target sample');
  const ratio = weightTotal(target) / weightTotal(baseline);
  if (!(ratio > 0 && Number.isFinite(ratio))) throw new Error(`classifierLoss: the samples' weight totals must be positive (target / baseline = ${ratio})`);
  return (theta) => {
    const zt = reweighter.logits(target.inputs, theta);
    const z0 = reweighter.logits(baseline.inputs, theta);
    let [lt, l0] = [0, 0];
    for (let i = 0; i < zt.length; i++) lt += (target.weights?.[i] ?? 1) * softplus(-zt[i]);
    for (let i = 0; i < z0.length; i++) l0 += (baseline.weights?.[i] ?? 1) * softplus(z0[i]);
    return lt + ratio * l0;
  };
}

/** θ ↦ objective(the baseline's weights at θ): the hook for a binned χ² through the analyses. */
export function weightsObjective(reweighter: Reweighter, baseline: ClassifierInputs, objective: (weights: Float64Array, theta: readonly number[]) => number, weightOptions: WeightOptions = {}): (theta: readonly number[]) => number {
  reweighter.checkInputs(baseline, 'the baseline sample');
  return (theta) => objective(weightsFromLogits(reweighter.logits(baseline, theta), weightOptions).weights, theta);
}

/** Fits θ by the classifier loss over the reweighter's trained range (errorDef 0.5). */
export function fitWithClassifier(reweighter: Reweighter, baseline: WeightedSample, target: WeightedSample, options: Omit<FitThetaOptions, 'names' | 'lo' | 'hi'> = {}): ThetaFit {
  const t = reweighter.info.theta;
  if (t.names.length === 0) throw new Error('a two-sample reweighter has no θ to fit');
  return fitTheta(classifierLoss(reweighter, baseline, target), { start: t.theta0.every((v, p) => v >= t.lo[p] && v <= t.hi[p]) ? t.theta0 : undefined, ...options, names: t.names, lo: t.lo, hi: t.hi });
}

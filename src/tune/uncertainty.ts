/**
 * Uncertainties at the minimum of a χ² = Σ r_b², with the σ_b held where the
 * fit held them. The Gauss–Newton Hessian 2 JᵀJ of the free parameters gives
 * the fit's own covariance (JᵀJ)⁻¹, the Δχ² = 1 contours of a χ² whose bins
 * err independently. A surrogate's error does not: the same few runs shape
 * every bin, so it moves many bins together, and a per-bin σ_f averages away
 * what it does to the tune (closure toys found the tune off by 3–15 σ of
 * (JᵀJ)⁻¹). So when the surrogate kept its misses on held-out runs, the
 * covariance is the sandwich of the fit's linearised estimator,
 *
 *   C = (JᵀJ)⁻¹ Jᵀ S⁻¹ (V_d + E) S⁻¹ J (JᵀJ)⁻¹,   S = diag(σ_b / w_b),
 *
 * V_d the data's variances and E the second moment of the misses, each one
 * draw of the surrogate's whole error across all bins at once. A miss also
 * carries its held-out run's own noise, which is coherent too: the histograms
 * of one run come from the same events, so a run's fluctuation in thrust shows
 * again in sphericity and the C-parameter, and projected on what moves αs it
 * is 4–12 times what independent bins would say (measured on the demo's
 * runs). Taking off an independent-bin estimate of that noise left E too
 * small in just the directions that matter (at the demo's truth point the
 * surrogate's miss, projected on the fit's gradient, lay at a Mahalanobis
 * distance of 8–12 against that E, about 2.2 being usual in five parameters).
 * Nor is the runs' own measure of it taken off: with draws of each run's
 * noise across all bins (campaign/run-noise.ts) subtracted in the fit's
 * dimensions, the network's σ̂ of αs and of StringFlav:sigma fell to 0.31 and
 * 0.45 of the whole misses' on the demo's runs, where the closure benchmark
 * had found it 0.78 and 0.99 of what the toys' scatter asks: a network's error
 * at a tune point is not all in its few validation misses (it repeats from run
 * set to run set), and the noise had stood in for the rest. So the misses are
 * taken whole, and E errs large, never small; the noise draws give only
 * `runNoiseSigma`, what one run's noise does to the tune, which the held-out
 * closure (a check on real runs) takes out of its own pulls.
 *
 * A direction the data do not constrain has no finite error: every parameter
 * with a share in it gets σ = ∞, rather than the zero a pseudo-inverse would
 * give it. The rank is judged on the box scaled to [0, 1], so units cannot
 * hide a direction.
 */
import type { Chi2Objective } from '../chi2/index.js';
import { symmetricEigen, symmetricPseudoInverse } from '../linalg/index.js';

export interface Uncertainties {
  /** P × P over all parameters (rows and columns of fixed ones are zero), natural units. */
  readonly covariance: Float64Array;
  readonly sigma: Float64Array;
  /** P × P; 1 on the diagonal of free parameters, 0 for fixed ones. */
  readonly correlation: Float64Array;
  /** Free parameters the data constrain (the rank of JᵀJ). */
  readonly rank: number;
  /** σ from (JᵀJ)⁻¹ alone, as if every bin erred on its own. */
  readonly sigmaFit: Float64Array;
  /** Held-out misses in the covariance (0: it is the fit's own). */
  readonly misses: number;
  /**
   * Per parameter, the σ that one run's own noise would put on this tune were
   * that run the data (from the runs' noise draws; zeros without them): what
   * a held-out run's noise adds to its tune in the held-out closure.
   */
  readonly runNoiseSigma: Float64Array;
}

export function uncertaintiesAt(objective: Chi2Objective, point: Float64Array, free: readonly number[]): Uncertainties {
  const P = point.length;
  const F = free.length;
  const frozen = objective.frozenAt(point);
  const box = objective.surrogate.box;
  const width = Float64Array.from(free, (p) => box.high[p] - box.low[p]);
  const J = unitJacobian(frozen.jacobian(point).jacobian, P, free, width);
  const JtJ = outerSum(J, F, () => 1);
  const { inverse, rank } = symmetricPseudoInverse(JtJ, F, 1e-12);
  const unconstrained = rank < F ? nullShare(JtJ, F, rank) : new Set<number>();
  const fitSigma = toNatural(inverse, free, width, P, unconstrained).sigma;
  const middle = sandwichMiddle(frozen, point, J, F);
  const unitCov = middle ? sandwich(inverse, middle.matrix, F) : inverse;
  const { covariance, sigma } = toNatural(unitCov, free, width, P, unconstrained);
  const runNoiseSigma = middle?.noise ? toNatural(sandwich(inverse, middle.noise, F), free, width, P, unconstrained).sigma : new Float64Array(P);
  const correlation = new Float64Array(P * P);
  const finite = (p: number) => sigma[p] > 0 && Number.isFinite(sigma[p]);
  for (let p = 0; p < P; p++) for (let q = 0; q < P; q++) if (finite(p) && finite(q)) correlation[p * P + q] = covariance[p * P + q] / (sigma[p] * sigma[q]);
  return { covariance, sigma, correlation, rank, sigmaFit: fitSigma, misses: middle?.misses ?? 0, runNoiseSigma };
}

/** ∂r/∂u of the free parameters on the unit box: bins × F. */
function unitJacobian(jacobian: Float64Array, P: number, free: readonly number[], width: Float64Array): Float64Array {
  const m = jacobian.length / P;
  const F = free.length;
  const J = new Float64Array(m * F);
  for (let k = 0; k < m; k++) free.forEach((p, a) => (J[k * F + a] = jacobian[k * P + p] * width[a]));
  return J;
}

/** Σ_k c_k J_k J_kᵀ over the rows J_k of J (bins × F). */
function outerSum(J: Float64Array, F: number, c: (k: number) => number): Float64Array {
  const out = new Float64Array(F * F);
  for (let k = 0; k < J.length / F; k++) {
    const ck = c(k);
    for (let a = 0; a < F; a++) for (let b = 0; b < F; b++) out[a * F + b] += ck * J[k * F + a] * J[k * F + b];
  }
  return out;
}

/**
 * Jᵀ S⁻¹ (V_d + E) S⁻¹ J: the data's share bin by bin, and each held-out miss
 * m_r as the gradient g_r = Jᵀ S⁻¹ m_r it would put on the fit; and, when the
 * runs brought draws of their own noise, the same projection of those draws'
 * moment. Undefined when the surrogate kept no misses.
 */
function sandwichMiddle(frozen: Chi2Objective, point: Float64Array, J: Float64Array, F: number): { matrix: Float64Array; misses: number; noise: Float64Array | undefined } | undefined {
  const held = frozen.surrogate.heldOut;
  const B = frozen.surrogate.bins.length;
  if (!held || held.misses.length < B) return undefined;
  const { sigmas } = frozen.residuals(point);
  const bins = frozen.bins;
  const scale = Float64Array.from(bins, (fb, k) => fb.weight / sigmas[k]);
  const matrix = outerSum(J, F, (k) => scale[k] ** 2 * bins[k].dataError ** 2);
  const project = (rows: Float64Array) => projectedMoment(rows, B, bins, J, scale, F);
  const misses = project(held.misses);
  for (let i = 0; i < F * F; i++) matrix[i] += misses[i];
  return { matrix, misses: held.misses.length / B, noise: held.runNoise && held.runNoise.length >= B ? project(held.runNoise) : undefined };
}

/**
 * (1/R) Σ_r g_r g_rᵀ with g_r = Jᵀ S⁻¹ x_r, over the rows x_r of `rows`
 * (R × B, surrogate columns); a bin a row left empty says nothing of that draw.
 */
function projectedMoment(rows: Float64Array, B: number, bins: Chi2Objective['bins'], J: Float64Array, scale: Float64Array, F: number): Float64Array {
  const R = rows.length / B;
  const out = new Float64Array(F * F);
  const g = new Float64Array(F);
  for (let r = 0; r < R; r++) {
    g.fill(0);
    bins.forEach((fb, k) => {
      const m = rows[r * B + fb.column];
      if (!Number.isFinite(m)) return;
      for (let a = 0; a < F; a++) g[a] += J[k * F + a] * scale[k] * m;
    });
    for (let a = 0; a < F; a++) for (let b = 0; b < F; b++) out[a * F + b] += (g[a] * g[b]) / R;
  }
  return out;
}

/** A M A for symmetric A and M (F × F). */
function sandwich(A: Float64Array, M: Float64Array, F: number): Float64Array {
  const AM = new Float64Array(F * F);
  for (let i = 0; i < F; i++) for (let j = 0; j < F; j++) for (let k = 0; k < F; k++) AM[i * F + j] += A[i * F + k] * M[k * F + j];
  const out = new Float64Array(F * F);
  for (let i = 0; i < F; i++) for (let j = 0; j < F; j++) for (let k = 0; k < F; k++) out[i * F + j] += AM[i * F + k] * A[k * F + j];
  return out;
}

/** A unit-box covariance of the free parameters as P × P in natural units, with σ (∞ where unconstrained). */
function toNatural(unit: Float64Array, free: readonly number[], width: Float64Array, P: number, unconstrained: Set<number>): { covariance: Float64Array; sigma: Float64Array } {
  const F = free.length;
  const covariance = new Float64Array(P * P);
  free.forEach((p, a) => free.forEach((q, b) => (covariance[p * P + q] = unit[a * F + b] * width[a] * width[b])));
  const sigma = Float64Array.from({ length: P }, (_, p) => (unconstrained.has(free.indexOf(p)) ? Infinity : Math.sqrt(Math.max(0, covariance[p * P + p]))));
  return { covariance, sigma };
}

/** Indices (among the free parameters) with a share above 1e-6 in an eigenvector the pseudo-inverse dropped. */
function nullShare(A: Float64Array, F: number, rank: number): Set<number> {
  const e = symmetricEigen(A, F);
  const out = new Set<number>();
  for (let k = rank; k < F; k++) for (let a = 0; a < F; a++) if (Math.abs(e.vectors[a * F + k]) > 1e-6) out.add(a);
  return out;
}

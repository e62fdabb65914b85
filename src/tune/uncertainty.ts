/**
 * Uncertainties at the minimum of a χ² = Σ r_b²: the Gauss–Newton Hessian
 * 2 JᵀJ of the free parameters gives the covariance C = (JᵀJ)⁻¹ (Δχ² = 1
 * contours), with the σ_b of the residuals — data, MC error and the
 * surrogate's own uncertainty — at the minimum. A direction the data do not
 * constrain has no finite error: every parameter with a share in it gets
 * σ = ∞, rather than the zero a pseudo-inverse would give it. The rank is
 * judged on the box scaled to [0, 1], so units cannot hide a direction.
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
}

export function uncertaintiesAt(objective: Chi2Objective, point: Float64Array, free: readonly number[]): Uncertainties {
  const P = point.length;
  const F = free.length;
  const { jacobian } = objective.jacobian(point);
  const m = jacobian.length / P;
  const JtJ = new Float64Array(F * F);
  for (let k = 0; k < m; k++) {
    for (let a = 0; a < F; a++) {
      const ja = jacobian[k * P + free[a]];
      for (let b = 0; b < F; b++) JtJ[a * F + b] += ja * jacobian[k * P + free[b]];
    }
  }
  const box = objective.surrogate.box;
  const width = Float64Array.from(free, (p) => box.high[p] - box.low[p]);
  const unitJtJ = JtJ.map((v, i) => v * width[Math.floor(i / F)] * width[i % F]);
  const { inverse, rank } = symmetricPseudoInverse(unitJtJ, F, 1e-12);
  const covariance = new Float64Array(P * P);
  free.forEach((p, a) => free.forEach((q, b) => (covariance[p * P + q] = inverse[a * F + b] * width[a] * width[b])));
  const unconstrained = rank < F ? nullShare(unitJtJ, F, rank) : new Set<number>();
  const sigma = Float64Array.from({ length: P }, (_, p) => (unconstrained.has(free.indexOf(p)) ? Infinity : Math.sqrt(Math.max(0, covariance[p * P + p]))));
  const correlation = new Float64Array(P * P);
  const finite = (p: number) => sigma[p] > 0 && Number.isFinite(sigma[p]);
  for (let p = 0; p < P; p++) for (let q = 0; q < P; q++) if (finite(p) && finite(q)) correlation[p * P + q] = covariance[p * P + q] / (sigma[p] * sigma[q]);
  return { covariance, sigma, correlation, rank };
}

/** Indices (among the free parameters) with a share above 1e-6 in an eigenvector the pseudo-inverse dropped. */
function nullShare(A: Float64Array, F: number, rank: number): Set<number> {
  const e = symmetricEigen(A, F);
  const out = new Set<number>();
  for (let k = rank; k < F; k++) for (let a = 0; a < F; a++) if (Math.abs(e.vectors[a * F + k]) > 1e-6) out.add(a);
  return out;
}

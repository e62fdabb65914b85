/**
 * Uncertainties at the minimum of a χ² = Σ r_b²: the Gauss–Newton Hessian
 * 2 JᵀJ of the free parameters gives the covariance C = (JᵀJ)⁻¹ (Δχ² = 1
 * contours), with the σ_b of the residuals — data, MC error and the
 * surrogate's own uncertainty — at the minimum. A direction the data do not
 * constrain has no finite error: it is reported as such, not inverted into noise.
 */
import type { Chi2Objective } from '../chi2/index.js';
import { symmetricPseudoInverse } from '../linalg/index.js';

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
  const { inverse, rank } = symmetricPseudoInverse(JtJ, F, 1e-12);
  const covariance = new Float64Array(P * P);
  free.forEach((p, a) => free.forEach((q, b) => (covariance[p * P + q] = inverse[a * F + b])));
  const sigma = Float64Array.from({ length: P }, (_, p) => Math.sqrt(Math.max(0, covariance[p * P + p])));
  const correlation = new Float64Array(P * P);
  for (let p = 0; p < P; p++) for (let q = 0; q < P; q++) if (sigma[p] > 0 && sigma[q] > 0) correlation[p * P + q] = covariance[p * P + q] / (sigma[p] * sigma[q]);
  return { covariance, sigma, correlation, rank };
}

/**
 * Eigentunes (Professor's): the tune moved along each eigenvector of its
 * covariance, both ways, until the χ² has risen by Δχ². Where Professor steps
 * by the linear estimate √(Δχ² λ), the distance here is found by root finding
 * on the χ² itself, so a curved χ² valley is followed as it is. A move that
 * meets the box before the χ² has risen enough stops at the box, marked clipped.
 */
import type { Chi2Objective } from '../chi2/index.js';
import { symmetricEigen } from '../linalg/index.js';

export interface Eigentune {
  /** 1-based, in order of decreasing eigenvalue (the least constrained direction first). */
  readonly direction: number;
  readonly sign: 1 | -1;
  /** All parameters, natural units. */
  readonly point: Float64Array;
  /** How far, in units of the direction's σ (√λ). */
  readonly sigmas: number;
  /** χ² − χ²_min reached (the target unless clipped). */
  readonly deltaChi2: number;
  readonly clipped: boolean;
}

export function eigentunes(objective: Chi2Objective, best: Float64Array, free: readonly number[], covariance: Float64Array, deltaChi2: number): Eigentune[] {
  if (!(deltaChi2 > 0)) throw new Error(`Δχ² of the eigentunes must be positive, got ${deltaChi2}`);
  const P = best.length;
  const F = free.length;
  const Cf = Float64Array.from({ length: F * F }, (_, i) => covariance[free[Math.floor(i / F)] * P + free[i % F]]);
  const e = symmetricEigen(Cf, F);
  const chi2min = objective.value(best);
  const out: Eigentune[] = [];
  for (let k = 0; k < F; k++) {
    if (!(e.values[k] > 0)) continue;
    const step = new Float64Array(P);
    free.forEach((p, a) => (step[p] = Math.sqrt(e.values[k]) * e.vectors[a * F + k]));
    for (const sign of [1, -1] as const) {
      const along = (t: number) => Float64Array.from(best, (v, p) => v + sign * t * step[p]);
      const rise = (t: number) => objective.value(along(t)) - chi2min - deltaChi2;
      const { t, clipped } = solveRise(rise, Math.sqrt(deltaChi2), boxLimit(objective, best, step, sign));
      out.push({ direction: k + 1, sign, point: along(t), sigmas: t, deltaChi2: rise(t) + deltaChi2, clipped });
    }
  }
  return out;
}

/** The largest t keeping best + sign·t·step inside the surrogate's box. */
function boxLimit(objective: Chi2Objective, best: Float64Array, step: Float64Array, sign: number): number {
  const box = objective.surrogate.box;
  let limit = Infinity;
  step.forEach((s, p) => {
    const d = sign * s;
    if (d > 0) limit = Math.min(limit, (box.high[p] - best[p]) / d);
    if (d < 0) limit = Math.min(limit, (box.low[p] - best[p]) / d);
  });
  return Math.max(0, limit);
}

/**
 * A root of rise(t) = 0 for t in (0, limit], rise(0) < 0: the first sign change
 * that doubling from the quadratic guess meets, bisected to 1e-10 of t. (A χ²
 * that rose and fell again before it could be stepped over; near a minimum it does not.)
 * Where the χ² is not a number the move stops at the last point where it was, marked clipped.
 */
function solveRise(rise: (t: number) => number, guess: number, limit: number): { t: number; clipped: boolean } {
  let lo = 0;
  let hi = Math.min(guess, limit);
  for (let r = rise(hi); !(r >= 0); r = rise(hi)) {
    if (Number.isNaN(r)) return { t: lo, clipped: true };
    if (hi >= limit) return { t: limit, clipped: true };
    lo = hi;
    hi = Math.min(2 * hi, limit);
  }
  for (let i = 0; i < 200 && hi - lo > 1e-10 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (rise(mid) < 0) lo = mid;
    else hi = mid;
  }
  return { t: hi, clipped: false };
}

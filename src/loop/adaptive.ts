/**
 * Adaptive placement of an iteration's new runs (`iterations: {sampling:
 * adaptive}`): where the last surrogate is least sure of the bins that move
 * the tune most. A bin's weight is how far a unit error in it would move the
 * tune, in units of each parameter's σ (from the covariance C and the
 * residuals' Jacobian J: δθ = −C Jᵀ δr, δr_b = w_b δf_b/σ_b); a point's score
 * is Σ_b weight_b · spread_b(θ)². Runs are picked greedily from many Sobol'
 * candidates in the box, each pick's score damped near the runs already
 * picked, so that they do not pile up on one spot.
 */
import type { CampaignConfig } from '../campaign/index.js';
import { sobolPoints } from '../campaign/index.js';
import type { Chi2Objective } from '../chi2/index.js';
import { Random } from '../generator/index.js';
import type { IterationBox } from './box.js';

/** Candidates per run to place. */
const CANDIDATES = 64;

/** Per fitted bin, the squared shift of the σ-scaled tune that a unit error in f_b causes. */
export function binInfluence(objective: Chi2Objective, best: Float64Array, covariance: Float64Array, free: readonly number[]): Float64Array {
  const P = best.length;
  const { jacobian } = objective.jacobian(best);
  const { sigmas } = objective.residuals(best);
  return Float64Array.from(objective.bins, (fb, k) => {
    let s = 0;
    for (const p of free) {
      let shift = 0;
      for (const q of free) shift += covariance[p * P + q] * jacobian[k * P + q];
      const c = covariance[p * P + p];
      if (c > 0) s += (shift * fb.weight) ** 2 / (sigmas[k] ** 2 * c);
    }
    return s;
  });
}

/** `count` points (free parameters by name, fixed ones at their value) for the next runs, chosen as above. */
export function adaptivePoints(config: CampaignConfig, objective: Chi2Objective, influence: Float64Array, box: IterationBox, count: number, seed: number): Record<string, number>[] {
  const P = box.names.length;
  const n = CANDIDATES * count;
  const unit = sobolPoints(n, P, new Random(seed, 0xada9));
  const natural = unit.map((u, i) => box.low[i % P] + u * (box.high[i % P] - box.low[i % P]));
  const names = objective.surrogate.box.names;
  // The surrogate's parameters in its own order, taken from the box's.
  const column = names.map((nm) => box.names.indexOf(nm));
  const points = Float64Array.from({ length: n * names.length }, (_, k) => natural[Math.floor(k / names.length) * P + column[k % names.length]]);
  const spread = objective.surrogate.predict(points).spread;
  const B = objective.surrogate.bins.length;
  const score = Float64Array.from({ length: n }, (_, i) => objective.bins.reduce((s, fb, k) => s + influence[k] * spread[i * B + fb.column] ** 2, 0));
  const spacing = 0.5 * count ** (-1 / P);
  const nearest = new Float64Array(n).fill(Infinity);
  const picked: number[] = [];
  for (let j = 0; j < count; j++) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      const value = score[i] * Math.min(1, (nearest[i] / spacing) ** 2);
      if (value > bestValue) [best, bestValue] = [i, value];
    }
    picked.push(best);
    for (let i = 0; i < n; i++) {
      let d2 = 0;
      for (let p = 0; p < P; p++) d2 += (unit[i * P + p] - unit[best * P + p]) ** 2;
      nearest[i] = Math.min(nearest[i], Math.sqrt(d2));
    }
  }
  return picked.map((i) => {
    const point: Record<string, number> = {};
    for (const p of config.parameters) if (p.fixed !== undefined) point[p.name] = p.fixed;
    box.names.forEach((nm, p) => (point[nm] = natural[i * P + p]));
    return point;
  });
}

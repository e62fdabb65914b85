/**
 * How good a set of weights is: Kish's effective sample size, the extremes,
 * quantiles and a log-binned histogram of the weights, and the AUC of a score
 * between two weighted samples (exact, Mann–Whitney, ties counted half).
 */
import { quantileOfSorted } from '../linalg/index.js';

export interface WeightSummary {
  /** Number of events. */
  readonly n: number;
  /** Σw. */
  readonly sum: number;
  /** Kish's effective sample size (Σw)²/Σw²: the unweighted sample as informative as the weighted one. */
  readonly ess: number;
  /** ess / n. */
  readonly essFraction: number;
  readonly min: number;
  readonly max: number;
  /** max 1/w over the positive weights: how strongly the reverse direction would weigh (Infinity for a zero weight). */
  readonly maxInverse: number;
  /** Events with w ≤ 0. */
  readonly nonPositive: number;
  /** Quantiles of the weights (each event once), at the levels asked, by linear interpolation. */
  readonly quantiles: readonly { readonly level: number; readonly value: number }[];
}

/** Quantile levels reported by default. */
export const DEFAULT_QUANTILES = [0.01, 0.05, 0.5, 0.95, 0.99] as const;

/** Kish's effective sample size (Σw)²/Σw² (0 for no events or all-zero weights). */
export function effectiveSampleSize(w: ArrayLike<number>): number {
  let [s, s2] = [0, 0];
  for (let i = 0; i < w.length; i++) {
    s += w[i];
    s2 += w[i] * w[i];
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}

/** The summary of a weight vector; see WeightSummary. */
export function summariseWeights(w: ArrayLike<number>, levels: readonly number[] = DEFAULT_QUANTILES): WeightSummary {
  const sorted = Float64Array.from(w).sort();
  let [sum, nonPositive, minPositive] = [0, 0, Infinity];
  for (const v of sorted) {
    sum += v;
    if (v <= 0) nonPositive++;
    else minPositive = Math.min(minPositive, v);
  }
  const n = sorted.length;
  const ess = effectiveSampleSize(sorted);
  return {
    n,
    sum,
    ess,
    essFraction: n > 0 ? ess / n : 0,
    min: n > 0 ? sorted[0] : NaN,
    max: n > 0 ? sorted[n - 1] : NaN,
    maxInverse: sorted.some((v) => v === 0) ? Infinity : 1 / minPositive,
    nonPositive,
    quantiles: levels.map((level) => ({ level, value: quantileOfSorted(sorted, level) })),
  };
}

export interface WeightHistogram {
  /** bins + 1 edges, log-spaced. */
  readonly edges: Float64Array;
  /** Events per bin. */
  readonly counts: Float64Array;
  /** Events below the first edge (every w ≤ 0 among them). */
  readonly underflow: number;
  /** Events at or above the last edge. */
  readonly overflow: number;
}

/** The bin of w given a guess from its logarithm, moved by one where rounding put it across an edge. */
function binOf(w: number, edges: Float64Array, guess: number): number {
  let k = Math.max(0, Math.min(edges.length - 2, guess));
  if (w < edges[k] && k > 0) k--;
  else if (w >= edges[k + 1] && k < edges.length - 2) k++;
  return k;
}

/**
 * Events per log-spaced bin of w over [lo, hi) (default: the smallest positive
 * and the largest weight, the last edge nudged up to include the largest).
 */
export function weightHistogram(w: ArrayLike<number>, options: { bins?: number; lo?: number; hi?: number } = {}): WeightHistogram {
  const bins = options.bins ?? 40;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`bins must be a positive integer, got ${bins}`);
  let [lo, hi] = [Infinity, 0];
  for (let i = 0; i < w.length; i++) if (w[i] > 0) [lo, hi] = [Math.min(lo, w[i]), Math.max(hi, w[i])];
  lo = options.lo ?? (Number.isFinite(lo) ? lo : 1);
  hi = options.hi ?? (hi > lo ? hi * (1 + 1e-12) : lo * 2);
  if (!(lo > 0 && hi > lo)) throw new Error(`weight histogram range [${lo}, ${hi}] must be positive and not empty`);
  const [a, span] = [Math.log(lo), Math.log(hi) - Math.log(lo)];
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => Math.exp(a + (span * k) / bins));
  const counts = new Float64Array(bins);
  let [underflow, overflow] = [0, 0];
  for (let i = 0; i < w.length; i++) {
    if (!(w[i] >= lo)) underflow++;
    else if (w[i] >= hi) overflow++;
    else counts[binOf(w[i], edges, Math.floor(((Math.log(w[i]) - a) / span) * bins))]++;
  }
  return { edges, counts, underflow, overflow };
}

/**
 * The area under the ROC curve of `score` for telling sample B from sample A:
 * P(score_B > score_A) + ½ P(score_B = score_A), with events weighted
 * (default 1; signed weights allowed, totals must be non-zero). Exact in
 * O(n log n): after one sort, each group of equal scores adds its B weight
 * times (the A weight below it + half the A weight within it).
 */
export function weightedAuc(scoreA: ArrayLike<number>, scoreB: ArrayLike<number>, weightA?: ArrayLike<number>, weightB?: ArrayLike<number>): number {
  const [na, nb] = [scoreA.length, scoreB.length];
  const score = new Float64Array(na + nb);
  const weight = new Float64Array(na + nb);
  for (let i = 0; i < na; i++) [score[i], weight[i]] = [scoreA[i], weightA ? weightA[i] : 1];
  for (let i = 0; i < nb; i++) [score[na + i], weight[na + i]] = [scoreB[i], weightB ? weightB[i] : 1];
  const order = Int32Array.from({ length: na + nb }, (_, i) => i).sort((i, j) => score[i] - score[j]);
  let [below, area, totalA, totalB] = [0, 0, 0, 0];
  for (let g = 0; g < order.length; ) {
    let [wa, wb, end] = [0, 0, g];
    for (; end < order.length && score[order[end]] === score[order[g]]; end++) {
      const e = order[end];
      if (e < na) wa += weight[e];
      else wb += weight[e];
    }
    area += wb * (below + 0.5 * wa);
    below += wa;
    [totalA, totalB] = [totalA + wa, totalB + wb];
    g = end;
  }
  if (totalA === 0 || totalB === 0) throw new Error(`AUC needs events of both samples with non-zero total weight (A: ${totalA}, B: ${totalB})`);
  return area / (totalA * totalB);
}

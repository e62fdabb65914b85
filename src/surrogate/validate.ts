/**
 * How good a surrogate is on runs it never saw: per bin the pull
 * (prediction − run) / √(σ_run² + σ_pred²), with σ_run the run's MC error and
 * σ_pred the model's own uncertainty about its value (an ensemble's spread;
 * a polynomial's leverage and cross-validated discrepancy). Its RMS is 1 for a
 * model whose stated uncertainty is honest. The same residuals over σ_run
 * alone (the accuracy pulls) say how close the model comes to the runs, and
 * the median of σ_pred/σ_run how much uncertainty it adds to theirs.
 */
import type { Estimate1D } from '../histo/index.js';
import { binEstimates } from './estimates.js';
import { columnMedian, shuffledSplit, subsetRuns, type TrainingSet } from './training-set.js';

/** Random stream of the hold-out choice (distinct from the folds' and the networks' splits). */
const HOLDOUT_STREAM = 0x401d;
import { binName, type Surrogate } from './types.js';

/** A seeded choice of `n` runs to hold out; the rest train. */
export function splitHoldout(set: TrainingSet, n: number, seed: number): { train: TrainingSet; test: TrainingSet } {
  const R = set.runNames.length;
  if (!Number.isInteger(n) || n < 0 || n >= R) throw new Error(`holding out ${n} runs needs more than ${n} usable runs; there are ${R}`);
  const { kept, held } = shuffledSplit(R, n, seed, HOLDOUT_STREAM);
  return { train: subsetRuns(set, kept), test: subsetRuns(set, held) };
}

export interface PullSummary {
  readonly path: string;
  readonly bins: number;
  readonly mean: number;
  readonly rms: number;
  /** RMS of (prediction − run)/σ_run. */
  readonly accuracyRms: number;
}

export interface Moments {
  readonly count: number;
  readonly mean: number;
  readonly rms: number;
}

export interface Validation {
  readonly runs: readonly string[];
  /** Over every pull of every held-out run and modelled bin. */
  readonly overall: Moments;
  /** (prediction − run)/σ_run over the same bins and runs. */
  readonly accuracy: Moments;
  /** Median over those of σ_pred/σ_run: 0 for a model that claims no uncertainty of its own. */
  readonly spreadRatio: number;
  readonly histograms: readonly PullSummary[];
  /** held-out runs × model bins; NaN where the run has no value (or no error) for a modelled bin. */
  readonly pulls: Float64Array;
  /** The same over σ_run alone. */
  readonly accuracyPulls: Float64Array;
}

export function validateOnRuns(model: Surrogate, test: TrainingSet): Validation {
  const B = model.bins.length;
  const column = new Map(test.bins.map((b, i) => [binName(b), i]));
  const cols = model.bins.map((b) => column.get(binName(b)) ?? -1);
  const pred = model.predict(test.params);
  const TB = test.bins.length;
  const pulls = new Float64Array(test.runNames.length * B).fill(NaN);
  const accuracyPulls = new Float64Array(pulls);
  const ratios: number[] = [];
  for (let r = 0; r < test.runNames.length; r++) {
    for (let b = 0; b < B; b++) {
      const c = cols[b];
      const sigmaRun = c < 0 ? 0 : test.errors[r * TB + c];
      // A bin the run left empty has no error to measure a pull in.
      if (!(sigmaRun > 0)) continue;
      const residual = pred.values[r * B + b] - test.values[r * TB + c];
      const spread = pred.spread[r * B + b];
      pulls[r * B + b] = residual / Math.hypot(sigmaRun, spread);
      accuracyPulls[r * B + b] = residual / sigmaRun;
      ratios.push(spread / sigmaRun);
    }
  }
  const histograms = perHistogram(model, pulls, accuracyPulls);
  return { runs: test.runNames, overall: moments(pulls), accuracy: moments(accuracyPulls), spreadRatio: median(ratios), histograms, pulls, accuracyPulls };
}

function median(a: number[]): number {
  return a.length ? columnMedian(Float64Array.from(a), 1, 0, a.length) : NaN;
}

function moments(a: ArrayLike<number>): Moments {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (Number.isNaN(v)) continue;
    n++;
    s += v;
    s2 += v * v;
  }
  return { count: n, mean: n ? s / n : NaN, rms: n ? Math.sqrt(s2 / n) : NaN };
}

function perHistogram(model: Surrogate, pulls: Float64Array, accuracyPulls: Float64Array): PullSummary[] {
  const B = model.bins.length;
  const runs = pulls.length / B;
  const groups = new Map<string, number[]>();
  model.bins.forEach((b, i) => groups.set(b.path, [...(groups.get(b.path) ?? []), i]));
  return [...groups].map(([path, cols]) => {
    const of = (a: Float64Array) => moments(cols.flatMap((c) => Array.from({ length: runs }, (_, r) => a[r * B + c])));
    const m = of(pulls);
    return { path, bins: cols.length, mean: m.mean, rms: m.rms, accuracyRms: of(accuracyPulls).rms };
  });
}

/**
 * Pulls as YODA estimates, one per histogram at its own path: each bin's value
 * is the mean pull over the held-out runs, its `rms` error source the RMS.
 * Bins the model does not cover are absent (NaN).
 */
export function pullEstimates(model: Surrogate, v: Validation): Estimate1D[] {
  const B = model.bins.length;
  const runs = v.runs.length;
  const per = model.bins.map((_, c) => moments(Array.from({ length: runs }, (_, r) => v.pulls[r * B + c])));
  return binEstimates(model.bins, per.map((m) => m.mean), per.map((m) => m.rms), 'rms', `held-out pulls of the ${model.kind} surrogate (mean; error: RMS over ${runs} runs)`);
}

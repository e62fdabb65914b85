/**
 * How good a surrogate is on runs it never saw: per bin the pull
 * (prediction − run) / √(σ_run² + σ_pred²), with σ_run the run's MC error and
 * σ_pred the model's own uncertainty about its value (an ensemble's spread;
 * zero for a single polynomial or network). Its RMS is 1 for a model whose
 * errors are as small as the runs' own statistics, summarised per histogram.
 */
import { Binning, Estimate1D } from '../histo/index.js';
import { shuffledSplit, subsetRuns, type TrainingSet } from './training-set.js';

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
}

export interface Validation {
  readonly runs: readonly string[];
  /** Over every pull of every held-out run and modelled bin. */
  readonly overall: { readonly count: number; readonly mean: number; readonly rms: number };
  readonly histograms: readonly PullSummary[];
  /** held-out runs × model bins; NaN where the run has no value for a modelled bin. */
  readonly pulls: Float64Array;
}

export function validateOnRuns(model: Surrogate, test: TrainingSet): Validation {
  const B = model.bins.length;
  const column = new Map(test.bins.map((b, i) => [binName(b), i]));
  const cols = model.bins.map((b) => column.get(binName(b)) ?? -1);
  const pred = model.predict(test.params);
  const TB = test.bins.length;
  const pulls = new Float64Array(test.runNames.length * B).fill(NaN);
  for (let r = 0; r < test.runNames.length; r++) {
    for (let b = 0; b < B; b++) {
      const c = cols[b];
      if (c < 0) continue;
      const sigma = Math.hypot(test.errors[r * TB + c], pred.spread[r * B + b]);
      if (sigma > 0) pulls[r * B + b] = (pred.values[r * B + b] - test.values[r * TB + c]) / sigma;
    }
  }
  return { runs: test.runNames, overall: moments(pulls), histograms: perHistogram(model, pulls), pulls };
}

function moments(a: ArrayLike<number>): { count: number; mean: number; rms: number } {
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

function perHistogram(model: Surrogate, pulls: Float64Array): PullSummary[] {
  const B = model.bins.length;
  const runs = pulls.length / B;
  const groups = new Map<string, number[]>();
  model.bins.forEach((b, i) => groups.set(b.path, [...(groups.get(b.path) ?? []), i]));
  return [...groups].map(([path, cols]) => {
    const values = cols.flatMap((c) => Array.from({ length: runs }, (_, r) => pulls[r * B + c]));
    const m = moments(values);
    return { path, bins: cols.length, mean: m.mean, rms: m.rms };
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
  const byPath = new Map<string, number[]>();
  model.bins.forEach((b, i) => byPath.set(b.path, [...(byPath.get(b.path) ?? []), i]));
  return [...byPath].map(([path, cols]) => {
    const bins = cols.map((c) => model.bins[c]);
    const binning = Binning.fromBounds(Float64Array.from(bins, (b) => b.xlow), Float64Array.from(bins, (b) => b.xhigh));
    const values = new Float64Array(cols.length + 2).fill(NaN);
    const dn = new Float64Array(cols.length + 2).fill(NaN);
    const up = new Float64Array(cols.length + 2).fill(NaN);
    cols.forEach((c, k) => {
      const m = moments(Array.from({ length: runs }, (_, r) => v.pulls[r * B + c]));
      values[k + 1] = m.mean;
      dn[k + 1] = -m.rms;
      up[k + 1] = m.rms;
    });
    return new Estimate1D(path, binning, values, [{ label: 'rms', dn, up }], [['Title', `held-out pulls of the ${model.kind} surrogate (mean; error: RMS over ${runs} runs)`]]);
  });
}

/**
 * The runs of a per-bin network split into folds the size of its validation
 * share: the first fold is the model's own validation runs (the same split as
 * without folds), the others' networks train the same way with that fold held
 * out instead. Together they hold out every run once, which is what a tune's
 * closure on the campaign's own runs needs (tune/held-out-closure.ts), at the
 * cost of one more training per fold.
 */
import { permutation, Random } from '../generator/index.js';
import type { NetworkFold, NetworkSurrogate } from './network.js';
import type { HeldOutRefits } from './refits.js';
import { subsetRuns, type TrainingSet } from './training-set.js';
import { binName } from './types.js';

/** Random stream of the validation split (apart from the weights' streams, 1…K). */
export const VALIDATION_STREAM = 0x7fff;

export interface RunFold {
  /** Sorted rows of the runs this fold holds out. */
  readonly held: number[];
  readonly kept: number[];
}

/**
 * Folds of `share` of the R runs each (the last takes what is left), from
 * one seeded permutation; none when the share holds out no run or leaves
 * fewer than two to train on.
 */
export function validationFolds(runs: number, share: number, seed: number): RunFold[] {
  const n = Math.round(runs * share);
  if (n < 1 || runs - n < 2) return [];
  const order = permutation(new Random(seed, VALIDATION_STREAM), runs);
  const all = Array.from({ length: runs }, (_, r) => r);
  const folds: RunFold[] = [];
  for (let at = 0; at < runs; at += n) {
    // A remainder too small to be a fold of its own joins the one before (never the model's own).
    const end = at > 0 && runs - (at + n) < n / 2 ? runs : Math.min(runs, at + n);
    const held = new Set(order.subarray(at, end));
    if (runs - held.size >= 2) folds.push({ held: all.filter((r) => held.has(r)), kept: all.filter((r) => !held.has(r)) });
    if (end === runs) break;
  }
  return folds;
}

/** The training set's split for one fold. */
export function foldSplit(set: TrainingSet, fold: RunFold): { train: TrainingSet; check: TrainingSet } {
  return { train: subsetRuns(set, fold.kept), check: subsetRuns(set, fold.held) };
}

/**
 * Refits of a network with folds: for each run, the network that held it out
 * (the model itself for its own validation runs), its held-out misses without
 * that run's, so that the run's own miss does not widen the σ it is tried
 * against. Undefined when the model has no folds or `runs` are not its runs.
 */
export function networkRefits(runs: TrainingSet, model: NetworkSurrogate): HeldOutRefits | undefined {
  const folds = model.folds;
  if (!folds || runs.runNames.join('\n') !== model.runs.join('\n')) return undefined;
  if (runs.bins.map(binName).join('\n') !== model.bins.map(binName).join('\n')) throw new Error(`held-out refits: the runs' ${runs.bins.length} bins are not the network's ${model.bins.length}`);
  const all: NetworkFold[] = [{ held: folds.own, model }, ...folds.others];
  return {
    runs,
    without(run) {
      const fold = all.find((f) => f.held.includes(run));
      if (!fold) throw new Error(`held-out refits: run ${run} is held out by none of the network's ${all.length} folds`);
      return fold.model.withoutMiss(fold.held.indexOf(run));
    },
  };
}

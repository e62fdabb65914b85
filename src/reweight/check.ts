/**
 * The closure check of a reweighting: a fresh classifier, trained to tell the
 * reweighted baseline from a target sample, should do no better than chance
 * (AUC ≈ 0.5) when the weights are right. Trained on one part of each sample,
 * scored on the rest, so that over-fitting cannot fake a separation.
 */
import { Random, permutation } from '../generator/index.js';
import { weightedAuc } from './diagnostics.js';
import { subsetInputs } from './inputs.js';
import { trainTwoSample } from './trainers.js';
import type { TrainReweighterOptions, WeightedSample } from './training.js';

export interface ClassifierCheckOptions extends TrainReweighterOptions {
  /** Share of each sample kept for scoring. Default 0.5. */
  readonly heldOut?: number;
}

export interface ClassifierCheck {
  /** Weighted AUC of the fresh classifier on the held-out events (0.5: indistinguishable). */
  readonly auc: number;
  readonly trainEvents: number;
  readonly testEvents: number;
}

/** A small, quick classifier is enough to see a leftover difference; sizes can be overridden. */
const CHECK_DEFAULTS: TrainReweighterOptions = { model: { kind: 'event-mlp', hidden: [16, 16] }, epochs: 12, patience: 3 };

const CHECK_STREAM = 0xc4ec;

/** The sample's events split at random into a training part and a held-out part, with their weights. */
function splitSample(s: WeightedSample, heldOut: number, rng: Random): { train: WeightedSample; test: WeightedSample } {
  const n = s.inputs.n;
  const held = Math.round(n * heldOut);
  if (held < 1 || n - held < 1) throw new Error(`the classifier check needs events on both sides of its split; ${n} events, held-out share ${heldOut}`);
  const order = permutation(rng, n);
  const part = (idx: Int32Array): WeightedSample => ({ inputs: subsetInputs(s.inputs, idx), ...(s.weights ? { weights: Float64Array.from(idx, (i) => s.weights?.[i] ?? 1) } : {}) });
  return { train: part(order.subarray(held)), test: part(order.subarray(0, held)) };
}

/**
 * Trains a fresh two-sample classifier between `baseline` (its weights being the
 * reweighting under test) and `target`, and returns its weighted AUC on held-out events.
 */
export async function freshClassifierAuc(baseline: WeightedSample, target: WeightedSample, options: ClassifierCheckOptions = {}): Promise<ClassifierCheck> {
  const o = { ...CHECK_DEFAULTS, ...options };
  const rng = new Random(o.seed ?? 1, CHECK_STREAM);
  const a = splitSample(baseline, o.heldOut ?? 0.5, rng);
  const b = splitSample(target, o.heldOut ?? 0.5, rng);
  const { reweighter } = await trainTwoSample({ a: a.train, b: b.train }, o);
  try {
    const auc = weightedAuc(reweighter.logits(a.test.inputs), reweighter.logits(b.test.inputs), a.test.weights, b.test.weights);
    return { auc, trainEvents: a.train.inputs.n + b.train.inputs.n, testEvents: a.test.inputs.n + b.test.inputs.n };
  } finally {
    reweighter.dispose();
  }
}

/** The fresh classifier's AUC before (baseline unweighted, or with its own weights) and after reweighting. */
export async function reweightingAuc(baseline: WeightedSample, weights: Float64Array, target: WeightedSample, options: ClassifierCheckOptions = {}): Promise<{ before: ClassifierCheck; after: ClassifierCheck }> {
  if (weights.length !== baseline.inputs.n) throw new Error(`${weights.length} weights for ${baseline.inputs.n} baseline events`);
  const own = baseline.weights;
  const reweighted = own ? Float64Array.from(weights, (w, i) => w * own[i]) : weights;
  const before = await freshClassifierAuc(baseline, target, options);
  const after = await freshClassifierAuc({ inputs: baseline.inputs, weights: reweighted }, target, options);
  return { before, after };
}

/**
 * Training of the per-bin networks (see network.ts): the only part of the
 * surrogates that needs TensorFlow.js, loaded on first use so that commands
 * and scripts that never train a network do not pay for it.
 */
import type { RunTable } from '../campaign/index.js';
import { initBackend } from '../nn/index.js';
import { Random } from '../generator/index.js';
import { boxOfRuns } from './box.js';
import { NetworkSurrogate, type NetworkFolds, type NetworkOptions, type Standardisation } from './network.js';
import type { NetLayer } from './network-eval.js';
import type { MemberJob, MemberSettings, Split } from './network-member.js';
import { trainMembers } from './network-members.js';
import { foldSplit, validationFolds } from './network-folds.js';
import { columnMedian, runNoiseOf, trainingSet, type TrainingSet } from './training-set.js';
import type { HeldOut, ParamBox } from './types.js';

export async function trainNetwork(data: RunTable | TrainingSet, options: NetworkOptions = {}): Promise<NetworkSurrogate> {
  const set = 'exclusions' in data ? data : trainingSet(data);
  const box = boxOfRuns(set.paramNames, set.params);
  const standard = standardise(set);
  await initBackend({ ...(options.backend ? { backend: options.backend } : {}), ...(options.log ? { log: options.log } : {}) });
  const folds = validationFolds(set.runNames.length, options.validation ?? 0.2, options.seed ?? 1);
  const split: Split = folds.length > 0 ? foldSplit(set, folds[0]) : { train: set, check: undefined };
  const withFolds = (options.folds ?? false) && folds.length > 1;
  const others = withFolds ? folds.slice(1).map((f) => ({ fold: f, split: foldSplit(set, f) })) : [];
  const { members, foldLayers } = await trainEnsemble(split, others.map((o) => o.split), box, standard, options);
  const bootstrapped = (options.bootstrap ?? false) && members.length > 1;
  const mcError = medianErrors(set);
  // A model with its misses on the runs it held out, when it held any out.
  const checked = (layers: readonly NetLayer[][], check: TrainingSet | undefined, boot: boolean, networkFolds?: NetworkFolds): NetworkSurrogate => {
    const model = new NetworkSurrogate(box, set.bins, set.exclusions, set.runNames, layers, standard, mcError, undefined, boot);
    if (!check) return model;
    const held = heldOutOn(model, check);
    return new NetworkSurrogate(box, set.bins, set.exclusions, set.runNames, layers, standard, mcError, held.discrepancy, boot, { misses: held.misses, noise: held.noise, ...runNoiseOf(set) }, networkFolds);
  };
  const networkFolds = others.length > 0 ? { own: Int32Array.from(folds[0].held), others: others.map((o, k) => ({ held: Int32Array.from(o.fold.held), model: checked([foldLayers[k]], o.split.check, false) })) } : undefined;
  return checked(members, split.check, bootstrapped, networkFolds);
}

/**
 * Every member's layers, and each extra fold's network (one member each,
 * trained beside the first member so that no thread waits); bootstrap members
 * train on copies around the first member's fit, so after it.
 */
async function trainEnsemble(split: Split, folds: readonly Split[], box: ParamBox, standard: Standardisation, options: NetworkOptions): Promise<{ members: NetLayer[][]; foldLayers: NetLayer[][] }> {
  const K = options.ensemble ?? 1;
  const settings = memberSettings(options);
  const jobOf = (member: number, s: Split): MemberJob => ({ split: s, box, standard, settings, member });
  const side = { ...(options.threads !== undefined ? { threads: options.threads } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}), ...(options.log ? { log: options.log } : {}) };
  // Fold networks draw their initial weights from the streams after the members'.
  const foldJobs = folds.map((s, f) => jobOf(K + f, s));
  const boot = (options.bootstrap ?? false) && K > 1;
  const first = await trainMembers([...Array.from({ length: boot ? 1 : K }, (_, m) => jobOf(m, split)), ...foldJobs], side);
  const foldLayers = first.splice(first.length - foldJobs.length, foldJobs.length);
  if (!boot) return { members: first, foldLayers };
  const fit = new NetworkSurrogate(box, split.train.bins, split.train.exclusions, split.train.runNames, [first[0]], standard, medianErrors(split.train));
  const copies = Array.from({ length: K - 1 }, (_, i) => jobOf(i + 1, { ...split, train: wildCopy(fit, split.train, new Random(options.seed ?? 1, BOOTSTRAP_STREAM + i + 1)) }));
  return { members: [first[0], ...(await trainMembers(copies, side))], foldLayers };
}

function memberSettings(o: NetworkOptions): MemberSettings {
  const { hidden, epochs, learningRate, optimizer, patience, seed } = o;
  return { ...(hidden ? { hidden } : {}), ...(epochs !== undefined ? { epochs } : {}), ...(learningRate !== undefined ? { learningRate } : {}), ...(optimizer ? { optimizer } : {}), ...(patience !== undefined ? { patience } : {}), ...(seed !== undefined ? { seed } : {}) };
}

/** Random streams of the bootstrap copies (one per member, apart from the weights' and the split's). */
const BOOTSTRAP_STREAM = 0xb0070;

/** The training runs with each run's residuals from `fit` kept or flipped whole, at random. */
function wildCopy(fit: NetworkSurrogate, set: TrainingSet, rng: Random): TrainingSet {
  const B = set.bins.length;
  const fitted = fit.predict(set.params).values;
  const values = new Float64Array(set.values.length);
  for (let r = 0; r < set.runNames.length; r++) {
    const v = rng.uniform() < 0.5 ? -1 : 1;
    for (let b = 0; b < B; b++) values[r * B + b] = fitted[r * B + b] + v * (set.values[r * B + b] - fitted[r * B + b]);
  }
  return { ...set, values };
}

/**
 * Per bin, τ with τ² = mean over the validation runs of r² − σ_run² − s², at
 * least zero (r the residual, s the members' spread), and the residuals
 * themselves (runs × bins). Those runs chose when to stop but were never
 * fitted, so τ errs small by little.
 */
function heldOutOn(model: NetworkSurrogate, check: TrainingSet): HeldOut {
  const B = check.bins.length;
  const R = check.runNames.length;
  const p = model.predict(check.params);
  const misses = p.values.map((v, i) => v - check.values[i]);
  const noise = check.errors.map((e, i) => e * e + p.spread[i] ** 2);
  const tau = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let excess = 0;
    for (let r = 0; r < R; r++) excess += misses[r * B + b] ** 2 - noise[r * B + b];
    tau[b] = Math.sqrt(Math.max(0, excess / R));
  }
  return { discrepancy: tau, misses, noise };
}

function standardise(set: TrainingSet): Standardisation {
  const B = set.bins.length;
  const R = set.runNames.length;
  const mean = new Float64Array(B);
  const scale = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let r = 0; r < R; r++) s += set.values[r * B + b];
    mean[b] = s / R;
    let v = 0;
    for (let r = 0; r < R; r++) v += (set.values[r * B + b] - mean[b]) ** 2;
    // A bin that does not vary keeps its own size as the scale, so its loss terms stay finite.
    scale[b] = Math.sqrt(v / R) || Math.abs(mean[b]) || 1;
  }
  return { mean, scale };
}

function medianErrors(set: TrainingSet): Float64Array {
  const B = set.bins.length;
  return Float64Array.from({ length: B }, (_, b) => columnMedian(set.errors, B, b, set.runNames.length));
}

/**
 * Training of the per-bin networks (see network.ts): the only part of the
 * surrogates that needs TensorFlow.js, loaded on first use so that commands
 * and scripts that never train a network do not pay for it.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunTable } from '../campaign/index.js';
import { initBackend, initMlp, mlp, paramsOf, train, weightRandom, type DenseParams, type TrainProgress } from '../nn/index.js';
import { Random } from '../generator/index.js';
import { boxOfRuns, toUnit } from './box.js';
import { DEFAULT_HIDDEN, DEFAULT_NETWORK_EPOCHS, NetworkSurrogate, type NetworkOptimizer, type NetworkOptions, type Standardisation } from './network.js';
import type { NetLayer } from './network-eval.js';
import { columnMedian, shuffledSplit, subsetRuns, trainingSet, type TrainingSet } from './training-set.js';
import type { HeldOut, ParamBox } from './types.js';

export async function trainNetwork(data: RunTable | TrainingSet, options: NetworkOptions = {}): Promise<NetworkSurrogate> {
  const set = 'exclusions' in data ? data : trainingSet(data);
  const box = boxOfRuns(set.paramNames, set.params);
  const standard = standardise(set);
  await initBackend({ ...(options.backend ? { backend: options.backend } : {}), ...(options.log ? { log: options.log } : {}) });
  const split = validationSplit(set, options.validation ?? 0.2, options.seed ?? 1);
  const members: NetLayer[][] = [await trainMember(split, box, standard, options, 0)];
  const bootstrapped = (options.bootstrap ?? false) && (options.ensemble ?? 1) > 1;
  const first = new NetworkSurrogate(box, set.bins, set.exclusions, set.runNames, members, standard, medianErrors(set));
  for (let m = 1; m < (options.ensemble ?? 1); m++) {
    const train = bootstrapped ? { ...split, train: wildCopy(first, split.train, new Random(options.seed ?? 1, BOOTSTRAP_STREAM + m)) } : split;
    members.push(await trainMember(train, box, standard, options, m));
  }
  const model = new NetworkSurrogate(box, set.bins, set.exclusions, set.runNames, members, standard, first.mcError, undefined, bootstrapped);
  if (!split.check) return model;
  const held = heldOutOn(model, split.check);
  return new NetworkSurrogate(box, set.bins, set.exclusions, set.runNames, members, standard, model.mcError, held.discrepancy, bootstrapped, { misses: held.misses, noise: held.noise });
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

interface Split {
  readonly train: TrainingSet;
  readonly check: TrainingSet | undefined;
}

/** Random stream of the early-stopping split (apart from the weights' streams, 1…K). */
const VALIDATION_STREAM = 0x7fff;

function validationSplit(set: TrainingSet, share: number, seed: number): Split {
  const R = set.runNames.length;
  const n = Math.round(R * share);
  if (n < 1 || R - n < 2) return { train: set, check: undefined };
  const { kept, held } = shuffledSplit(R, n, seed, VALIDATION_STREAM);
  return { train: subsetRuns(set, kept), check: subsetRuns(set, held) };
}

/** Inputs [N, P], standardised targets [B, N, 1] and loss weights [B, N, 1] (mean 1 per bin). */
function tensorsOf(set: TrainingSet, box: ParamBox, standard: Standardisation): { x: tf.Tensor2D; y: tf.Tensor3D; w: tf.Tensor3D } {
  const B = set.bins.length;
  const R = set.runNames.length;
  const y = new Float32Array(B * R);
  const w = new Float32Array(B * R);
  for (let b = 0; b < B; b++) {
    let wsum = 0;
    // Inverse variance, with errors floored at half the bin's median one, so that a run with a vanishing
    // error (an empty bin at the edge of a spectrum) cannot own the bin.
    const floor = Math.max(0.5 * columnMedian(set.errors, B, b, R), 1e-3 * standard.scale[b]);
    for (let r = 0; r < R; r++) {
      y[b * R + r] = (set.values[r * B + b] - standard.mean[b]) / standard.scale[b];
      const s = Math.max(set.errors[r * B + b], floor) / standard.scale[b];
      w[b * R + r] = 1 / (s * s);
      wsum += w[b * R + r];
    }
    for (let r = 0; r < R; r++) w[b * R + r] *= R / wsum;
  }
  return { x: tf.tensor2d(Float32Array.from(toUnit(box, set.params)), [R, set.paramNames.length]), y: tf.tensor3d(y, [B, R, 1]), w: tf.tensor3d(w, [B, R, 1]) };
}

async function trainMember(split: Split, box: ParamBox, standard: Standardisation, o: NetworkOptions, member: number): Promise<NetLayer[]> {
  const P = box.names.length;
  const B = split.train.bins.length;
  const layers = initMlp(weightRandom(o.seed ?? 1, member + 1), [P, ...(o.hidden ?? DEFAULT_HIDDEN), 1], B);
  const tr = tensorsOf(split.train, box, standard);
  const va = split.check ? tensorsOf(split.check, box, standard) : undefined;
  const lossOf = (t: { x: tf.Tensor2D; y: tf.Tensor3D; w: tf.Tensor3D }) => (): tf.Scalar => tf.mean(tf.mul(t.w, tf.squaredDifference(mlp(t.x, layers, { inputGradient: false }), t.y)));
  const optimizer = optimizerOf(o.optimizer ?? 'adam', o.learningRate ?? 0.02);
  try {
    const result = await train({
      loss: lossOf(tr),
      variables: paramsOf(layers),
      optimizer,
      epochs: o.epochs ?? DEFAULT_NETWORK_EPOCHS,
      ...(va ? { validationLoss: lossOf(va), patience: o.patience ?? 300 } : {}),
      ...(o.onProgress ? { onProgress: (p: TrainProgress) => o.onProgress?.(member, p) } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (result.stopReason === 'aborted') throw new Error('network training stopped before it finished');
    if (result.stopReason === 'non-finite') throw new Error(`network training diverged (a non-finite loss at epoch ${result.epochs}); lower the learning rate`);
    return layers.map(toNetLayer);
  } finally {
    optimizer.dispose();
    for (const t of [tr, ...(va ? [va] : [])]) tf.dispose([t.x, t.y, t.w]);
    for (const L of layers) tf.dispose([L.kernel, L.bias]);
  }
}

function optimizerOf(kind: NetworkOptimizer, rate: number): tf.Optimizer {
  if (kind === 'rmsprop') return tf.train.rmsprop(rate);
  if (kind === 'momentum') return tf.train.momentum(rate, 0.9);
  return tf.train.adam(rate);
}

/** A trained layer's weights in float64 for evaluation in JavaScript (batched [B, in, out] or plain [in, out]). */
export function toNetLayer(L: DenseParams): NetLayer {
  const shape = L.kernel.shape;
  const [inputs, outputs] = [shape[shape.length - 2], shape[shape.length - 1]];
  return { inputs, outputs, kernel: Float64Array.from(L.kernel.dataSync()), bias: Float64Array.from(L.bias.dataSync()) };
}


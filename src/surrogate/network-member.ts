/**
 * One member of a per-bin network ensemble, trained from plain data (typed
 * arrays and numbers only), so that the same function serves this thread and a
 * worker thread: a member's weights depend only on its job, wherever it runs.
 */
import * as tf from '@tensorflow/tfjs';
import { initMlp, mlp, paramsOf, train, weightRandom, type DenseParams, type TrainProgress } from '../nn/index.js';
import { toUnit } from './box.js';
import { DEFAULT_HIDDEN, DEFAULT_NETWORK_EPOCHS, type NetworkOptimizer, type Standardisation } from './network.js';
import type { NetLayer } from './network-eval.js';
import { columnMedian, type TrainingSet } from './training-set.js';
import type { ParamBox } from './types.js';

/** The training runs and the runs that decide when to stop (none: train all epochs). */
export interface Split {
  readonly train: TrainingSet;
  readonly check: TrainingSet | undefined;
}

/** The options a member's training reads; nothing in it is a function, so it crosses to a worker. */
export interface MemberSettings {
  readonly hidden?: readonly number[];
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly optimizer?: NetworkOptimizer;
  readonly patience?: number;
  readonly seed?: number;
}

export interface MemberJob {
  readonly split: Split;
  readonly box: ParamBox;
  readonly standard: Standardisation;
  readonly settings: MemberSettings;
  /** 0-based; member k draws its initial weights from stream k + 1 of the seed. */
  readonly member: number;
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

/** Trains one member; rejects when aborted or when the loss stops being finite. */
export async function trainMember(job: MemberJob, onProgress?: (p: TrainProgress) => void, signal?: AbortSignal): Promise<NetLayer[]> {
  const { split, box, standard, settings: o, member } = job;
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
      ...(onProgress ? { onProgress } : {}),
      ...(signal ? { signal } : {}),
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

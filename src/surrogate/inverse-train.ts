/** Training of the inverse model (see inverse.ts), in TF.js: loaded only when an inverse model is fitted. */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../generator/index.js';
import { initBackend, initMlp, mlp, paramsOf, train, weightRandom } from '../nn/index.js';
import { boxOfRuns, toUnit } from './box.js';
import { InverseModel, rmsStandardised, type InverseOptions } from './inverse.js';
import { toNetLayer } from './network-train.js';
import { shuffledSplit, type TrainingSet } from './training-set.js';

export async function trainInverse(set: TrainingSet, o: InverseOptions): Promise<InverseModel> {
  const box = boxOfRuns(set.paramNames, set.params);
  const inputs = inputBins(set, o);
  const { mean, scale } = standardisation(set, inputs);
  await initBackend({ ...(o.backend ? { backend: o.backend } : {}), ...(o.log ? { log: o.log } : {}) });
  const R = set.runNames.length;
  // Early stopping watches whole runs the network never trained on, not noisy copies of its training runs.
  const { kept, held } = shuffledSplit(R, Math.round(R * 0.2), o.seed ?? 1, 0x1b);
  const units = toUnit(box, set.params);
  const trainData = augmented(set, inputs, kept, units, mean, scale, o, 1);
  const checkData = held.length > 0 ? augmented(set, inputs, held, units, mean, scale, o, 2) : undefined;
  const P = set.paramNames.length;
  const layers = initMlp(weightRandom(o.seed ?? 1, 0x1c), [inputs.length, ...(o.hidden ?? [32, 32]), P]);
  const lossOf = (d: { x: tf.Tensor2D; y: tf.Tensor2D }) => (): tf.Scalar => tf.mean(tf.squaredDifference(mlp(d.x, layers, { inputGradient: false }), d.y));
  const optimizer = tf.train.adam(o.learningRate ?? 0.005);
  try {
    const result = await train({
      loss: lossOf(trainData),
      variables: paramsOf(layers),
      optimizer,
      epochs: o.epochs ?? 2000,
      ...(checkData ? { validationLoss: lossOf(checkData), patience: o.patience ?? 200 } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    if (result.stopReason === 'non-finite') throw new Error(`inverse network training diverged (a non-finite loss at epoch ${result.epochs}); lower the learning rate`);
    const reach = Math.max(...Array.from({ length: R }, (_, r) => rmsStandardised(inputs.map((b) => set.values[r * set.bins.length + b]), mean, scale)));
    return new InverseModel(box, inputs.map((b) => set.bins[b]), mean, scale, layers.map(toNetLayer), reach);
  } finally {
    optimizer.dispose();
    for (const d of [trainData, ...(checkData ? [checkData] : [])]) tf.dispose([d.x, d.y]);
    for (const L of layers) tf.dispose([L.kernel, L.bias]);
  }
}

/** Indices of the bins that feed the network: those with data (a value and a positive error), or all without data. */
function inputBins(set: TrainingSet, o: InverseOptions): number[] {
  const all = set.bins.map((_, b) => b);
  if (!o.data) return all;
  const { values, errors } = o.data;
  if (values.length !== set.bins.length || errors.length !== set.bins.length) throw new Error(`inverse model: data for ${values.length} bins, the runs have ${set.bins.length}`);
  const used = all.filter((b) => Number.isFinite(values[b]) && errors[b] > 0);
  if (used.length === 0) throw new Error('inverse model: no bin has data with a positive error');
  return used;
}

function standardisation(set: TrainingSet, inputs: readonly number[]): { mean: Float64Array; scale: Float64Array } {
  const B = set.bins.length;
  const R = set.runNames.length;
  const mean = Float64Array.from(inputs, (b) => Array.from({ length: R }, (_, r) => set.values[r * B + b]).reduce((a, c) => a + c, 0) / R);
  const scale = Float64Array.from(inputs, (b, i) => Math.sqrt(Array.from({ length: R }, (_, r) => (set.values[r * B + b] - mean[i]) ** 2).reduce((a, c) => a + c, 0) / R) || Math.abs(mean[i]) || 1);
  return { mean, scale };
}

/** Each run copied `copies` times with its inputs fluctuated by its MC errors and the data's errors; targets on the unit box. */
function augmented(set: TrainingSet, inputs: readonly number[], rows: readonly number[], units: Float64Array, mean: Float64Array, scale: Float64Array, o: InverseOptions, stream: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const B = set.bins.length;
  const I = inputs.length;
  const P = set.paramNames.length;
  const copies = o.copies ?? 50;
  const rng = new Random(o.seed ?? 1, 0x1d00 + stream);
  const x = new Float32Array(rows.length * copies * I);
  const y = new Float32Array(rows.length * copies * P);
  let n = 0;
  for (const r of rows) {
    for (let c = 0; c < copies; c++, n++) {
      inputs.forEach((b, i) => {
        const dataErr = o.data ? o.data.errors[b] : 0;
        const noisy = set.values[r * B + b] + set.errors[r * B + b] * rng.gauss() + dataErr * rng.gauss();
        x[n * I + i] = (noisy - mean[i]) / scale[i];
      });
      y.set(units.subarray(r * P, (r + 1) * P), n * P);
    }
  }
  return { x: tf.tensor2d(x, [n, I]), y: tf.tensor2d(y, [n, P]) };
}

/** Training of the inverse model (see inverse.ts), in TF.js: loaded only when an inverse model is fitted. */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../generator/index.js';
import { initBackend, initMlp, mlp, paramsOf, train, weightRandom } from '../nn/index.js';
import { boxOfRuns, toUnit } from './box.js';
import { InverseModel, rmsStandardised, type InverseOptions } from './inverse.js';
import { toNetLayer } from './network-member.js';
import { shuffledSplit, type TrainingSet } from './training-set.js';
import { symmetricEigen } from '../linalg/index.js';

export async function trainInverse(set: TrainingSet, o: InverseOptions): Promise<InverseModel> {
  const box = boxOfRuns(set.paramNames, set.params);
  const inputs = inputBins(set, o);
  const { mean, scale } = standardisation(set, inputs);
  await initBackend({ ...(o.backend ? { backend: o.backend } : {}), ...(o.log ? { log: o.log } : {}) });
  const R = set.runNames.length;
  const P = set.paramNames.length;
  // Early stopping watches whole runs the network never trained on, not noisy copies of its training runs.
  const { kept, held } = shuffledSplit(R, Math.round(R * 0.2), o.seed ?? 1, 0x1b);
  const standardised = (r: number) => Float64Array.from(inputs, (b, i) => (set.values[r * set.bins.length + b] - mean[i]) / scale[i]);
  const projection = principalComponents(kept.map(standardised), inputs.length, o.components ?? Math.max(P, Math.min(20, Math.floor(kept.length / 4))));
  const K = projection.length / inputs.length;
  const units = toUnit(box, set.params);
  const feed = { set, inputs, units, mean, scale, projection, K, o };
  const trainData = augmented(feed, kept, 1);
  const checkData = held.length > 0 ? augmented(feed, held, 2) : undefined;
  const layers = initMlp(weightRandom(o.seed ?? 1, 0x1c), [K, ...(o.hidden ?? [32, 32]), P]);
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
    const model = new InverseModel(box, inputs.map((b) => set.bins[b]), mean, scale, projection, layers.map(toNetLayer), reach, new Float64Array(P * P));
    return new InverseModel(box, model.bins, mean, scale, projection, model.layers, reach, missCovariance(model, set, inputs, held));
  } finally {
    optimizer.dispose();
    for (const d of [trainData, ...(checkData ? [checkData] : [])]) tf.dispose([d.x, d.y]);
    for (const L of layers) tf.dispose([L.kernel, L.bias]);
  }
}

/**
 * Standardised bins → the first K principal components of the rows, whitened
 * (unit variance over the rows): I × K. From the rows' Gram matrix, as there
 * are far fewer runs than bins. Components the rows hardly span (below 1e-9
 * of the largest) are not kept: whitening would blow their rounding up.
 */
function principalComponents(rows: readonly Float64Array[], I: number, wanted: number): Float64Array {
  const n = rows.length;
  const G = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let c = a; c < n; c++) {
      let s = 0;
      for (let i = 0; i < I; i++) s += rows[a][i] * rows[c][i];
      G[a * n + c] = G[c * n + a] = s;
    }
  }
  const e = symmetricEigen(G, n);
  const K = Math.max(1, Math.min(wanted, e.values.filter((l) => l > 1e-9 * e.values[0]).length));
  const out = new Float64Array(I * K);
  for (let k = 0; k < K; k++) {
    // Direction u = Σ_r v_r z_r / √λ (unit length); the score u·z has variance λ/n over the rows.
    const lambda = Math.max(e.values[k], 1e-300);
    const f = Math.sqrt(n) / lambda;
    rows.forEach((z, r) => {
      const v = e.vectors[r * n + k] * f;
      for (let i = 0; i < I; i++) out[i * K + k] += v * z[i];
    });
  }
  return out;
}

/** Mean outer product of the network's misses θ̂ − θ on runs it never trained on (P × P, natural units). */
function missCovariance(model: InverseModel, set: TrainingSet, inputs: readonly number[], rows: readonly number[]): Float64Array {
  const P = set.paramNames.length;
  const out = new Float64Array(P * P);
  if (rows.length === 0) return out;
  const B = set.bins.length;
  const x = Float64Array.from({ length: rows.length * inputs.length }, (_, k) => set.values[rows[Math.floor(k / inputs.length)] * B + inputs[k % inputs.length]]);
  const predicted = model.apply(x);
  rows.forEach((r, i) => {
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < P; q++) out[p * P + q] += ((predicted[i * P + p] - set.params[r * P + p]) * (predicted[i * P + q] - set.params[r * P + q])) / rows.length;
    }
  });
  return out;
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

interface Feed {
  readonly set: TrainingSet;
  readonly inputs: readonly number[];
  readonly units: Float64Array;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly projection: Float64Array;
  readonly K: number;
  readonly o: InverseOptions;
}

/**
 * Each run copied `copies` times with its inputs fluctuated by its MC errors
 * and the data's errors, standardised and projected on the principal
 * components; targets on the unit box.
 */
function augmented(f: Feed, rows: readonly number[], stream: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const { set, inputs, K, o } = f;
  const B = set.bins.length;
  const P = set.paramNames.length;
  const copies = o.copies ?? 50;
  const rng = new Random(o.seed ?? 1, 0x1d00 + stream);
  const x = new Float32Array(rows.length * copies * K);
  const y = new Float32Array(rows.length * copies * P);
  const z = new Float64Array(K);
  let n = 0;
  for (const r of rows) {
    for (let c = 0; c < copies; c++, n++) {
      z.fill(0);
      inputs.forEach((b, i) => {
        const dataErr = o.data ? o.data.errors[b] : 0;
        const noisy = set.values[r * B + b] + set.errors[r * B + b] * rng.gauss() + dataErr * rng.gauss();
        const zi = (noisy - f.mean[i]) / f.scale[i];
        for (let k = 0; k < K; k++) z[k] += zi * f.projection[i * K + k];
      });
      x.set(z, n * K);
      y.set(f.units.subarray(r * P, (r + 1) * P), n * P);
    }
  }
  return { x: tf.tensor2d(x, [n, K]), y: tf.tensor2d(y, [n, P]) };
}

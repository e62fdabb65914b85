/**
 * Seeded initial weights. TF.js's own initialisers draw from its global random
 * state, which no seed makes reproducible across runs of a program; ours draw
 * from mctune's xoshiro128** generator in plain JavaScript, so the same
 * (seed, stream) gives bit-identical weights on every backend, and with
 * deterministic full-batch training the same model bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../generator/index.js';


/** One dense layer's trainable tensors. Unbatched: kernel [in, out], bias [out]; batched: kernel [B, in, out], bias [B, out]. */
export interface DenseParams {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** A fresh generator for weights; `stream` separates independent draws with one seed (ensemble members, say). */
export function weightRandom(seed: number, stream = 0): Random {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  return new Random(seed, stream);
}

function checkSize(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got ${n}`);
}

/**
 * `count` draws from Glorot (Xavier) uniform, U(−a, a) with a = √(6 / (fanIn + fanOut)),
 * the usual start for tanh layers: it keeps the variance of activations and gradients
 * about equal through the layers. Rounded to float32 here, so every backend starts alike.
 */
export function glorotUniform(rng: Random, fanIn: number, fanOut: number, count: number): Float32Array {
  checkSize('fanIn', fanIn);
  checkSize('fanOut', fanOut);
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = a * (2 * rng.uniform() - 1);
  return out;
}

/** A trainable variable holding `values`; the tidy frees the temporary tensor it is made from. */
function variableOf(values: Float32Array, shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32')));
}

/** A dense layer with Glorot-uniform kernel [inputs, outputs] and zero bias. */
export function initDense(rng: Random, inputs: number, outputs: number): DenseParams {
  const values = glorotUniform(rng, inputs, outputs, inputs * outputs);
  return {
    kernel: variableOf(values, [inputs, outputs]),
    bias: variableOf(new Float32Array(outputs), [outputs]),
  };
}

/**
 * `bins` independent dense layers stacked on a leading axis: kernel [bins, inputs, outputs],
 * bias [bins, outputs]. Each bin's kernel is drawn with its own fan-in/out, bin after bin,
 * so bin b's weights do not depend on how many bins follow it.
 */
export function initBatchedDense(rng: Random, bins: number, inputs: number, outputs: number): DenseParams {
  checkSize('bins', bins);
  const values = glorotUniform(rng, inputs, outputs, bins * inputs * outputs);
  return {
    kernel: variableOf(values, [bins, inputs, outputs]),
    bias: variableOf(new Float32Array(bins * outputs), [bins, outputs]),
  };
}

/**
 * A multilayer perceptron's layers for the sizes [inputs, hidden…, outputs], drawn in
 * order from one generator; with `bins` each layer is batched over that many bins.
 */
export function initMlp(rng: Random, sizes: readonly number[], bins?: number): DenseParams[] {
  if (sizes.length < 2) throw new Error(`an MLP needs at least input and output sizes, got [${sizes.join(', ')}]`);
  const layers: DenseParams[] = [];
  for (let i = 1; i < sizes.length; i++) {
    layers.push(bins === undefined ? initDense(rng, sizes[i - 1], sizes[i]) : initBatchedDense(rng, bins, sizes[i - 1], sizes[i]));
  }
  return layers;
}

/** The kernels and biases of the layers, in order, for an optimiser's variable list. */
export function paramsOf(layers: readonly DenseParams[]): tf.Variable[] {
  return layers.flatMap((l) => [l.kernel, l.bias]);
}

/** Frees the layers' tensors. */
export function disposeParams(layers: readonly DenseParams[]): void {
  for (const l of layers) {
    l.kernel.dispose();
    l.bias.dispose();
  }
}


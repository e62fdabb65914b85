/**
 * Dense layers with a hand-written backward pass. TF.js's automatic gradient of
 * y = x·W + b computes dy·Wᵀ and xᵀ·dy with matMul's transposeA / transposeB
 * flags, and on the WebAssembly backend a flagged matMul takes several times as
 * long as a plain one of the same size, even counting an explicit tf.transpose
 * (bench/nn-matmul.ts measures it). So there the gradient transposes explicitly
 * and multiplies without flags; where flags cost nothing (the JS CPU backend,
 * and wasm's batched products) it keeps them.
 *
 * The batched form runs many independent small networks at once (one per
 * histogram bin): kernels [B, in, out], inputs [B, N, in] or one input [N, in]
 * shared by every bin, outputs [B, N, out], with rank-3 matMuls.
 */
import * as tf from '@tensorflow/tfjs';
import { activate, type Activation } from './activation.js';
import type { DenseParams } from './init.js';

/**
 * How the backward pass forms the products with a transposed factor (dy·Wᵀ and xᵀ·dy):
 * 'explicit' transposes with tf.transpose and then multiplies plainly; 'flags' passes
 * matMul's transposeA/transposeB, as TF.js's own gradient does.
 */
export type TransposeMode = 'explicit' | 'flags';

export interface DenseOptions {
  /**
   * Whether a gradient flows back into `x`. Default true. False skips one matMul per
   * step for a network's first layer when `x` is data; leave true for hidden layers
   * and when derivatives with respect to the inputs (Jacobians) are wanted.
   */
  readonly inputGradient?: boolean;
  /** Default: what measured fastest on the backend in use for this kind of layer (see defaultTransposeMode). */
  readonly transposes?: TransposeMode;
}

/**
 * What measured fastest (bench/nn-matmul.ts): 'explicit' for unbatched layers on the
 * WebAssembly backend, whose fast (XNNPACK) matMul serves only plain rank-2 products, so a
 * flagged one falls back to a loop several times slower even counting the transpose;
 * 'flags' for batched layers there (every rank-3 product takes that loop, flags or not,
 * and a transpose only adds work) and on the JS CPU backend (flags cost nothing, the
 * transpose does). Native TensorFlow, unmeasured here, gets TF.js's own choice: flags.
 */
export function defaultTransposeMode(batched: boolean): TransposeMode {
  return tf.getBackend() === 'wasm' && !batched ? 'explicit' : 'flags';
}

function shapeError(op: string, x: tf.Tensor, layer: DenseParams): Error {
  return new Error(`${op}: input [${x.shape.join(', ')}] does not fit kernel [${layer.kernel.shape.join(', ')}] and bias [${layer.bias.shape.join(', ')}]`);
}

function checkDense(x: tf.Tensor, layer: DenseParams): void {
  const [k, b] = [layer.kernel.shape, layer.bias.shape];
  if (x.rank !== 2 || k.length !== 2 || b.length !== 1 || x.shape[1] !== k[0] || b[0] !== k[1]) throw shapeError('dense', x, layer);
}

function checkBatched(x: tf.Tensor, layer: DenseParams): void {
  const [k, b] = [layer.kernel.shape, layer.bias.shape];
  const fits = k.length === 3 && b.length === 2 && b[0] === k[0] && b[1] === k[2];
  const inputFits = (x.rank === 2 && x.shape[1] === k[1]) || (x.rank === 3 && x.shape[0] === k[0] && x.shape[2] === k[1]);
  if (!fits || !inputFits) throw shapeError('batchedDense', x, layer);
}

/** [B, r, c] → [B, c, r]; a rank-2 tensor is transposed plainly. */
function swapLast(t: tf.Tensor): tf.Tensor {
  return t.rank === 3 ? tf.transpose(t, [0, 2, 1]) : tf.transpose(t);
}

/** ∂L/∂x for y = x·W: dy·Wᵀ, summed over bins when one x fed every bin. */
function inputGrad(dy: tf.Tensor, x: tf.Tensor, w: tf.Tensor, mode: TransposeMode): tf.Tensor {
  const dx = mode === 'flags' ? tf.matMul(dy, w, false, true) : tf.matMul(dy, swapLast(w));
  return dx.rank > x.rank ? tf.sum(dx, 0) : dx;
}

/** ∂L/∂W = xᵀ·dy (broadcast over bins for a shared x) and ∂L/∂b = Σ dy over `biasAxes`. */
function paramGrads(dy: tf.Tensor, x: tf.Tensor, biasAxes: number[], mode: TransposeMode): tf.Tensor[] {
  const dw = mode === 'flags' ? tf.matMul(x, dy, true, false) : tf.matMul(swapLast(x), dy);
  return [dw, tf.sum(dy, biasAxes)];
}

interface OpSpec {
  /** Shape b is reshaped to before the add, and the axes it is broadcast over. */
  readonly biasShape: number[];
  readonly biasAxes: number[];
  readonly withInput: boolean;
  readonly mode: TransposeMode;
}

/**
 * y = x·W + b with a hand-written gradient. Whatever the gradient reads goes through
 * `save`: TF.js frees the forward pass's intermediates (a hidden layer's x, say)
 * before the backward pass runs.
 */
function makeOp(x: tf.Tensor, spec: OpSpec): (w: tf.Tensor, b: tf.Tensor) => tf.Tensor {
  const { biasShape, biasAxes, mode } = spec;
  const forward = (w: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.add(tf.matMul(x, w), tf.reshape(b, biasShape));
  if (spec.withInput) {
    const op = tf.customGrad((...args) => {
      const [xi, w, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([xi, w]);
      return {
        value: forward(w, b),
        gradFunc: (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) => [inputGrad(dy, xs, ws, mode), ...paramGrads(dy, xs, biasAxes, mode)],
      };
    });
    return (w, b) => op(x, w, b);
  }
  // x enters only through the closure, so TF.js asks for no gradient with respect to it.
  const op = tf.customGrad((...args) => {
    const [w, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return { value: forward(w, b), gradFunc: (dy: tf.Tensor, [xs]: tf.Tensor[]) => paramGrads(dy, xs, biasAxes, mode) };
  });
  return (w, b) => op(w, b);
}

/** x [N, in] → x·kernel + bias [N, out], with the hand-written gradient. */
export function dense(x: tf.Tensor2D, layer: DenseParams, options: DenseOptions = {}): tf.Tensor2D {
  checkDense(x, layer);
  const out = layer.bias.shape[0] ?? 0;
  const spec = { biasShape: [out], biasAxes: [0], withInput: options.inputGradient ?? true, mode: options.transposes ?? defaultTransposeMode(false) };
  return makeOp(x, spec)(layer.kernel, layer.bias) as tf.Tensor2D;
}

/**
 * B dense layers at once: x [B, N, in] (or [N, in], the same input for every bin)
 * with kernel [B, in, out] and bias [B, out] → [B, N, out], with the hand-written
 * gradient (which, unlike TF.js's own, also handles the shared input).
 */
export function batchedDense(x: tf.Tensor2D | tf.Tensor3D, layer: DenseParams, options: DenseOptions = {}): tf.Tensor3D {
  checkBatched(x, layer);
  const [bins, , out] = layer.kernel.shape;
  const spec = { biasShape: [bins, 1, out], biasAxes: [1], withInput: options.inputGradient ?? true, mode: options.transposes ?? defaultTransposeMode(true) };
  return makeOp(x, spec)(layer.kernel, layer.bias) as tf.Tensor3D;
}

/** The same layer left to TF.js's automatic gradient (transposed matMuls): the reference in tests and benchmarks. */
export function denseAutograd(x: tf.Tensor2D, layer: DenseParams): tf.Tensor2D {
  checkDense(x, layer);
  return tf.add(tf.matMul(x, layer.kernel as tf.Tensor2D), layer.bias);
}

/**
 * batchedDense left to TF.js's automatic gradient: the reference in tests and benchmarks.
 * A shared input [N, in] is broadcast to every bin first, since TF.js 4.22's BatchMatMul
 * gradient fails on batch broadcasting ("gradient of input 'a' has shape …").
 */
export function batchedDenseAutograd(x: tf.Tensor2D | tf.Tensor3D, layer: DenseParams): tf.Tensor3D {
  checkBatched(x, layer);
  const [bins, , out] = layer.kernel.shape;
  const x3 = x.rank === 3 ? x : tf.broadcastTo(x, [bins, ...x.shape]);
  return tf.add(tf.matMul(x3, layer.kernel as tf.Tensor3D), tf.reshape(layer.bias, [bins, 1, out]));
}

export interface MlpOptions extends DenseOptions {
  /** Activation of the hidden layers; the last layer is linear. Default 'tanh'. */
  readonly activation?: Activation;
  /** TF.js's automatic gradients instead of the explicit-transpose ones (for comparisons). Default false. */
  readonly autograd?: boolean;
}

/**
 * A multilayer perceptron: each layer dense (or batchedDense when its kernel has a bins
 * axis), hidden layers activated, the last one linear. `inputGradient` applies to the
 * first layer only; later layers always pass gradients back.
 */
export function mlp(x: tf.Tensor2D | tf.Tensor3D, layers: readonly DenseParams[], options: MlpOptions = {}): tf.Tensor {
  const activation = options.activation ?? 'tanh';
  let h: tf.Tensor = x;
  layers.forEach((layer, i) => {
    const batched = layer.kernel.rank === 3;
    const opts = { inputGradient: i > 0 || (options.inputGradient ?? true), transposes: options.transposes };
    if (options.autograd === true) h = batched ? batchedDenseAutograd(h as tf.Tensor3D, layer) : denseAutograd(h as tf.Tensor2D, layer);
    else h = batched ? batchedDense(h as tf.Tensor3D, layer, opts) : dense(h as tf.Tensor2D, layer, opts);
    if (i < layers.length - 1) h = activate(h, activation);
  });
  return h;
}

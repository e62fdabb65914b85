/**
 * The activations of mctune's networks. tanh on the WebAssembly backend is
 * 2σ(2x) − 1 with the gradient 1 − y² written by hand: TF.js 4.22's wasm Tanh
 * kernel works element by element and takes five times as long as its Sigmoid
 * (3.5 against 0.65 ms on 562 × 80 × 5 values), which made tanh a third of a
 * per-bin network's training step. The two forms agree to 1.5e-7, float32's
 * rounding near 1. Elsewhere TF.js's own Tanh is kept: on the JS CPU backend
 * it is the cheaper (4.5 against 10 ms for the four kernels of the rewrite on
 * the same values), and native TensorFlow's is a single vectorised kernel.
 */
import * as tf from '@tensorflow/tfjs';

export type Activation = 'tanh' | 'relu' | 'sigmoid' | 'elu' | 'linear';

/** tanh(x) = 2σ(2x) − 1, with ∂/∂x = 1 − tanh². */
export const tanhViaSigmoid = tf.customGrad<tf.Tensor>((...args) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const y = tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
  save([y]);
  return { value: y, gradFunc: (dy: tf.Tensor, [ys]: tf.Tensor[]) => tf.mul(dy, tf.sub(1, tf.square(ys))) };
});

function tanh(t: tf.Tensor): tf.Tensor {
  return tf.getBackend() === 'wasm' ? tanhViaSigmoid(t) : tf.tanh(t);
}

export function activate(t: tf.Tensor, f: Activation): tf.Tensor {
  switch (f) {
    case 'tanh':
      return tanh(t);
    case 'relu':
      return tf.relu(t);
    case 'sigmoid':
      return tf.sigmoid(t);
    case 'elu':
      return tf.elu(t);
    case 'linear':
      return t;
  }
}

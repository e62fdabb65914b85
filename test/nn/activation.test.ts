import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { activate, selectBackend, tanhViaSigmoid } from '../../src/nn/index.js';

/** Points from −8 to 8, well into tanh's saturation (1 − tanh(8) ≈ 2e-7). */
const xs = Float32Array.from({ length: 161 }, (_, i) => -8 + i * 0.1);

function valueAndGradient(f: (t: tf.Tensor) => tf.Tensor): { value: Float32Array; gradient: Float32Array } {
  const x = tf.tensor1d(xs);
  const { value, grad } = tf.valueAndGrad<tf.Tensor, tf.Scalar>((t) => tf.sum(f(t)))(x);
  const y = f(x);
  const out = { value: y.dataSync() as Float32Array, gradient: grad.dataSync() as Float32Array };
  tf.dispose([x, y, value, grad]);
  return out;
}

/** Largest |got − want| over the points, `want` given per point as a function of x or as values. */
function worstMiss(got: Float32Array, want: ((x: number) => number) | Float32Array): number {
  const at = (i: number) => (typeof want === 'function' ? want(xs[i]) : want[i]);
  return Math.max(...Array.from(got, (g, i) => Math.abs(g - at(i))));
}

const tanhPrime = (x: number) => 1 - Math.tanh(x) ** 2;

describe('tanh activation', () => {
  afterAll(async () => {
    await selectBackend('auto');
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`on ${backend}: tanh and its gradient to float32's rounding`, async () => {
      await selectBackend(backend);
      const viaActivate = valueAndGradient((t) => activate(t, 'tanh'));
      expect(worstMiss(viaActivate.value, Math.tanh)).toBeLessThan(3e-7);
      expect(worstMiss(viaActivate.gradient, tanhPrime)).toBeLessThan(1e-6);
    });
  }

  it('on wasm it runs the Sigmoid kernel, not the slow Tanh one', async () => {
    await selectBackend('wasm');
    const x = tf.tensor1d(xs);
    const info = await tf.profile(() => activate(x, 'tanh'));
    tf.dispose([x, info.result]);
    const kernels = info.kernelNames;
    expect(kernels).toContain('Sigmoid');
    expect(kernels).not.toContain('Tanh');
  });

  it('the sigmoid form matches TF.js tanh on any backend', async () => {
    await selectBackend('cpu');
    const direct = valueAndGradient(tanhViaSigmoid);
    const reference = valueAndGradient(tf.tanh);
    expect(worstMiss(direct.value, reference.value)).toBeLessThan(3e-7);
    expect(worstMiss(direct.gradient, reference.gradient)).toBeLessThan(1e-6);
  });
});

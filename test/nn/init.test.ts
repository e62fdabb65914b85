import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeParams, glorotUniform, initMlp, selectBackend, weightRandom } from '../../src/nn/index.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const bytes = (layers: ReturnType<typeof initMlp>): Float32Array[] => layers.flatMap((l) => [l.kernel.dataSync() as Float32Array, l.bias.dataSync() as Float32Array]);

describe('glorotUniform', () => {
  it('stays inside ±√(6/(fanIn+fanOut)) and fills it: mean ≈ 0, variance ≈ a²/3 within statistics', () => {
    const n = 20_000;
    const v = glorotUniform(weightRandom(3), 5, 7, n);
    const a = Math.sqrt(6 / 12);
    let s = 0;
    let s2 = 0;
    for (const x of v) {
      expect(Math.abs(x)).toBeLessThanOrEqual(a);
      s += x;
      s2 += x * x;
    }
    const variance = (a * a) / 3;
    // Standard errors: mean √(var/n); variance of x² for U(−a,a) is 4a⁴/45, so √(4a⁴/45/n).
    expect(Math.abs(s / n)).toBeLessThan(5 * Math.sqrt(variance / n));
    expect(Math.abs(s2 / n - variance)).toBeLessThan(5 * Math.sqrt((4 * a ** 4) / 45 / n));
  });
});

describe('initMlp', () => {
  it('gives bit-identical weights for the same seed, other weights for another seed or stream', () => {
    const make = (seed: number, stream = 0) => initMlp(weightRandom(seed, stream), [5, 5, 5, 1], 7);
    const [a, b, c, d] = [make(42), make(42), make(43), make(42, 1)];
    expect(bytes(a)).toEqual(bytes(b));
    expect(bytes(a)[0]).not.toEqual(bytes(c)[0]);
    expect(bytes(a)[0]).not.toEqual(bytes(d)[0]);
    expect(a.map((l) => l.kernel.shape)).toEqual([[7, 5, 5], [7, 5, 5], [7, 5, 1]]);
    expect(a.map((l) => l.bias.shape)).toEqual([[7, 5], [7, 5], [7, 1]]);
    for (const l of [a, b, c, d]) disposeParams(l);
  });

  it('leaves no temporary tensors behind', () => {
    const before = tf.memory().numTensors;
    const layers = initMlp(weightRandom(1), [3, 4, 1]);
    expect(tf.memory().numTensors).toBe(before + 4);
    disposeParams(layers);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a non-integer seed and a network without layers', () => {
    expect(() => weightRandom(0.5)).toThrow('seed must be an integer, got 0.5');
    expect(() => initMlp(weightRandom(1), [3])).toThrow('an MLP needs at least input and output sizes, got [3]');
  });
});

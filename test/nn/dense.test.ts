import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/generator/index.js';
import { batchedDense, batchedDenseAutograd, defaultTransposeMode, dense, denseAutograd, disposeParams, initBatchedDense, initDense, initMlp, mlp, paramsOf, selectBackend, type DenseParams } from '../../src/nn/index.js';

/** A JavaScript double-precision twin of the tested loss, for finite differences independent of TF.js. */
type Fn = (x: Float64Array, w: Float64Array, b: Float64Array) => number;

/** L = Σ r ⊙ tanh(x·W + b) for one bin: x [n, k], W [k, m], b [m], r [n, m]. */
function lossOneBin(x: Float64Array, w: Float64Array, b: Float64Array, r: Float64Array, n: number, k: number, m: number, xo = 0, wo = 0, bo = 0, ro = 0): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let y = b[bo + j];
      for (let l = 0; l < k; l++) y += x[xo + i * k + l] * w[wo + l * m + j];
      s += r[ro + i * m + j] * Math.tanh(y);
    }
  }
  return s;
}

/** Central differences of f in double precision with respect to each entry of the `which`-th argument. */
function finiteDiff(f: Fn, args: [Float64Array, Float64Array, Float64Array], which: number): Float64Array {
  const a = args[which];
  const g = new Float64Array(a.length);
  const h = 1e-6;
  for (let i = 0; i < a.length; i++) {
    const keep = a[i];
    a[i] = keep + h;
    const up = f(...args);
    a[i] = keep - h;
    const down = f(...args);
    a[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

function randomArray(rng: Random, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.gauss());
}

/** Gradients of Σ r ⊙ tanh(layer(x)) with respect to x, kernel and bias. */
function gradsOf(layerFn: (x: tf.Tensor, p: DenseParams) => tf.Tensor, x: tf.Variable, p: DenseParams, r: tf.Tensor): Float32Array[] {
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(r, tf.tanh(layerFn(x, p)))), [x, p.kernel, p.bias]);
  const out = [x, p.kernel, p.bias].map((v) => grads[v.name].dataSync() as Float32Array);
  tf.dispose(grads);
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(rel * scale);
}

const f64 = (a: Float32Array): Float64Array => Float64Array.from(a);

describe.each([
  ['cpu', 'flags'],
  ['cpu', 'explicit'],
  ['wasm', 'flags'],
  ['wasm', 'explicit'],
] as const)('dense layers on %s, transposes by %s', (backend, transposes) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('dense: gradients match finite differences and TF.js autograd', () => {
    const [n, k, m] = [6, 4, 3];
    const rng = new Random(11);
    const p = initDense(rng, k, m);
    p.bias.assign(tf.tensor1d(randomArray(rng, m)));
    const xv = randomArray(rng, n * k);
    const rv = randomArray(rng, n * m);
    const x = tf.variable(tf.tensor2d(xv, [n, k]));
    const r = tf.tensor2d(rv, [n, m]);
    const ours = gradsOf((a, q) => dense(a as tf.Tensor2D, q, { transposes }), x, p, r);
    const auto = gradsOf((a, q) => denseAutograd(a as tf.Tensor2D, q), x, p, r);
    ours.forEach((g, i) => expectClose(g, auto[i], 1e-5));
    const args: [Float64Array, Float64Array, Float64Array] = [f64(xv), f64(p.kernel.dataSync() as Float32Array), f64(p.bias.dataSync() as Float32Array)];
    const f: Fn = (a, w, b) => lossOneBin(a, w, b, f64(rv), n, k, m);
    ours.forEach((g, i) => expectClose(g, finiteDiff(f, args, i), 1e-4));
    disposeParams([p]);
    tf.dispose([x, r]);
  });

  it.each([
    ['its own input per bin [B, N, in]', true],
    ['one input [N, in] shared by all bins', false],
  ])('batchedDense with %s: gradients match finite differences and autograd', (_label, perBin) => {
    const [bins, n, k, m] = [3, 5, 4, 2];
    const rng = new Random(12);
    const p = initBatchedDense(rng, bins, k, m);
    p.bias.assign(tf.tensor2d(randomArray(rng, bins * m), [bins, m]));
    const xv = randomArray(rng, (perBin ? bins : 1) * n * k);
    const rv = randomArray(rng, bins * n * m);
    const x = tf.variable(perBin ? tf.tensor3d(xv, [bins, n, k]) : tf.tensor2d(xv, [n, k]));
    const r = tf.tensor3d(rv, [bins, n, m]);
    const ours = gradsOf((a, q) => batchedDense(a as tf.Tensor3D, q, { transposes }), x, p, r);
    const auto = gradsOf((a, q) => batchedDenseAutograd(a as tf.Tensor3D, q), x, p, r);
    ours.forEach((g, i) => expectClose(g, auto[i], 1e-5));
    const f: Fn = (a, w, b) => {
      let s = 0;
      for (let t = 0; t < bins; t++) s += lossOneBin(a, w, b, f64(rv), n, k, m, perBin ? t * n * k : 0, t * k * m, t * m, t * n * m);
      return s;
    };
    const args: [Float64Array, Float64Array, Float64Array] = [f64(xv), f64(p.kernel.dataSync() as Float32Array), f64(p.bias.dataSync() as Float32Array)];
    ours.forEach((g, i) => expectClose(g, finiteDiff(f, args, i), 1e-4));
    disposeParams([p]);
    tf.dispose([x, r]);
  });

  it('without an input gradient gives the same weight gradients and leaves x out', () => {
    const rng = new Random(13);
    const p = initBatchedDense(rng, 2, 3, 4);
    const x = tf.tensor2d(randomArray(rng, 15), [5, 3]);
    const loss = (inputGradient: boolean) => (): tf.Scalar => tf.sum(tf.square(batchedDense(x, p, { inputGradient, transposes })));
    const a = tf.variableGrads(loss(true), [p.kernel, p.bias]);
    const b = tf.variableGrads(loss(false), [p.kernel, p.bias]);
    for (const v of [p.kernel, p.bias]) expect(b.grads[v.name].dataSync()).toEqual(a.grads[v.name].dataSync());
    tf.dispose([a.grads, b.grads, a.value, b.value, x]);
    disposeParams([p]);
  });

  it('mlp: a batched network equals the per-bin networks run one by one', () => {
    const rng = new Random(14);
    const layers = [initBatchedDense(rng, 3, 2, 5), initBatchedDense(rng, 3, 5, 1)];
    const x = tf.tensor2d(randomArray(rng, 8), [4, 2]);
    const all = mlp(x, layers, { transposes });
    expect(all.shape).toEqual([3, 4, 1]);
    for (let bin = 0; bin < 3; bin++) {
      const slice = (t: tf.Tensor): tf.Variable => tf.variable(tf.squeeze(tf.slice(t, [bin], [1]), [0]));
      const single = layers.map((l) => ({ kernel: slice(l.kernel), bias: slice(l.bias) }));
      const one = mlp(x, single, { transposes });
      expectClose(one.dataSync(), tf.slice(all, [bin], [1]).dataSync(), 1e-6);
      disposeParams(single);
    }
    disposeParams(layers);
  });

  it.each([
    ['batched, inputs shared by the bins', [2, 4, 3, 1], 3],
    ['unbatched', [2, 4, 3, 1], undefined],
  ])('mlp (%s): gradients through hidden layers match autograd, inputs included', (_label, sizes, bins) => {
    const rng = new Random(15);
    const layers = initMlp(rng, sizes, bins);
    const x = tf.variable(tf.tensor2d(randomArray(rng, 10), [5, 2]));
    const vars = [x, ...paramsOf(layers)];
    const gradsWith = (autograd: boolean) => {
      const { grads, value } = tf.variableGrads((): tf.Scalar => tf.sum(tf.sin(mlp(x, layers, { autograd, transposes }))), vars);
      const out = vars.map((v) => grads[v.name].dataSync() as Float32Array);
      tf.dispose([grads, value]);
      return out;
    };
    const auto = gradsWith(true);
    gradsWith(false).forEach((g, i) => expectClose(g, auto[i], 1e-5));
    disposeParams(layers);
    x.dispose();
  });

  it('names the shapes when an input does not fit the layer', () => {
    const p = initDense(new Random(1), 3, 2);
    expect(() => dense(tf.zeros([4, 5]), p)).toThrow('dense: input [4, 5] does not fit kernel [3, 2] and bias [2]');
    disposeParams([p]);
  });
});

describe('defaultTransposeMode', () => {
  it('transposes explicitly only for unbatched layers on wasm, where flagged rank-2 matMuls are slow', async () => {
    await selectBackend('wasm');
    expect([defaultTransposeMode(false), defaultTransposeMode(true)]).toEqual(['explicit', 'flags']);
    await selectBackend('cpu');
    expect([defaultTransposeMode(false), defaultTransposeMode(true)]).toEqual(['flags', 'flags']);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/generator/index.js';
import { disposeParams, initMlp, mlp, paramsOf, selectBackend, train, weightRandom, type TrainProgress } from '../../src/nn/index.js';

/** A variable w with training loss (w − 2)² and validation loss (w − 1)²: the validation minimum is passed on the way. */
function parabolas(start: number) {
  const w = tf.variable(tf.scalar(start));
  return {
    w,
    loss: (): tf.Scalar => tf.square(tf.sub<tf.Scalar>(w, 2)),
    validationLoss: (): tf.Scalar => tf.square(tf.sub<tf.Scalar>(w, 1)),
  };
}

/** Trains a tiny batched tanh network on y = sin(3x)·bin-scale, full batch, and returns its weights. */
async function fitTiny(seed: number, epochs = 30) {
  const rng = new Random(5);
  const n = 12;
  const x = tf.tensor2d(Float32Array.from({ length: n }, () => rng.uniform()), [n, 1]);
  const y = tf.tidy(() => tf.mul(tf.sin(tf.mul(x, 3)), tf.tensor3d([1, 0.5, -1], [3, 1, 1])));
  const layers = initMlp(weightRandom(seed), [1, 4, 1], 3);
  const optimizer = tf.train.adam(0.05);
  const variables = paramsOf(layers);
  const result = await train({ loss: () => tf.mean(tf.square(tf.sub(mlp(x, layers, { inputGradient: false }), y))), variables, optimizer, epochs });
  const weights = variables.map((v) => v.dataSync() as Float32Array);
  optimizer.dispose();
  disposeParams(layers);
  tf.dispose([x, y]);
  return { weights, result };
}

describe.each(['cpu', 'wasm'] as const)('train on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('same seed → bit-identical model; another seed → another model', async () => {
    const a = await fitTiny(1);
    const b = await fitTiny(1);
    const c = await fitTiny(2);
    expect(a.result.epochs).toBe(30);
    expect(b.weights).toEqual(a.weights);
    expect(c.weights[0]).not.toEqual(a.weights[0]);
  });
});

describe('train', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('stops after `patience` epochs without improvement and restores the best epoch', async () => {
    const p = parabolas(0);
    const seen: number[] = [];
    const optimizer = tf.train.sgd(0.1);
    const result = await train({ ...p, variables: [p.w], optimizer, epochs: 100, patience: 3, onProgress: () => seen.push(p.w.dataSync()[0]) });
    // w_e = 2 − 2·0.8^e: closest to 1 at e = 3 (w = 0.976), after which the validation loss rises.
    expect(result).toMatchObject({ epochs: 6, bestEpoch: 3, stopReason: 'patience', restored: true });
    expect(result.bestLoss).toBeCloseTo((0.976 - 1) ** 2, 6);
    expect(p.w.dataSync()[0]).toBe(seen[2]);
    optimizer.dispose();
    p.w.dispose();
  });

  it('keeps the last weights when asked not to restore', async () => {
    const p = parabolas(0);
    const optimizer = tf.train.sgd(0.1);
    const result = await train({ ...p, variables: [p.w], optimizer, epochs: 100, patience: 3, restoreBest: false });
    expect(result).toMatchObject({ epochs: 6, bestEpoch: 3, restored: false });
    expect(p.w.dataSync()[0]).toBeCloseTo(2 - 2 * 0.8 ** 6, 5);
    optimizer.dispose();
    p.w.dispose();
  });

  it('reports every epoch in order with loss and validation loss', async () => {
    const p = parabolas(0);
    const progress: TrainProgress[] = [];
    const optimizer = tf.train.sgd(0.1);
    const result = await train({ ...p, variables: [p.w], optimizer, epochs: 5, onProgress: (e) => progress.push(e) });
    expect(result.stopReason).toBe('epochs');
    expect(progress.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    // Epoch 1 starts from w = 0: training loss 4; after the step w = 0.4, validation loss 0.36.
    expect(progress[0].loss).toBeCloseTo(4, 6);
    expect(progress[0].valLoss).toBeCloseTo(0.36, 6);
    optimizer.dispose();
    p.w.dispose();
  });

  it('without a validation loss watches the training loss and reports valLoss undefined', async () => {
    const p = parabolas(0);
    const progress: TrainProgress[] = [];
    const optimizer = tf.train.sgd(0.1);
    const result = await train({ loss: p.loss, variables: [p.w], optimizer, epochs: 4, onProgress: (e) => progress.push(e) });
    expect(progress.every((e) => e.valLoss === undefined)).toBe(true);
    expect(result).toMatchObject({ epochs: 4, bestEpoch: 4, stopReason: 'epochs', restored: false });
    optimizer.dispose();
    p.w.dispose();
  });

  it('stops at the epoch where the signal is aborted and restores the best weights', async () => {
    const p = parabolas(0);
    const controller = new AbortController();
    const optimizer = tf.train.sgd(0.1);
    const result = await train({ ...p, variables: [p.w], optimizer, epochs: 100, onProgress: (e) => e.epoch === 2 && controller.abort(), signal: controller.signal });
    expect(result).toMatchObject({ epochs: 2, bestEpoch: 2, stopReason: 'aborted' });
    const pre = await train({ ...p, variables: [p.w], optimizer, epochs: 100, signal: AbortSignal.abort() });
    expect(pre).toMatchObject({ epochs: 0, bestEpoch: 0, stopReason: 'aborted', restored: false });
    optimizer.dispose();
    p.w.dispose();
  });

  it('lets an abort from the event loop through a long synchronous-looking run', async () => {
    const p = parabolas(0);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const optimizer = tf.train.sgd(1e-9);
    const result = await train({ ...p, variables: [p.w], optimizer, epochs: 10_000_000, yieldEveryMs: 1, signal: controller.signal });
    expect(result.stopReason).toBe('aborted');
    expect(result.epochs).toBeLessThan(10_000_000);
    optimizer.dispose();
    p.w.dispose();
  });

  it('stops on a non-finite loss and puts back the last finite weights', async () => {
    const p = parabolas(0);
    const optimizer = tf.train.sgd(0.1);
    const loss = () => tf.tidy(() => tf.div<tf.Scalar>(p.loss(), tf.scalar(p.w.dataSync()[0] > 1 ? 0 : 1)));
    const result = await train({ loss, validationLoss: p.validationLoss, variables: [p.w], optimizer, epochs: 100 });
    expect(result.stopReason).toBe('non-finite');
    expect(p.w.dataSync()[0]).toBeLessThan(1.2);
    optimizer.dispose();
    p.w.dispose();
  });

  it('keeps the number of tensors flat across epochs and frees everything it made', async () => {
    const layers = initMlp(weightRandom(3), [2, 5, 5, 1], 4);
    const x = tf.randomUniform<tf.Rank.R2>([10, 2], 0, 1, 'float32', 1);
    const y = tf.randomUniform([4, 10, 1], 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const optimizer = tf.train.adam(0.01);
    const loss = (): tf.Scalar => tf.mean(tf.square(tf.sub(mlp(x, layers), y)));
    const validationLoss = (): tf.Scalar => tf.mean(tf.abs(tf.sub(mlp(x, layers), y)));
    await train({ loss, validationLoss, variables: paramsOf(layers), optimizer, epochs: 20, onProgress: () => counts.push(tf.memory().numTensors) });
    // Adam's moment estimates appear at the first step; from then on nothing may accumulate.
    expect(new Set(counts.slice(1)).size).toBe(1);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(layers);
    tf.dispose([x, y]);
  });

  it('refuses bad options with the option named', async () => {
    const p = parabolas(0);
    const optimizer = tf.train.sgd(0.1);
    await expect(train({ ...p, variables: [p.w], optimizer, epochs: 1.5 })).rejects.toThrow('train: epochs must be a non-negative integer, got 1.5');
    await expect(train({ ...p, variables: [p.w], optimizer, epochs: 3, patience: 0 })).rejects.toThrow('train: patience must be a positive integer, got 0');
    await expect(train({ ...p, variables: [], optimizer, epochs: 3 })).rejects.toThrow('train: no variables to train');
    optimizer.dispose();
    p.w.dispose();
  });
});

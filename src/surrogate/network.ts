/**
 * Per-bin neural network surrogate (MCNNTUNES's per-bin model): for every bin a
 * small tanh network from the parameters (unit cube) to the bin's value
 * (standardised per bin), but all bins trained at once as one batched network
 * (kernels with a bins axis), full-batch Adam on a loss weighted by the runs'
 * MC errors, a seeded validation split with early stopping, and optionally an
 * ensemble of K members from different seeds whose spread is the model's own
 * uncertainty. Trained in TF.js (float32); evaluated afterwards in float64
 * JavaScript (network-eval.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { RunTable } from '../campaign/index.js';
import { initBackend, initMlp, mlp, paramsOf, permutation, train, weightRandom, type BackendRequest, type DenseParams, type TrainProgress } from '../nn/index.js';
import { boxOfRuns, toUnit, unitScale } from './box.js';
import { evalBin, type NetLayer } from './network-eval.js';
import { ModelFileError, writeModelDir } from './store.js';
import { commonFrom, commonHeader } from './stored-parts.js';
import { subsetRuns, trainingSet, type TrainingSet } from './training-set.js';
import type { BinRef, Exclusions, ParamBox, Prediction, Surrogate } from './types.js';

export interface NetworkOptions {
  /** Hidden layer sizes (default [5, 5], MCNNTUNES's). */
  readonly hidden?: readonly number[];
  /** Most optimiser steps (default 3000). */
  readonly epochs?: number;
  readonly learningRate?: number;
  /** Share of the runs kept out of the loss for early stopping (default 0.2; 0 trains on all, no early stop). */
  readonly validation?: number;
  /** Epochs without a better validation loss before stopping (default 300). */
  readonly patience?: number;
  /** Members of the ensemble (default 1). */
  readonly ensemble?: number;
  readonly seed?: number;
  readonly backend?: BackendRequest;
  readonly log?: (line: string) => void;
  readonly onProgress?: (member: number, p: TrainProgress) => void;
  readonly signal?: AbortSignal;
}

/** Per-bin affine map between a bin's values and the networks' standardised output. */
export interface Standardisation {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

export class NetworkSurrogate implements Surrogate {
  readonly kind = 'nn' as const;

  constructor(
    readonly box: ParamBox,
    readonly bins: readonly BinRef[],
    readonly exclusions: Exclusions,
    readonly runs: readonly string[],
    readonly members: readonly (readonly NetLayer[])[],
    readonly standard: Standardisation,
    /** Per bin: the median MC error of the runs (the σ_f a single run at this point would have). */
    readonly mcError: Float64Array,
  ) {}

  predict(points: Float64Array): Prediction {
    const P = this.box.names.length;
    const x = toUnit(this.box, points);
    const n = x.length / P;
    const B = this.bins.length;
    const values = new Float64Array(n * B);
    const errors = new Float64Array(n * B);
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < B; b++) {
        const outs = this.members.map((layers) => this.standard.mean[b] + this.standard.scale[b] * evalBin(layers, b, x, i * P));
        const mean = outs.reduce((a, c) => a + c, 0) / outs.length;
        const spread2 = outs.length > 1 ? outs.reduce((a, c) => a + (c - mean) ** 2, 0) / (outs.length - 1) : 0;
        values[i * B + b] = mean;
        errors[i * B + b] = Math.sqrt(this.mcError[b] ** 2 + spread2);
      }
    }
    return { values, errors };
  }

  jacobian(point: Float64Array): Float64Array {
    const P = this.box.names.length;
    if (point.length !== P) throw new Error(`jacobian: expected one point of ${P} parameters, got ${point.length} numbers`);
    const x = toUnit(this.box, point);
    const scale = unitScale(this.box);
    const J = new Float64Array(this.bins.length * P);
    const g = new Float64Array(P);
    for (let b = 0; b < this.bins.length; b++) {
      for (const layers of this.members) {
        evalBin(layers, b, x, 0, g);
        for (let p = 0; p < P; p++) J[b * P + p] += (this.standard.scale[b] * g[p] * scale[p]) / this.members.length;
      }
    }
    return J;
  }

  save(dir: string): Promise<void> {
    const arrays: Record<string, Float64Array> = { mean: this.standard.mean, scale: this.standard.scale, mcError: this.mcError };
    this.members.forEach((layers, m) =>
      layers.forEach((L, l) => {
        arrays[`m${m}.l${l}.kernel`] = L.kernel;
        arrays[`m${m}.l${l}.bias`] = L.bias;
      }),
    );
    return writeModelDir(dir, {
      header: {
        ...commonHeader(this),
        members: this.members.length,
        sizes: this.members[0].map((L) => L.inputs).concat([1]),
      },
      arrays,
    });
  }
}

export async function fitNetwork(data: RunTable | TrainingSet, options: NetworkOptions = {}): Promise<NetworkSurrogate> {
  const set = 'exclusions' in data ? data : trainingSet(data);
  const box = boxOfRuns(set.paramNames, set.params);
  const standard = standardise(set);
  await initBackend({ ...(options.backend ? { backend: options.backend } : {}), ...(options.log ? { log: options.log } : {}) });
  const split = validationSplit(set, options.validation ?? 0.2, options.seed ?? 1);
  const members: NetLayer[][] = [];
  for (let m = 0; m < (options.ensemble ?? 1); m++) members.push(await trainMember(split, box, standard, options, m));
  return new NetworkSurrogate(box, set.bins, set.exclusions, set.runNames, members, standard, medianErrors(set));
}

function standardise(set: TrainingSet): Standardisation {
  const B = set.bins.length;
  const R = set.runNames.length;
  const mean = new Float64Array(B);
  const scale = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let r = 0; r < R; r++) s += set.values[r * B + b];
    mean[b] = s / R;
    let v = 0;
    for (let r = 0; r < R; r++) v += (set.values[r * B + b] - mean[b]) ** 2;
    // A bin that does not vary keeps its own size as the scale, so its loss terms stay finite.
    scale[b] = Math.sqrt(v / R) || Math.abs(mean[b]) || 1;
  }
  return { mean, scale };
}

function medianErrors(set: TrainingSet): Float64Array {
  const B = set.bins.length;
  const R = set.runNames.length;
  return Float64Array.from({ length: B }, (_, b) => {
    const col = Array.from({ length: R }, (_, r) => set.errors[r * B + b]).sort((x, y) => x - y);
    return R % 2 ? col[R >> 1] : (col[(R >> 1) - 1] + col[R >> 1]) / 2;
  });
}

interface Split {
  readonly train: TrainingSet;
  readonly check: TrainingSet | undefined;
}

function validationSplit(set: TrainingSet, share: number, seed: number): Split {
  const R = set.runNames.length;
  const n = Math.round(R * share);
  if (n < 1 || R - n < 2) return { train: set, check: undefined };
  const order = permutation(weightRandom(seed, 0x7fff), R);
  const held = new Set(Array.from(order.slice(0, n)));
  const rows = (keep: boolean) => Array.from({ length: R }, (_, i) => i).filter((i) => held.has(i) !== keep);
  return { train: subsetRuns(set, rows(true)), check: subsetRuns(set, rows(false)) };
}

/** Inputs [N, P], standardised targets [B, N, 1] and loss weights [B, N, 1] (mean 1 per bin). */
function tensorsOf(set: TrainingSet, box: ParamBox, standard: Standardisation): { x: tf.Tensor2D; y: tf.Tensor3D; w: tf.Tensor3D } {
  const B = set.bins.length;
  const R = set.runNames.length;
  const y = new Float32Array(B * R);
  const w = new Float32Array(B * R);
  for (let b = 0; b < B; b++) {
    let wsum = 0;
    for (let r = 0; r < R; r++) {
      y[b * R + r] = (set.values[r * B + b] - standard.mean[b]) / standard.scale[b];
      // Inverse variance, floored so one run with a vanishing error cannot own a bin.
      const s = Math.max(set.errors[r * B + b] / standard.scale[b], 1e-3);
      w[b * R + r] = 1 / (s * s);
      wsum += w[b * R + r];
    }
    for (let r = 0; r < R; r++) w[b * R + r] *= R / wsum;
  }
  return { x: tf.tensor2d(Float32Array.from(toUnit(box, set.params)), [R, set.paramNames.length]), y: tf.tensor3d(y, [B, R, 1]), w: tf.tensor3d(w, [B, R, 1]) };
}

async function trainMember(split: Split, box: ParamBox, standard: Standardisation, o: NetworkOptions, member: number): Promise<NetLayer[]> {
  const P = box.names.length;
  const B = split.train.bins.length;
  const layers = initMlp(weightRandom(o.seed ?? 1, member + 1), [P, ...(o.hidden ?? [5, 5]), 1], B);
  const tr = tensorsOf(split.train, box, standard);
  const va = split.check ? tensorsOf(split.check, box, standard) : undefined;
  const lossOf = (t: { x: tf.Tensor2D; y: tf.Tensor3D; w: tf.Tensor3D }) => (): tf.Scalar => tf.mean(tf.mul(t.w, tf.squaredDifference(mlp(t.x, layers, { inputGradient: false }), t.y)));
  const optimizer = tf.train.adam(o.learningRate ?? 0.02);
  try {
    await train({
      loss: lossOf(tr),
      variables: paramsOf(layers),
      optimizer,
      epochs: o.epochs ?? 3000,
      ...(va ? { validationLoss: lossOf(va), patience: o.patience ?? 300 } : {}),
      ...(o.onProgress ? { onProgress: (p: TrainProgress) => o.onProgress?.(member, p) } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    return layers.map(toNetLayer);
  } finally {
    optimizer.dispose();
    for (const t of [tr, ...(va ? [va] : [])]) tf.dispose([t.x, t.y, t.w]);
    for (const L of layers) tf.dispose([L.kernel, L.bias]);
  }
}

function toNetLayer(L: DenseParams): NetLayer {
  const [, inputs, outputs] = L.kernel.shape;
  return { inputs, outputs, kernel: Float64Array.from(L.kernel.dataSync()), bias: Float64Array.from(L.bias.dataSync()) };
}

/** A saved network surrogate back from its header and arrays. */
export function networkFromStored(header: Readonly<Record<string, unknown>>, arrays: Readonly<Record<string, Float64Array>>, file: string): NetworkSurrogate {
  const { box, bins, exclusions, runs } = commonFrom(header, file);
  const sizes = header.sizes;
  const members = header.members;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && (s as number) > 0) || sizes[0] !== box.names.length) throw new ModelFileError(`${file}: sizes: expected layer sizes starting with ${box.names.length}`);
  if (typeof members !== 'number' || !Number.isInteger(members) || members < 1) throw new ModelFileError(`${file}: members: expected a positive integer`);
  const B = bins.length;
  const get = (name: string, length: number) => {
    const a = arrays[name] as Float64Array | undefined;
    if (a?.length !== length) throw new ModelFileError(`${file}: ${name}: expected ${length} numbers`);
    return a;
  };
  const dims = sizes as number[];
  const nets = Array.from({ length: members }, (_, m) =>
    dims.slice(0, -1).map((inputs, l): NetLayer => {
      const outputs = dims[l + 1];
      return { inputs, outputs, kernel: get(`m${m}.l${l}.kernel`, B * inputs * outputs), bias: get(`m${m}.l${l}.bias`, B * outputs) };
    }),
  );
  return new NetworkSurrogate(box, bins, exclusions, runs, nets, { mean: get('mean', B), scale: get('scale', B) }, get('mcError', B));
}

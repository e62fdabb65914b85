/**
 * Per-bin neural network surrogate (MCNNTUNES's per-bin model): for every bin a
 * small tanh network from the parameters (unit cube) to the bin's value
 * (standardised per bin), but all bins trained at once as one batched network
 * (kernels with a bins axis), full-batch Adam on a loss weighted by the runs'
 * MC errors, a seeded validation split with early stopping, and optionally an
 * ensemble of K members from different seeds. The model's own uncertainty is
 * the members' spread and, added in quadrature, each bin's discrepancy: what
 * the validation runs' residuals hold beyond their MC errors and that spread. Trained in TF.js (float32, network-train.ts, loaded only when a
 * network is trained); evaluated afterwards in float64 JavaScript (network-packed.ts).
 */
import type { RunTable } from '../campaign/index.js';
import type { BackendRequest, TrainProgress } from '../nn/index.js';
import type { TrainingSet } from './training-set.js';
import { allColumns, toUnit, unitScale } from './box.js';
import type { NetLayer } from './network-eval.js';
import { PackedMember } from './network-packed.js';
import { ModelFileError, writeModelDir } from './store.js';
import { commonFrom, commonHeader, storedHeldOut } from './stored-parts.js';
import type { BinRef, Exclusions, HeldOut, ParamBox, Prediction, Surrogate } from './types.js';

/** Most optimiser steps of a network when the caller does not say. */
export const DEFAULT_NETWORK_EPOCHS = 3000;

/**
 * Hidden layers of each bin's network when the caller does not say: three of 5,
 * one more than MCNNTUNES's. In the closure benchmark (20 000 events per run)
 * the third layer took the αs pull mean from −0.35 to −0.23 (errors 0.11) and
 * σ̂ down by 2–24 % per parameter, for 8 s of fitting instead of 5; wider (8-8-8)
 * or deeper (5-5-5-5) did no better.
 */
export const DEFAULT_HIDDEN: readonly number[] = [5, 5, 5];

export interface NetworkOptions {
  /** Hidden layer sizes (default DEFAULT_HIDDEN, [5, 5, 5]). */
  readonly hidden?: readonly number[];
  /** Most optimiser steps (default DEFAULT_NETWORK_EPOCHS). */
  readonly epochs?: number;
  readonly learningRate?: number;
  /**
   * Full-batch optimiser (default adam). On the demo campaign Adam reached the
   * lowest held-out error in the fewest seconds (bench/surrogate.ts compares them).
   */
  readonly optimizer?: NetworkOptimizer;
  /** Share of the runs kept out of the loss for early stopping (default 0.2; 0 trains on all, no early stop). */
  readonly validation?: number;
  /** Epochs without a better validation loss before stopping (default 300). */
  readonly patience?: number;
  /** Members of the ensemble (default 1). */
  readonly ensemble?: number;
  /**
   * Also train one network per other fold of the runs, each with that fold
   * as its validation runs (the folds the size of the validation share), so
   * that a tune can try its σ on every run, each with a network that never
   * fitted it (tune/held-out-closure.ts). Default false here, since it
   * trains 1/share − 1 more networks (4 by default); campaigns turn it on for
   * a single network. Not for an ensemble, whose members' spread a single
   * fold network would not have.
   */
  readonly folds?: boolean;
  /**
   * Members after the first train on wild-bootstrap copies of the runs around
   * the first one's fit (each run's residuals kept or flipped whole), not
   * only from other seeds: each is then one surrogate the campaign could have
   * had, which the Δχ² calibration draws from. Default false.
   */
  readonly bootstrap?: boolean;
  readonly seed?: number;
  readonly backend?: BackendRequest;
  /**
   * Worker threads for members that train side by side (default: one per core);
   * 1 trains every member in this thread. Members' weights do not depend on it.
   */
  readonly threads?: number;
  readonly log?: (line: string) => void;
  readonly onProgress?: (member: number, p: TrainProgress) => void;
  readonly signal?: AbortSignal;
}

export const NETWORK_OPTIMIZERS = ['adam', 'rmsprop', 'momentum'] as const;
export type NetworkOptimizer = (typeof NETWORK_OPTIMIZERS)[number];

/** Per-bin affine map between a bin's values and the networks' standardised output. */
export interface Standardisation {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Networks trained the same way as a model on the same runs, but each with
 * another fold of them as its validation runs: with the model's own, every
 * run is held out by one network that never fitted it.
 */
export interface NetworkFolds {
  /** Rows (of the model's runs) that were the model's own validation runs. */
  readonly own: Int32Array;
  readonly others: readonly NetworkFold[];
}

export interface NetworkFold {
  /** Rows (of the model's runs) this network held out. */
  readonly held: Int32Array;
  /** One member, with its misses on `held` as its held-out misses. */
  readonly model: NetworkSurrogate;
}

export class NetworkSurrogate implements Surrogate {
  readonly kind = 'nn' as const;

  /** A discrepancy measured on validation runs, or an ensemble's spread. */
  get statesOwnUncertainty(): boolean {
    return this.members.length > 1 || this.discrepancy.some((t) => t > 0);
  }

  constructor(
    readonly box: ParamBox,
    readonly bins: readonly BinRef[],
    readonly exclusions: Exclusions,
    readonly runs: readonly string[],
    readonly members: readonly (readonly NetLayer[])[],
    readonly standard: Standardisation,
    /** Per bin: the median MC error of the runs (the σ_f a single run at this point would have). */
    readonly mcError: Float64Array,
    /** Per bin: τ from the validation runs (zeros when there were none). */
    readonly discrepancy: Float64Array = new Float64Array(bins.length),
    /** Whether members after the first were trained on bootstrap copies of the runs. */
    readonly bootstrapped = false,
    /** The whole model's misses on its validation runs and their noise (Surrogate.heldOut, with the discrepancy). */
    readonly validationMisses?: Omit<HeldOut, 'discrepancy'>,
    /** Networks with other runs held out, for the held-out closure (none: not trained). */
    readonly folds?: NetworkFolds,
  ) {}

  private packedMembers: PackedMember[] | undefined;

  /** The members laid out for evaluation, made on first use. */
  private get packed(): PackedMember[] {
    this.packedMembers ??= this.members.map((layers) => new PackedMember(layers));
    return this.packedMembers;
  }

  get heldOut(): HeldOut | undefined {
    return this.validationMisses && { ...this.validationMisses, discrepancy: this.discrepancy };
  }

  /** The same model with held-out miss `row` (a row of its misses) left out of them. */
  withoutMiss(row: number): NetworkSurrogate {
    const v = this.validationMisses;
    const B = this.bins.length;
    if (!v || row < 0 || (row + 1) * B > v.misses.length) return this;
    const drop = (a: Float64Array) => Float64Array.from([...a.subarray(0, row * B), ...a.subarray((row + 1) * B)]);
    // A model whose only miss this was keeps none.
    const rest = v.misses.length > B ? { ...v, misses: drop(v.misses), noise: drop(v.noise) } : undefined;
    return new NetworkSurrogate(this.box, this.bins, this.exclusions, this.runs, this.members, this.standard, this.mcError, this.discrepancy, this.bootstrapped, rest);
  }

  /** Member k alone, as a surrogate of its own (its spread is the discrepancy alone). */
  member(k: number): NetworkSurrogate {
    const layers = this.members[k] as readonly NetLayer[] | undefined;
    if (!layers) throw new Error(`the ensemble has ${this.members.length} members; there is no member ${k}`);
    return new NetworkSurrogate(this.box, this.bins, this.exclusions, this.runs, [layers], this.standard, this.mcError, this.discrepancy);
  }

  predict(points: Float64Array): Prediction {
    return this.predictBins(points, allColumns(this.bins.length));
  }

  predictBins(points: Float64Array, columns: Int32Array): Prediction {
    const P = this.box.names.length;
    const x = toUnit(this.box, points);
    const n = x.length / P;
    const C = columns.length;
    const values = new Float64Array(n * C);
    const errors = new Float64Array(n * C);
    const spread = new Float64Array(n * C);
    const members = this.packed;
    const K = members.length;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < C; j++) {
        const b = columns[j];
        // The members' mean and sample variance in one pass (Welford), nothing allocated per bin.
        let mean = 0;
        let m2 = 0;
        for (let k = 0; k < K; k++) {
          const v = this.standard.mean[b] + this.standard.scale[b] * members[k].value(b, x, i * P);
          const d = v - mean;
          mean += d / (k + 1);
          m2 += d * (v - mean);
        }
        const spread2 = K > 1 ? m2 / (K - 1) : 0;
        values[i * C + j] = mean;
        errors[i * C + j] = this.mcError[b];
        spread[i * C + j] = Math.sqrt(spread2 + this.discrepancy[b] ** 2);
      }
    }
    return { values, errors, spread };
  }

  jacobian(point: Float64Array): Float64Array {
    return this.jacobianBins(point, allColumns(this.bins.length));
  }

  jacobianBins(point: Float64Array, columns: Int32Array): Float64Array {
    const P = this.box.names.length;
    if (point.length !== P) throw new Error(`jacobian: expected one point of ${P} parameters, got ${point.length} numbers`);
    const x = toUnit(this.box, point);
    const scale = unitScale(this.box);
    const J = new Float64Array(columns.length * P);
    const g = new Float64Array(P);
    const members = this.packed;
    columns.forEach((b, j) => {
      for (const member of members) {
        member.valueAndGradient(b, x, 0, g);
        for (let p = 0; p < P; p++) J[j * P + p] += (this.standard.scale[b] * g[p] * scale[p]) / members.length;
      }
    });
    return J;
  }

  save(dir: string): Promise<void> {
    const arrays: Record<string, Float64Array> = { mean: this.standard.mean, scale: this.standard.scale, mcError: this.mcError, discrepancy: this.discrepancy, ...(this.validationMisses && { heldOutMisses: this.validationMisses.misses, heldOutNoise: this.validationMisses.noise }), ...(this.validationMisses?.runNoise && { heldOutRunNoise: this.validationMisses.runNoise }) };
    this.members.forEach((layers, m) => putLayers(arrays, `m${m}`, layers));
    if (this.folds) putFolds(arrays, this.folds);
    return writeModelDir(dir, {
      header: {
        ...commonHeader(this),
        members: this.members.length,
        bootstrapped: this.bootstrapped,
        sizes: this.members[0].map((L) => L.inputs).concat([1]),
        ...(this.folds ? { folds: this.folds.others.length } : {}),
      },
      arrays,
    });
  }
}

function putLayers(arrays: Record<string, Float64Array>, prefix: string, layers: readonly NetLayer[]): void {
  layers.forEach((L, l) => {
    arrays[`${prefix}.l${l}.kernel`] = L.kernel;
    arrays[`${prefix}.l${l}.bias`] = L.bias;
  });
}

/** Fold k's network under `fold{k}.…`, its held rows and misses beside it; the runs' noise draws are the model's. */
function putFolds(arrays: Record<string, Float64Array>, folds: NetworkFolds): void {
  arrays['folds.own'] = Float64Array.from(folds.own);
  folds.others.forEach((f, k) => {
    putLayers(arrays, `fold${k}`, f.model.members[0]);
    arrays[`fold${k}.held`] = Float64Array.from(f.held);
    arrays[`fold${k}.discrepancy`] = f.model.discrepancy;
    const misses = f.model.validationMisses;
    if (misses) {
      arrays[`fold${k}.heldOutMisses`] = misses.misses;
      arrays[`fold${k}.heldOutNoise`] = misses.noise;
    }
  });
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
  const layersOf = (prefix: string) =>
    dims.slice(0, -1).map((inputs, l): NetLayer => {
      const outputs = dims[l + 1];
      return { inputs, outputs, kernel: get(`${prefix}.l${l}.kernel`, B * inputs * outputs), bias: get(`${prefix}.l${l}.bias`, B * outputs) };
    });
  const nets = Array.from({ length: members }, (_, m) => layersOf(`m${m}`));
  const standard = { mean: get('mean', B), scale: get('scale', B) };
  const mcError = get('mcError', B);
  const runNoise = arrays.heldOutRunNoise as Float64Array | undefined;
  const fold = (k: number): NetworkFold => {
    const held = storedRows(arrays, `fold${k}.held`, runs.length, file);
    const misses = storedHeldOut({ heldOutMisses: arrays[`fold${k}.heldOutMisses`], heldOutNoise: arrays[`fold${k}.heldOutNoise`], heldOutRunNoise: runNoise }, B, file);
    return { held, model: new NetworkSurrogate(box, bins, exclusions, runs, [layersOf(`fold${k}`)], standard, mcError, get(`fold${k}.discrepancy`, B), false, misses) };
  };
  const count = header.folds;
  if (count !== undefined && !(typeof count === 'number' && Number.isInteger(count) && count >= 0)) throw new ModelFileError(`${file}: folds: expected a whole number of folds`);
  const folds = count === undefined ? undefined : { own: storedRows(arrays, 'folds.own', runs.length, file), others: Array.from({ length: count }, (_, k) => fold(k)) };
  return new NetworkSurrogate(box, bins, exclusions, runs, nets, standard, mcError, get('discrepancy', B), header.bootstrapped === true, storedHeldOut(arrays, B, file), folds);
}

/** Row numbers stored as numbers: each a whole number below `runs`. */
function storedRows(arrays: Readonly<Record<string, Float64Array>>, name: string, runs: number, file: string): Int32Array {
  const a = arrays[name] as Float64Array | undefined;
  if (!a?.every((r) => Number.isInteger(r) && r >= 0 && r < runs)) throw new ModelFileError(`${file}: ${name}: expected rows of the ${runs} runs`);
  return Int32Array.from(a);
}

/** Fits a per-bin network surrogate; TensorFlow.js is loaded on the first call. */
export async function fitNetwork(data: RunTable | TrainingSet, options: NetworkOptions = {}): Promise<NetworkSurrogate> {
  const { trainNetwork } = await import('./network-train.js');
  return trainNetwork(data, options);
}

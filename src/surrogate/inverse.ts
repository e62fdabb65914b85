/**
 * The inverse model (MCNNTUNES's): one network from the histograms' bins to
 * the parameters, trained on the runs (the bins standardised, the parameters
 * on the unit box) with noise augmentation — every run copied many times with
 * its bins fluctuated by its own MC errors and by the data's errors — so that
 * applied to the measured histograms it proposes a tune directly.
 *
 * Hundreds of bins from a hundred runs would let a network learn each run by
 * heart; the bins first pass through the training runs' leading principal
 * components (whitened), a fixed linear map that keeps what the parameters
 * move and drops the rest, and only those few numbers feed the network.
 *
 * Its uncertainty has two parts, added: toys (the data fluctuated within their
 * errors and propagated through the network: mean and covariance) and the
 * network's own error, the mean outer product of its misses on validation
 * runs it never trained on. A guard says loudly when the data lie outside what
 * the network saw or the proposal leaves the box.
 */
import type { BackendRequest, TrainProgress } from '../nn/index.js';
import { Random } from '../generator/index.js';
import { join } from 'node:path';
import { evalOutputs, type NetLayer } from './network-eval.js';
import { ModelFileError, readModelDir, writeModelDir } from './store.js';
import { binsFrom, boxFrom, boxJson } from './stored-parts.js';
import type { TrainingSet } from './training-set.js';
import type { BinRef, ParamBox } from './types.js';

export interface InverseOptions {
  /** The measured values and errors aligned with the set's bins (NaN where there are none); only bins with data are inputs. */
  readonly data?: { readonly values: Float64Array; readonly errors: Float64Array };
  /** Principal components fed to the network (default min(20, runs/4), at least the parameters' count). */
  readonly components?: number;
  /** Hidden layer sizes (default [32, 32]). */
  readonly hidden?: readonly number[];
  /** Noisy copies of each run (default 50). */
  readonly copies?: number;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly patience?: number;
  readonly seed?: number;
  readonly backend?: BackendRequest;
  readonly log?: (line: string) => void;
  readonly onProgress?: (p: TrainProgress) => void;
}

export interface Proposal {
  /** The network applied to the data, natural units. */
  readonly best: Float64Array;
  /** Mean over the toys. */
  readonly mean: Float64Array;
  /** P × P, row-major: the toys' covariance plus the network's own (`dataCovariance` + `modelCovariance`). */
  readonly covariance: Float64Array;
  readonly dataCovariance: Float64Array;
  readonly modelCovariance: Float64Array;
  readonly toys: number;
  /** What the guard found wrong; empty when the data look like the training runs and the proposal lies in the box. */
  readonly warnings: readonly string[];
}

export class InverseModel {
  constructor(
    readonly box: ParamBox,
    /** The input bins, in input order. */
    readonly bins: readonly BinRef[],
    readonly inputMean: Float64Array,
    readonly inputScale: Float64Array,
    /** Standardised bins → whitened principal components: bins × components, row-major. */
    readonly projection: Float64Array,
    readonly layers: readonly NetLayer[],
    /** The largest RMS of the standardised inputs over the training runs: beyond it the data are new to the network. */
    readonly trainingReach: number,
    /** The network's own error (P × P, natural units), from validation runs; zeros when there were none. */
    readonly modelCovariance: Float64Array,
  ) {}

  get components(): number {
    return this.projection.length / this.bins.length;
  }

  /** Parameters (natural units) for input vectors (n × bins, row-major). */
  apply(inputs: Float64Array): Float64Array {
    const B = this.bins.length;
    const P = this.box.names.length;
    const n = inputs.length / B;
    const K = this.components;
    const out = new Float64Array(n * P);
    for (let i = 0; i < n; i++) {
      const z = new Float64Array(K);
      for (let b = 0; b < B; b++) {
        const zb = (inputs[i * B + b] - this.inputMean[b]) / this.inputScale[b];
        for (let k = 0; k < K; k++) z[k] += zb * this.projection[b * K + k];
      }
      const u = evalOutputs(this.layers, 0, z, 0);
      for (let p = 0; p < P; p++) out[i * P + p] = this.box.low[p] + u[p] * (this.box.high[p] - this.box.low[p]);
    }
    return out;
  }

  /** The tune the network proposes for the data (values and errors per input bin), with toys for its uncertainty. */
  propose(values: Float64Array, errors: Float64Array, toys = 1000, seed = 1): Proposal {
    const B = this.bins.length;
    const P = this.box.names.length;
    if (values.length !== B || errors.length !== B) throw new Error(`propose: expected ${B} values and errors (one per input bin), got ${values.length} and ${errors.length}`);
    const best = this.apply(values);
    const rng = new Random(seed, 0x1a7e);
    const samples = new Float64Array(toys * B);
    for (let t = 0; t < toys; t++) for (let b = 0; b < B; b++) samples[t * B + b] = values[b] + errors[b] * rng.gauss();
    const thetas = this.apply(samples);
    const { mean, covariance } = moments(thetas, P);
    const total = covariance.map((c, i) => c + this.modelCovariance[i]);
    return { best, mean, covariance: total, dataCovariance: covariance, modelCovariance: this.modelCovariance, toys, warnings: this.guard(values, best) };
  }

  save(dir: string): Promise<void> {
    const arrays: Record<string, Float64Array> = { inputMean: this.inputMean, inputScale: this.inputScale, projection: this.projection, modelCovariance: this.modelCovariance };
    this.layers.forEach((L, l) => {
      arrays[`l${l}.kernel`] = L.kernel;
      arrays[`l${l}.bias`] = L.bias;
    });
    return writeModelDir(dir, {
      header: { kind: 'inverse', box: boxJson(this.box), bins: this.bins.map((b) => [b.path, b.index, b.xlow, b.xhigh]), sizes: [...this.layers.map((L) => L.inputs), this.box.names.length], trainingReach: this.trainingReach },
      arrays,
    });
  }

  private guard(values: Float64Array, best: Float64Array): string[] {
    const warnings: string[] = [];
    const reach = rmsStandardised(values, this.inputMean, this.inputScale);
    if (reach > this.trainingReach) warnings.push(`the data lie outside what the network was trained on: their standardised RMS ${reach.toFixed(2)} exceeds the training runs' largest, ${this.trainingReach.toFixed(2)}; the proposal is an extrapolation`);
    this.box.names.forEach((n, p) => {
      if (best[p] < this.box.low[p] || best[p] > this.box.high[p]) warnings.push(`${n} = ${best[p]} is outside the box [${this.box.low[p]}, ${this.box.high[p]}] the runs sampled`);
    });
    return warnings;
  }
}

export function rmsStandardised(v: ArrayLike<number>, mean: Float64Array, scale: Float64Array, at = 0): number {
  let s = 0;
  for (let b = 0; b < mean.length; b++) s += ((v[at + b] - mean[b]) / scale[b]) ** 2;
  return Math.sqrt(s / mean.length);
}

function moments(x: Float64Array, P: number): { mean: Float64Array; covariance: Float64Array } {
  const n = x.length / P;
  const mean = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) mean[p] += x[i * P + p] / n;
  const covariance = new Float64Array(P * P);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < P; p++) for (let q = 0; q < P; q++) covariance[p * P + q] += ((x[i * P + p] - mean[p]) * (x[i * P + q] - mean[q])) / (n - 1);
  }
  return { mean, covariance };
}

/** A saved inverse model back from its directory. */
export function loadInverse(dir: string): InverseModel {
  const { header, arrays } = readModelDir(dir);
  const file = join(dir, 'model.json');
  if (header.kind !== 'inverse') throw new ModelFileError(`${file}: a ${header.kind} surrogate, not an inverse model`);
  const box = boxFrom(header, file);
  const bins = binsFrom(header, file);
  const sizes = header.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && (s as number) > 0) || sizes[sizes.length - 1] !== box.names.length) {
    throw new ModelFileError(`${file}: sizes: expected layer sizes from the principal components to ${box.names.length} parameters`);
  }
  const reach = header.trainingReach;
  if (typeof reach !== 'number') throw new ModelFileError(`${file}: trainingReach: expected a number`);
  const get = (name: string, length: number) => {
    const a = arrays[name] as Float64Array | undefined;
    if (a?.length !== length) throw new ModelFileError(`${file}: ${name}: expected ${length} numbers`);
    return a;
  };
  const dims = sizes as number[];
  const layers = dims.slice(0, -1).map((inputs, l): NetLayer => ({ inputs, outputs: dims[l + 1], kernel: get(`l${l}.kernel`, inputs * dims[l + 1]), bias: get(`l${l}.bias`, dims[l + 1]) }));
  const P = box.names.length;
  return new InverseModel(box, bins, get('inputMean', bins.length), get('inputScale', bins.length), get('projection', bins.length * dims[0]), layers, reach, get('modelCovariance', P * P));
}

/** Fits the inverse model; TensorFlow.js is loaded on the first call. */
export async function fitInverse(set: TrainingSet, options: InverseOptions = {}): Promise<InverseModel> {
  const { trainInverse } = await import('./inverse-train.js');
  return trainInverse(set, options);
}

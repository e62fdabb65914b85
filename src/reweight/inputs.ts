/**
 * What a classifier reads, and how it becomes the rows of a network's first
 * layer: features standardised with the training set's mean and scale, and θ
 * appended, centred on the trained range: 2u − 1 ∈ [−1, 1] with u = (θ − lo)/(hi − lo).
 * Centred like the standardised features (rather than u ∈ [0, 1]), the network's
 * x·θ interactions start symmetric about the middle of the range; in the Gaussian
 * closure this cut the weights' bias in the sparse tail at μ = 1 (x = 2.96) from
 * −16…−21 % to −4…−9 % (test/reweight/gaussian-closure.test.ts). For particle sets θ and
 * the standardisation touch real particles only: padding rows stay all zero,
 * so they add exactly nothing to the masked sum.
 */
import type { ParticleSet } from './features.js';
import { repadParticles } from './features.js';
import type { EventRows } from './observables.js';

/** Either event-level rows or padded particle sets. */
export type ClassifierInputs = EventRows | ParticleSet;

/** Per-feature mean and scale from the training data: a feature enters as (x − mean) / scale. */
export interface Standardisation {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/** Features per row (D for events, K for particles). */
export function featureCount(inputs: ClassifierInputs): number {
  return inputs.names.length;
}

/** Rows per event: 1 for event rows, M for particle sets. */
function rowsPerEvent(inputs: ClassifierInputs): number {
  return inputs.kind === 'particles' ? inputs.maxParticles : 1;
}

/** Whether row r (event·rowsPerEvent + slot) holds data. */
function isReal(inputs: ClassifierInputs, r: number): boolean {
  return inputs.kind === 'event' || inputs.mask[r] !== 0;
}

/** Mean and standard deviation of every feature over the real rows of all `parts`; a constant feature gets scale 1. */
export function standardisationOf(parts: readonly ClassifierInputs[]): Standardisation {
  const K = featureCount(parts[0]);
  const [sum, sum2] = [new Float64Array(K), new Float64Array(K)];
  let rows = 0;
  for (const p of parts) {
    for (let r = 0; r < p.n * rowsPerEvent(p); r++) {
      if (!isReal(p, r)) continue;
      rows++;
      for (let k = 0; k < K; k++) {
        const v = p.x[r * K + k];
        sum[k] += v;
        sum2[k] += v * v;
      }
    }
  }
  const mean = sum.map((s) => s / Math.max(rows, 1));
  const scale = sum2.map((s, k) => Math.sqrt(Math.max(0, s / Math.max(rows, 1) - mean[k] ** 2)) || 1);
  return { mean, scale };
}

/** The events `indices` of `inputs`, copied, in that order. */
export function subsetInputs<T extends ClassifierInputs>(inputs: T, indices: ArrayLike<number>): T {
  const rows = rowsPerEvent(inputs);
  const width = rows * featureCount(inputs);
  const x = new Float32Array(indices.length * width);
  for (let i = 0; i < indices.length; i++) x.set(inputs.x.subarray(indices[i] * width, (indices[i] + 1) * width), i * width);
  if (inputs.kind === 'event') return { ...inputs, n: indices.length, x };
  const mask = new Float32Array(indices.length * rows);
  for (let i = 0; i < indices.length; i++) mask.set(inputs.mask.subarray(indices[i] * rows, (indices[i] + 1) * rows), i * rows);
  return { ...inputs, n: indices.length, x, mask };
}

/** The events of `a` then those of `b`, as one input of the same kind (particle sets padded to the larger M). */
export function concatInputs(a: ClassifierInputs, b: ClassifierInputs): ClassifierInputs {
  checkSameFeatures(a, b.names, b.kind, 'the second sample');
  if (a.kind === 'event' && b.kind === 'event') {
    const x = new Float32Array(a.x.length + b.x.length);
    x.set(a.x);
    x.set(b.x, a.x.length);
    return { ...a, n: a.n + b.n, x };
  }
  if (a.kind !== 'particles' || b.kind !== 'particles') throw new Error('concatInputs: event rows and particle sets cannot be mixed');
  const M = Math.max(a.maxParticles, b.maxParticles);
  const [pa, pb] = [repadParticles(a, M), repadParticles(b, M)];
  const x = new Float32Array(pa.x.length + pb.x.length);
  x.set(pa.x);
  x.set(pb.x, pa.x.length);
  const mask = new Float32Array(pa.mask.length + pb.mask.length);
  mask.set(pa.mask);
  mask.set(pb.mask, pa.mask.length);
  return { ...pa, n: a.n + b.n, x, mask, truncatedEvents: a.truncatedEvents + b.truncatedEvents };
}

/** Throws, naming what is missing, unless `inputs` has the kind and feature columns a model was trained on. */
export function checkSameFeatures(inputs: ClassifierInputs, names: readonly string[], kind: ClassifierInputs['kind'], what: string): void {
  if (inputs.kind !== kind) throw new Error(`${what}: the model reads ${kind === 'event' ? 'event observables' : 'particle sets'}, got ${inputs.kind === 'event' ? 'event observables' : 'particle sets'}`);
  const missing = names.filter((n, i) => inputs.names[i] !== n);
  if (missing.length > 0 || inputs.names.length !== names.length) {
    throw new Error(`${what}: the model needs the features [${names.join(', ')}] in that order, got [${inputs.names.join(', ')}]`);
  }
}

/**
 * θ for the events of a batch: `values` holds P numbers per event when
 * `perEvent`, else one θ shared by every event.
 */
export interface ThetaColumns {
  readonly values: Float32Array;
  readonly perEvent: boolean;
}

/** One batch as the first layer's rows: [B·R, K + P], and for particle sets the mask [B·R]. */
export interface BatchRows {
  readonly events: number;
  readonly rows: Float32Array;
  readonly mask: Float32Array | undefined;
}

/**
 * Rows for the events order[from … to) (or from … to when `order` is undefined):
 * standardised features, then θ (as 2u − 1, u the unit θ of `theta`) on real rows; padding rows all zero.
 */
export function assembleBatch(inputs: ClassifierInputs, std: Standardisation, theta: ThetaColumns, P: number, order: Int32Array | undefined, from: number, to: number): BatchRows {
  const [K, R] = [featureCount(inputs), rowsPerEvent(inputs)];
  const width = K + P;
  const B = to - from;
  const rows = new Float32Array(B * R * width);
  const mask = inputs.kind === 'particles' ? new Float32Array(B * R) : undefined;
  for (let b = 0; b < B; b++) {
    const event = order ? order[from + b] : from + b;
    const t0 = theta.perEvent ? event * P : 0;
    for (let s = 0; s < R; s++) {
      const src = event * R + s;
      if (!isReal(inputs, src)) continue;
      const dst = (b * R + s) * width;
      for (let k = 0; k < K; k++) rows[dst + k] = (inputs.x[src * K + k] - std.mean[k]) / std.scale[k];
      for (let p = 0; p < P; p++) rows[dst + K + p] = 2 * theta.values[t0 + p] - 1;
      if (mask) mask[b * R + s] = 1;
    }
  }
  return { events: B, rows, mask };
}

/**
 * Per-particle inputs of the Particle Flow classifier, from an event chunk:
 * each event's particles as rows of K features, padded with zero rows to a
 * fixed count M, with a mask saying which rows are real.
 *
 * Features (in this order; PARTICLE_FEATURES names them):
 *  - z: momentum fraction |p| / Σ|p| over the event's final state (dimensionless, sums to 1);
 *  - yT: rapidity along the thrust axis n, ½ ln((E + p·n) / (E − p·n)), clamped to ±RAPIDITY_LIMIT;
 *  - phiT: azimuth about n, in radians (−π, π], measured from the thrust-major axis m towards n × m;
 *  - charge: electric charge in units of e;
 *  - a PID one-hot of six classes (see pidClass).
 *
 * The frame is fixed so that the features depend on the event alone, not on
 * how it was rotated: thrust (computed from all final-state particles) gives n
 * only up to sign, so n points into the hemisphere with the larger scalar
 * momentum sum; m (thrust major) is signed so that Σ (p·m)|p·m| ≥ 0, i.e. the
 * harder side of the event plane is at φ = 0. Both choices are deterministic
 * and only flip for events balanced to rounding.
 */
import type { EventChunk } from '../events-store/index.js';
import { Thrust } from '../observables/index.js';

/** Names of the per-particle features, in column order. */
export const PARTICLE_FEATURES = ['z', 'yT', 'phiT', 'charge', 'photon', 'pion', 'kaon', 'proton', 'lepton', 'other'] as const;
/** Columns per particle row. */
export const PARTICLE_FEATURE_COUNT = PARTICLE_FEATURES.length;

/** |y_T| beyond this (a massless particle right along the axis) is clamped: the network needs finite inputs. */
export const RAPIDITY_LIMIT = 10;

/** Default particles per event kept (see ParticleFeatureOptions.maxParticles). */
export const DEFAULT_MAX_PARTICLES = 64;

/**
 * Padded per-particle features of N events: row (i, j) is particle j of event i,
 * rows beyond the event's multiplicity are all zero with mask 0.
 */
export interface ParticleSet {
  readonly kind: 'particles';
  /** Number of events. */
  readonly n: number;
  /** Rows per event, M. */
  readonly maxParticles: number;
  /** Feature names, one per column (K = names.length). */
  readonly names: readonly string[];
  /** [N, M, K], row-major. */
  readonly x: Float32Array;
  /** [N, M]: 1 for a real particle, 0 for padding. */
  readonly mask: Float32Array;
  /** Events that had more than M particles; their softest ones (smallest z) were dropped. */
  readonly truncatedEvents: number;
}

export interface ParticleFeatureOptions {
  /**
   * Rows per event, M. Default 64: hadronic Z decays here have ~40 final-state
   * particles on average and rarely more than 64, and every padding row costs
   * as much as a real one in the per-particle network.
   */
  readonly maxParticles?: number;
}

/**
 * The PID class of a PDG id, as the one-hot column after `charge`:
 * 0 photon (22); 1 charged pion (±211); 2 kaon (±321, K0L 130, K0S 310);
 * 3 proton (±2212); 4 lepton (e, μ, τ and neutrinos: |id| 11–16);
 * 5 other (neutrons, hyperons, anything else).
 */
export function pidClass(pdgid: number): number {
  const a = Math.abs(pdgid);
  if (a === 22) return 0;
  if (a === 211) return 1;
  if (a === 321 || a === 130 || a === 310) return 2;
  if (a === 2212) return 3;
  if (a >= 11 && a <= 16) return 4;
  return 5;
}

/** The thrust frame of one event: axis n, major m and n × m, signed as the module comment says. */
export class ThrustFrame {
  readonly n = new Float64Array(3);
  readonly m = new Float64Array(3);
  readonly k = new Float64Array(3);
  private readonly thrust = new Thrust(64);

  compute(px: Float64Array, py: Float64Array, pz: Float64Array, count: number): this {
    const t = this.thrust.compute(px, py, pz, count);
    this.n.set(t.axis);
    this.m.set(t.majorAxis);
    let hemi = 0;
    let skew = 0;
    for (let i = 0; i < count; i++) {
      const along = px[i] * this.n[0] + py[i] * this.n[1] + pz[i] * this.n[2];
      hemi += Math.sign(along) * Math.sqrt(px[i] * px[i] + py[i] * py[i] + pz[i] * pz[i]);
      const across = px[i] * this.m[0] + py[i] * this.m[1] + pz[i] * this.m[2];
      skew += across * Math.abs(across);
    }
    if (hemi < 0) for (let c = 0; c < 3; c++) this.n[c] = -this.n[c];
    if (skew < 0) for (let c = 0; c < 3; c++) this.m[c] = -this.m[c];
    const [n, m] = [this.n, this.m];
    this.k.set([n[1] * m[2] - n[2] * m[1], n[2] * m[0] - n[0] * m[2], n[0] * m[1] - n[1] * m[0]]);
    return this;
  }
}

/** Rapidity along unit axis n of a particle with energy e (GeV) and momentum p (GeV), clamped. */
export function rapidityAlong(e: number, pAlong: number): number {
  const plus = e + pAlong;
  const minus = e - pAlong;
  if (!(minus > 0)) return RAPIDITY_LIMIT;
  if (!(plus > 0)) return -RAPIDITY_LIMIT;
  const y = 0.5 * Math.log(plus / minus);
  return Math.max(-RAPIDITY_LIMIT, Math.min(RAPIDITY_LIMIT, y));
}

/** Indices (relative to the event) of the particles kept: all in order, or the M largest |p| by decreasing |p|. */
function keptParticles(absP: Float64Array, count: number, max: number): Int32Array {
  const all = Int32Array.from({ length: count }, (_, i) => i);
  if (count <= max) return all;
  return all.sort((a, b) => absP[b] - absP[a] || a - b).subarray(0, max);
}

/** Writes one particle's K features at `out[at…]`. */
function writeParticle(out: Float32Array, at: number, c: EventChunk, p: number, frame: ThrustFrame, z: number): void {
  const [n, m, k] = [frame.n, frame.m, frame.k];
  const along = c.px[p] * n[0] + c.py[p] * n[1] + c.pz[p] * n[2];
  out[at] = z;
  out[at + 1] = rapidityAlong(c.E[p], along);
  out[at + 2] = Math.atan2(c.px[p] * k[0] + c.py[p] * k[1] + c.pz[p] * k[2], c.px[p] * m[0] + c.py[p] * m[1] + c.pz[p] * m[2]);
  out[at + 3] = c.charge3[p] / 3;
  out[at + 4 + pidClass(c.pdgid[p])] = 1;
}

/**
 * The padded per-particle features of every event of `chunk` (see the module
 * comment for the features and the frame). Particles beyond `maxParticles` are
 * dropped softest first (smallest z) and counted in `truncatedEvents`; the kept
 * rows of such an event come in order of decreasing z, others in file order.
 */
export function particleFeatures(chunk: EventChunk, options: ParticleFeatureOptions = {}): ParticleSet {
  const M = options.maxParticles ?? DEFAULT_MAX_PARTICLES;
  if (!Number.isInteger(M) || M < 1) throw new Error(`maxParticles must be a positive integer, got ${M}`);
  const K = PARTICLE_FEATURE_COUNT;
  const x = new Float32Array(chunk.n * M * K);
  const mask = new Float32Array(chunk.n * M);
  const frame = new ThrustFrame();
  let absP = new Float64Array(64);
  let truncatedEvents = 0;
  for (let i = 0; i < chunk.n; i++) {
    const [from, to] = [chunk.offsets[i], chunk.offsets[i + 1]];
    const count = to - from;
    if (absP.length < count) absP = new Float64Array(2 * count);
    let sumP = 0;
    for (let j = 0; j < count; j++) {
      const p = from + j;
      absP[j] = Math.sqrt(chunk.px[p] ** 2 + chunk.py[p] ** 2 + chunk.pz[p] ** 2);
      sumP += absP[j];
    }
    frame.compute(chunk.px.subarray(from, to), chunk.py.subarray(from, to), chunk.pz.subarray(from, to), count);
    const kept = keptParticles(absP, count, M);
    if (count > M) truncatedEvents++;
    kept.forEach((j, row) => {
      writeParticle(x, (i * M + row) * K, chunk, from + j, frame, sumP > 0 ? absP[j] / sumP : 0);
      mask[i * M + row] = 1;
    });
  }
  return { kind: 'particles', n: chunk.n, maxParticles: M, names: PARTICLE_FEATURES, x, mask, truncatedEvents };
}

/** The same events with `maxParticles` rows each: more rows add padding, fewer must still hold every real particle. */
export function repadParticles(set: ParticleSet, maxParticles: number): ParticleSet {
  const [M, K] = [set.maxParticles, set.names.length];
  if (maxParticles === M) return set;
  const x = new Float32Array(set.n * maxParticles * K);
  const mask = new Float32Array(set.n * maxParticles);
  const rows = Math.min(M, maxParticles);
  for (let i = 0; i < set.n; i++) {
    for (let j = rows; j < M; j++) if (set.mask[i * M + j] !== 0) throw new Error(`repadParticles: event ${i} has a particle in row ${j}, beyond ${maxParticles} rows`);
    x.set(set.x.subarray(i * M * K, (i * M + rows) * K), i * maxParticles * K);
    mask.set(set.mask.subarray(i * M, i * M + rows), i * maxParticles);
  }
  return { ...set, maxParticles, x, mask };
}

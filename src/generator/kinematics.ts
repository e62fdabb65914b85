/**
 * Four-vector helpers for the generator. Vectors live in Float64Array slots
 * (px, py, pz, E) in GeV; functions write into caller-owned arrays so the
 * event loop does not allocate.
 */
import type { Random } from './random.js';

/** Two-body momentum p* of a decay M → m1 m2 in the rest frame of M (0 below threshold). */
export function twoBodyMomentum(M: number, m1: number, m2: number): number {
  const s = M * M;
  const a = s - (m1 + m2) * (m1 + m2);
  if (a <= 0) return 0;
  const b = s - (m1 - m2) * (m1 - m2);
  return Math.sqrt(a * b) / (2 * M);
}

/**
 * Boosts v = (px, py, pz, E) at offset `o` of `out` by velocity (bx, by, bz),
 * |b| < 1: from the rest frame of a system moving with b to the frame where it moves.
 */
export function boostInPlace(out: Float64Array, o: number, bx: number, by: number, bz: number): void {
  const b2 = bx * bx + by * by + bz * bz;
  if (b2 === 0) return;
  const gamma = 1 / Math.sqrt(1 - b2);
  const bp = bx * out[o] + by * out[o + 1] + bz * out[o + 2];
  const g2 = (gamma - 1) / b2;
  const e = out[o + 3];
  const f = g2 * bp + gamma * e;
  out[o] = out[o] + f * bx;
  out[o + 1] = out[o + 1] + f * by;
  out[o + 2] = out[o + 2] + f * bz;
  out[o + 3] = gamma * (e + bp);
}

/**
 * Right-handed orthonormal frame (u, v, z) whose z axis is the direction of
 * the four-vector `a` seen in the rest frame of a system moving with velocity
 * (bx, by, bz). Writes u, v, z into `frame[0..8]`.
 */
export function restFrameAxes(a: Float64Array, bx: number, by: number, bz: number, frame: Float64Array): void {
  const w = frameScratch;
  w.set(a.subarray(0, 4));
  boostInPlace(w, 0, -bx, -by, -bz);
  const len = Math.hypot(w[0], w[1], w[2]);
  const zx = w[0] / len;
  const zy = w[1] / len;
  const zz = w[2] / len;
  // x̂ × z, or ŷ × z when z is close to x̂.
  let ux = 0;
  let uy = -zz;
  let uz = zy;
  if (Math.abs(zx) >= 0.6) {
    ux = zz;
    uy = 0;
    uz = -zx;
  }
  const ul = Math.hypot(ux, uy, uz);
  ux /= ul;
  uy /= ul;
  uz /= ul;
  frame[0] = ux;
  frame[1] = uy;
  frame[2] = uz;
  frame[3] = zy * uz - zz * uy;
  frame[4] = zz * ux - zx * uz;
  frame[5] = zx * uy - zy * ux;
  frame[6] = zx;
  frame[7] = zy;
  frame[8] = zz;
}

const frameScratch = new Float64Array(4);

/** Isotropic unit vector written to out[o..o+2]. */
export function isotropic(rng: Random, out: Float64Array, o: number): void {
  const c = 2 * rng.uniform() - 1;
  const s = Math.sqrt(Math.max(0, 1 - c * c));
  const phi = 2 * Math.PI * rng.uniform();
  out[o] = s * Math.cos(phi);
  out[o + 1] = s * Math.sin(phi);
  out[o + 2] = c;
}

/**
 * Mass from a non-relativistic Breit–Wigner of pole m0 and width Γ, truncated
 * to [lo, hi] (inverse-CDF sampling, one tangent per call).
 */
export function breitWigner(rng: Random, m0: number, width: number, lo: number, hi: number): number {
  if (width <= 0 || hi <= lo) return Math.min(Math.max(m0, lo), hi);
  const a = Math.atan((2 * (lo - m0)) / width);
  const b = Math.atan((2 * (hi - m0)) / width);
  return m0 + 0.5 * width * Math.tan(a + (b - a) * rng.uniform());
}

const MAX_BODIES = 8;
const scratchMass = new Float64Array(MAX_BODIES);
const scratchMom = new Float64Array(MAX_BODIES);
const dir = new Float64Array(3);

/**
 * Flat n-body phase space for a parent of mass M at rest (Raubold–Lynch:
 * ordered intermediate masses, accepted with weight ∏ p* over its maximum). Writes the
 * n daughters' (px, py, pz, E) consecutively into `out` starting at 0.
 * Returns false when M is below threshold.
 */
export function phaseSpace(rng: Random, M: number, masses: Float64Array, n: number, out: Float64Array, maxWeight?: MaxWeight): boolean {
  if (n > MAX_BODIES) throw new Error(`phase space for ${n} bodies: at most ${MAX_BODIES}`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += masses[i];
  const T = M - sum;
  if (T < 0 || (T === 0 && n > 1)) return false;
  if (n === 1) {
    out[0] = out[1] = out[2] = 0;
    out[3] = M;
    return true;
  }
  if (n === 2) {
    twoBody(rng, M, masses[0], masses[1], out);
    return true;
  }
  const wMax = weightBound(rng, masses, n, T, maxWeight);
  drawMasses(rng, masses, n, T, wMax, maxWeight);
  buildFromMasses(rng, masses, n, out);
  return true;
}

/**
 * A bound on the weight: each factor at its own extreme. It is loose for
 * many bodies (acceptance ~1e-3 at six), so callers may pass a learned
 * maximum instead: estimated by sampling, raised whenever exceeded.
 */
function weightBound(rng: Random, masses: Float64Array, n: number, T: number, maxWeight: MaxWeight | undefined): number {
  let wMax = 1;
  let lower = masses[0];
  let upper = masses[0] + T;
  for (let k = 1; k < n; k++) {
    lower += masses[k];
    upper += masses[k];
    wMax *= twoBodyMomentum(upper, lower - masses[k], masses[k]);
  }
  if (maxWeight && n > 3) {
    if (!(maxWeight.value > 0)) {
      let est = 0;
      for (let t = 0; t < 1000; t++) est = Math.max(est, sampleWeight(rng, masses, n, T));
      maxWeight.value = est * MAX_WEIGHT_SAFETY;
    }
    // Relative to this parent mass: weights scale roughly with the bound.
    wMax = Math.min(wMax, maxWeight.value);
  }
  return wMax;
}

/** Intermediate masses into scratchMass, accepted with weight w / wMax; a weight above a learned maximum raises it. */
function drawMasses(rng: Random, masses: Float64Array, n: number, T: number, wMax: number, maxWeight: MaxWeight | undefined): void {
  for (;;) {
    const w = sampleWeight(rng, masses, n, T);
    if (w > wMax && maxWeight && n > 3) {
      maxWeight.value = w * MAX_WEIGHT_SAFETY;
      return;
    }
    if (w >= rng.uniform() * wMax) return;
  }
}

/**
 * The daughters' momenta from the intermediate masses in scratchMass, built from
 * the innermost pair outwards: daughters 0..k live in the rest frame of
 * intermediate mass k, then get boosted into the frame of k+1.
 */
function buildFromMasses(rng: Random, masses: Float64Array, n: number, out: Float64Array): void {
  out[0] = out[1] = out[2] = 0;
  out[3] = masses[0];
  for (let k = 1; k < n; k++) {
    const Mk = scratchMass[k];
    const p = twoBodyMomentum(Mk, scratchMass[k - 1], masses[k]);
    isotropic(rng, dir, 0);
    const o = 4 * k;
    out[o] = -p * dir[0];
    out[o + 1] = -p * dir[1];
    out[o + 2] = -p * dir[2];
    out[o + 3] = Math.sqrt(p * p + masses[k] * masses[k]);
    if (k === 1) {
      // A single daughter cannot be boosted from rest when massless: place it.
      out[0] = p * dir[0];
      out[1] = p * dir[1];
      out[2] = p * dir[2];
      out[3] = Math.sqrt(p * p + masses[0] * masses[0]);
      continue;
    }
    // The subsystem 0..k-1 moves with momentum +p·dir and energy E_sub.
    const eSub = Math.sqrt(p * p + scratchMass[k - 1] * scratchMass[k - 1]);
    const bx = (p * dir[0]) / eSub;
    const by = (p * dir[1]) / eSub;
    const bz = (p * dir[2]) / eSub;
    for (let j = 0; j < k; j++) boostInPlace(out, 4 * j, bx, by, bz);
  }
}

/** A learned maximum phase-space weight for one decay channel. */
export interface MaxWeight {
  value: number;
}

const MAX_WEIGHT_SAFETY = 1.2;

/** Draws ordered intermediate masses into scratchMass and returns their weight ∏ p*. */
function sampleWeight(rng: Random, masses: Float64Array, n: number, T: number): number {
  const r = scratchMom;
  r[0] = 0;
  for (let k = 1; k < n - 1; k++) r[k] = rng.uniform();
  r[n - 1] = 1;
  sortRange(r, 1, n - 1);
  let acc = 0;
  let w = 1;
  for (let k = 0; k < n; k++) {
    acc += masses[k];
    scratchMass[k] = r[k] * T + acc;
  }
  for (let k = 1; k < n; k++) w *= twoBodyMomentum(scratchMass[k], scratchMass[k - 1], masses[k]);
  return w;
}

function twoBody(rng: Random, M: number, m1: number, m2: number, out: Float64Array): void {
  const p = twoBodyMomentum(M, m1, m2);
  isotropic(rng, dir, 0);
  out[0] = p * dir[0];
  out[1] = p * dir[1];
  out[2] = p * dir[2];
  out[3] = Math.sqrt(p * p + m1 * m1);
  out[4] = -out[0];
  out[5] = -out[1];
  out[6] = -out[2];
  out[7] = Math.sqrt(p * p + m2 * m2);
}

function sortRange(a: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= from && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

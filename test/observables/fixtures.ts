/** Test events for the event-shape kernels: random, jetty, analytic, and transformations of them. */
import { gauss, rng } from '../helpers/random.js';

export { rng };

/** Momenta and energies (GeV) of n particles, as the kernels take them. */
export interface Ev {
  px: Float64Array;
  py: Float64Array;
  pz: Float64Array;
  e: Float64Array;
  n: number;
}

const PION = 0.13957;

/** Builds an event from 3-momenta, with energies for the given mass (GeV). */
export function fromMomenta(p: readonly (readonly number[])[], mass = 0): Ev {
  const n = p.length;
  const ev: Ev = { px: new Float64Array(n), py: new Float64Array(n), pz: new Float64Array(n), e: new Float64Array(n), n };
  p.forEach(([x, y, z], i) => {
    ev.px[i] = x; ev.py[i] = y; ev.pz[i] = z;
    ev.e[i] = Math.sqrt(x * x + y * y + z * z + mass * mass);
  });
  return ev;
}

function unit(r: () => number): number[] {
  const v = [gauss(r), gauss(r), gauss(r)];
  const len = Math.hypot(v[0], v[1], v[2]);
  return v.map((x) => x / len);
}

/** |p| uniform in [0.1, 20] GeV; massless or pions at random. */
function particle(r: () => number, dir: readonly number[], massive: boolean): number[] {
  const p = 0.1 + 19.9 * r();
  const m = massive ? PION : 0;
  return [p * dir[0], p * dir[1], p * dir[2], Math.sqrt(p * p + m * m)];
}

function assemble(rows: number[][]): Ev {
  const n = rows.length;
  const ev: Ev = { px: new Float64Array(n), py: new Float64Array(n), pz: new Float64Array(n), e: new Float64Array(n), n };
  rows.forEach((row, i) => {
    ev.px[i] = row[0]; ev.py[i] = row[1]; ev.pz[i] = row[2]; ev.e[i] = row[3];
  });
  return ev;
}

/** n particles in independent random directions. */
export function isotropic(r: () => number, n: number, massive = r() < 0.5): Ev {
  return assemble(Array.from({ length: n }, () => particle(r, unit(r), massive)));
}

/**
 * n particles clustered around 2 (back-to-back) or 3 random axes, each
 * direction smeared by `spread` (radians, roughly).
 */
export function jetty(r: () => number, n: number, jets: 2 | 3, spread = 0.25, massive = r() < 0.5): Ev {
  const a = unit(r);
  const axes = jets === 2 ? [a, a.map((x) => -x)] : [a, unit(r), unit(r)];
  return assemble(Array.from({ length: n }, (_, i) => {
    const ax = axes[i % axes.length];
    const d = ax.map((x) => x + spread * gauss(r));
    const len = Math.hypot(d[0], d[1], d[2]);
    return particle(r, d.map((x) => x / len), massive);
  }));
}

/**
 * Two narrow back-to-back jets like hadronic Z decays: transverse momentum
 * ~0.4 GeV to the jet axis whatever |p|, so hard particles are collinear and
 * soft ones wide. The thrust seed is usually provably optimal here.
 */
export function narrowJets(r: () => number, n: number): Ev {
  const a = unit(r);
  const rows = Array.from({ length: n }, (_, i) => {
    const s = i % 2 === 0 ? 1 : -1;
    const p = 0.2 + 15 * r() * r();
    const kt = [0.4 * gauss(r), 0.4 * gauss(r), 0.4 * gauss(r)];
    const along = kt[0] * a[0] + kt[1] * a[1] + kt[2] * a[2];
    const perp = kt.map((x, k) => x - along * a[k]);
    const d = a.map((x, k) => s * p * x + perp[k]);
    return [d[0], d[1], d[2], Math.sqrt(d[0] ** 2 + d[1] ** 2 + d[2] ** 2 + PION * PION)];
  });
  return assemble(rows);
}

/** A random rotation matrix (row-major 3×3) from a random unit quaternion. */
export function randomRotation(r: () => number): number[] {
  const q = [gauss(r), gauss(r), gauss(r), gauss(r)];
  const len = Math.hypot(q[0], q[1], q[2], q[3]);
  const [w, x, y, z] = q.map((v) => v / len) as [number, number, number, number];
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ];
}

export function applyRotation(R: readonly number[], v: ArrayLike<number>): number[] {
  return [0, 1, 2].map((i) => R[3 * i] * v[0] + R[3 * i + 1] * v[1] + R[3 * i + 2] * v[2]);
}

export function rotate(ev: Ev, R: readonly number[]): Ev {
  const rows = Array.from({ length: ev.n }, (_, i) => [...applyRotation(R, [ev.px[i], ev.py[i], ev.pz[i]]), ev.e[i]]);
  return assemble(rows);
}

/** All momenta and energies times k. */
export function scale(ev: Ev, k: number): Ev {
  return assemble(Array.from({ length: ev.n }, (_, i) => [k * ev.px[i], k * ev.py[i], k * ev.pz[i], k * ev.e[i]]));
}

/** Three equal massless momenta at 120° in the xy plane (the "Mercedes" star). */
export function mercedes(p = 10): Ev {
  return fromMomenta([0, 1, 2].map((k) => [p * Math.cos((2 * Math.PI * k) / 3), p * Math.sin((2 * Math.PI * k) / 3), 0]));
}

/** |a · b| / (|a| |b|): 1 when parallel or antiparallel. */
export function alignment(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return Math.abs(dot) / (Math.hypot(a[0], a[1], a[2]) * Math.hypot(b[0], b[1], b[2]));
}

export function norm(v: ArrayLike<number>): number {
  return Math.hypot(v[0], v[1], v[2]);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

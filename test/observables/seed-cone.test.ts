import { describe, expect, it } from 'vitest';
import { SeedCone } from '../../src/observables/seed-cone.js';
import { type Ev, dot, isotropic, jetty, narrowJets, norm, rng } from './fixtures.js';

function f(ev: Ev, n: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < ev.n; i++) s += Math.abs(ev.px[i] * n[0] + ev.py[i] * n[1] + ev.pz[i] * n[2]);
  return s;
}

/** The classic iteration n → Σ sign(p·n) p from a start: a local maximum (a valid seed). */
function localMax(ev: Ev, start: number[]): Float64Array {
  let n = start.map((x) => x / norm(start));
  for (let iter = 0; iter < 100; iter++) {
    const s = [0, 0, 0];
    for (let i = 0; i < ev.n; i++) {
      const p = [ev.px[i], ev.py[i], ev.pz[i]];
      const sign = dot(p, n) >= 0 ? 1 : -1;
      for (let k = 0; k < 3; k++) s[k] += sign * p[k];
    }
    const next = s.map((x) => x / norm(s));
    if (Math.abs(dot(next, n)) > 1 - 1e-16) break;
    n = next;
  }
  return Float64Array.from(n);
}

/** Exact max of Σ|p·m| over unit m ⊥ axis, by brute force over signs (n ≤ 11). */
function majorAbout(ev: Ev, axis: ArrayLike<number>): number {
  const q = Array.from({ length: ev.n }, (_, i) => {
    const v = [ev.px[i], ev.py[i], ev.pz[i]];
    const d = dot(v, axis);
    return v.map((x, k) => x - d * axis[k]);
  });
  let best = 0;
  for (let mask = 0; mask < 1 << (ev.n - 1); mask++) {
    const s = [...q[ev.n - 1]];
    for (let i = 0; i < ev.n - 1; i++) for (let k = 0; k < 3; k++) s[k] += ((mask >> i) & 1 ? -1 : 1) * q[i][k];
    best = Math.max(best, norm(s));
  }
  return best;
}

describe('SeedCone', () => {
  it('every cell axis at least as good as the seed lies within rho of ±seed', () => {
    const r = rng(31);
    const cone = new SeedCone(2);
    let checked = 0;
    for (let k = 0; k < 150; k++) {
      const n = 3 + (k % 9);
      const ev = k % 3 === 0 ? isotropic(r, n) : k % 3 === 1 ? jetty(r, n, 2, 0.2) : narrowJets(r, n);
      const seed = localMax(ev, [r() - 0.5, r() - 0.5, r() - 0.5]);
      cone.lb = f(ev, seed);
      cone.g = majorAbout(ev, seed);
      cone.compute(ev.px, ev.py, ev.pz, ev.n, seed);
      expect(cone.rho).toBeGreaterThanOrEqual(0);
      expect(cone.rho).toBeLessThanOrEqual(Math.PI / 2);
      // Every candidate axis: the direction of Σ ε p for every sign vector ε.
      for (let mask = 0; mask < 1 << (n - 1); mask++) {
        const s = [ev.px[n - 1], ev.py[n - 1], ev.pz[n - 1]];
        for (let i = 0; i < n - 1; i++) {
          const sign = (mask >> i) & 1 ? -1 : 1;
          s[0] += sign * ev.px[i]; s[1] += sign * ev.py[i]; s[2] += sign * ev.pz[i];
        }
        const dir = s.map((x) => x / norm(s));
        if (f(ev, dir) < cone.lb * (1 + 1e-12)) continue;
        checked++;
        const angle = Math.acos(Math.min(1, Math.abs(dot(dir, seed))));
        expect(angle).toBeLessThanOrEqual(cone.rho + 1e-7);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('minElevation is the angle from the seed to the nearest particle plane', () => {
    const r = rng(32);
    const ev = isotropic(r, 12);
    const seed = localMax(ev, [0, 0, 1]);
    const cone = new SeedCone();
    cone.lb = f(ev, seed);
    cone.g = majorAbout(ev, seed);
    cone.compute(ev.px, ev.py, ev.pz, ev.n, seed);
    let min = Infinity;
    for (let i = 0; i < ev.n; i++) {
      const p = [ev.px[i], ev.py[i], ev.pz[i]];
      min = Math.min(min, Math.asin(Math.abs(dot(p, seed)) / norm(p)));
    }
    expect(cone.minElevation).toBeCloseTo(min, 14);
  });
});

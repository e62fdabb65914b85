import { describe, expect, it } from 'vitest';
import { Durham, clusterDurham } from '../../src/observables/index.js';
import { type Ev, fromMomenta, isotropic, jetty, mercedes, narrowJets, randomRotation, rng, rotate, scale } from './fixtures.js';

/**
 * Textbook O(n³) exclusive Durham clustering: every step rescans all pairs.
 * 1 − cos θ = 2 sin²(θ/2) with θ from atan2(|a × b|, a·b), accurate at small angles.
 * Returns y[k] for the step from k + 1 to k jets, k = n − 1 … 2.
 */
function naive(ev: Ev): number[] {
  const jets = Array.from({ length: ev.n }, (_, i) => [ev.px[i], ev.py[i], ev.pz[i], ev.e[i]]);
  let evis = 0;
  for (let i = 0; i < ev.n; i++) evis += ev.e[i];
  const y: number[] = [];
  while (jets.length > 2) {
    let best = Infinity, bi = 0, bj = 1;
    for (let i = 0; i < jets.length; i++) {
      for (let j = i + 1; j < jets.length; j++) {
        const [ax, ay, az, ae] = jets[i] as [number, number, number, number];
        const [bx, by, bz, be] = jets[j] as [number, number, number, number];
        const cross = Math.hypot(ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx);
        const theta = Math.atan2(cross, ax * bx + ay * by + az * bz);
        const v = (2 * Math.min(ae * ae, be * be) * 2 * Math.sin(theta / 2) ** 2) / (evis * evis);
        if (v < best) { best = v; bi = i; bj = j; }
      }
    }
    y[jets.length - 1] = best;
    jets[bi] = jets[bi].map((x, k) => x + jets[bj][k]);
    jets.splice(bj, 1);
  }
  return y;
}

function maxFrom(y: number[], k: number): number {
  let m = 0;
  for (let j = k; j < y.length; j++) m = Math.max(m, y[j] ?? 0);
  return m;
}

describe('Durham clustering: analytic cases', () => {
  it('fewer than 3 particles: y23 = 0 (as for a back-to-back pair)', () => {
    for (const p of [[], [[1, 2, 3]], [[0, 0, 5], [0, 0, -5]]]) {
      const ev = fromMomenta(p);
      const d = clusterDurham(ev.px, ev.py, ev.pz, ev.e);
      expect([d.y23, d.y34, d.y45]).toEqual([0, 0, 0]);
    }
  });

  it('Mercedes star: y23 = 2E²(1 − cos 120°) / (3E)² = 1/3; y34 = 0 with 3 particles', () => {
    const ev = mercedes(7);
    const d = clusterDurham(ev.px, ev.py, ev.pz, ev.e);
    expect(d.y23).toBeCloseTo(1 / 3, 15);
    expect(d.y34).toBe(0);
  });

  it('three particles: the softer-energy pair at the smaller angle merges first', () => {
    // Two soft particles close together (E = 1 and 2) and a hard one opposite.
    const ev = fromMomenta([[1, 0, 0], [2 * Math.cos(0.1), 2 * Math.sin(0.1), 0], [-3, 0, 0]]);
    const d = clusterDurham(ev.px, ev.py, ev.pz, ev.e);
    expect(d.y23).toBeCloseTo((2 * 1 * (1 - Math.cos(0.1))) / 36, 15);
    expect(d.evis).toBe(6);
  });

  it('four particles in two tight pairs: y34 from the tighter pair, y23 from the other', () => {
    const a = 0.01, b = 0.03;
    const ev = fromMomenta([
      [10, 0, 0], [10 * Math.cos(a), 10 * Math.sin(a), 0],
      [-10, 0, 0], [-10 * Math.cos(b), 0, 10 * Math.sin(b)],
    ]);
    const d = clusterDurham(ev.px, ev.py, ev.pz, ev.e);
    expect(d.yMerge(3)).toBeCloseTo((2 * 100 * (1 - Math.cos(a))) / 1600, 16);
    expect(d.yMerge(2)).toBeCloseTo((2 * 100 * (1 - Math.cos(b))) / 1600, 16);
    expect(d.y34).toBe(d.yMerge(3));
    expect(d.y23).toBeCloseTo(d.yMerge(2), 16);
  });
});

describe('Durham clustering: nearest-neighbour bookkeeping against naive O(n³) clustering', () => {
  it('every merging y, and y23 / y34 / y45 as exclusive_ymerge_max, on random events', () => {
    const r = rng(61);
    const d = new Durham(2);
    let nonMonotonic = 0;
    for (let k = 0; k < 400; k++) {
      const n = 3 + (k % 28);
      const kind = k % 4;
      const ev = kind === 0 ? isotropic(r, n) : kind === 1 ? jetty(r, n, 2) : kind === 2 ? jetty(r, n, 3, 0.1) : narrowJets(r, n);
      const y = naive(ev);
      d.compute(ev.px, ev.py, ev.pz, ev.e, n);
      for (let j = 2; j < n; j++) {
        expect(Math.abs(d.yMerge(j) - y[j])).toBeLessThanOrEqual(1e-12 * y[j] + 1e-300);
        expect(Math.abs(d.yMergeMax(j) - maxFrom(y, j))).toBeLessThanOrEqual(1e-12 * maxFrom(y, j));
        if (y[j] < (y[j + 1] ?? 0)) nonMonotonic++;
      }
      expect(d.y23).toBe(d.yMergeMax(2));
      expect(d.y34).toBe(d.yMergeMax(3));
      expect(d.y45).toBe(d.yMergeMax(4));
      expect(d.yMerge(n)).toBe(0);
      expect(d.yMerge(1)).toBe(0);
    }
    // E-scheme merging makes the sequence non-monotonic now and then: y23 must take the maximum.
    expect(nonMonotonic).toBeGreaterThan(0);
  });
});

describe('Durham clustering: invariances', () => {
  it('rotation and common scaling of momenta and energies keep every y', () => {
    const r = rng(62);
    for (let k = 0; k < 40; k++) {
      const ev = jetty(r, 4 + k % 25, 3);
      const a = clusterDurham(ev.px, ev.py, ev.pz, ev.e);
      const rot = rotate(ev, randomRotation(r));
      const b = clusterDurham(rot.px, rot.py, rot.pz, rot.e);
      const sc = scale(ev, 45.6);
      const c = clusterDurham(sc.px, sc.py, sc.pz, sc.e);
      for (const [x, y] of [[a.y23, b.y23], [a.y34, b.y34], [a.y23, c.y23], [a.y45, c.y45]] as const) {
        expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * x);
      }
    }
  });

  it('one reused instance growing past its capacity matches fresh computations', () => {
    const r = rng(63);
    const d = new Durham(1);
    for (const n of [5, 70, 3, 2, 33]) {
      const ev = isotropic(r, n);
      d.compute(ev.px, ev.py, ev.pz, ev.e, n);
      const fresh = clusterDurham(ev.px, ev.py, ev.pz, ev.e);
      expect([d.y23, d.y34, d.y45]).toEqual([fresh.y23, fresh.y34, fresh.y45]);
    }
  });
});

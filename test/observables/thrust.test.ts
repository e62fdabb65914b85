import { describe, expect, it } from 'vitest';
import { Thrust, computeThrust } from '../../src/observables/index.js';
import {
  type Ev, alignment, applyRotation, dot, fromMomenta, isotropic, jetty, mercedes, narrowJets, norm,
  randomRotation, rng, rotate, scale,
} from './fixtures.js';

function sumP(ev: Ev): number {
  let s = 0;
  for (let i = 0; i < ev.n; i++) s += Math.hypot(ev.px[i], ev.py[i], ev.pz[i]);
  return s;
}

/** max over all 2^(n−1) sign vectors of |Σ ε q_i| / Σ|p_i|, q_i = p_i with the part along `perp` removed. */
function bruteForce(ev: Ev, perp?: ArrayLike<number>): number {
  const q = Array.from({ length: ev.n }, (_, i) => {
    const v = [ev.px[i], ev.py[i], ev.pz[i]];
    const d = perp ? dot(v, perp) : 0;
    return perp ? v.map((x, k) => x - d * perp[k]) : v;
  });
  let best = 0;
  for (let mask = 0; mask < 1 << (ev.n - 1); mask++) {
    const s = [...q[ev.n - 1]];
    for (let i = 0; i < ev.n - 1; i++) {
      const sign = (mask >> i) & 1 ? -1 : 1;
      for (let k = 0; k < 3; k++) s[k] += sign * q[i][k];
    }
    best = Math.max(best, norm(s));
  }
  return best / sumP(ev);
}

function projection(ev: Ev, axis: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < ev.n; i++) s += Math.abs(ev.px[i] * axis[0] + ev.py[i] * axis[1] + ev.pz[i] * axis[2]);
  return s / sumP(ev);
}

function expectFrame(t: Thrust): void {
  for (const v of [t.axis, t.majorAxis, t.minorAxis]) expect(norm(v)).toBeCloseTo(1, 14);
  expect(Math.abs(dot(t.axis, t.majorAxis))).toBeLessThan(1e-14);
  expect(Math.abs(dot(t.axis, t.minorAxis))).toBeLessThan(1e-14);
  expect(Math.abs(dot(t.majorAxis, t.minorAxis))).toBeLessThan(1e-14);
}

describe('thrust: analytic cases', () => {
  it('no particles: zeros and a valid frame, no NaN', () => {
    const t = computeThrust(new Float64Array(0), new Float64Array(0), new Float64Array(0), 0);
    expect([t.thrust, t.major, t.minor, t.oblateness]).toEqual([0, 0, 0, 0]);
    expectFrame(t);
  });

  it('one particle: T = 1 along it', () => {
    const ev = fromMomenta([[1, 2, 3]]);
    const t = computeThrust(ev.px, ev.py, ev.pz);
    expect(t.thrust).toBeCloseTo(1, 15);
    expect(alignment(t.axis, [1, 2, 3])).toBeCloseTo(1, 15);
    expect(t.major).toBeLessThan(1e-15);
    expect(t.minor).toBeLessThan(1e-15);
    expectFrame(t);
  });

  it('back-to-back pair, also of unequal momenta: T = 1 along the pair, major = minor = 0', () => {
    for (const k of [1, 0.3]) {
      const ev = fromMomenta([[3, -4, 12], [-3 * k, 4 * k, -12 * k]]);
      const t = computeThrust(ev.px, ev.py, ev.pz);
      expect(t.thrust).toBeCloseTo(1, 14);
      expect(alignment(t.axis, [3, -4, 12])).toBeCloseTo(1, 14);
      expect(t.major).toBeLessThan(1e-15);
      expect(t.minor).toBeLessThan(1e-15);
      expectFrame(t);
    }
  });

  it('two particles at an angle: T = max(|p1 + p2|, |p1 − p2|) / (|p1| + |p2|)', () => {
    const p1 = [1, 0, 0], p2 = [0.5, 2, 0];
    const ev = fromMomenta([p1, p2]);
    const t = computeThrust(ev.px, ev.py, ev.pz);
    const plus = norm([1.5, 2, 0]), minus = norm([0.5, -2, 0]);
    expect(t.thrust).toBeCloseTo(Math.max(plus, minus) / (1 + norm(p2)), 14);
  });

  it('all momenta on one line (either direction): T = 1, axis along it, no NaN', () => {
    const d = [0.36, -0.48, 0.8];
    const ev = fromMomenta([2, -0.5, 7, -3, 0.1].map((k) => d.map((x) => k * x)));
    const t = computeThrust(ev.px, ev.py, ev.pz);
    expect(t.thrust).toBeCloseTo(1, 14);
    expect(alignment(t.axis, d)).toBeCloseTo(1, 14);
    expect(t.major).toBeLessThan(1e-14);
    expectFrame(t);
  });

  it('Mercedes star: T = 2/3 along a particle, major = 1/√3, minor = 0, oblateness = 1/√3', () => {
    const ev = mercedes();
    const t = computeThrust(ev.px, ev.py, ev.pz);
    expect(t.thrust).toBeCloseTo(2 / 3, 14);
    expect(t.major).toBeCloseTo(1 / Math.sqrt(3), 14);
    expect(t.minor).toBeLessThan(1e-15);
    expect(t.oblateness).toBeCloseTo(1 / Math.sqrt(3), 14);
    const best = Math.max(...[0, 1, 2].map((i) => alignment(t.axis, [ev.px[i], ev.py[i], 0])));
    expect(best).toBeCloseTo(1, 14);
    expect(alignment(t.minorAxis, [0, 0, 1])).toBeCloseTo(1, 14);
  });

  it('cube corners and octahedron: T = 1/√3', () => {
    const cube: number[][] = [];
    for (const x of [-1, 1]) for (const y of [-1, 1]) for (const z of [-1, 1]) cube.push([x, y, z]);
    const octa = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];
    for (const pts of [cube, octa]) {
      const ev = fromMomenta(pts);
      expect(computeThrust(ev.px, ev.py, ev.pz).thrust).toBeCloseTo(1 / Math.sqrt(3), 14);
    }
  });

  it('planar events: thrust minor 0, minor axis normal to the plane', () => {
    const r = rng(11);
    for (let k = 0; k < 50; k++) {
      const ev = isotropic(r, 3 + (k % 15));
      ev.pz.fill(0);
      const t = computeThrust(ev.px, ev.py, ev.pz);
      expect(t.minor).toBeLessThan(1e-15);
      expect(alignment(t.minorAxis, [0, 0, 1])).toBeCloseTo(1, 12);
      expect(Math.abs(t.axis[2])).toBeLessThan(1e-12);
    }
  });

  it('duplicated and zero momenta change nothing but the bookkeeping', () => {
    const r = rng(12);
    const ev = isotropic(r, 8);
    const rows = Array.from({ length: ev.n }, (_, i) => [ev.px[i], ev.py[i], ev.pz[i]]);
    const t0 = computeThrust(ev.px, ev.py, ev.pz).thrust;
    const withZero = fromMomenta([...rows, [0, 0, 0], [0, 0, 0]]);
    expect(computeThrust(withZero.px, withZero.py, withZero.pz).thrust).toBeCloseTo(t0, 14);
    const doubled = fromMomenta([...rows, ...rows]);
    expect(computeThrust(doubled.px, doubled.py, doubled.pz).thrust).toBeCloseTo(t0, 14);
  });
});

describe('thrust: exact against brute force over all sign assignments', () => {
  const r = rng(2024);
  const makers: [string, (n: number) => Ev][] = [
    ['isotropic', (n) => isotropic(r, n)],
    ['two jets', (n) => jetty(r, n, 2)],
    ['three jets', (n) => jetty(r, n, 3)],
    ['narrow Z-like jets', (n) => narrowJets(r, n)],
  ];
  for (const [name, make] of makers) {
    it(`${name}, n = 2…12: T and major to 1e-12`, () => {
      for (let k = 0; k < 80; k++) {
        const ev = make(2 + (k % 11));
        const t = computeThrust(ev.px, ev.py, ev.pz);
        expect(Math.abs(t.thrust - bruteForce(ev))).toBeLessThan(1e-12);
        expect(Math.abs(t.major - bruteForce(ev, t.axis))).toBeLessThan(1e-12);
        // The reported axes reproduce the reported values.
        expect(Math.abs(projection(ev, t.axis) - t.thrust)).toBeLessThan(1e-14);
        expect(Math.abs(projection(ev, t.majorAxis) - t.major)).toBeLessThan(1e-14);
        expect(Math.abs(projection(ev, t.minorAxis) - t.minor)).toBeLessThan(1e-14);
        expectFrame(t);
      }
    });
  }
});

describe('thrust: the seed cone skips circles without changing results', () => {
  it('agrees with walking every circle, n = 13…40, and proves most Z-like seeds optimal', () => {
    const r = rng(99);
    const fast = new Thrust(4);
    const full = new Thrust(4);
    full.exhaustive = true;
    let certified = 0, narrow = 0;
    for (let k = 0; k < 400; k++) {
      const n = 13 + (k % 28);
      const kind = k % 4;
      const ev = kind === 0 ? isotropic(r, n) : kind === 1 ? jetty(r, n, 2, 0.15) : kind === 2 ? jetty(r, n, 3) : narrowJets(r, n);
      fast.compute(ev.px, ev.py, ev.pz, n);
      full.compute(ev.px, ev.py, ev.pz, n);
      expect(full.circlesWalked).toBeGreaterThanOrEqual(n - 1);
      expect(Math.abs(fast.thrust - full.thrust)).toBeLessThan(1e-12);
      expect(Math.abs(fast.major - full.major)).toBeLessThan(1e-12);
      expect(Math.abs(fast.minor - full.minor)).toBeLessThan(1e-12);
      expect(alignment(fast.axis, full.axis)).toBeCloseTo(1, 10);
      if (kind === 3) {
        narrow++;
        if (fast.circlesWalked === 0) certified++;
      }
    }
    expect(certified / narrow).toBeGreaterThan(0.5);
  });
});

describe('thrust: invariances', () => {
  const r = rng(7);
  it('rotating the event keeps T, major, minor and rotates the axes', () => {
    for (let k = 0; k < 60; k++) {
      const ev = k % 2 ? jetty(r, 5 + (k % 25), 3) : narrowJets(r, 5 + (k % 25));
      const R = randomRotation(r);
      const a = computeThrust(ev.px, ev.py, ev.pz);
      const rot = rotate(ev, R);
      const b = computeThrust(rot.px, rot.py, rot.pz);
      expect(b.thrust).toBeCloseTo(a.thrust, 13);
      expect(b.major).toBeCloseTo(a.major, 13);
      expect(b.minor).toBeCloseTo(a.minor, 13);
      expect(alignment(applyRotation(R, a.axis), b.axis)).toBeCloseTo(1, 10);
      expect(alignment(applyRotation(R, a.majorAxis), b.majorAxis)).toBeCloseTo(1, 10);
    }
  });

  it('scaling all momenta keeps T, major and minor', () => {
    for (let k = 0; k < 30; k++) {
      const ev = isotropic(r, 4 + k);
      const a = computeThrust(ev.px, ev.py, ev.pz);
      const s = scale(ev, 37.5);
      const b = computeThrust(s.px, s.py, s.pz);
      expect(b.thrust).toBeCloseTo(a.thrust, 14);
      expect(b.major).toBeCloseTo(a.major, 14);
      expect(b.minor).toBeCloseTo(a.minor, 14);
    }
  });

  it('one reused instance growing past its capacity matches fresh computations', () => {
    const t = new Thrust(2);
    for (const n of [3, 40, 5, 64, 1, 0, 20]) {
      const ev = jetty(r, n, 2);
      const big = new Float64Array(n + 5).fill(99);
      const px = big.slice(), py = big.slice(), pz = big.slice();
      px.set(ev.px); py.set(ev.py); pz.set(ev.pz);
      t.compute(px, py, pz, n);
      const fresh = computeThrust(ev.px, ev.py, ev.pz);
      expect(t.thrust).toBe(fresh.thrust);
      expect(t.major).toBe(fresh.major);
      expect(Array.from(t.axis)).toEqual(Array.from(fresh.axis));
    }
  });
});

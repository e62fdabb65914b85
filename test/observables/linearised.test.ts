import { describe, expect, it } from 'vitest';
import { computeLinearised, symmetricEigen3 } from '../../src/observables/index.js';
import { fromMomenta, isotropic, jetty, mercedes, randomRotation, rng, rotate, scale } from './fixtures.js';

describe('C and D parameters', () => {
  it('back-to-back pair and collinear momenta: C = D = 0', () => {
    for (const p of [[[0, 3, 4], [0, -3, -4]], [[1, 1, 1], [2, 2, 2], [-5, -5, -5]]]) {
      const ev = fromMomenta(p);
      const l = computeLinearised(ev.px, ev.py, ev.pz);
      expect(l.cParameter).toBeLessThan(1e-15);
      expect(l.dParameter).toBeLessThan(1e-15);
    }
  });

  it('Mercedes star: C = 3/4, D = 0; octahedron: C = D = 1', () => {
    const m = mercedes();
    const a = computeLinearised(m.px, m.py, m.pz);
    expect(a.cParameter).toBeCloseTo(0.75, 14);
    expect(a.dParameter).toBeLessThan(1e-15);
    const o = fromMomenta([[2, 0, 0], [-2, 0, 0], [0, 2, 0], [0, -2, 0], [0, 0, 2], [0, 0, -2]]);
    const b = computeLinearised(o.px, o.py, o.pz);
    expect(b.cParameter).toBeCloseTo(1, 14);
    expect(b.dParameter).toBeCloseTo(1, 14);
  });

  it('C = 3/2 (1 − tr θ²) = 3 (λ1λ2 + λ2λ3 + λ3λ1), D = 27 λ1λ2λ3, with tr θ = 1', () => {
    const r = rng(41);
    const values = new Float64Array(3), vectors = new Float64Array(9);
    for (let k = 0; k < 300; k++) {
      const ev = k % 2 ? isotropic(r, 2 + (k % 30)) : jetty(r, 2 + (k % 30), 3);
      const l = computeLinearised(ev.px, ev.py, ev.pz);
      const [xx, yy, zz, xy, xz, yz] = Array.from(l.tensor) as [number, number, number, number, number, number];
      expect(xx + yy + zz).toBeCloseTo(1, 14);
      const tr2 = xx * xx + yy * yy + zz * zz + 2 * (xy * xy + xz * xz + yz * yz);
      expect(l.cParameter).toBeCloseTo(1.5 * (1 - tr2), 13);
      symmetricEigen3(l.tensor, values, vectors);
      const [a, b, c] = values as unknown as [number, number, number];
      expect(l.cParameter).toBeCloseTo(3 * (a * b + b * c + c * a), 13);
      expect(l.dParameter).toBeCloseTo(27 * a * b * c, 13);
      expect(l.cParameter).toBeGreaterThanOrEqual(0);
      expect(l.cParameter).toBeLessThanOrEqual(1);
    }
  });

  it('planar events have D = 0', () => {
    const r = rng(42);
    const ev = isotropic(r, 25);
    ev.pz.fill(0);
    expect(computeLinearised(ev.px, ev.py, ev.pz).dParameter).toBeLessThan(1e-15);
  });

  it('is invariant under rotations and scaling; zero-momentum particles are ignored', () => {
    const r = rng(43);
    for (let k = 0; k < 30; k++) {
      const ev = jetty(r, 4 + k, 2);
      const a = computeLinearised(ev.px, ev.py, ev.pz);
      const rot = rotate(ev, randomRotation(r));
      const b = computeLinearised(rot.px, rot.py, rot.pz);
      const sc = scale(ev, 1e3);
      const c = computeLinearised(sc.px, sc.py, sc.pz);
      expect(b.cParameter).toBeCloseTo(a.cParameter, 13);
      expect(b.dParameter).toBeCloseTo(a.dParameter, 13);
      expect(c.cParameter).toBeCloseTo(a.cParameter, 13);
    }
    const withZero = fromMomenta([[1, 0, 0], [0, 1, 0], [0, 0, 0]]);
    expect(computeLinearised(withZero.px, withZero.py, withZero.pz).cParameter).toBeCloseTo(0.75, 14);
    expect(computeLinearised(new Float64Array(1), new Float64Array(1), new Float64Array(1)).cParameter).toBe(0);
  });
});

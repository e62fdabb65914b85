import { describe, expect, it } from 'vitest';
import { Sphericity, computeSphericity } from '../../src/observables/index.js';
import {
  alignment, applyRotation, fromMomenta, isotropic, jetty, mercedes, randomRotation, rng, rotate, scale,
} from './fixtures.js';

describe('sphericity: analytic cases', () => {
  it('back-to-back pair: S = A = 0, λ = (1, 0, 0), axis1 along the pair', () => {
    const ev = fromMomenta([[1, 2, 2], [-2, -4, -4]]);
    const s = computeSphericity(ev.px, ev.py, ev.pz);
    expect(s.sphericity).toBeLessThan(1e-15);
    expect(s.aplanarity).toBeLessThan(1e-15);
    expect(s.lambda[0]).toBeCloseTo(1, 15);
    expect(alignment(s.axis1, [1, 2, 2])).toBeCloseTo(1, 14);
  });

  it('Mercedes star: λ = (1/2, 1/2, 0), S = 3/4, A = 0, axis3 normal to the plane', () => {
    const ev = mercedes();
    const s = computeSphericity(ev.px, ev.py, ev.pz);
    expect(Array.from(s.lambda).map((x) => +x.toFixed(14))).toEqual([0.5, 0.5, 0]);
    expect(s.sphericity).toBeCloseTo(0.75, 14);
    expect(s.aplanarity).toBeLessThan(1e-15);
    expect(s.planarity).toBeCloseTo(0.5, 14);
    expect(alignment(s.axis3, [0, 0, 1])).toBeCloseTo(1, 14);
  });

  it('isotropic octahedron: S = 1, A = 1/2', () => {
    const ev = fromMomenta([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]);
    const s = computeSphericity(ev.px, ev.py, ev.pz);
    expect(s.sphericity).toBeCloseTo(1, 14);
    expect(s.aplanarity).toBeCloseTo(0.5, 14);
  });

  it('planar events have zero aplanarity; axis1, axis2 span the plane', () => {
    const r = rng(21);
    for (let k = 0; k < 40; k++) {
      const ev = isotropic(r, 3 + k);
      ev.px.fill(0);
      const s = computeSphericity(ev.px, ev.py, ev.pz);
      expect(s.aplanarity).toBeLessThan(1e-15);
      expect(alignment(s.axis3, [1, 0, 0])).toBeCloseTo(1, 12);
    }
  });

  it('no momentum: zeros and a valid frame', () => {
    const s = computeSphericity(new Float64Array(2), new Float64Array(2), new Float64Array(2));
    expect([s.sphericity, s.aplanarity, s.planarity]).toEqual([0, 0, 0]);
    expect(Array.from(s.axis1)).toEqual([0, 0, 1]);
  });
});

describe('sphericity: eigen-decomposition of the tensor', () => {
  it('S·v = λ v for each axis, eigenvalues sum to 1, orthonormal axes', () => {
    const r = rng(22);
    for (let k = 0; k < 200; k++) {
      const ev = k % 2 ? isotropic(r, 2 + (k % 30)) : jetty(r, 2 + (k % 30), k % 4 === 0 ? 2 : 3);
      const s = computeSphericity(ev.px, ev.py, ev.pz);
      let norm = 0;
      const S = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
      for (let i = 0; i < ev.n; i++) {
        const p = [ev.px[i], ev.py[i], ev.pz[i]];
        norm += p[0] ** 2 + p[1] ** 2 + p[2] ** 2;
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) S[a][b] += p[a] * p[b];
      }
      const axes = [s.axis1, s.axis2, s.axis3];
      expect(s.lambda[0] + s.lambda[1] + s.lambda[2]).toBeCloseTo(1, 14);
      axes.forEach((v, k2) => {
        for (let a = 0; a < 3; a++) {
          const Sv = (S[a][0] * v[0] + S[a][1] * v[1] + S[a][2] * v[2]) / norm;
          expect(Math.abs(Sv - s.lambda[k2] * v[a])).toBeLessThan(1e-13);
        }
      });
      expect(s.sphericity).toBeCloseTo(1.5 * (s.lambda[1] + s.lambda[2]), 15);
      expect(s.aplanarity).toBeCloseTo(1.5 * s.lambda[2], 15);
    }
  });
});

describe('sphericity: invariances', () => {
  it('rotation keeps S, A and the eigenvalues; the axes rotate with the event', () => {
    const r = rng(23);
    const s = new Sphericity();
    for (let k = 0; k < 50; k++) {
      const ev = jetty(r, 5 + k, 3);
      const R = randomRotation(r);
      s.compute(ev.px, ev.py, ev.pz, ev.n);
      const before = { S: s.sphericity, A: s.aplanarity, a1: Array.from(s.axis1), a2: Array.from(s.axis2), a3: Array.from(s.axis3) };
      const rot = rotate(ev, R);
      s.compute(rot.px, rot.py, rot.pz, rot.n);
      expect(s.sphericity).toBeCloseTo(before.S, 13);
      expect(s.aplanarity).toBeCloseTo(before.A, 13);
      expect(alignment(applyRotation(R, before.a1), s.axis1)).toBeCloseTo(1, 9);
      expect(alignment(applyRotation(R, before.a2), s.axis2)).toBeCloseTo(1, 9);
      expect(alignment(applyRotation(R, before.a3), s.axis3)).toBeCloseTo(1, 9);
    }
  });

  it('scaling all momenta keeps S and A', () => {
    const r = rng(24);
    const ev = isotropic(r, 17);
    const a = computeSphericity(ev.px, ev.py, ev.pz);
    const sc = scale(ev, 0.01);
    const b = computeSphericity(sc.px, sc.py, sc.pz);
    expect(b.sphericity).toBeCloseTo(a.sphericity, 14);
    expect(b.aplanarity).toBeCloseTo(a.aplanarity, 14);
  });
});

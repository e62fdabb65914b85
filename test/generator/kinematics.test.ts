import { describe, expect, it } from 'vitest';
import { phaseSpace, twoBodyMomentum, boostInPlace } from '../../src/generator/kinematics.js';
import { Random } from '../../src/generator/index.js';

describe('twoBodyMomentum', () => {
  it('matches the closed form and vanishes below threshold', () => {
    // ρ → π π at 0.775 GeV.
    const m = 0.13957;
    expect(twoBodyMomentum(0.775, m, m)).toBeCloseTo(Math.sqrt(0.775 ** 2 / 4 - m * m), 12);
    expect(twoBodyMomentum(0.2, m, m)).toBe(0);
  });
});

describe('boostInPlace', () => {
  it('preserves the invariant mass and inverts with the opposite velocity', () => {
    const v = Float64Array.from([0.3, -0.2, 1.1, 2.0]);
    const m2 = v[3] ** 2 - v[0] ** 2 - v[1] ** 2 - v[2] ** 2;
    boostInPlace(v, 0, 0.1, 0.5, -0.6);
    expect(v[3] ** 2 - v[0] ** 2 - v[1] ** 2 - v[2] ** 2).toBeCloseTo(m2, 12);
    boostInPlace(v, 0, -0.1, -0.5, 0.6);
    expect(Array.from(v).map((x) => Number(x.toFixed(12)))).toEqual([0.3, -0.2, 1.1, 2.0]);
  });
});

describe('phaseSpace', () => {
  it.each([
    [0.134977, [0, 0]],
    [0.134977, [0, 0.000511, 0.000511]],
    [0.78266, [0.13957, 0.13957, 0.134977]],
    [1.86484, [0.493677, 0.13957, 0.13957, 0.13957]],
    [5.27934, [1.86484, 0.13957, 0.13957, 0.13957, 0.134977]],
  ])('M = %f into %j conserves four-momentum and puts daughters on shell', (M, masses) => {
    const rng = new Random(3);
    const out = new Float64Array(32);
    const m = Float64Array.from(masses);
    for (let t = 0; t < 200; t++) {
      expect(phaseSpace(rng, M, m, m.length, out)).toBe(true);
      const sum = [0, 0, 0, 0];
      for (let k = 0; k < m.length; k++) {
        for (let c = 0; c < 4; c++) sum[c] += out[4 * k + c];
        const o = 4 * k;
        const mass2 = out[o + 3] ** 2 - out[o] ** 2 - out[o + 1] ** 2 - out[o + 2] ** 2;
        expect(Math.abs(mass2 - m[k] ** 2)).toBeLessThan(1e-12 * M * M);
      }
      expect(Math.abs(sum[0])).toBeLessThan(1e-12 * M);
      expect(Math.abs(sum[1])).toBeLessThan(1e-12 * M);
      expect(Math.abs(sum[2])).toBeLessThan(1e-12 * M);
      expect(Math.abs(sum[3] - M)).toBeLessThan(1e-12 * M);
    }
  });

  it('refuses a parent below threshold', () => {
    expect(phaseSpace(new Random(1), 0.2, Float64Array.from([0.13957, 0.13957]), 2, new Float64Array(8))).toBe(false);
  });

  it('three-body Dalitz variables fill the kinematic range (flat phase space)', () => {
    // For flat phase space, m12² is distributed like the Dalitz-plot projection:
    // its mean over many decays lies strictly inside the allowed range.
    const rng = new Random(5);
    const out = new Float64Array(12);
    const m = Float64Array.from([0.13957, 0.13957, 0.134977]);
    const M = 0.78266;
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < 20000; t++) {
      phaseSpace(rng, M, m, 3, out);
      const e = out[3] + out[7];
      const px = out[0] + out[4];
      const py = out[1] + out[5];
      const pz = out[2] + out[6];
      const m12 = Math.sqrt(e * e - px * px - py * py - pz * pz);
      lo = Math.min(lo, m12);
      hi = Math.max(hi, m12);
    }
    // Kinematic limits: [m1 + m2, M − m3]; 20k decays reach within 2 % of both.
    expect(lo).toBeGreaterThanOrEqual(2 * 0.13957 - 1e-12);
    expect(hi).toBeLessThanOrEqual(M - 0.134977 + 1e-12);
    expect(lo - 2 * 0.13957).toBeLessThan(0.02 * (M - 0.134977 - 2 * 0.13957));
    expect(M - 0.134977 - hi).toBeLessThan(0.02 * (M - 0.134977 - 2 * 0.13957));
  });
});

import { describe, expect, it } from 'vitest';
import { Hemispheres, computeHemispheres, computeThrust } from '../../src/observables/index.js';
import { type Ev, fromMomenta, isotropic, jetty, randomRotation, rng, rotate, applyRotation, scale } from './fixtures.js';

function massive(p: number[][], m: number): Ev {
  return fromMomenta(p, m);
}

describe('hemisphere masses and broadenings', () => {
  it('back-to-back massless pair: everything 0; massive pair: ρ = m² / E_vis²', () => {
    const z = [0, 0, 1];
    const a = fromMomenta([[0, 0, 5], [0, 0, -5]]);
    const h = computeHemispheres(a.px, a.py, a.pz, a.e, z);
    expect([h.heavyJetMass, h.lightJetMass, h.totalBroadening, h.wideBroadening]).toEqual([0, 0, 0, 0]);
    const b = massive([[0, 0, 5], [0, 0, -5]], 2);
    const hb = computeHemispheres(b.px, b.py, b.pz, b.e, z);
    const evis = 2 * Math.sqrt(29);
    expect(hb.evis).toBeCloseTo(evis, 13);
    expect(hb.heavyJetMass).toBeCloseTo(4 / evis ** 2, 14);
    expect(hb.lightJetMass).toBeCloseTo(4 / evis ** 2, 14);
    expect(hb.jetMassDifference).toBeLessThan(1e-15);
  });

  it('three massless particles: the pair in one hemisphere makes the heavy jet; broadenings by hand', () => {
    // Particle 1 alone along +z; particles 2 and 3 in the −z hemisphere.
    const ev = fromMomenta([[0, 0, 10], [3, 0, -4], [-3, 0, -4]]);
    const h = computeHemispheres(ev.px, ev.py, ev.pz, ev.e, [0, 0, 1]);
    const evis = 20, m2 = 10 * 10 - 8 * 8; // E = 5 + 5, p = (0, 0, −8)
    expect(h.heavyJetMass).toBeCloseTo(m2 / evis ** 2, 14);
    expect(h.lightJetMass).toBe(0);
    expect(h.jetMassDifference).toBeCloseTo(m2 / evis ** 2, 14);
    // B = Σ|p × n| / (2 Σ|p|): 0 for the +z side, (3 + 3) / 40 for the −z side.
    expect(h.wideBroadening).toBeCloseTo(6 / 40, 15);
    expect(h.narrowBroadening).toBe(0);
    expect(h.totalBroadening).toBeCloseTo(6 / 40, 15);
  });

  it('a particle exactly in the dividing plane counts half in each hemisphere (as Rivet)', () => {
    const ev = fromMomenta([[0, 0, 10], [0, 0, -10], [4, 0, 0]]);
    const h = computeHemispheres(ev.px, ev.py, ev.pz, ev.e, [0, 0, 1]);
    // Each side: E = 10 + 2, p = (2, 0, ±10): m² = 144 − 104 = 40.
    expect(h.heavyJetMass).toBeCloseTo(40 / 24 ** 2, 14);
    expect(h.lightJetMass).toBeCloseTo(40 / 24 ** 2, 14);
    expect(h.wideBroadening).toBeCloseTo(2 / 48, 15);
    expect(h.totalBroadening).toBeCloseTo(4 / 48, 15);
  });

  it('no particles: zeros, no NaN', () => {
    const h = new Hemispheres().compute(new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0), 0, [0, 0, 1]);
    expect([h.evis, h.heavyJetMass, h.lightJetMass, h.totalBroadening, h.wideBroadening]).toEqual([0, 0, 0, 0, 0]);
  });

  it('about the thrust axis: invariant under rotation and scaling; ρ_H ≥ ρ_L, B_W ≥ B_N', () => {
    const r = rng(51);
    for (let k = 0; k < 60; k++) {
      const ev = k % 2 ? isotropic(r, 3 + k % 25) : jetty(r, 3 + k % 25, 3);
      const t = computeThrust(ev.px, ev.py, ev.pz);
      const h = computeHemispheres(ev.px, ev.py, ev.pz, ev.e, t.axis);
      expect(h.heavyJetMass).toBeGreaterThanOrEqual(h.lightJetMass);
      expect(h.wideBroadening).toBeGreaterThanOrEqual(h.narrowBroadening);
      expect(h.totalBroadening).toBeCloseTo(h.wideBroadening + h.narrowBroadening, 15);
      const R = randomRotation(r);
      const rot = rotate(ev, R);
      const hr = computeHemispheres(rot.px, rot.py, rot.pz, rot.e, applyRotation(R, t.axis));
      expect(hr.heavyJetMass).toBeCloseTo(h.heavyJetMass, 12);
      expect(hr.totalBroadening).toBeCloseTo(h.totalBroadening, 12);
      const sc = scale(ev, 3);
      const hs = computeHemispheres(sc.px, sc.py, sc.pz, sc.e, t.axis);
      expect(hs.heavyJetMass).toBeCloseTo(h.heavyJetMass, 13);
      expect(hs.wideBroadening).toBeCloseTo(h.wideBroadening, 13);
    }
  });
});

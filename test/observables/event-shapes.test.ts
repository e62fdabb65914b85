import { describe, expect, it } from 'vitest';
import {
  EventShapes, clusterDurham, computeHemispheres, computeLinearised, computeSphericity, computeThrust,
} from '../../src/observables/index.js';
import { isotropic, jetty, mercedes, narrowJets, rng } from './fixtures.js';

describe('EventShapes', () => {
  it('matches the individual kernels on random events, reusing one instance as n varies', () => {
    const r = rng(71);
    const s = new EventShapes(4);
    for (let k = 0; k < 60; k++) {
      const n = k % 45;
      const ev = k % 3 === 0 ? isotropic(r, n) : k % 3 === 1 ? jetty(r, n, 3) : narrowJets(r, n);
      // Longer arrays than n: only the first n entries count.
      const pad = (a: Float64Array) => { const b = new Float64Array(n + 3).fill(1e3); b.set(a); return b; };
      s.compute(pad(ev.px), pad(ev.py), pad(ev.pz), pad(ev.e), n);
      const t = computeThrust(ev.px, ev.py, ev.pz);
      const sph = computeSphericity(ev.px, ev.py, ev.pz);
      const lin = computeLinearised(ev.px, ev.py, ev.pz);
      const h = computeHemispheres(ev.px, ev.py, ev.pz, ev.e, t.axis);
      const d = clusterDurham(ev.px, ev.py, ev.pz, ev.e);
      expect(s.n).toBe(n);
      expect([s.thrust, s.thrustMajor, s.thrustMinor, s.oblateness]).toEqual([t.thrust, t.major, t.minor, t.oblateness]);
      expect(Array.from(s.thrustAxis)).toEqual(Array.from(t.axis));
      expect(Array.from(s.thrustMajorAxis)).toEqual(Array.from(t.majorAxis));
      expect(Array.from(s.thrustMinorAxis)).toEqual(Array.from(t.minorAxis));
      expect([s.sphericity, s.aplanarity, s.planarity]).toEqual([sph.sphericity, sph.aplanarity, sph.planarity]);
      expect(Array.from(s.sphericityLambda)).toEqual(Array.from(sph.lambda));
      expect(Array.from(s.sphericityAxis1)).toEqual(Array.from(sph.axis1));
      expect(Array.from(s.sphericityAxis2)).toEqual(Array.from(sph.axis2));
      expect(Array.from(s.sphericityAxis3)).toEqual(Array.from(sph.axis3));
      expect([s.cParameter, s.dParameter]).toEqual([lin.cParameter, lin.dParameter]);
      expect([s.evis, s.heavyJetMass, s.lightJetMass, s.jetMassDifference]).toEqual([h.evis, h.heavyJetMass, h.lightJetMass, h.jetMassDifference]);
      expect([s.totalBroadening, s.wideBroadening, s.narrowBroadening]).toEqual([h.totalBroadening, h.wideBroadening, h.narrowBroadening]);
      expect([s.y23, s.y34, s.y45]).toEqual([d.y23, d.y34, d.y45]);
      for (const v of [s.thrust, s.sphericity, s.cParameter, s.heavyJetMass, s.y23]) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('Mercedes star: T = 2/3, S = 3/4, C = 3/4, A = 0, y23 = 1/3, ρ_H = 1/9', () => {
    const ev = mercedes(5);
    const s = new EventShapes().compute(ev.px, ev.py, ev.pz, ev.e, ev.n);
    expect(s.thrust).toBeCloseTo(2 / 3, 14);
    expect(s.sphericity).toBeCloseTo(0.75, 14);
    expect(s.cParameter).toBeCloseTo(0.75, 14);
    expect(s.aplanarity).toBeLessThan(1e-15);
    expect(s.y23).toBeCloseTo(1 / 3, 14);
    // Axis along one particle: the other two (E = 5 each, 120° apart) form the heavy hemisphere,
    // M² = 10² − 5² = 75, E_vis = 15.
    expect(s.heavyJetMass).toBeCloseTo(75 / 225, 13);
  });

  it('the axis arrays are the kernels\' own, updated in place by each compute()', () => {
    const s = new EventShapes();
    const axis = s.thrustAxis;
    const r = rng(72);
    const ev = jetty(r, 10, 2);
    s.compute(ev.px, ev.py, ev.pz, ev.e, ev.n);
    expect(s.thrustAxis).toBe(axis);
    expect(s.thrustAxis).toBe(s.thrustKernel.axis);
    expect(s.sphericityAxis2).toBe(s.sphericityKernel.axis2);
  });
});

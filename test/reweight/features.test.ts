import { describe, expect, it } from 'vitest';
import type { EventChunk } from '../../src/events-store/index.js';
import { Random } from '../../src/generator/index.js';
import { PARTICLE_FEATURES, RAPIDITY_LIMIT, particleFeatures, pidClass, rapidityAlong, repadParticles } from '../../src/reweight/features.js';
import { eventObservables } from '../../src/reweight/observables.js';

interface Particle {
  p: [number, number, number];
  m: number;
  pdgid: number;
  charge3: number;
}

/** One chunk holding the given events. */
function chunkOf(events: Particle[][]): EventChunk {
  const all = events.flat();
  const offsets = Int32Array.from([0, ...events.map((_, i) => events.slice(0, i + 1).reduce((s, e) => s + e.length, 0))]);
  return {
    n: events.length,
    offsets,
    px: Float64Array.from(all, (q) => q.p[0]),
    py: Float64Array.from(all, (q) => q.p[1]),
    pz: Float64Array.from(all, (q) => q.p[2]),
    E: Float64Array.from(all, (q) => Math.hypot(...q.p, q.m)),
    pdgid: Int32Array.from(all, (q) => q.pdgid),
    charge3: Int8Array.from(all, (q) => q.charge3),
    weight: new Float64Array(events.length).fill(1),
  };
}

const K = PARTICLE_FEATURES.length;
const col = (name: string) => PARTICLE_FEATURES.indexOf(name as (typeof PARTICLE_FEATURES)[number]);

/**
 * Thrust axis z: Σ sign(p_z)·p is along z (the transverse momenta cancel in it), and the +z side
 * is the harder one (20.2 against 15.1 GeV of Σ|p|). Every transverse momentum lies along x, so
 * the major axis is x, signed +x by the larger |p_x| of the particles with p_x > 0.
 */
const HAND_MADE: Particle[] = [
  { p: [0, 0, 12], m: 0.14, pdgid: 211, charge3: 3 },
  { p: [0, 0, -6], m: 0.494, pdgid: -321, charge3: -3 },
  { p: [1, 0, -4], m: 0.938, pdgid: 2212, charge3: 3 },
  { p: [1, 0, 3], m: 0, pdgid: 22, charge3: 0 },
  { p: [-0.5, 0, -5], m: 0.14, pdgid: 211, charge3: 3 },
  { p: [-0.5, 0, 5], m: 0.14, pdgid: 211, charge3: 3 },
];

describe('particleFeatures', () => {
  it('gives the rapidity and azimuth in the thrust frame of a hand-made event', () => {
    const set = particleFeatures(chunkOf([HAND_MADE]), { maxParticles: 8 });
    const row = (j: number) => Array.from(set.x.subarray(j * K, (j + 1) * K));
    const y = (q: Particle) => 0.5 * Math.log((Math.hypot(...q.p, q.m) + q.p[2]) / (Math.hypot(...q.p, q.m) - q.p[2]));
    HAND_MADE.forEach((q, j) => expect(row(j)[col('yT')]).toBeCloseTo(y(q), 5));
    expect(row(2)[col('phiT')]).toBeCloseTo(0, 6);
    expect(row(3)[col('phiT')]).toBeCloseTo(0, 6);
    expect(Math.abs(row(4)[col('phiT')])).toBeCloseTo(Math.PI, 6);
    expect(Math.abs(row(5)[col('phiT')])).toBeCloseTo(Math.PI, 6);
    expect(row(0)[col('charge')]).toBe(1);
    expect(row(1)[col('charge')]).toBe(-1);
    expect(row(0).slice(4)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(row(1).slice(4)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(row(2).slice(4)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(row(3).slice(4)).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('does not depend on how the event is rotated', () => {
    const rng = new Random(3);
    const event = Array.from({ length: 15 }, (): Particle => ({ p: [rng.gauss(), rng.gauss(), 3 * rng.gauss()], m: 0.14, pdgid: 211, charge3: 3 }));
    const [a, b, c] = [rng.uniform() * 6, rng.uniform() * 6, rng.uniform() * 6];
    const rot = (v: [number, number, number]): [number, number, number] => {
      const [x1, y1] = [v[0] * Math.cos(a) - v[1] * Math.sin(a), v[0] * Math.sin(a) + v[1] * Math.cos(a)];
      const [y2, z2] = [y1 * Math.cos(b) - v[2] * Math.sin(b), y1 * Math.sin(b) + v[2] * Math.cos(b)];
      return [x1 * Math.cos(c) - z2 * Math.sin(c), y2, x1 * Math.sin(c) + z2 * Math.cos(c)];
    };
    const rotated = event.map((q) => ({ ...q, p: rot(q.p) }));
    const s = particleFeatures(chunkOf([event, rotated]), { maxParticles: 16 });
    const first = Array.from(s.x.subarray(0, 16 * K));
    const second = Array.from(s.x.subarray(16 * K, 32 * K));
    second.forEach((v, i) => expect(v).toBeCloseTo(first[i], 4));
  });

  it('gives momentum fractions summing to 1 and zero, masked padding rows', () => {
    const rng = new Random(5);
    const events = [3, 7, 1].map((m) => Array.from({ length: m }, (): Particle => ({ p: [rng.gauss(), rng.gauss(), rng.gauss()], m: 0.14, pdgid: 22, charge3: 0 })));
    const M = 8;
    const set = particleFeatures(chunkOf(events), { maxParticles: M });
    events.forEach((e, i) => {
      let z = 0;
      for (let j = 0; j < M; j++) {
        const real = j < e.length;
        expect(set.mask[i * M + j]).toBe(real ? 1 : 0);
        const row = set.x.subarray((i * M + j) * K, (i * M + j + 1) * K);
        if (real) z += row[col('z')];
        else expect(Array.from(row)).toEqual(new Array<number>(K).fill(0));
      }
      expect(z).toBeCloseTo(1, 6);
    });
    expect(set.truncatedEvents).toBe(0);
  });

  it('drops the softest particles beyond maxParticles and counts the event', () => {
    const event = [1, 5, 2, 4, 3].map((p): Particle => ({ p: [0, p, 0], m: 0, pdgid: 22, charge3: 0 }));
    const set = particleFeatures(chunkOf([event, event.slice(0, 2)]), { maxParticles: 3 });
    expect(set.truncatedEvents).toBe(1);
    expect([0, 1, 2].map((j) => set.x[j * K + col('z')])).toEqual([5 / 15, 4 / 15, 3 / 15].map(Math.fround));
    expect(Array.from(set.mask)).toEqual([1, 1, 1, 1, 1, 0]);
  });

  it('pads to more rows without changing the real ones', () => {
    const set = particleFeatures(chunkOf([HAND_MADE, HAND_MADE.slice(1)]), { maxParticles: 6 });
    const wide = repadParticles(set, 9);
    expect(Array.from(wide.x.subarray(0, 6 * K))).toEqual(Array.from(set.x.subarray(0, 6 * K)));
    expect(Array.from(wide.x.subarray(9 * K, 14 * K))).toEqual(Array.from(set.x.subarray(6 * K, 11 * K)));
    expect(wide.mask.reduce((s, m) => s + m, 0)).toBe(11);
    expect(() => repadParticles(wide, 5)).toThrow(/row 5/);
  });
});

describe('pidClass and rapidityAlong', () => {
  it('classes PDG ids as documented', () => {
    expect([22, 211, -211, 321, 130, 310, 2212, -2212, 11, -13, 2112, 3122].map(pidClass)).toEqual([0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('clamps the rapidity of a massless particle along the axis', () => {
    expect(rapidityAlong(5, 5)).toBe(RAPIDITY_LIMIT);
    expect(rapidityAlong(5, -5)).toBe(-RAPIDITY_LIMIT);
    expect(rapidityAlong(2, 1)).toBeCloseTo(0.5 * Math.log(3), 12);
  });
});

describe('eventObservables', () => {
  it('computes named observables and refuses unknown ones', () => {
    const rows = eventObservables(chunkOf([HAND_MADE]), ['chargedMultiplicity', 'multiplicity', 'photons', 'kaons', 'protons']);
    expect(Array.from(rows.x)).toEqual([5, 6, 1, 1, 1]);
    expect(() => eventObservables(chunkOf([HAND_MADE]), ['nope'])).toThrow(/unknown event observable 'nope'/);
  });
});

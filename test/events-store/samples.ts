/** Random event chunks and headers for the event-store tests, and comparisons of what is read back. */
import { expect } from 'vitest';
import type { EventChunk, EventSampleHeader } from '../../src/events-store/index.js';
import { rng } from '../helpers/random.js';

export const HEADER: EventSampleHeader = {
  generator: 'test generator',
  seed: 12345,
  stream: 2,
  // Values that a decimal round trip would lose, and names the Pythia way.
  settings: { 'StringZ:aLund': 0.1 + 0.2, 'StringZ:bLund': 1e-300, 'TimeShower:alphaSvalue': 0.1365, 'Some:negative': -2.5 },
  source: 'unit test',
};

/**
 * `n` events with 0 … maxParticles particles each (about one in five with
 * none), random momenta, PDG ids, charges and weights.
 */
export function randomChunk(n: number, seed: number, maxParticles = 40): EventChunk {
  const r = rng(seed);
  const counts = Array.from({ length: n }, () => (r() < 0.2 ? 0 : Math.floor(r() * (maxParticles + 1))));
  const m = counts.reduce((s, c) => s + c, 0);
  const offsets = new Int32Array(n + 1);
  counts.forEach((c, i) => (offsets[i + 1] = offsets[i] + c));
  const momentum = () => Float64Array.from({ length: m }, () => (r() - 0.5) * 90 * r());
  const px = momentum();
  const py = momentum();
  const pz = momentum();
  const E = Float64Array.from({ length: m }, (_, i) => Math.hypot(px[i], py[i], pz[i], 0.13957));
  const pdgid = Int32Array.from({ length: m }, () => [211, -211, 22, 2212, -2212, 321, 1000010020, -11][Math.floor(r() * 8)]);
  const charge3 = Int8Array.from({ length: m }, () => Math.floor(r() * 13) - 6);
  const weight = Float64Array.from({ length: n }, () => (r() < 0.1 ? -1 : 1) * r() * 3);
  return { n, offsets, px, py, pz, E, pdgid, charge3, weight };
}

/** Every column of `a` and `b` holds the same values, bit for bit (−0 and NaN included). */
export function expectSameEvents(a: EventChunk, b: EventChunk): void {
  expect(a.n).toBe(b.n);
  expect(Array.from(a.offsets)).toEqual(Array.from(b.offsets));
  for (const k of ['px', 'py', 'pz', 'E', 'weight'] as const) {
    expect(a[k]).toBeInstanceOf(Float64Array);
    expect(Buffer.from(a[k].buffer, a[k].byteOffset, a[k].byteLength).equals(Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength)), k).toBe(true);
  }
  expect(a.pdgid).toBeInstanceOf(Int32Array);
  expect(a.charge3).toBeInstanceOf(Int8Array);
  expect(Array.from(a.pdgid)).toEqual(Array.from(b.pdgid));
  expect(Array.from(a.charge3)).toEqual(Array.from(b.charge3));
}

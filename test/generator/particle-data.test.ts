import { describe, expect, it } from 'vitest';
import { PARTICLES, particle } from '../../src/generator/index.js';
import { charge3Of } from '../../src/event/index.js';

describe('particle data', () => {
  const entries = [...PARTICLES.values()];

  it('charges agree with the PDG numbering scheme', () => {
    for (const p of entries) expect(p.charge3, String(p.id)).toBe(charge3Of(p.id));
  });

  it('every decay channel conserves charge', () => {
    for (const p of entries) {
      for (const c of p.channels) {
        const q = c.daughters.reduce((s, d) => s + charge3Of(d), 0);
        expect(q, `${p.id} → ${c.daughters.join(' ')}`).toBe(p.charge3);
      }
    }
  });

  it('every channel is open at the pole mass, and some channel at the lowest mass', () => {
    for (const p of entries) {
      if (!p.channels.length) continue;
      const thresholds = p.channels.map((c) => c.daughters.reduce((s, d) => s + particle(d).minMass, 0));
      thresholds.forEach((t, i) => expect(t, `${p.id} → ${p.channels[i].daughters.join(' ')}`).toBeLessThanOrEqual(p.mass + 1e-12));
      expect(Math.min(...thresholds), String(p.id)).toBeLessThanOrEqual(p.minMass + 1e-12);
    }
  });

  it('branching ratios are normalised and every daughter is known', () => {
    for (const p of entries) {
      if (!p.channels.length) continue;
      expect(p.channels.reduce((s, c) => s + c.br, 0)).toBeCloseTo(1, 12);
      expect(p.cumulative[p.cumulative.length - 1]).toBe(1);
      for (const c of p.channels) for (const d of c.daughters) expect(PARTICLES.has(Math.abs(d)), `${d}`).toBe(true);
    }
  });
});

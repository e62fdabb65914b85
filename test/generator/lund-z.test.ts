import { describe, expect, it } from 'vitest';
import { sampleLundZ } from '../../src/generator/lund-z.js';
import { Random } from '../../src/generator/index.js';

/** CDF of f(z) ∝ z^-(1+c2) (1−z)^a exp(−c/z) at the given points, by numerical integration. */
function cdf(a: number, c: number, c2: number, at: number[]): number[] {
  const n = 200_000;
  const f = (z: number) => Math.pow(z, -(1 + c2)) * Math.pow(1 - z, a) * Math.exp(-c / z);
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const z = (i + 0.5) / n;
    cum[i + 1] = cum[i] + f(z) / n;
  }
  return at.map((x) => cum[Math.round(x * n)] / cum[n]);
}

describe('sampleLundZ', () => {
  // Light hadrons (two-piece envelope), heavier ones and the Bowler case (flat envelope).
  it.each([
    [0.68, 0.98, 0.0195, 0],
    [0.68, 0.98, 0.13, 0],
    [0.3, 0.5, 0.6, 0],
    [1.0, 1.5, 0.3, 0],
    [0.68, 0.98, 27.9, 19.3],
  ])('a=%f b=%f m⊥²=%f c₂=%f: empirical CDF matches f(z) within 5σ', (a, b, mT2, c2) => {
    const rng = new Random(13);
    const n = 100_000;
    const zs = new Float64Array(n);
    for (let i = 0; i < n; i++) zs[i] = sampleLundZ(rng, a, b, mT2, c2);
    const points = [0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95];
    const expected = cdf(a, b * mT2, c2, points);
    points.forEach((x, k) => {
      let below = 0;
      for (const z of zs) if (z < x) below++;
      const p = expected[k];
      const sigma = Math.sqrt((p * (1 - p)) / n) + 1e-4;
      expect(Math.abs(below / n - p), `F(${x})`).toBeLessThan(5 * sigma);
    });
  });
});

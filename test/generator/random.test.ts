import { describe, expect, it } from 'vitest';
import { permutation, Random } from '../../src/generator/index.js';

describe('Random', () => {
  it('replays the same sequence for the same seed and stream', () => {
    const a = new Random(42, 3);
    const b = new Random(42, 3);
    for (let i = 0; i < 1000; i++) expect(a.uniform()).toBe(b.uniform());
  });

  it('gives different sequences for different streams and seeds', () => {
    const draw = (seed: number, stream: number) => {
      const r = new Random(seed, stream);
      return Array.from({ length: 8 }, () => r.nextU32());
    };
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
    expect(draw(1, 0)).not.toEqual(draw(2, 0));
  });

  it('uniform() has mean 1/2 and variance 1/12 within statistics, never 0 or 1', () => {
    const r = new Random(7);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u > 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    const mean = s / n;
    // σ(mean) = sqrt(1/12 / n); 5σ band.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    const variance = s2 / n - mean * mean;
    // σ(variance) of U(0,1) = sqrt((1/80 - 1/144)/n).
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it('streams are uncorrelated', () => {
    const a = new Random(9, 0);
    const b = new Random(9, 1);
    const n = 100_000;
    let sab = 0;
    for (let i = 0; i < n; i++) sab += (a.uniform() - 0.5) * (b.uniform() - 0.5);
    // Correlation coefficient ~ N(0, 1/n): 5σ.
    expect(Math.abs((sab / n) * 12)).toBeLessThan(5 / Math.sqrt(n));
  });

  it('gauss() is standard normal within statistics', () => {
    const r = new Random(11);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const g = r.gauss();
      s += g;
      s2 += g * g;
    }
    expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });
});

describe('permutation', () => {
  it('is a seeded permutation of 0…n−1', () => {
    const p = permutation(new Random(9), 50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(permutation(new Random(9), 50)).toEqual(p);
    expect(permutation(new Random(10), 50)).not.toEqual(p);
  });
});

import { describe, expect, it } from 'vitest';
import { Random } from '../../src/generator/index.js';
import { effectiveSampleSize, summariseWeights, weightHistogram, weightedAuc } from '../../src/reweight/diagnostics.js';

/** P(B > A) + ½ P(B = A) over all weighted pairs, by brute force. */
function bruteAuc(a: number[], b: number[], wa: number[], wb: number[]): number {
  let [num, den] = [0, 0];
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      const w = wa[i] * wb[j];
      num += w * (y > x ? 1 : y === x ? 0.5 : 0);
      den += w;
    }),
  );
  return num / den;
}

describe('weight summary', () => {
  it('gives Kish ESS, extremes and quantiles of known weights', () => {
    expect(effectiveSampleSize([1, 1, 1, 1])).toBe(4);
    expect(effectiveSampleSize([2, 0, 0, 0])).toBe(1);
    const s = summariseWeights([0.5, 1, 2, 4, 0.25], [0, 0.5, 1]);
    expect(s.ess).toBeCloseTo(7.75 ** 2 / 21.3125, 12);
    expect(s.max).toBe(4);
    expect(s.maxInverse).toBe(4);
    expect(s.quantiles).toEqual([{ level: 0, value: 0.25 }, { level: 0.5, value: 1 }, { level: 1, value: 4 }]);
    expect(summariseWeights([1, 0, -1]).nonPositive).toBe(2);
  });

  it('bins weights on a log scale with under- and overflow', () => {
    const h = weightHistogram([0.1, 0.5, 2, 5, 10, 100, -1, 0], { bins: 2, lo: 0.1, hi: 10 });
    expect(Array.from(h.edges).map((e) => +e.toPrecision(12))).toEqual([0.1, 1, 10]);
    expect(Array.from(h.counts)).toEqual([2, 2]);
    expect([h.underflow, h.overflow]).toEqual([2, 2]);
  });
});

describe('weightedAuc', () => {
  it('is exactly ½ for identical samples and 1 (0) for separated ones', () => {
    const rng = new Random(1);
    const a = Array.from({ length: 200 }, () => rng.gauss());
    expect(weightedAuc(a, a)).toBe(0.5);
    expect(weightedAuc([1, 2, 3], [4, 5])).toBe(1);
    expect(weightedAuc([4, 5], [1, 2, 3])).toBe(0);
  });

  it('matches a brute-force weighted Mann–Whitney count, ties included', () => {
    const rng = new Random(2);
    const draw = (n: number, shift: number) => Array.from({ length: n }, () => Math.round(4 * (rng.gauss() + shift)) / 4);
    const [a, b] = [draw(60, 0), draw(45, 0.7)];
    const [wa, wb] = [a.map(() => rng.uniform() * 2 - 0.3), b.map(() => rng.uniform() + 0.2)];
    expect(weightedAuc(a, b, wa, wb)).toBeCloseTo(bruteAuc(a, b, wa, wb), 12);
    expect(weightedAuc(a, b)).toBeCloseTo(bruteAuc(a, b, a.map(() => 1), b.map(() => 1)), 12);
  });

  it('refuses a sample without weight', () => {
    expect(() => weightedAuc([1], [2], [0])).toThrow(/non-zero total/);
  });
});

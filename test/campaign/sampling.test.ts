import { describe, expect, it } from 'vitest';
import { gridPoints, maximinLatinHypercube, minSquaredDistance, sampleUnit, toParameterPoints } from '../../src/campaign/sampling.js';
import { MAX_SOBOL_DIMENSION, sobolPoints } from '../../src/campaign/sobol.js';
import { Random } from '../../src/generator/index.js';
import type { ParameterSpec } from '../../src/campaign/config.js';

const P = (name: string, low: number, high: number, extra: Partial<ParameterSpec> = {}): ParameterSpec => ({ name, low, high, log: false, fixed: undefined, ...extra });

describe('sampleUnit', () => {
  it.each(['uniform', 'lhs', 'sobol', 'grid'] as const)('%s is reproducible by seed and stays in [0, 1)', (m) => {
    const a = sampleUnit(m, 27, 3, 5);
    expect(Array.from(a)).toEqual(Array.from(sampleUnit(m, 27, 3, 5)));
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
    if (m !== 'grid') expect(Array.from(sampleUnit(m, 27, 3, 6))).not.toEqual(Array.from(a));
  });
});

describe('maximinLatinHypercube', () => {
  it('puts exactly one point in each of the n strata of every dimension', () => {
    const n = 40;
    const d = 5;
    const pts = maximinLatinHypercube(n, d, new Random(1));
    for (let k = 0; k < d; k++) {
      const strata = new Set<number>();
      for (let i = 0; i < n; i++) strata.add(Math.floor(pts[i * d + k] * n));
      expect(strata.size).toBe(n);
    }
  });

  it('spreads points better than a single random hypercube (maximin)', () => {
    const n = 30;
    const d = 4;
    const best = minSquaredDistance(maximinLatinHypercube(n, d, new Random(2), 32), n, d);
    const singles = Array.from({ length: 32 }, (_, s) => minSquaredDistance(maximinLatinHypercube(n, d, new Random(100 + s), 1), n, d)).sort((a, b) => a - b);
    expect(best).toBeGreaterThan(singles[16]);
  });
});

describe('sobolPoints', () => {
  it('the first 2^k points fill each of the 2^k intervals of every dimension once', () => {
    const k = 8;
    const n = 2 ** k;
    const d = MAX_SOBOL_DIMENSION;
    const pts = sobolPoints(n, d, new Random(3));
    for (let j = 0; j < d; j++) {
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) seen.add(Math.floor(pts[i * d + j] * n));
      expect(seen.size, `dimension ${j}`).toBe(n);
    }
  });

  it('the first two dimensions form a (0, k, 2)-net: every elementary box of area 2^-k holds one point', () => {
    const k = 6;
    const n = 2 ** k;
    const pts = sobolPoints(n, 2, new Random(4));
    for (let a = 0; a <= k; a++) {
      const cells = new Set<string>();
      for (let i = 0; i < n; i++) cells.add(`${Math.floor(pts[2 * i] * 2 ** a)},${Math.floor(pts[2 * i + 1] * 2 ** (k - a))}`);
      expect(cells.size, `boxes 2^${a} × 2^${k - a}`).toBe(n);
    }
  });

  it('starts like the textbook sequence when unshifted', () => {
    const pts = sobolPoints(4, 2);
    expect(Array.from(pts)).toEqual([0, 0, 0.5, 0.5, 0.75, 0.25, 0.25, 0.75]);
  });

  it('refuses more dimensions than it has direction numbers for', () => {
    expect(() => sobolPoints(4, MAX_SOBOL_DIMENSION + 1)).toThrow(/up to/);
  });
});

describe('gridPoints', () => {
  it('gives the cell centres of a k^d grid and refuses other counts', () => {
    const pts = gridPoints(9, 2);
    expect(new Set(Array.from(pts)).size).toBe(3);
    expect(Array.from(pts.subarray(0, 4)).map((x) => Number(x.toFixed(6)))).toEqual([0.166667, 0.166667, 0.5, 0.166667]);
    expect(() => gridPoints(10, 2)).toThrow(/needs runs = k\^2; 10 is not \(try 9 or 16\)/);
  });
});

describe('toParameterPoints', () => {
  it('maps linear and log ranges, keeps fixed parameters, and honours a sub-box', () => {
    const params = [P('StringZ:aLund', 0.3, 1.0), P('TimeShower:pTmin', 0.1, 10, { log: true }), P('StringPT:sigma', 0.25, 0.45, { fixed: 0.335 })];
    const [a, b] = toParameterPoints(Float64Array.from([0, 0, 0.5, 0.5]), params);
    expect(a['StringZ:aLund']).toBe(0.3);
    expect(a['TimeShower:pTmin']).toBeCloseTo(0.1, 14);
    expect(a['StringPT:sigma']).toBe(0.335);
    expect(Object.keys(a).sort()).toEqual(['StringPT:sigma', 'StringZ:aLund', 'TimeShower:pTmin']);
    expect(b['StringZ:aLund']).toBeCloseTo(0.65, 12);
    expect(b['TimeShower:pTmin']).toBeCloseTo(1, 12);
    const boxed = toParameterPoints(Float64Array.from([0, 1]), params, new Map([['StringZ:aLund', [0.5, 0.6] as const]]));
    expect(boxed[0]['StringZ:aLund']).toBe(0.5);
    expect(() => toParameterPoints(Float64Array.from([0, 1]), params, new Map([['StringZ:aLund', [2, 3] as const]]))).toThrow(/does not overlap/);
  });
});

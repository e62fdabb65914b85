import { describe, expect, it } from 'vitest';
import { quantileOfSorted } from '../../src/linalg/index.js';

describe('quantileOfSorted', () => {
  it('interpolates between order statistics (R type 7)', () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileOfSorted([1, 2, 3, 4], 1)).toBe(4);
    // (n − 1)·0.68 = 2.04: 3 + 0.04 × (10 − 3)
    expect(quantileOfSorted([0, 1, 3, 10], 0.68)).toBeCloseTo(3.28, 12);
    expect(quantileOfSorted(Float64Array.of(7), 0.3)).toBe(7);
  });

  it('is NaN for no values and refuses a level outside [0, 1]', () => {
    expect(quantileOfSorted([], 0.5)).toBeNaN();
    expect(() => quantileOfSorted([1], 1.5)).toThrow(/\[0, 1\]/);
    expect(() => quantileOfSorted([1], NaN)).toThrow(/\[0, 1\]/);
  });
});

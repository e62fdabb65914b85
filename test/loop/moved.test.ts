import { describe, expect, it } from 'vitest';
import { movedInSigma } from '../../src/loop/loop.js';

const tune = (best: Record<string, number>, sigma: Record<string, number>) => ({ surrogate: 'nn', best: new Map(Object.entries(best)), sigma: new Map(Object.entries(sigma)), chi2: 1, ndf: 1, eigentunes: [] });

describe('how far a loop\'s tune moved', () => {
  it('is the move in units of the σ of the difference of the two tunes, held parameters left out', () => {
    const before = tune({ 'StringZ:aLund': 0.7, 'StringZ:bLund': 1.0, 'StringPT:sigma': 0.33 }, { 'StringZ:aLund': 0.3, 'StringZ:bLund': 0.1, 'StringPT:sigma': 0.02 });
    const after = tune({ 'StringZ:aLund': 0.6, 'StringZ:bLund': 1.05, 'StringPT:sigma': 0.31 }, { 'StringZ:aLund': 0.4, 'StringZ:bLund': 0.1, 'StringPT:sigma': 0 });
    const moved = movedInSigma(before, after);
    expect(moved.get('StringZ:aLund')).toBeCloseTo(0.1 / 0.5, 12);
    expect(moved.get('StringZ:bLund')).toBeCloseTo(0.05 / Math.SQRT2 / 0.1, 12);
    expect(moved.has('StringPT:sigma')).toBe(false);
  });
});

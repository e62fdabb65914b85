import { describe, expect, it } from 'vitest';
import { Random } from '../../src/generator/index.js';
import { fitPolynomial, trainingSet, wildBootstrap } from '../../src/surrogate/index.js';
import { syntheticTable } from './fixtures.js';

const table = syntheticTable({
  names: ['StringZ:aLund', 'StringZ:bLund'],
  low: [0.3, 0.5],
  high: [1.0, 1.5],
  runs: 40,
  response: (p) => [10 + 3 * p[0] - 2 * p[1], 5 + p[0] * p[1], 8 - p[1]],
  relError: 0.02,
  seed: 12,
});

describe('wild bootstrap of the runs', () => {
  it('keeps each run where it is and flips its whole residual vector, scaled by 1/√(1 − h)', () => {
    const set = trainingSet(table);
    const model = fitPolynomial(set, { order: 1 });
    const copy = wildBootstrap(model, set)(new Random(3));
    expect(copy.params).toEqual(set.params);
    expect(copy.runNames).toEqual(set.runNames);
    const fitted = model.predict(set.params).values;
    const h = model.leverageAt(set.params);
    let flipped = 0;
    for (let r = 0; r < 40; r++) {
      const factors = [0, 1, 2].map((b) => (copy.values[r * 3 + b] - fitted[r * 3 + b]) / (set.values[r * 3 + b] - fitted[r * 3 + b]));
      // One sign for all three bins of a run: the run's noise moves its bins together, and so do the copies.
      for (const f of factors) expect(Math.abs(f)).toBeCloseTo(1 / Math.sqrt(1 - h[r]), 9);
      expect(new Set(factors.map(Math.sign)).size).toBe(1);
      if (factors[0] < 0) flipped++;
    }
    // 40 fair coins: between 8 and 32 flips (±3.8σ).
    expect(flipped).toBeGreaterThan(8);
    expect(flipped).toBeLessThan(32);
    expect(h.every((x) => x > 0 && x < 1)).toBe(true);
  });
});

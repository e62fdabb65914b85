import { describe, expect, it } from 'vitest';
import { weightsFromLogits } from '../../src/reweight/weights.js';

describe('weightsFromLogits', () => {
  it('gives exp(logit) towards θ and exp(−logit) back, reciprocal event by event', () => {
    const z = [-3, -0.5, 0, 0.25, 4];
    const to = weightsFromLogits(z);
    const back = weightsFromLogits(z, { direction: 'to-baseline' });
    z.forEach((v, i) => {
      expect(to.weights[i]).toBeCloseTo(Math.exp(v), 12);
      expect(to.weights[i] * back.weights[i]).toBeCloseTo(1, 12);
    });
    expect(to.clipped + to.guarded + back.clipped + back.guarded).toBe(0);
  });

  it('keeps f within [ε, 1 − ε] and counts the events guarded', () => {
    const r = weightsFromLogits([-50, 0, 50], { epsilon: 1e-3 });
    expect(r.guarded).toBe(2);
    expect(r.weights[0]).toBeCloseTo(1e-3 / (1 - 1e-3), 12);
    expect(r.weights[2]).toBeCloseTo((1 - 1e-3) / 1e-3, 9);
    expect(r.weights[1]).toBe(1);
  });

  it('clips at the maximum and counts the events clipped', () => {
    const r = weightsFromLogits([0, 1, 2, 3], { clip: Math.exp(1.5) });
    expect(r.clipped).toBe(2);
    expect(Array.from(r.weights)).toEqual([1, Math.exp(1), Math.exp(1.5), Math.exp(1.5)]);
  });

  it('refuses NaN logits and bad options', () => {
    expect(() => weightsFromLogits([0, NaN])).toThrow(/event 1 is NaN/);
    expect(() => weightsFromLogits([0], { epsilon: 0 })).toThrow(/epsilon/);
    expect(() => weightsFromLogits([0], { clip: -1 })).toThrow(/clip/);
  });
});

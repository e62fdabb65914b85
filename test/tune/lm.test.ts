import { describe, expect, it } from 'vitest';
import { levenbergMarquardt, type BoundedLeastSquares } from '../../src/tune/index.js';

/** Rosenbrock's valley as residuals: r = (10 (y − x²), 1 − x), minimum 0 at (1, 1). */
function rosenbrock(lower: number[], upper: number[]): BoundedLeastSquares {
  return {
    lower: Float64Array.from(lower),
    upper: Float64Array.from(upper),
    residuals: (v) => Float64Array.from([10 * (v[1] - v[0] ** 2), 1 - v[0]]),
    linearised: (v) => ({ residuals: Float64Array.from([10 * (v[1] - v[0] ** 2), 1 - v[0]]), jacobian: Float64Array.from([-20 * v[0], 10, -1, 0]) }),
  };
}

describe('bounded Levenberg–Marquardt', () => {
  it('follows the curved valley to the minimum', () => {
    const r = levenbergMarquardt(rosenbrock([-2, -2], [2, 2]), Float64Array.from([-1.2, 1]));
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.cost).toBeLessThan(1e-12);
  });

  it('stops on a bound with the other parameter still free to reach its best value there', () => {
    // x ≤ 0.5: the best point is x = 0.5, y = x² = 0.25, with cost (1 − 0.5)² = 0.25.
    const r = levenbergMarquardt(rosenbrock([-2, -2], [0.5, 2]), Float64Array.from([-1.2, 1]));
    expect(r.x[0]).toBe(0.5);
    expect(r.x[1]).toBeCloseTo(0.25, 6);
    expect(r.cost).toBeCloseTo(0.25, 9);
  });

  it('starts from a point outside the box by moving it onto the box', () => {
    const r = levenbergMarquardt(rosenbrock([0, 0], [2, 2]), Float64Array.from([-5, 9]));
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });
});

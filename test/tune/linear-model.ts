/**
 * A surrogate with a known, exactly linear response f_b(θ) = c_b + Σ_p A_bp θ_p,
 * a constant MC error and a constant spread per bin: the χ² it makes is an
 * exact quadratic, whose minimum and covariance follow in closed form.
 */
import type { BinRef, HeldOut, ParamBox, Prediction, Surrogate } from '../../src/surrogate/index.js';

export class LinearSurrogate implements Surrogate {
  readonly kind = 'polynomial' as const;
  readonly exclusions = { runs: [], bins: [] };
  readonly runs = [];
  readonly bins: readonly BinRef[];

  constructor(
    readonly box: ParamBox,
    /** bins × P, row-major. */
    readonly slope: Float64Array,
    readonly offset: Float64Array,
    readonly mcError: Float64Array,
    readonly ownSpread: Float64Array,
    paths: readonly string[],
    readonly statesOwnUncertainty = true,
    /** Misses on held-out runs (none by default). */
    readonly heldOut?: HeldOut,
  ) {
    this.bins = paths.map((path, i) => ({ path, index: i, xlow: i, xhigh: i + 1 }));
  }

  predict(points: Float64Array): Prediction {
    const P = this.box.names.length;
    const B = this.bins.length;
    const n = points.length / P;
    const values = new Float64Array(n * B);
    const errors = new Float64Array(n * B);
    const spread = new Float64Array(n * B);
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < B; b++) {
        let v = this.offset[b];
        for (let p = 0; p < P; p++) v += this.slope[b * P + p] * points[i * P + p];
        values[i * B + b] = v;
        errors[i * B + b] = this.mcError[b];
        spread[i * B + b] = this.ownSpread[b];
      }
    }
    return { values, errors, spread };
  }

  jacobian(): Float64Array {
    return Float64Array.from(this.slope);
  }

  save(): Promise<void> {
    return Promise.reject(new Error('not stored'));
  }
}

/**
 * Run tables made up from known response functions: runs at seeded uniform
 * points in a box, each bin the function's value plus Gaussian noise of a
 * given relative size, with that noise as the run's error.
 */
import { expect } from 'vitest';
import type { RunTable } from '../../src/campaign/index.js';
import type { Surrogate } from '../../src/surrogate/index.js';
import { Binning } from '../../src/histo/index.js';
import { gauss, rng } from '../helpers/random.js';

export interface SyntheticOptions {
  readonly names: readonly string[];
  readonly low: readonly number[];
  readonly high: readonly number[];
  readonly runs: number;
  /** Values of every bin at one point (natural units). */
  readonly response: (p: Float64Array) => number[];
  /** σ of each bin as a fraction of its value (default 0: exact). */
  readonly relError?: number;
  readonly seed?: number;
  /** Bins per histogram (default: all in one). */
  readonly perObject?: number;
}

export function syntheticTable(o: SyntheticOptions): RunTable {
  const r = rng(o.seed ?? 1);
  const P = o.names.length;
  const params = new Float64Array(o.runs * P);
  for (let i = 0; i < params.length; i++) params[i] = o.low[i % P] + (o.high[i % P] - o.low[i % P]) * r();
  const B = o.response(params.subarray(0, P)).length;
  const values = new Float64Array(o.runs * B);
  const errors = new Float64Array(o.runs * B);
  for (let k = 0; k < o.runs; k++) {
    const f = o.response(params.subarray(k * P, (k + 1) * P));
    f.forEach((v, b) => {
      const sigma = Math.abs(v) * (o.relError ?? 0);
      values[k * B + b] = v + sigma * gauss(r);
      errors[k * B + b] = sigma;
    });
  }
  const per = o.perObject ?? B;
  const objects = Array.from({ length: Math.ceil(B / per) }, (_, j) => {
    const n = Math.min(per, B - j * per);
    return { path: `/TEST/d${String(j + 1).padStart(2, '0')}-x01-y01`, offset: j * per, numBins: n, binning: Binning.fromEdges(Array.from({ length: n + 1 }, (_, i) => i)) };
  });
  return {
    paramNames: [...o.names],
    runNames: Array.from({ length: o.runs }, (_, k) => String(k).padStart(4, '0')),
    params,
    objects,
    numBins: B,
    values,
    errors,
    problems: [],
    excluded: [],
  };
}

/**
 * The model's Jacobian at `at` agrees with central differences of its
 * predictions (steps `h` per parameter) to 1e-6 relative (absolute below 1).
 */
export function expectJacobianMatches(model: Surrogate, at: Float64Array, h: readonly number[]): void {
  const P = at.length;
  const J = model.jacobian(at);
  for (let p = 0; p < P; p++) {
    const up = Float64Array.from(at);
    const dn = Float64Array.from(at);
    up[p] += h[p];
    dn[p] -= h[p];
    const fu = model.predict(up).values;
    const fd = model.predict(dn).values;
    for (let b = 0; b < model.bins.length; b++) {
      const fdiff = (fu[b] - fd[b]) / (2 * h[p]);
      expect(Math.abs(J[b * P + p] - fdiff), `bin ${b}, parameter ${p}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fdiff)));
    }
  }
}

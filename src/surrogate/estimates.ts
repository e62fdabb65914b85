/**
 * Numbers per model bin as YODA estimates, one per histogram at its path:
 * what predictions, pulls and eigentunes are written as.
 */
import { Binning, Estimate1D } from '../histo/index.js';
import type { BinRef } from './types.js';

/**
 * One estimate per path, in the order paths first appear; `error` names the
 * error source, `errors` are its magnitudes up (and down, unless `down` gives them).
 */
export function binEstimates(bins: readonly BinRef[], values: ArrayLike<number>, errors: ArrayLike<number>, error: string, title: string, down: ArrayLike<number> = errors): Estimate1D[] {
  const byPath = new Map<string, number[]>();
  bins.forEach((b, i) => byPath.set(b.path, [...(byPath.get(b.path) ?? []), i]));
  return [...byPath].map(([path, cols]) => {
    const binning = Binning.fromBounds(Float64Array.from(cols, (c) => bins[c].xlow), Float64Array.from(cols, (c) => bins[c].xhigh));
    const v = new Float64Array(cols.length + 2).fill(NaN);
    const dn = new Float64Array(cols.length + 2).fill(NaN);
    const up = new Float64Array(cols.length + 2).fill(NaN);
    cols.forEach((c, k) => {
      v[k + 1] = values[c];
      dn[k + 1] = -down[c];
      up[k + 1] = errors[c];
    });
    return new Estimate1D(path, binning, v, [{ label: error, dn, up }], [['Title', title]]);
  });
}

/**
 * The box a model lives in and the map to its unit cube: x = (p − low)/(high − low).
 * Professor scales to the minimum and maximum of the sampled points, which is
 * what a box taken from the runs gives.
 */
import type { ParamBox } from './types.js';

/** The smallest box holding every run (runs × P, row-major); each side must have some extent. */
export function boxOfRuns(names: readonly string[], params: Float64Array): ParamBox {
  const P = names.length;
  const low = new Float64Array(P).fill(Infinity);
  const high = new Float64Array(P).fill(-Infinity);
  for (let i = 0; i < params.length; i++) {
    const p = i % P;
    low[p] = Math.min(low[p], params[i]);
    high[p] = Math.max(high[p], params[i]);
  }
  names.forEach((n, p) => {
    if (!(high[p] > low[p])) throw new Error(`parameter ${n} takes one value (${low[p]}) in every run: a fixed parameter cannot be modelled; leave it out of the fit`);
  });
  return { names, low, high };
}

/** Points (n × P, natural units) in the unit cube of the box; points outside map outside [0, 1]. */
export function toUnit(box: ParamBox, points: Float64Array): Float64Array {
  const P = box.names.length;
  if (points.length % P !== 0) throw new Error(`points: ${points.length} numbers is not a whole number of ${P}-parameter points`);
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = i % P;
    out[i] = (points[i] - box.low[p]) / (box.high[p] - box.low[p]);
  }
  return out;
}

/** d x_p / d param_p: converts derivatives on the unit cube to natural units. */
export function unitScale(box: ParamBox): Float64Array {
  return box.high.map((h, p) => 1 / (h - box.low[p]));
}

const everyColumn = new Map<number, Int32Array>();

/**
 * 0, 1, …, B − 1: every bin, as the columns of a prediction on some bins.
 * Made once per B and shared (predictions ask for it at every point a
 * minimiser tries), so it is never to be written.
 */
export function allColumns(B: number): Int32Array {
  let c = everyColumn.get(B);
  if (!c) {
    c = Int32Array.from({ length: B }, (_, b) => b);
    everyColumn.set(B, c);
  }
  return c;
}

/**
 * Parameter-space sampling for tune campaigns: points in the unit cube by
 * one of four designs, then mapped onto the parameter ranges (linear or log)
 * or onto a sub-box of them for later iterations. Every design is
 * reproducible from its seed.
 */
import { Random } from '../generator/index.js';
import type { ParameterSpec, SamplingMethod } from './config.js';
import { sobolPoints } from './sobol.js';

/** n points of dimension d, row-major in [0, 1)^d. */
export type UnitPoints = Float64Array;

export function sampleUnit(method: SamplingMethod, n: number, d: number, seed: number): UnitPoints {
  if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`number of points must be a positive integer, got ${n}`);
  if (!(Number.isInteger(d) && d > 0)) throw new RangeError(`dimension must be a positive integer, got ${d}`);
  switch (method) {
    case 'uniform':
      return uniformPoints(n, d, new Random(seed, 1));
    case 'lhs':
      return maximinLatinHypercube(n, d, new Random(seed, 2));
    case 'sobol':
      return sobolPoints(n, d, new Random(seed, 3));
    case 'grid':
      return gridPoints(n, d);
  }
}

export function uniformPoints(n: number, d: number, rng: Random): UnitPoints {
  const out = new Float64Array(n * d);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform();
  return out;
}

/**
 * Latin hypercube: each dimension's n strata hold exactly one point. Of
 * `candidates` random hypercubes the one whose closest pair of points is
 * farthest apart (maximin) is kept, which spreads points better than a
 * single random hypercube at O(candidates · n² · d) cost.
 */
export function maximinLatinHypercube(n: number, d: number, rng: Random, candidates = 32): UnitPoints {
  let best = new Float64Array(0);
  let bestScore = -1;
  const perm = new Int32Array(n);
  for (let c = 0; c < candidates; c++) {
    const pts = new Float64Array(n * d);
    for (let k = 0; k < d; k++) {
      for (let i = 0; i < n; i++) perm[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      for (let i = 0; i < n; i++) pts[i * d + k] = (perm[i] + rng.uniform()) / n;
    }
    const score = minSquaredDistance(pts, n, d);
    if (score > bestScore) {
      bestScore = score;
      best = pts;
    }
  }
  return best;
}

/** Smallest squared distance between two of the n points. */
export function minSquaredDistance(pts: Float64Array, n: number, d: number): number {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const x = pts[i * d + k] - pts[j * d + k];
        s += x * x;
      }
      if (s < min) min = s;
    }
  }
  return min;
}

/** Cell centres of a k^d grid; n must be k^d. */
export function gridPoints(n: number, d: number): UnitPoints {
  const k = Math.round(n ** (1 / d));
  if (k ** d !== n) {
    const lo = Math.max(1, Math.floor(n ** (1 / d)));
    throw new RangeError(`grid sampling in ${d} dimensions needs runs = k^${d}; ${n} is not (try ${lo ** d} or ${(lo + 1) ** d})`);
  }
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let r = i;
    for (let j = 0; j < d; j++) {
      out[i * d + j] = ((r % k) + 0.5) / k;
      r = Math.floor(r / k);
    }
  }
  return out;
}

/** A box inside the parameter ranges, e.g. around the best point of the previous iteration. */
export type SubBox = ReadonlyMap<string, readonly [number, number]>;

/**
 * Parameter values for each unit point: varied parameters in their range
 * (or the sub-box), uniformly in log(value) when `log` is set; fixed ones
 * at their value. Returns one record of Pythia name → value per point.
 */
export function toParameterPoints(unit: UnitPoints, params: readonly ParameterSpec[], box?: SubBox): Record<string, number>[] {
  const varied = params.filter((p) => p.fixed === undefined);
  const d = varied.length;
  if (d === 0) throw new RangeError('no parameter is varied');
  if (unit.length % d !== 0) throw new RangeError(`${unit.length} coordinates do not make points of dimension ${d}`);
  const bounds = varied.map((p) => {
    const b = box?.get(p.name);
    const lo = b ? Math.max(p.low, b[0]) : p.low;
    const hi = b ? Math.min(p.high, b[1]) : p.high;
    if (!(lo < hi)) throw new RangeError(b ? `${p.name}: sub-box [${b[0]}, ${b[1]}] does not overlap the range [${p.low}, ${p.high}]` : `${p.name}: empty range [${p.low}, ${p.high}]`);
    return p.log ? [Math.log(lo), Math.log(hi)] : [lo, hi];
  });
  const n = unit.length / d;
  const out: Record<string, number>[] = [];
  for (let i = 0; i < n; i++) {
    const point: Record<string, number> = {};
    for (const p of params) if (p.fixed !== undefined) point[p.name] = p.fixed;
    varied.forEach((p, k) => {
      const [lo, hi] = bounds[k];
      const v = lo + unit[i * d + k] * (hi - lo);
      point[p.name] = p.log ? Math.exp(v) : v;
    });
    out.push(point);
  }
  return out;
}

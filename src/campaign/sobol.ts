/**
 * Sobol' low-discrepancy points (Gray-code construction, 32-bit) with a
 * seeded random digital shift (each coordinate's bits XORed with a random
 * word per dimension), which keeps the net structure and makes independent
 * replicas from different seeds. Direction numbers: primitive polynomials
 * and initial values of Joe & Kuo's table for the first 16 dimensions.
 */
import type { Random } from '../generator/index.js';

// [degree s, coefficient bits a, initial m_1..m_s] for dimensions 2..16.
const TABLE: readonly [number, number, readonly number[]][] = [
  [1, 0, [1]],
  [2, 1, [1, 3]],
  [3, 1, [1, 3, 1]],
  [3, 2, [1, 1, 1]],
  [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]],
  [5, 2, [1, 1, 5, 5, 17]],
  [5, 4, [1, 1, 5, 5, 5]],
  [5, 7, [1, 1, 7, 11, 19]],
  [5, 11, [1, 1, 5, 1, 1]],
  [5, 13, [1, 1, 1, 3, 11]],
  [5, 14, [1, 3, 5, 5, 31]],
  [6, 1, [1, 3, 3, 9, 7, 49]],
  [6, 13, [1, 1, 1, 15, 21, 21]],
  [6, 16, [1, 3, 1, 13, 27, 49]],
];

export const MAX_SOBOL_DIMENSION = TABLE.length + 1;
const BITS = 32;

/** Direction numbers v_k (as 32-bit words, k = 1..32) of dimension j (0-based). */
export function directionNumbers(j: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (j === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [s, a, m] = TABLE[j - 1];
  for (let k = 0; k < s; k++) v[k] = (m[k] * 2 ** (BITS - 1 - k)) >>> 0;
  for (let k = s; k < BITS; k++) {
    let x = (v[k - s] ^ (v[k - s] >>> s)) >>> 0;
    for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x = (x ^ v[k - i]) >>> 0;
    v[k] = x;
  }
  return v;
}

/** n points of dimension d; `rng` gives the digital shift (omit for the unshifted sequence). */
export function sobolPoints(n: number, d: number, rng?: Random): Float64Array {
  if (d > MAX_SOBOL_DIMENSION) throw new RangeError(`Sobol' sampling supports up to ${MAX_SOBOL_DIMENSION} varied parameters, got ${d}`);
  const dirs = Array.from({ length: d }, (_, j) => directionNumbers(j));
  const shift = Uint32Array.from({ length: d }, () => (rng ? rng.nextU32() : 0));
  const x = new Uint32Array(d);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // Gray code: flip the direction number of the lowest zero bit of i−1.
      let c = 0;
      let m = i - 1;
      while (m & 1) {
        m >>>= 1;
        c++;
      }
      for (let j = 0; j < d; j++) x[j] = (x[j] ^ dirs[j][c]) >>> 0;
    }
    for (let j = 0; j < d; j++) out[i * d + j] = ((x[j] ^ shift[j]) >>> 0) / 2 ** BITS;
  }
  return out;
}

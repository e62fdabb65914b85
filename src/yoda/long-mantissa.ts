/**
 * Exact conversion of decimals whose digits, read as one integer M, exceed
 * 2^53 but have at most 19 significant digits (M < 10^19), with value
 * M / 10^p for 0 < p ≤ 22: the 16–17-digit numbers mctune's writer prints.
 *
 * M is held exactly as hi·10^k + lo (hi < 10^15, k ≤ 4). A candidate c is
 * computed in double-double, then the residual M − c·10^p is formed exactly
 * enough (Dekker products; the leading subtraction is exact by Sterbenz's lemma)
 * to tell whether c is the correctly rounded quotient. Only a clear yes is
 * accepted; near-halfway cases, powers of two and anything else return NaN so
 * the caller falls back to Number(). Units: none (pure numerics).
 */

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** p + q = a·b exactly (Dekker), for a, b without overflow. */
let prodLo = 0;
function twoProduct(a: number, b: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  prodLo = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/** Distance from c (> 0, normal) to the next double up; 0 when c is a power of two (its gaps differ). */
function ulpAbove(c: number): number {
  f64[0] = c;
  const hiWord = u32[1];
  if ((hiWord & 0xfffff) === 0 && u32[0] === 0) return 0;
  const e = (hiWord >>> 20) & 0x7ff;
  if (e <= 53) return 0;
  u32[1] = (e - 52) << 20;
  u32[0] = 0;
  return f64[0];
}

/**
 * The digits of bytes [i, k) (sign, digits, point, exponent already validated
 * by the caller) as a correctly rounded double given the decimal exponent p10
 * of the last digit; NaN when this method cannot vouch for the result.
 */
export function longMantissa(b: Uint8Array, i: number, k: number, p10: number): number {
  if (p10 >= 0 || p10 < -22) return NaN;
  let hi = 0;
  let lo = 0;
  let kLo = 0;
  let sig = 0;
  for (let j = i; j < k; j++) {
    const d = b[j] - 48;
    if (d === 53 || d === 21) break; // 'e' or 'E'
    if (d < 0 || d > 9) continue; // sign or point
    if (sig === 0 && d === 0) continue;
    sig++;
    if (sig <= 15) hi = hi * 10 + d;
    else if (sig <= 19) {
      lo = lo * 10 + d;
      kLo++;
    } else return NaN;
  }
  if (kLo === 0) return NaN;
  const s = twoProduct(hi, POW10[kLo]);
  const t = prodLo;
  const P = POW10[-p10];
  // candidate (s + t + lo) / P: two roundings, so it may be one double off; the residual says which way
  let c = (s + (t + lo)) / P;
  for (let step = 0; step < 3; step++) {
    const ulp = ulpAbove(c);
    if (ulp === 0) return NaN;
    const p = twoProduct(c, P);
    const q = prodLo;
    const residual = s - p + (t - q) + lo; // M − c·P
    const half = 0.5 * ulp * P;
    // margins far above the rounding of the residual's small terms (≈ 2^-104·M)
    if (Math.abs(residual) < half * (1 - 1e-9)) return c;
    if (Math.abs(residual) <= half * (1 + 1e-9)) return NaN; // too close to halfway to decide here
    c = residual > 0 ? c + ulp : c - ulp;
  }
  return NaN;
}

/**
 * Number scanning straight from bytes, and the writer's number format.
 *
 * Reading a campaign means parsing hundreds of files of tens of thousands of
 * rows, so fields are parsed without making strings. The fast path is exact:
 * with a mantissa below 2^53 (as an integer of all its digits) it is an exact
 * double, and for |exponent| ≤ 22 so is the power of ten, so a single IEEE multiply or divide
 * gives the correctly rounded value (Clinger 1990), identical to Number().
 * Anything else falls back to Number() on the token.
 */

import { longMantissa } from './long-mantissa.js';

// Node's undocumented native slice; @types/node does not declare it.
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (this: Uint8Array, start: number, end: number) => string }).latin1Slice;

/** Flat string of bytes [i, j) in one native call (a char-by-char string is slow to hand to Number()). */
function flat(b: Uint8Array, i: number, j: number): string {
  return latin1Slice.call(b, i, j);
}

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Result of the last {@link scanNumber}: where the token ended and whether it was valid. */
export const scan = { end: 0, ok: true, absent: false };

/** Field separators: space, tab and (in V3 lists) comma. */
function isSep(c: number): boolean {
  return c === 32 || c === 9 || c === 44;
}

/**
 * Parses the token starting at i (not a separator) and ending before the next
 * separator or `end`. Sets scan.end to the token's end, scan.ok to false for a
 * token that is not a number, scan.absent for YODA's `---` (returned as NaN).
 * `b` must be a Buffer (its native latin1Slice makes the fallback strings).
 */
export function scanNumber(b: Uint8Array, i: number, end: number): number {
  scan.ok = true;
  scan.absent = false;
  let k = i;
  let c = b[k];
  const neg = c === 45;
  if (neg || c === 43) k++;
  let mant = 0;
  let exp10 = 0;
  let any = false;
  let d: number;
  while (k < end && (d = b[k] - 48) >= 0 && d <= 9) {
    any = true;
    mant = mant * 10 + d;
    k++;
  }
  if (k < end && b[k] === 46) {
    k++;
    while (k < end && (d = b[k] - 48) >= 0 && d <= 9) {
      any = true;
      mant = mant * 10 + d;
      exp10--;
      k++;
    }
  }
  if (any && k < end && (b[k] === 101 || b[k] === 69)) {
    k++;
    c = b[k];
    const eneg = c === 45;
    if (eneg || c === 43) k++;
    let e = 0;
    const e0 = k;
    while (k < end && (d = b[k] - 48) >= 0 && d <= 9) {
      e = e * 10 + d;
      k++;
    }
    if (k === e0 || k - e0 > 4) return slowAt(b, i, k, end);
    exp10 += eneg ? -e : e;
  }
  if (!any || (k < end && !isSep(b[k]))) return slowAt(b, i, k, end);
  scan.end = k;
  if (mant > Number.MAX_SAFE_INTEGER) {
    const v = longMantissa(b, i, k, exp10);
    if (v === v) return neg ? -v : v; // not NaN: the exact long-mantissa path vouched for it
    return Number(flat(b, i, k));
  }
  if (mant === 0) return neg ? -0 : 0;
  let v: number;
  if (exp10 === 0) v = mant;
  else if (exp10 > 0 && exp10 <= 22) v = mant * POW10[exp10];
  else if (exp10 < 0 && exp10 >= -22) v = mant / POW10[-exp10];
  else return Number(flat(b, i, k));
  return neg ? -v : v;
}

function slowAt(b: Uint8Array, i: number, k: number, end: number): number {
  let j = k;
  while (j < end && !isSep(b[j])) j++;
  scan.end = j;
  return slowNumber(b, i, j);
}

function slowNumber(b: Uint8Array, i: number, j: number): number {
  const t = latin1(b, i, j);
  const lower = t.toLowerCase();
  if (lower === 'nan' || lower === '-nan' || lower === '+nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (t === '---') {
    scan.absent = true;
    return NaN;
  }
  if (!DECIMAL.test(t)) {
    scan.ok = false;
    return NaN;
  }
  return Number(t);
}

export function latin1(b: Uint8Array, i: number, j: number): string {
  return flat(b, i, j);
}

/** Index of the first non-separator byte at or after i, or end. */
export function skipSeps(b: Uint8Array, i: number, end: number): number {
  while (i < end && isSep(b[i])) i++;
  return i;
}

/**
 * Writes a number so that reading it back gives the same double: the shortest
 * round-trip digits, in YODA's `d.dddddde±XX` shape with at least six decimals
 * (so a value read from a YODA file is written back as the same text).
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.000000e+00' : '0.000000e+00';
  const s = x.toExponential();
  const e = s.indexOf('e');
  let mant = s.slice(0, e);
  const dot = mant.indexOf('.');
  const decimals = dot < 0 ? 0 : mant.length - dot - 1;
  if (dot < 0) mant += '.';
  if (decimals < 6) mant += '000000'.slice(decimals);
  const sign = s[e + 1];
  const digits = s.slice(e + 2);
  return `${mant}e${sign}${digits.length < 2 ? '0' + digits : digits}`;
}

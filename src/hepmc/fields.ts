/**
 * Field splitting and number checks for HepMC3 lines. HepMC3 separates fields
 * by single spaces, so a plain split handles nearly every line; runs of blanks
 * and tabs (hand-edited files) take the slower path.
 */
import { FileError } from '../diagnostics/index.js';

const BLANKS = /[ \t]+/;

/** The whitespace-separated fields of a line (the first is its type letter). */
export function fieldsOf(text: string): string[] {
  const f = text.split(' ');
  for (let k = 0; k < f.length; k++) {
    if (f[k].length === 0) return text.trim().split(BLANKS);
  }
  if (text.indexOf('\t') >= 0) return text.trim().split(BLANKS);
  return f;
}

/**
 * The value of a decimal field; NaN unless it is a finite decimal number.
 * Number() alone would also take hexadecimal, binary and octal literals.
 */
function decimal(s: string): number {
  if (s.length === 0) return NaN;
  const v = +s;
  if (v - v !== 0) return NaN; // NaN or ±Infinity
  if (s.length > 2 && s.charCodeAt(0) === 48) {
    const c = s.charCodeAt(1) | 32;
    if (c === 120 || c === 98 || c === 111) return NaN; // 0x 0b 0o
  }
  return v;
}

/** A finite number, or a FileError saying which quantity was expected. */
export function finiteOf(s: string, what: string, file: string, line: number): number {
  const v = decimal(s);
  if (v !== v) throw new FileError(file, line, `expected a number for ${what}, found "${clip(s)}"`);
  return v;
}

/** An integer in [lo, hi], or a FileError saying which quantity was expected. */
export function integerOf(s: string, what: string, lo: number, hi: number, file: string, line: number): number {
  const v = decimal(s);
  if (!Number.isInteger(v)) throw new FileError(file, line, `expected an integer for ${what}, found "${clip(s)}"`);
  if (v < lo || v > hi) {
    throw new FileError(file, line, `expected ${what} between ${lo} and ${hi}, found ${v}`);
  }
  return v;
}

function clip(s: string): string {
  return s.length > 30 ? `${s.slice(0, 30)}...` : s;
}

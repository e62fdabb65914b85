/**
 * Numbers on the command line, read and printed one way for every command.
 * `Number()` alone would take `0x10`, `0b11`, `0o7`, `''` and `' '` (as 0),
 * so a typo could become a silent setting.
 */
import { UsageError, type ParsedArgs } from './command.js';

/** A plain decimal number, optionally with an exponent: what a user means by a number. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value of a decimal number written as text; undefined for anything else. */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** What a numeric option accepts, as said in its error message. */
export type NumberKind = 'positive integer' | 'integer ≥ 0' | 'seed' | 'positive number' | 'number ≥ 0';

const ACCEPTS: Record<NumberKind, { what: string; ok: (v: number) => boolean }> = {
  'positive integer': { what: 'a positive integer', ok: (v) => Number.isInteger(v) && v >= 1 },
  'integer ≥ 0': { what: 'an integer ≥ 0', ok: (v) => Number.isInteger(v) && v >= 0 },
  seed: { what: 'an integer in [0, 2^32)', ok: (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32 },
  'positive number': { what: 'a positive number', ok: (v) => v > 0 },
  'number ≥ 0': { what: 'a number ≥ 0', ok: (v) => v >= 0 },
};

/**
 * The value of numeric option `--name` (undefined when it is not given and has
 * no default); a {@link UsageError} naming the option and what it takes otherwise.
 */
export function numericOption(a: ParsedArgs, name: string, kind: NumberKind): number | undefined {
  const raw = a.values[name];
  if (raw === undefined) return undefined;
  const text = String(raw);
  const v = parseDecimal(text.trim());
  const rule = ACCEPTS[kind];
  if (v === undefined || !rule.ok(v)) throw new UsageError(`--${name} must be ${rule.what}, got '${text}'`);
  return v;
}

/** Like {@link numericOption}, for an option that always has a value (a default). */
export function requiredNumericOption(a: ParsedArgs, name: string, kind: NumberKind): number {
  const v = numericOption(a, name, kind);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

/**
 * A number for people to read: at most `digits` significant digits (12 by
 * default), so sums like 0.1 + 0.5 print as 0.6, not 0.6000000000000001;
 * integers stay exact.
 */
export function formatNumber(x: number, digits = 12): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

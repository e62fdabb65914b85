/**
 * Finiteness and emptiness of analysis objects: a NaN or an infinity in any
 * stored number makes an object unusable for a fit (one NaN bin turns every χ²
 * into NaN), and a histogram nobody filled says the generator or its analysis
 * did not produce the observable at all.
 */
import type { AnyObject } from './any-object.js';
import type { Binning } from './binning.js';
import type { ErrorSource } from './error-sources.js';

/** The first non-finite number found in an object, located for a message. */
export interface NonFiniteValue {
  readonly path: string;
  /** `bin 3 [0.1, 0.2)`, `underflow`, `overflow`, `total`, or `point 2` of a scatter. */
  readonly where: string;
  /** The stored quantity: a running sum (`sumw`), `value`, `x`, or an error source. */
  readonly quantity: string;
  readonly value: number;
}

export function describeNonFinite(v: NonFiniteValue): string {
  return `${v.path}: ${v.where}: ${v.quantity} is ${String(v.value)}`;
}

/**
 * The first NaN or ±inf among the numbers an object stores, flows and totals
 * included; undefined when every number is finite. Estimate flows may be NaN
 * (that is how YODA writes an unknown flow) and are not checked, nor is NaN in
 * an error source (YODA's `---`, a source that does not apply to the bin).
 */
export function firstNonFinite(o: AnyObject): NonFiniteValue | undefined {
  const at = (where: string, quantity: string, value: number): NonFiniteValue => ({ path: o.path, where, quantity, value });
  switch (o.kind) {
    case 'Histo1D':
    case 'Profile1D': {
      for (let c = 0; c < o.sumColumns.length; c++) {
        const name = o.sumColumns[c].name;
        const i = firstBad(o.sums(name), 0);
        if (i >= 0) return at(slotName(o.binning, i), name, o.sums(name)[i]);
        if (!Number.isFinite(o.total[c])) return at('total', name, o.total[c]);
      }
      return undefined;
    }
    case 'Counter':
      for (const q of ['sumw', 'sumw2', 'numEntries'] as const) if (!Number.isFinite(o[q])) return at('total', q, o[q]);
      return undefined;
    case 'Estimate0D':
      if (!Number.isFinite(o.value)) return at('value', 'value', o.value);
      return firstBadSource(o.sources, 0, 1, () => 'value', at);
    case 'Estimate1D': {
      const i = firstBad(o.values, 1);
      if (i >= 0) return at(slotName(o.binning, i), 'value', o.values[i]);
      return firstBadSource(o.sources, 1, o.binning.size + 1, (s) => slotName(o.binning, s), at);
    }
    case 'Scatter2D':
      for (const q of ['x', 'xErrDn', 'xErrUp', 'y', 'yErrDn', 'yErrUp'] as const) {
        const i = firstBad(o[q], 0);
        if (i >= 0) return at(`point ${i + 1}`, q, o[q][i]);
      }
      return undefined;
  }
}

/** Index of the first non-finite entry from `from` on (to the end less `from`, so n+2 flow layouts skip both flows), or −1. */
function firstBad(a: Float64Array, from: number): number {
  for (let i = from; i < a.length - from; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

function firstBadSource(
  sources: readonly ErrorSource[],
  from: number,
  to: number,
  where: (slot: number) => string,
  at: (where: string, quantity: string, value: number) => NonFiniteValue,
): NonFiniteValue | undefined {
  for (const s of sources) {
    for (let i = from; i < to; i++) {
      if (isInfinite(s.dn[i])) return at(where(i), `error ${s.label} (down)`, s.dn[i]);
      if (isInfinite(s.up[i])) return at(where(i), `error ${s.label} (up)`, s.up[i]);
    }
  }
  return undefined;
}

/** NaN in an error source is YODA's `---` (the source does not apply there); only infinities are corrupt. */
function isInfinite(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

/** A slot of an n+2 layout named as a user counts bins: 1-based, with its edges. */
function slotName(b: Binning, slot: number): string {
  if (slot === 0) return 'underflow';
  if (slot === b.size + 1) return 'overflow';
  return `bin ${slot} [${b.lows[slot - 1]}, ${b.highs[slot - 1]})`;
}

/**
 * Whether a fillable object was never filled (zero entries, flows included).
 * Estimates and scatters carry no entry count and are never called empty.
 */
export function isUnfilled(o: AnyObject): boolean {
  if (o.kind === 'Histo1D' || o.kind === 'Profile1D') return o.total[o.sumIndex('numEntries')] === 0;
  if (o.kind === 'Counter') return o.numEntries === 0;
  return false;
}

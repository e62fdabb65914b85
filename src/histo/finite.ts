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
 * The NaN and ±inf among the numbers an object stores, flows and totals
 * included, in storage order, at most `limit` of them. Estimate flows may be
 * NaN (that is how YODA writes an unknown flow) and are not checked, nor is
 * NaN in an error source (YODA's `---`, a source that does not apply to the bin).
 */
export function nonFiniteValues(o: AnyObject, limit = Infinity): NonFiniteValue[] {
  const out: NonFiniteValue[] = [];
  const add = (where: string, quantity: string, value: number): boolean => {
    out.push({ path: o.path, where, quantity, value });
    return out.length >= limit;
  };
  scanObject(o, add);
  return out;
}

/** The first non-finite number of an object, or undefined when every number is finite. */
export function firstNonFinite(o: AnyObject): NonFiniteValue | undefined {
  return nonFiniteValues(o, 1)[0];
}

/** Calls `add` for each non-finite number until it returns true. */
type Collect = (where: string, quantity: string, value: number) => boolean;

function scanObject(o: AnyObject, add: Collect): void {
  switch (o.kind) {
    case 'Histo1D':
    case 'Profile1D':
      for (let slot = 0; slot < o.binning.size + 2; slot++) {
        for (const c of o.sumColumns) if (bad(o.sums(c.name)[slot]) && add(slotName(o.binning, slot), c.name, o.sums(c.name)[slot])) return;
      }
      for (let k = 0; k < o.sumColumns.length; k++) if (bad(o.total[k]) && add('total', o.sumColumns[k].name, o.total[k])) return;
      return;
    case 'Counter':
      for (const q of ['sumw', 'sumw2', 'numEntries'] as const) if (bad(o[q]) && add('total', q, o[q])) return;
      return;
    case 'Estimate0D':
      if (bad(o.value) && add('value', 'value', o.value)) return;
      scanSources(o.sources, 0, 1, () => 'value', add);
      return;
    case 'Estimate1D':
      for (let slot = 1; slot <= o.binning.size; slot++) if (bad(o.values[slot]) && add(slotName(o.binning, slot), 'value', o.values[slot])) return;
      scanSources(o.sources, 1, o.binning.size + 1, (slot) => slotName(o.binning, slot), add);
      return;
    case 'Scatter2D':
      for (let i = 0; i < o.numPoints; i++) {
        for (const q of ['x', 'xErrDn', 'xErrUp', 'y', 'yErrDn', 'yErrUp'] as const) if (bad(o[q][i]) && add(`point ${i + 1}`, q, o[q][i])) return;
      }
  }
}

function bad(x: number): boolean {
  return !Number.isFinite(x);
}

function scanSources(sources: readonly ErrorSource[], from: number, to: number, where: (slot: number) => string, add: Collect): void {
  for (let i = from; i < to; i++) {
    for (const s of sources) {
      if (isInfinite(s.dn[i]) && add(where(i), `error ${s.label} (down)`, s.dn[i])) return;
      if (isInfinite(s.up[i]) && add(where(i), `error ${s.label} (up)`, s.up[i])) return;
    }
  }
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

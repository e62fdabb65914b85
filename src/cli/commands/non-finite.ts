/**
 * Non-finite numbers (NaN, ±inf) in an object, as warnings for `yoda ls` and
 * `yoda cat`: such a file reads fine but would poison a fit. What counts as
 * non-finite (and which NaN only mean "unknown") is histo's nonFiniteValues.
 */
import { nonFiniteValues, type AnyObject } from '../../histo/index.js';

/** At most this many places are named per object; the rest are counted. */
const SHOWN = 5;

export function nonFiniteWarnings(o: AnyObject): string[] {
  const bad = nonFiniteValues(o);
  if (bad.length === 0) return [];
  // One entry per place (bin, flow, point), with every bad quantity there.
  const places = new Map<string, string[]>();
  for (const v of bad) places.set(v.where, [...(places.get(v.where) ?? []), `${v.quantity} = ${String(v.value)}`]);
  const shown = [...places].slice(0, SHOWN).map(([where, cells]) => `${where}: ${cells.join(', ')}`);
  const more = places.size > SHOWN ? ` and ${places.size - SHOWN} more` : '';
  return [`${o.path}: non-finite value in ${shown.join('; ')}${more}`];
}

/**
 * Reference data laid out like a model's bins: for each bin (MC path and
 * index) the reference value and its symmetric total error, NaN where the
 * reference has no such object or its bin edges differ.
 */
import { toEstimate1D, type AnyObject } from '../histo/index.js';
import { isBookkeeping, mcPathOf } from '../reference/index.js';
import type { BinRef } from './types.js';

export function alignData(bins: readonly BinRef[], objects: readonly AnyObject[]): { values: Float64Array; errors: Float64Array } {
  const byPath = new Map<string, { lows: Float64Array; highs: Float64Array; values: Float64Array; errors: Float64Array }>();
  for (const o of objects) {
    const path = mcPathOf(o.path);
    if (isBookkeeping(path) || byPath.has(path)) continue;
    let e;
    try {
      e = toEstimate1D(o);
    } catch {
      // Points that are not bins (overlapping, unordered) cannot stand for a model's bins.
      continue;
    }
    if (!e) continue;
    byPath.set(path, { lows: e.binning.lows, highs: e.binning.highs, values: e.binValues(), errors: e.symmetricErrors() });
  }
  const values = new Float64Array(bins.length).fill(NaN);
  const errors = new Float64Array(bins.length).fill(NaN);
  bins.forEach((b, i) => {
    const r = byPath.get(b.path);
    if (!r || b.index >= r.values.length || !close(r.lows[b.index], b.xlow) || !close(r.highs[b.index], b.xhigh)) return;
    values[i] = r.values[b.index];
    errors[i] = r.errors[b.index];
  });
  return { values, errors };
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

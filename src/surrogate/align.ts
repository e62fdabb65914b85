/**
 * Reference data laid out like a model's bins: for each bin (MC path and
 * index) the reference value and its symmetric total error, NaN where the
 * reference has no such object. A reference object whose bins are not the
 * runs' is not silently skipped: it is listed as a mismatch, with its path
 * and the first bin whose edges differ, for the caller to refuse.
 */
import { toEstimate1D, type AnyObject } from '../histo/index.js';
import { isBookkeeping, mcPathOf } from '../reference/index.js';
import type { BinRef } from './types.js';

export interface BinningMismatch {
  /** The runs' object. */
  readonly path: string;
  /** The reference object, as the file names it. */
  readonly refPath: string;
  /** The first bin that differs, with its edges in the runs and in the reference (undefined: the reference has no such bin). */
  readonly index: number;
  readonly runEdges: readonly [number, number];
  readonly refEdges: readonly [number, number] | undefined;
}

export interface AlignedData {
  readonly values: Float64Array;
  readonly errors: Float64Array;
  readonly mismatches: readonly BinningMismatch[];
}

interface RefObject {
  readonly refPath: string;
  readonly lows: Float64Array;
  readonly highs: Float64Array;
  readonly values: Float64Array;
  readonly errors: Float64Array;
}

export function alignData(bins: readonly BinRef[], objects: readonly AnyObject[]): AlignedData {
  const byPath = referenceObjects(objects);
  const values = new Float64Array(bins.length).fill(NaN);
  const errors = new Float64Array(bins.length).fill(NaN);
  const mismatches = new Map<string, BinningMismatch>();
  bins.forEach((b, i) => {
    const r = byPath.get(b.path);
    if (!r) return;
    const matches = b.index < r.values.length && close(r.lows[b.index], b.xlow) && close(r.highs[b.index], b.xhigh);
    if (!matches) {
      const refEdges = b.index < r.values.length ? ([r.lows[b.index], r.highs[b.index]] as const) : undefined;
      if (!mismatches.has(b.path)) mismatches.set(b.path, { path: b.path, refPath: r.refPath, index: b.index, runEdges: [b.xlow, b.xhigh], refEdges });
      return;
    }
    values[i] = r.values[b.index];
    errors[i] = r.errors[b.index];
  });
  return { values, errors, mismatches: [...mismatches.values()] };
}

/** What a mismatch means, in one sentence naming both objects and the first differing bin. */
export function describeMismatch(m: BinningMismatch): string {
  const ref = m.refEdges ? `[${m.refEdges[0]}, ${m.refEdges[1]})` : 'absent';
  return `the reference ${m.refPath} does not have the binning of the runs' ${m.path}: bin ${m.index} is [${m.runEdges[0]}, ${m.runEdges[1]}) in the runs and ${ref} in the reference`;
}

function referenceObjects(objects: readonly AnyObject[]): Map<string, RefObject> {
  const byPath = new Map<string, RefObject>();
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
    byPath.set(path, { refPath: o.path, lows: e.binning.lows, highs: e.binning.highs, values: e.binValues(), errors: e.symmetricErrors() });
  }
  return byPath;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

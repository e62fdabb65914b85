import { toEstimate1D, type AnyObject, type Estimate1D } from '../histo/index.js';
import { isBookkeeping, mcPathOf } from './paths.js';

/** An MC estimate and its reference, bin for bin (same bins, same order). */
export interface ReferencePair {
  /** The MC path (without `/REF`). */
  path: string;
  mc: Estimate1D;
  ref: Estimate1D;
}

export interface ReferenceMatch {
  pairs: ReferencePair[];
  /** MC objects with bins but no reference. */
  mcOnly: string[];
  /** Reference objects with no MC counterpart. */
  refOnly: string[];
}

export interface MatchOptions {
  /** Relative tolerance on bin edges (scale: max(|edge|, bin width)). Default: 1e-6. */
  relTol?: number;
}

/** MC and reference binnings disagree: the names of both and the first differing edge. */
export class BinningMismatchError extends Error {
  constructor(
    readonly mcPath: string,
    readonly refPath: string,
    detail: string,
  ) {
    super(`binning of ${mcPath} does not match ${refPath}: ${detail}`);
    this.name = 'BinningMismatchError';
  }
}

/**
 * Pairs MC objects with reference objects by path (the reference's path minus
 * `/REF`) and checks their bins agree edge by edge. Histograms become densities
 * and scatters checked bins ({@link toEstimate1D}); bookkeeping objects and
 * objects without bins are left out.
 */
export function matchReference(mc: Iterable<AnyObject>, ref: Iterable<AnyObject>, opts: MatchOptions = {}): ReferenceMatch {
  const relTol = opts.relTol ?? 1e-6;
  const refs = new Map<string, AnyObject>();
  for (const r of ref) if (!isBookkeeping(mcPathOf(r.path))) refs.set(mcPathOf(r.path), r);
  const pairs: ReferencePair[] = [];
  const mcOnly: string[] = [];
  const used = new Set<string>();
  for (const m of mc) {
    if (isBookkeeping(m.path) || m.isRef) continue;
    const mcEst = toEstimate1D(m);
    if (!mcEst) continue;
    const r = refs.get(m.path);
    const refEst = r ? toEstimate1D(r) : null;
    if (!r || !refEst) {
      mcOnly.push(m.path);
      continue;
    }
    used.add(m.path);
    const d = mcEst.binning.firstDifference(refEst.binning, relTol);
    if (d) {
      const detail =
        d.edge === 'count'
          ? `${d.a} bins vs ${d.b}`
          : `bin ${d.bin} ${d.edge} edge ${d.a} vs ${d.b} (relative tolerance ${relTol})`;
      throw new BinningMismatchError(m.path, r.path, detail);
    }
    pairs.push({ path: m.path, mc: mcEst, ref: refEst });
  }
  const refOnly = [...refs.entries()].filter(([p, r]) => !used.has(p) && toEstimateable(r)).map(([, r]) => r.path);
  return { pairs, mcOnly, refOnly };
}

function toEstimateable(o: AnyObject): boolean {
  return o.kind !== 'Counter' && o.kind !== 'Estimate0D';
}

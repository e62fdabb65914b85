/**
 * Which model bins a tune fits and with what weight: Professor's weight lines
 * applied to the surrogate's bins (each bin takes the weight of the last line
 * that matches it; bins no line matches, or weighted 0, are not fitted),
 * paired with the reference data. A fitted bin needs data with a positive
 * error; optionally bins whose data lie outside the envelope of all runs are
 * left out, since no point in the box can describe them (as Apprentice does).
 */
import type { WeightSpec } from '../campaign/index.js';
import { weightMatches } from '../campaign/index.js';
import { binName, type BinRef } from '../surrogate/index.js';

/** One fitted bin: its column in the model's bins, the datum, its error and its weight. */
export interface FitBin {
  readonly column: number;
  readonly bin: BinRef;
  readonly data: number;
  readonly dataError: number;
  readonly weight: number;
}

export interface Selection {
  readonly bins: readonly FitBin[];
  /** Bins a weight line selected that are not fitted, with the reason. */
  readonly dropped: readonly { readonly bin: string; readonly reason: string }[];
}

export interface SelectOptions {
  /** Per model bin, the smallest and largest value over the runs: bins whose data lie outside are dropped. */
  readonly envelope?: { readonly low: Float64Array; readonly high: Float64Array };
}

/** A fitted bin whose data cannot enter a χ² (no error), or a selection that fits nothing. */
export class SelectionError extends Error {}

/** The weight lines a tune uses: the campaign's, or with none every bin (with data) at weight 1. */
export function fittedWeights(weights: readonly WeightSpec[]): readonly WeightSpec[] {
  return weights.length ? weights : [{ path: '', weight: 1 }];
}

/** The weight of the last line matching the bin, or undefined when none does. */
export function binWeight(specs: readonly WeightSpec[], bin: BinRef): number | undefined {
  let w: number | undefined;
  for (const s of specs) {
    if (!weightMatches(s, bin.path)) continue;
    if (s.bins && !(bin.index >= s.bins.from && bin.index < s.bins.to)) continue;
    if (s.x && !inXRange(bin, s.x.low, s.x.high)) continue;
    w = s.weight;
  }
  return w;
}

/** @x1:x2 takes the bins overlapping the range (touching an end is not overlapping); @x the bin holding x. */
function inXRange(bin: BinRef, low: number, high: number): boolean {
  if (low === high) return bin.xlow <= low && low < bin.xhigh;
  return bin.xhigh > low && bin.xlow < high;
}

/**
 * The fitted bins of a model against data aligned with its bins (NaN where
 * there is none). Throws, naming the bins, when a weighted bin's datum has no
 * positive error, or when nothing is left to fit.
 */
export function selectBins(bins: readonly BinRef[], data: { readonly values: Float64Array; readonly errors: Float64Array }, specs: readonly WeightSpec[], options: SelectOptions = {}): Selection {
  const out: FitBin[] = [];
  const dropped: { bin: string; reason: string }[] = [];
  const zeroError: string[] = [];
  bins.forEach((bin, column) => {
    const weight = binWeight(specs, bin);
    if (weight === undefined || weight === 0) return;
    const d = data.values[column];
    const e = data.errors[column];
    if (!Number.isFinite(d)) return void dropped.push({ bin: binName(bin), reason: 'no reference data for this bin' });
    if (!(e > 0 && Number.isFinite(e))) return void zeroError.push(binName(bin));
    const env = options.envelope;
    if (env && (d < env.low[column] || d > env.high[column])) {
      return void dropped.push({ bin: binName(bin), reason: `the data (${d}) lie outside the runs' envelope [${env.low[column]}, ${env.high[column]}]` });
    }
    out.push({ column, bin, data: d, dataError: e, weight });
  });
  if (zeroError.length > 0) {
    const shown = zeroError.slice(0, 5).join(', ') + (zeroError.length > 5 ? ` and ${zeroError.length - 5} more` : '');
    throw new SelectionError(`reference data with zero (or no finite) error in ${zeroError.length} fitted bin(s): ${shown}; a χ² cannot weigh them. Leave them out with a weight line (e.g. PATH#n:m 0) or give them an error`);
  }
  if (out.length === 0) throw new SelectionError(`no bin is left to fit: the weight lines select ${dropped.length} bin(s) with a surrogate, none of them usable${dropped.length ? ` (e.g. ${dropped[0].bin}: ${dropped[0].reason})` : ''}`);
  return { bins: out, dropped };
}

/** Per model bin, the smallest and largest value over the runs (runs × bins, row-major). */
export function runEnvelope(values: Float64Array, runs: number, bins: number): { low: Float64Array; high: Float64Array } {
  const low = new Float64Array(bins).fill(Infinity);
  const high = new Float64Array(bins).fill(-Infinity);
  for (let r = 0; r < runs; r++) {
    for (let b = 0; b < bins; b++) {
      const v = values[r * bins + b];
      if (v < low[b]) low[b] = v;
      if (v > high[b]) high[b] = v;
    }
  }
  return { low, high };
}

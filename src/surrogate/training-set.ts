/**
 * What a fit learns from: the runs and bins of a campaign's ingest table that
 * hold a number everywhere. Nothing with NaN is used silently: a bin that most
 * runs lack is left out as a bin; then a run lacking any remaining bin is left
 * out as a run, and the fit goes on with the others. Both are listed with the reason.
 */
import type { RunTable } from '../campaign/index.js';
import { permutation, Random } from '../generator/index.js';
import { binName, type BinRef, type Exclusions } from './types.js';

export interface TrainingSet {
  readonly paramNames: readonly string[];
  readonly runNames: readonly string[];
  /** runs × P, natural units. */
  readonly params: Float64Array;
  readonly bins: readonly BinRef[];
  /** runs × bins. */
  readonly values: Float64Array;
  /** runs × bins: each run's MC statistical error of each bin. */
  readonly errors: Float64Array;
  /** runs × bins: one draw of each run's own noise (NaN where it has none), when the runs brought any. */
  readonly noise?: Float64Array;
  readonly exclusions: Exclusions;
}

export interface TrainingSetOptions {
  /**
   * The parameters a model is fitted in (default: all of the table's). A
   * parameter the campaign holds fixed takes one value in every run and has
   * nothing to teach a model, so a campaign passes its free ones.
   */
  readonly parameters?: readonly string[];
}

export function trainingSet(table: RunTable, options: TrainingSetOptions = {}): TrainingSet {
  const allBins = table.objects.flatMap((o) => Array.from({ length: o.numBins }, (_, i): BinRef => ({ path: o.path, index: i, xlow: o.binning.lows[i], xhigh: o.binning.highs[i] })));
  if (table.runNames.length === 0) throw new Error(`no finished runs to fit${table.problems.length ? ` (${table.problems.length} runs left out by ingest, e.g. ${table.problems[0].name}: ${table.problems[0].reason})` : ''}`);
  const B = table.numBins;
  const R = table.runNames.length;
  const usable = (r: number, b: number) => Number.isFinite(table.values[r * B + b]) && Number.isFinite(table.errors[r * B + b]);
  // A bin most runs lack says nothing about the response; a run lacking a bin most runs have is the odd one out.
  const bins: number[] = [];
  const badBins: { bin: string; reason: string }[] = [];
  for (let b = 0; b < B; b++) {
    let missing = 0;
    for (let r = 0; r < R; r++) if (!usable(r, b)) missing++;
    if (missing * 2 > R) badBins.push({ bin: binName(allBins[b]), reason: `no value (or no error) in ${missing} of the ${R} runs` });
    else bins.push(b);
  }
  const runs: number[] = [];
  const badRuns: { run: string; reason: string }[] = [];
  table.runNames.forEach((name, r) => {
    const lacking = bins.filter((b) => !usable(r, b));
    if (lacking.length === 0) runs.push(r);
    else badRuns.push({ run: name, reason: `no value (or no error) in ${lacking.length} bins that the other runs have, e.g. ${binName(allBins[lacking[0]])}` });
  });
  if (bins.length === 0) throw new Error(`no bin has a value in most runs; e.g. ${badBins[0]?.bin ?? '?'}: ${badBins[0]?.reason ?? ''}`);
  if (runs.length === 0) throw new Error(`every run lacks some bin; e.g. run ${badRuns[0]?.run ?? '?'}: ${badRuns[0]?.reason ?? ''}`);
  const names = options.parameters ?? table.paramNames;
  const columns = names.map((n) => {
    const c = table.paramNames.indexOf(n);
    if (c < 0) throw new Error(`parameter ${n} is not one of the runs' (${table.paramNames.join(', ')})`);
    return c;
  });
  return {
    paramNames: [...names],
    runNames: runs.map((r) => table.runNames[r]),
    params: gather(table.params, table.paramNames.length, runs, columns),
    bins: bins.map((b) => allBins[b]),
    values: gather(table.values, B, runs, bins),
    errors: gather(table.errors, B, runs, bins),
    ...(table.noise ? { noise: gather(table.noise, B, runs, bins) } : {}),
    exclusions: { runs: badRuns, bins: badBins },
  };
}

/** Rows `rows` (and columns `cols`, or all) of a row-major matrix with `width` columns. */
function gather(m: Float64Array, width: number, rows: readonly number[], cols: readonly number[] | null): Float64Array {
  const w = cols ? cols.length : width;
  const out = new Float64Array(rows.length * w);
  rows.forEach((r, i) => {
    if (!cols) out.set(m.subarray(r * width, (r + 1) * width), i * w);
    else cols.forEach((c, j) => (out[i * w + j] = m[r * width + c]));
  });
  return out;
}

/** The same set restricted to some of its runs (for cross-validation and hold-out). */
export function subsetRuns(set: TrainingSet, rows: readonly number[]): TrainingSet {
  const P = set.paramNames.length;
  const B = set.bins.length;
  return { ...set, runNames: rows.map((r) => set.runNames[r]), params: gather(set.params, P, rows, null), values: gather(set.values, B, rows, null), errors: gather(set.errors, B, rows, null), ...(set.noise ? { noise: gather(set.noise, B, rows, null) } : {}) };
}

/** The same set restricted to some of its bins (e.g. to train bins one at a time for a comparison). */
export function subsetBins(set: TrainingSet, cols: readonly number[]): TrainingSet {
  const R = set.runNames.length;
  const rows = Array.from({ length: R }, (_, r) => r);
  const B = set.bins.length;
  return { ...set, bins: cols.map((c) => set.bins[c]), values: gather(set.values, B, rows, cols), errors: gather(set.errors, B, rows, cols), ...(set.noise ? { noise: gather(set.noise, B, rows, cols) } : {}) };
}

/** The runs' noise draws as `{ runNoise }` (rows of runs that brought one), or nothing when none did. */
export function runNoiseOf(set: TrainingSet): { runNoise?: Float64Array } {
  const B = set.bins.length;
  const noise = set.noise;
  if (!noise) return {};
  const rows = set.runNames.map((_, r) => r).filter((r) => noise.subarray(r * B, (r + 1) * B).some(Number.isFinite));
  return rows.length > 0 ? { runNoise: gather(noise, B, rows, null) } : {};
}

/**
 * Rows 0…R−1 in a seeded shuffle: the first `n` held out, the rest kept, each
 * list in row order. `stream` keeps the shuffles of different uses apart.
 */
export function shuffledSplit(rows: number, n: number, seed: number, stream: number): { kept: number[]; held: number[] } {
  const held = new Set(permutation(new Random(seed, stream), rows).subarray(0, n));
  const all = Array.from({ length: rows }, (_, r) => r);
  return { kept: all.filter((r) => !held.has(r)), held: all.filter((r) => held.has(r)) };
}

/** The median of column `col` of a row-major matrix with `width` columns and `rows` rows. */
export function columnMedian(m: Float64Array, width: number, col: number, rows: number): number {
  const v = Float64Array.from({ length: rows }, (_, r) => m[r * width + col]).sort();
  const h = rows >> 1;
  return rows % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}


/**
 * Everything a tune's results.yaml holds, read back for those who show it
 * (the report, the terminal UI): beyond what the loop needs
 * ({@link StoredTune}), the plain σ, correlations, the χ² per histogram, Δχ²
 * and the eigentunes' details.
 */
import { numberMapOf, parseResultsFile, storedTuneOf, type StoredTune } from './results.js';

export interface StoredEigentune {
  readonly name: string;
  readonly sigmas: number;
  readonly deltaChi2: number;
  readonly clipped: boolean;
  readonly point: ReadonlyMap<string, number>;
}

/** Everything of a results.yaml beyond what the loop reads back ({@link StoredTune}). */
export interface TuneDocument extends StoredTune {
  /** Parameter names in the file's order. */
  readonly names: readonly string[];
  readonly sigmaFit: ReadonlyMap<string, number>;
  readonly fixed: readonly string[];
  /** P × P, row-major, in `names` order; NaN where the file has none. */
  readonly correlation: Float64Array;
  readonly histograms: readonly { readonly path: string; readonly bins: number; readonly chi2: number }[];
  readonly deltaChi2: { readonly value: number; readonly how: string };
  readonly eigentuneDetails: readonly StoredEigentune[];
  /** Runs the surrogate was fitted to, when recorded. */
  readonly runs: number | undefined;
}

type Doc = Record<string, unknown>;

export function readTuneDocument(file: string): TuneDocument {
  const d = parseResultsFile(file);
  const stored = storedTuneOf(d, file);
  const names = [...stored.best.keys()];
  const fail = (key: string, what: string): never => {
    throw new Error(`${file}: ${key}: expected ${what}`);
  };
  const histograms = Array.isArray(d.histograms) ? (d.histograms as unknown[]).map((h, i) => histogramEntry(h, () => fail(`histograms[${i}]`, 'path, bins and chi2'))) : [];
  const delta = (d.deltaChi2 ?? {}) as Doc;
  return {
    ...stored,
    names,
    sigmaFit: numberMapOf(d, 'sigmaFit', file, true),
    fixed: Array.isArray(d.fixed) ? d.fixed.filter((f): f is string => typeof f === 'string') : [],
    correlation: correlationMatrix(d.correlation, names),
    histograms,
    deltaChi2: { value: typeof delta.value === 'number' ? delta.value : NaN, how: typeof delta.how === 'string' ? delta.how : 'unknown' },
    eigentuneDetails: Array.isArray(d.eigentunes) ? (d.eigentunes as unknown[]).map((e, i) => eigentuneEntry(e, stored.eigentunes[i])) : [],
    runs: typeof d.runs === 'number' ? d.runs : undefined,
  };
}

function histogramEntry(h: unknown, fail: () => never): TuneDocument['histograms'][number] {
  const e = (h ?? {}) as Doc;
  if (typeof e.path !== 'string' || typeof e.bins !== 'number' || typeof e.chi2 !== 'number') return fail();
  return { path: e.path, bins: e.bins, chi2: e.chi2 };
}

function eigentuneEntry(e: unknown, point: ReadonlyMap<string, number> | undefined): StoredEigentune {
  const d = (e ?? {}) as Doc;
  const num = (k: string) => (typeof d[k] === 'number' ? d[k] : NaN);
  return { name: typeof d.name === 'string' ? d.name : '?', sigmas: num('sigmas'), deltaChi2: num('deltaChi2'), clipped: d.clipped === true, point: point ?? new Map() };
}

function correlationMatrix(value: unknown, names: readonly string[]): Float64Array {
  const P = names.length;
  const out = new Float64Array(P * P).fill(NaN);
  const rows = (value ?? {}) as Record<string, Record<string, unknown> | undefined>;
  names.forEach((a, i) => {
    names.forEach((b, j) => {
      const v = rows[a]?.[b];
      if (typeof v === 'number') out[i * P + j] = v;
    });
  });
  return out;
}


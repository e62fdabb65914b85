/**
 * Finding and reading a campaign's tunes: a single tune in `<campaign>/tune/`
 * and the loop's iterations in `<campaign>/iterations/NN/`. The report shows
 * the newest finished one (results.yaml is written last, so its presence
 * marks a tune as done) and the loop's iterations as trajectories.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RESULTS_FILE, readTuneResults, type StoredTune } from '../tune/index.js';
import { LOOP_FILE } from '../loop/index.js';

export interface StoredEigentune {
  readonly name: string;
  readonly sigmas: number;
  readonly deltaChi2: number;
  readonly clipped: boolean;
  readonly point: ReadonlyMap<string, number>;
}

/** Everything of a results.yaml the report shows, beyond what the loop reads back ({@link StoredTune}). */
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

/** One finished tune on disk. */
export interface TuneRecord {
  /** The folder holding results.yaml, predictions.yoda and the eigentunes. */
  readonly dir: string;
  /** `tune` or `iteration NN`. */
  readonly label: string;
  /** The loop's iteration, for tunes of the loop. */
  readonly iteration: number | undefined;
  /** The folder of the surrogate this tune used, when known. */
  readonly surrogateDir: string | undefined;
  readonly doc: TuneDocument;
  readonly modified: Date;
}

export interface CampaignResults {
  readonly dir: string;
  /** The tune the report is about: the newest finished one. */
  readonly main: TuneRecord;
  /** The loop's finished iterations in order (empty without a loop). */
  readonly iterations: readonly TuneRecord[];
  /** What loop.yaml says, when the loop has finished. */
  readonly loop: { readonly iterations: number; readonly converged: boolean } | undefined;
}

type Doc = Record<string, unknown>;

export function readTuneDocument(file: string): TuneDocument {
  const stored = readTuneResults(file);
  const d = (parse(readFileSync(file, 'utf8')) ?? {}) as Doc;
  const names = [...stored.best.keys()];
  const fail = (key: string, what: string): never => {
    throw new Error(`${file}: ${key}: expected ${what}`);
  };
  const numberMap = (key: string): Map<string, number> => {
    const v = d[key];
    if (v === undefined) return new Map();
    if (typeof v !== 'object' || v === null || !Object.values(v).every((x) => typeof x === 'number')) return fail(key, 'a mapping of parameter names to numbers');
    return new Map(Object.entries(v as Record<string, number>));
  };
  const histograms = Array.isArray(d.histograms) ? (d.histograms as unknown[]).map((h, i) => histogramEntry(h, () => fail(`histograms[${i}]`, 'path, bins and chi2'))) : [];
  const delta = (d.deltaChi2 ?? {}) as Doc;
  return {
    ...stored,
    names,
    sigmaFit: numberMap('sigmaFit'),
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

function tuneRecord(dir: string, label: string, iteration: number | undefined, surrogateDir: (doc: TuneDocument) => string): TuneRecord {
  const file = join(dir, RESULTS_FILE);
  const doc = readTuneDocument(file);
  const model = surrogateDir(doc);
  return { dir, label, iteration, surrogateDir: existsSync(join(model, 'model.json')) ? model : undefined, doc, modified: statSync(file).mtime };
}

/** The loop's finished iterations, in order. */
function loopIterations(campaignDir: string): TuneRecord[] {
  const root = join(campaignDir, 'iterations');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => /^\d+$/.test(n) && existsSync(join(root, n, RESULTS_FILE)))
    .sort((a, b) => Number(a) - Number(b))
    .map((n) => tuneRecord(join(root, n), `iteration ${n}`, Number(n), () => join(root, n, 'surrogate')));
}

function loopSummary(campaignDir: string): CampaignResults['loop'] {
  const file = join(campaignDir, LOOP_FILE);
  if (!existsSync(file)) return undefined;
  const d = (parse(readFileSync(file, 'utf8')) ?? {}) as Doc;
  if (typeof d.iterations !== 'number' || typeof d.converged !== 'boolean') throw new Error(`${file}: expected iterations (a number) and converged (true or false)`);
  return { iterations: d.iterations, converged: d.converged };
}

/** The campaign's tunes; fails, naming the folder, when it holds no finished tune. */
export function findCampaignResults(campaignDir: string): CampaignResults {
  if (!existsSync(campaignDir) || !statSync(campaignDir).isDirectory()) throw new Error(`${campaignDir}: no such campaign folder`);
  const iterations = loopIterations(campaignDir);
  const tuneDir = join(campaignDir, 'tune');
  const single = existsSync(join(tuneDir, RESULTS_FILE)) ? tuneRecord(tuneDir, 'tune', undefined, (doc) => join(campaignDir, 'surrogates', doc.surrogate ?? 'polynomial')) : undefined;
  const candidates = [...(single ? [single] : []), ...iterations.slice(-1)];
  if (candidates.length === 0) throw new Error(`${campaignDir}: no finished tune: expected tune/${RESULTS_FILE} (mctune tune) or iterations/NN/${RESULTS_FILE} (mctune loop)`);
  const main = candidates.reduce((a, b) => (b.modified > a.modified ? b : a));
  return { dir: campaignDir, main, iterations, loop: loopSummary(campaignDir) };
}

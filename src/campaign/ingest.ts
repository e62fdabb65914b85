/**
 * The ingest cache: every usable run's results as one table of numbers, kept in
 * `<campaign>/ingest.cache` so that later stages (surrogate fits, χ² against
 * reference data) load it in milliseconds instead of re-parsing every YODA file.
 *
 * Values and errors are those of {@link toEstimate1D} of each binned MC object:
 * histograms as densities (Σw / bin width, i.e. the run's weight unit per unit
 * of the observable, as Rivet normalised it), profiles as bin means, scatters
 * and estimates as written. The error is the symmetric total σ = (up + |dn|)/2
 * of the quadrature sum of all error sources, the σ a symmetric χ² uses. Only
 * in-range bins are kept (no under/overflow).
 *
 * The cache is fresh while every run directory's params.dat, status.json and
 * YODA outputs have the size, mtime, ctime and inode recorded at ingest time,
 * and the set of run directories is the same. Checking costs one stat per file,
 * never a parse. Outputs are written by rename (a new inode), so a rewrite is
 * seen even within the file system's timestamp granularity.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomicSync } from '../fsutil/index.js';
import { toEstimate1D, type Binning, type Estimate1D } from '../histo/index.js';
import { isBookkeeping } from '../reference/index.js';
import { runsDirOf } from './campaign.js';
import { decodeCache, encodeCache } from './ingest-format.js';
import { PARAMS_FILE, STATUS_FILE, readRunTree, readStatus, yodaOutputs, type LoadedRun, type RunTree } from './run-dirs.js';

export const INGEST_FILE = 'ingest.cache';

/** One binned MC object: its bins are columns offset … offset+numBins−1 of the table. */
export interface TableObject {
  /** MC path (no `/REF`). */
  readonly path: string;
  readonly offset: number;
  readonly numBins: number;
  /** The bins (a binning, not n+1 edges: scatters and YODA 1 histograms may have gaps). */
  readonly binning: Binning;
}

export interface RunProblem {
  readonly name: string;
  readonly reason: string;
}

/** All included runs' parameters and results, as flat row-major matrices (one row per run). */
export interface RunTable {
  /** Parameter names in the params.dat order of the first included run. */
  readonly paramNames: readonly string[];
  /** The runs included, in name order ('0000', '0003', …). */
  readonly runNames: readonly string[];
  /** runs × paramNames. */
  readonly params: Float64Array;
  /** Binned MC objects in first-seen order. */
  readonly objects: readonly TableObject[];
  /** Bins over all objects: the row length of values and errors. */
  readonly numBins: number;
  /** runs × numBins; NaN where a run lacks the object (or the bin has no value). */
  readonly values: Float64Array;
  /** runs × numBins: symmetric total error per bin. */
  readonly errors: Float64Array;
  /** Runs left out, with the reason, in name order. */
  readonly problems: readonly RunProblem[];
}

/** Per run directory name, per file name: `size:mtimeNs:ctimeNs:ino`. */
export type RunFingerprints = Record<string, Record<string, string>>;

export interface IngestResult {
  readonly table: RunTable;
  readonly fromCache: boolean;
  /** Why the cache was rebuilt (absent when it was used). */
  readonly staleReason?: string;
}

export function ingestCachePath(campaignDir: string): string {
  return join(campaignDir, INGEST_FILE);
}

/** Reads every run of the campaign, writes the cache (atomically) and returns the table. */
export function ingestRuns(campaignDir: string): RunTable {
  const runsDir = runsDirOf(campaignDir);
  // Stat before reading: a run that changes while it is read then leaves the cache stale, not wrongly fresh.
  const fingerprints = fingerprintRuns(runsDir);
  const table = buildRunTable(readRunTree(runsDir));
  writeFileAtomicSync(ingestCachePath(campaignDir), encodeCache(table, fingerprints));
  return table;
}

/** The table from the cache when it is fresh; otherwise (or when it is unreadable) ingests anew. */
export function loadIngested(campaignDir: string): IngestResult {
  const file = ingestCachePath(campaignDir);
  let staleReason: string;
  if (!existsSync(file)) {
    staleReason = 'no cache yet';
  } else {
    try {
      const cache = decodeCache(readFileSync(file));
      if (typeof cache === 'string') {
        staleReason = cache;
      } else {
        const changed = compareFingerprints(cache.fingerprints, fingerprintRuns(runsDirOf(campaignDir)));
        if (changed === undefined) return { table: cache.table, fromCache: true };
        staleReason = changed;
      }
    } catch (e) {
      staleReason = `cache unreadable: ${(e as Error).message}`;
    }
  }
  return { table: ingestRuns(campaignDir), fromCache: false, staleReason };
}

/**
 * The table of a run tree. Runs are left out (and reported) when they are not
 * done, their parameter names differ from the first included run's, an object
 * cannot be made an estimate, or an object's bins differ from those of the
 * first run that has it.
 */
export function buildRunTable(tree: RunTree): RunTable {
  const problems: RunProblem[] = [...tree.problems];
  const objects = new Map<string, TableObject & { readonly firstRun: string }>();
  const kept: { run: LoadedRun; estimates: Estimate1D[] }[] = [];
  let paramNames: string[] | undefined;
  let numBins = 0;
  for (const run of tree.runs) {
    const names = Object.keys(run.params);
    const result = paramNames ? checkParams(names, paramNames, kept[0]!.run.name) : undefined;
    const estimates = result ?? estimatesOf(run, objects);
    if (typeof estimates === 'string') {
      problems.push({ name: run.name, reason: estimates });
      continue;
    }
    paramNames ??= names;
    for (const e of estimates) {
      if (objects.has(e.path)) continue;
      objects.set(e.path, { path: e.path, offset: numBins, numBins: e.numBins, binning: e.binning, firstRun: run.name });
      numBins += e.numBins;
    }
    kept.push({ run, estimates });
  }

  const names = paramNames ?? [];
  const params = new Float64Array(kept.length * names.length);
  const values = new Float64Array(kept.length * numBins).fill(NaN);
  const errors = new Float64Array(kept.length * numBins).fill(NaN);
  kept.forEach(({ run, estimates }, r) => {
    names.forEach((n, i) => (params[r * names.length + i] = run.params[n]!));
    for (const e of estimates) {
      const at = r * numBins + objects.get(e.path)!.offset;
      values.set(e.binValues(), at);
      errors.set(e.symmetricErrors(), at);
    }
  });
  return {
    paramNames: names,
    runNames: kept.map((k) => k.run.name),
    params,
    objects: [...objects.values()].map(({ path, offset, numBins: n, binning }) => ({ path, offset, numBins: n, binning })),
    numBins,
    values,
    errors,
    problems: problems.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

function checkParams(names: string[], expected: readonly string[], first: string): string | undefined {
  const missing = expected.filter((n) => !names.includes(n));
  const extra = names.filter((n) => !expected.includes(n));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts = [missing.length ? `lacks ${missing.join(', ')}` : '', extra.length ? `has extra ${extra.join(', ')}` : ''];
  return `parameters differ from run ${first}'s: ${parts.filter(Boolean).join('; ')}`;
}

/** The run's binned MC estimates, or why the run cannot be used. */
function estimatesOf(run: LoadedRun, known: ReadonlyMap<string, TableObject & { readonly firstRun: string }>): Estimate1D[] | string {
  const status = readStatus(run.dir);
  // readRunTree keeps pending/running runs that have an output (e.g. from an earlier attempt); it may be stale or partial.
  if (status && status.state !== 'done') return `state is ${status.state}, not done`;
  const out: Estimate1D[] = [];
  for (const o of run.yoda.objects) {
    if (o.isRef || isBookkeeping(o.path)) continue;
    let e: Estimate1D | null;
    try {
      e = toEstimate1D(o);
    } catch (err) {
      return (err as Error).message;
    }
    if (!e) continue;
    const k = known.get(e.path);
    const d = k?.binning.firstDifference(e.binning);
    if (d) {
      const detail = d.edge === 'count' ? `${d.b} bins vs ${d.a}` : `bin ${d.bin} ${d.edge} edge ${d.b} vs ${d.a}`;
      return `${e.path}: binning differs from run ${k!.firstRun}'s (${detail})`;
    }
    out.push(e);
  }
  return out;
}

/** Stats (no reads) of the files that decide a run's contribution, for every run directory. */
export function fingerprintRuns(runsDir: string): RunFingerprints {
  const out: RunFingerprints = {};
  if (!existsSync(runsDir)) return out;
  for (const name of readdirSync(runsDir).sort()) {
    const dir = join(runsDir, name);
    // Same selection as listRunDirs.
    if (!/^\d{4,}$/.test(name) || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
    const files: Record<string, string> = {};
    for (const f of [PARAMS_FILE, STATUS_FILE, ...yodaOutputs(dir).map((p) => basename(p))]) {
      const s = statSync(join(dir, f), { bigint: true, throwIfNoEntry: false });
      if (s) files[f] = `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
    }
    out[name] = files;
  }
  return out;
}

/** The first difference between recorded and current fingerprints, naming the run; undefined when none. */
export function compareFingerprints(recorded: RunFingerprints, current: RunFingerprints): string | undefined {
  for (const name of Object.keys(current)) if (!Object.hasOwn(recorded, name)) return `run ${name} added`;
  for (const name of Object.keys(recorded)) {
    if (!Object.hasOwn(current, name)) return `run ${name} removed`;
    const was = recorded[name]!;
    const now = current[name]!;
    for (const f of Object.keys(now)) {
      if (!Object.hasOwn(was, f)) return `run ${name}: ${f} added`;
      if (was[f] !== now[f]) return `run ${name}: ${f} changed`;
    }
    for (const f of Object.keys(was)) if (!Object.hasOwn(now, f)) return `run ${name}: ${f} removed`;
  }
  return undefined;
}

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
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomicSync } from '../fsutil/index.js';
import { unfilledHint } from '../analyses/index.js';
import { describeNonFinite, firstNonFinite, isUnfilled, toEstimate1D, type Binning, type Estimate1D } from '../histo/index.js';
import { isBookkeeping } from '../reference/index.js';
import { runsDirOf } from './campaign.js';
import { decodeCache, encodeCache } from './ingest-format.js';
import { readRunNoise, RUN_NOISE_FILE, type RunNoise } from './run-noise.js';
import { PARAMS_FILE, STATUS_FILE, paramsMismatch, readRunTree, readStatus, runDirNames, yodaOutputs, type LoadedRun, type RunTree } from './run-dirs.js';

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
  /**
   * runs × numBins: one draw of each run's own noise (campaign/run-noise.ts),
   * NaN where a run brought none; absent when no run did.
   */
  readonly noise?: Float64Array;
  /** Runs left out, with the reason, in name order. */
  readonly problems: readonly RunProblem[];
  /** Objects left out of the table (e.g. histograms with no entries in any run), with the reason. */
  readonly excluded: readonly ExcludedObject[];
}

export interface ExcludedObject {
  readonly path: string;
  readonly reason: string;
}

export interface IngestOptions {
  /** The campaign's parameter names: runs whose params.dat holds other ones are left out. */
  readonly parameters?: readonly string[];
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
export function ingestRuns(campaignDir: string, options: IngestOptions = {}): RunTable {
  const runsDir = runsDirOf(campaignDir);
  // Stat before reading: a run that changes while it is read then leaves the cache stale, not wrongly fresh.
  const fingerprints = fingerprintRuns(runsDir);
  const table = buildRunTable(readRunTree(runsDir, options.parameters), options.parameters);
  writeFileAtomicSync(ingestCachePath(campaignDir), encodeCache(table, fingerprints, options.parameters));
  return table;
}

/** The table from the cache when it is fresh; otherwise (or when it is unreadable) ingests anew. */
export function loadIngested(campaignDir: string, options: IngestOptions = {}): IngestResult {
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
        const changed = sameNames(cache.parameters, options.parameters)
          ? compareFingerprints(cache.fingerprints, fingerprintRuns(runsDirOf(campaignDir)))
          : 'the campaign\'s parameters changed';
        if (changed === undefined) return { table: cache.table, fromCache: true };
        staleReason = changed;
      }
    } catch (e) {
      staleReason = `cache unreadable: ${(e as Error).message}`;
    }
  }
  return { table: ingestRuns(campaignDir, options), fromCache: false, staleReason };
}

/**
 * The table of a run tree. Runs are left out (and reported) when they are not
 * done, their parameter names differ from the campaign's (or, without those,
 * from the first included run's), an object cannot be made an estimate, holds
 * a non-finite number, or its bins differ from those of the first run that has
 * it. Histograms with no entries in any run are left out with the reason.
 */
export function buildRunTable(tree: RunTree, parameters?: readonly string[]): RunTable {
  const problems: RunProblem[] = [...tree.problems];
  const known = new Map<string, KnownObject>();
  const filled = new Set<string>();
  const kept: { run: LoadedRun; estimates: Estimate1D[]; noise: RunNoise | undefined }[] = [];
  let paramNames = parameters ? [...parameters] : undefined;
  for (const run of tree.runs) {
    const names = Object.keys(run.params);
    const mismatch = paramNames ? paramsMismatch(names, paramNames, parameters ? undefined : `run ${kept[0].run.name}'s`) : undefined;
    const estimates = mismatch ?? estimatesOf(run, known, filled);
    const noise = typeof estimates === 'string' ? undefined : noiseOf(run);
    if (typeof estimates === 'string' || typeof noise === 'string') {
      problems.push({ name: run.name, reason: typeof estimates === 'string' ? estimates : (noise as string) });
      continue;
    }
    paramNames ??= names;
    for (const e of estimates) if (!known.has(e.path)) known.set(e.path, { binning: e.binning, firstRun: run.name });
    kept.push({ run, estimates, noise });
  }
  const { objects, excluded, numBins } = layoutObjects(known, filled, kept.length);
  const names = paramNames ?? [];
  const params = new Float64Array(kept.length * names.length);
  const values = new Float64Array(kept.length * numBins).fill(NaN);
  const errors = new Float64Array(kept.length * numBins).fill(NaN);
  const offsets = new Map(objects.map((o) => [o.path, o.offset]));
  const noise = kept.some((k) => k.noise) ? new Float64Array(kept.length * numBins).fill(NaN) : undefined;
  kept.forEach(({ run, estimates, noise: draw }, r) => {
    if (noise && draw) for (const o of objects) placeNoise(noise, r * numBins + o.offset, o.numBins, draw.objects.get(o.path));
    // Every kept run holds exactly these names (checked above).
    names.forEach((n, i) => (params[r * names.length + i] = run.params[n] ?? NaN));
    for (const e of estimates) {
      const offset = offsets.get(e.path);
      if (offset === undefined) continue;
      values.set(e.binValues(), r * numBins + offset);
      errors.set(e.symmetricErrors(), r * numBins + offset);
    }
  });
  return { paramNames: names, runNames: kept.map((k) => k.run.name), params, objects, numBins, values, errors, ...(noise ? { noise } : {}), problems: problems.sort(byName), excluded };
}

/** The run's noise draw, undefined without one, or why its file cannot be read (the run is then left out, as with a broken YODA). */
function noiseOf(run: LoadedRun): RunNoise | undefined | string {
  try {
    return readRunNoise(run.dir);
  } catch (e) {
    return `${(e as Error).message} (delete it to use the run without its noise draw)`;
  }
}

/** A draw's values into the table row at `at`; a draw binned unlike the object is left out. */
function placeNoise(noise: Float64Array, at: number, numBins: number, draw: Float64Array | undefined): void {
  if (draw && draw.length === numBins) noise.set(draw, at);
}

interface KnownObject {
  readonly binning: Binning;
  readonly firstRun: string;
}

function byName(a: RunProblem, b: RunProblem): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Columns for the objects some run filled, in first-seen order; the others are excluded with the reason. */
function layoutObjects(known: ReadonlyMap<string, KnownObject>, filled: ReadonlySet<string>, runs: number): { objects: TableObject[]; excluded: ExcludedObject[]; numBins: number } {
  const objects: TableObject[] = [];
  const excluded: ExcludedObject[] = [];
  let numBins = 0;
  for (const [path, { binning }] of known) {
    if (!filled.has(path)) {
      const hint = unfilledHint(path);
      excluded.push({ path, reason: `no entries in any of the ${runs} runs${hint ? `: ${hint}` : ''}` });
      continue;
    }
    objects.push({ path, offset: numBins, numBins: binning.size, binning });
    numBins += binning.size;
  }
  return { objects, excluded, numBins };
}

/**
 * The run's binned MC estimates, or why the run cannot be used. Paths of the
 * objects the run filled are added to `filled`.
 */
function estimatesOf(run: LoadedRun, known: ReadonlyMap<string, KnownObject>, filled: Set<string>): Estimate1D[] | string {
  const status = readStatus(run.dir);
  // readRunTree keeps pending/running runs that have an output (e.g. from an earlier attempt); it may be stale or partial.
  if (status && status.state !== 'done') return `state is ${status.state}, not done`;
  const out: Estimate1D[] = [];
  const filledHere: string[] = [];
  for (const o of run.yoda.objects) {
    if (o.isRef || isBookkeeping(o.path)) continue;
    const bad = firstNonFinite(o);
    if (bad) return `non-finite value in ${basename(run.file)}: ${describeNonFinite(bad)}`;
    let e: Estimate1D | null;
    try {
      e = toEstimate1D(o);
    } catch (err) {
      return (err as Error).message;
    }
    if (!e) continue;
    const k = known.get(e.path);
    const d = k?.binning.firstDifference(e.binning);
    if (k && d) {
      const detail = d.edge === 'count' ? `${d.b} bins vs ${d.a}` : `bin ${d.bin} ${d.edge} edge ${d.b} vs ${d.a}`;
      return `${e.path}: binning differs from run ${k.firstRun}'s (${detail})`;
    }
    if (!isUnfilled(o)) filledHere.push(e.path);
    out.push(e);
  }
  for (const p of filledHere) filled.add(p);
  return out;
}

/** Stats (no reads) of the files that decide a run's contribution, for every run directory. */
export function fingerprintRuns(runsDir: string): RunFingerprints {
  const out: RunFingerprints = {};
  for (const name of runDirNames(runsDir)) {
    const dir = join(runsDir, name);
    const files: Record<string, string> = {};
    for (const f of [PARAMS_FILE, STATUS_FILE, RUN_NOISE_FILE, ...yodaOutputs(dir).map((p) => basename(p))]) {
      const s = statSync(join(dir, f), { bigint: true, throwIfNoEntry: false });
      if (s) files[f] = `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
    }
    out[name] = files;
  }
  return out;
}

function sameNames(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (a ?? []).join('\n') === (b ?? []).join('\n') && (a === undefined) === (b === undefined);
}

/** The first difference between recorded and current fingerprints, naming the run; undefined when none. */
export function compareFingerprints(recorded: RunFingerprints, current: RunFingerprints): string | undefined {
  for (const name of Object.keys(current)) if (!Object.hasOwn(recorded, name)) return `run ${name} added`;
  for (const name of Object.keys(recorded)) {
    if (!Object.hasOwn(current, name)) return `run ${name} removed`;
    const was = recorded[name];
    const now = current[name];
    for (const f of Object.keys(now)) {
      if (!Object.hasOwn(was, f)) return `run ${name}: ${f} added`;
      if (was[f] !== now[f]) return `run ${name}: ${f} changed`;
    }
    for (const f of Object.keys(was)) if (!Object.hasOwn(now, f)) return `run ${name}: ${f} removed`;
  }
  return undefined;
}

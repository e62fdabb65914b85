/**
 * Run directories in Professor's layout, so existing Professor trees work
 * unchanged and ours work with Professor:
 *
 *   runs/0000/params.dat    one "Name value" line per parameter
 *   runs/0000/*.yoda        the run's output
 *   runs/0000/status.json   mctune's bookkeeping (state, attempts, reason)
 *
 * A run with a missing or unreadable params.dat or output is reported with its
 * reason and left out, never silently used.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileError } from '../diagnostics/index.js';
import { writeError, writeFileAtomicSync } from '../fsutil/index.js';
import { readYodaFileSync, type YodaDocument } from '../yoda/index.js';

export type RunState = 'pending' | 'running' | 'done' | 'failed';

export interface RunStatus {
  state: RunState;
  attempts: number;
  /** Why the last attempt failed. */
  reason?: string;
  /** ISO times of the last start and end. */
  startedAt?: string;
  finishedAt?: string;
  /** Events the finished run produced, and seconds its last attempt took. */
  events?: number;
  seconds?: number;
  /** Problems of a finished run that do not make it unusable, e.g. histograms with no entries. */
  warnings?: string[];
  /** While running: the external generator's process (group) id and host, so a restart can stop an orphan. */
  pid?: number;
  host?: string;
}

export interface RunDir {
  /** Zero-padded run name, e.g. `0007`. */
  readonly name: string;
  readonly dir: string;
  readonly params: Readonly<Record<string, number>>;
}

export const PARAMS_FILE = 'params.dat';
export const STATUS_FILE = 'status.json';
const RUN_NAME = /^\d{4,}$/;

export function runName(index: number): string {
  return String(index).padStart(4, '0');
}

/** Formats params.dat: names in the given order, values with round-trip precision. */
export function formatParams(params: Readonly<Record<string, number>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k} ${String(v)}\n`)
    .join('');
}

export function parseParams(text: string, file: string): Record<string, number> {
  const out: Record<string, number> = {};
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const f = line.split(/\s+/);
    if (f.length !== 2) throw new FileError(file, i + 1, `expected "Name value", got ${f.length} fields`);
    const v = Number(f[1]);
    if (!Number.isFinite(v)) throw new FileError(file, i + 1, `${f[0]}: '${f[1]}' is not a number`);
    if (Object.hasOwn(out, f[0])) throw new FileError(file, i + 1, `${f[0]}: listed twice`);
    out[f[0]] = v;
  });
  if (Object.keys(out).length === 0) throw new FileError(file, 0, 'no parameters');
  return out;
}

/**
 * Creates runs/NNNN with its params.dat and status; refuses to touch an
 * existing run. The directory is filled under a dot-name and renamed into
 * place, so a run directory never exists without its params.dat, even if
 * sampling is killed half-way.
 */
export function createRunDir(runsDir: string, index: number, params: Readonly<Record<string, number>>): RunDir {
  const name = runName(index);
  const dir = join(runsDir, name);
  if (existsSync(dir)) throw new Error(`${dir}: run exists already; sampling never overwrites runs`);
  mkdirSync(runsDir, { recursive: true });
  const tmp = mkdtempSync(join(runsDir, `.${name}.tmp-`));
  try {
    writeFileSync(join(tmp, PARAMS_FILE), formatParams(params));
    writeFileSync(join(tmp, STATUS_FILE), statusText({ state: 'pending', attempts: 0 }));
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw writeError(dir, e);
  }
  return { name, dir, params };
}

function statusText(status: RunStatus): string {
  return JSON.stringify(status, null, 2) + '\n';
}

export function writeStatus(dir: string, status: RunStatus): void {
  writeFileAtomicSync(join(dir, STATUS_FILE), statusText(status));
}

/** The run's bookkeeping; a Professor run without status.json counts as done when it has output. */
export function readStatus(dir: string): RunStatus | undefined {
  const f = join(dir, STATUS_FILE);
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as RunStatus;
  } catch (e) {
    return { state: 'failed', attempts: 0, reason: `unreadable ${STATUS_FILE}: ${(e as Error).message}` };
  }
}

/** A run directory that cannot be run or used, with the reason (its params.dat is missing, unreadable or not the campaign's). */
export interface InvalidRun {
  readonly name: string;
  readonly dir: string;
  readonly reason: string;
}

export interface RunDirScan {
  /** Runs whose params.dat is readable (and holds exactly the expected parameters, when given), in name order. */
  readonly runs: RunDir[];
  readonly invalid: InvalidRun[];
}

/**
 * Run directories under `runsDir`, in name order. A run whose params.dat is
 * missing or unreadable, or (given `expected`, the campaign's parameter names)
 * does not hold exactly those parameters, is listed as invalid with the reason:
 * it is never run with a default for what it lacks, and one bad run never
 * stops the others.
 */
export function scanRunDirs(runsDir: string, expected?: readonly string[]): RunDirScan {
  const runs: RunDir[] = [];
  const invalid: InvalidRun[] = [];
  for (const name of runDirNames(runsDir)) {
    const dir = join(runsDir, name);
    const r = readRunDir(dir, name, expected);
    if (typeof r === 'string') invalid.push({ name, dir, reason: r });
    else runs.push(r);
  }
  return { runs, invalid };
}

/** Names of the run directories under `runsDir`, sorted. */
export function runDirNames(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .filter((n) => RUN_NAME.test(n) && statSync(join(runsDir, n), { throwIfNoEntry: false })?.isDirectory() === true)
    .sort();
}

/** One run directory, or why it is invalid. */
export function readRunDir(dir: string, name: string, expected?: readonly string[]): RunDir | string {
  const pf = join(dir, PARAMS_FILE);
  let params: Record<string, number>;
  try {
    params = parseParams(readFileSync(pf, 'utf8'), pf);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return `${pf}: missing; every run directory needs its ${PARAMS_FILE}`;
    return e instanceof FileError ? e.message : `${pf}: cannot read: ${(e as Error).message}`;
  }
  const mismatch = expected ? paramsMismatch(Object.keys(params), expected) : undefined;
  if (mismatch) return `${pf}: ${mismatch}`;
  return { name, dir, params };
}

/**
 * How a run's parameter names differ from the expected ones (by default the
 * campaign's), or undefined when they are the same set. A renamed parameter
 * shows as one missing and one extra.
 */
export function paramsMismatch(names: readonly string[], expected: readonly string[], whose = "the campaign's"): string | undefined {
  const missing = expected.filter((n) => !names.includes(n));
  const extra = names.filter((n) => !expected.includes(n));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts = [missing.length ? `lacks ${missing.join(', ')}` : '', extra.length ? `has extra ${extra.join(', ')}` : ''];
  return `parameters differ from ${whose}: ${parts.filter(Boolean).join('; ')}`;
}

/** YODA outputs of a run directory (complete files only: temp names start with a dot). */
export function yodaOutputs(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.') && /\.yoda(\.gz)?$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export interface LoadedRun extends RunDir {
  readonly yoda: YodaDocument;
  readonly file: string;
}

export interface RunTree {
  readonly runs: LoadedRun[];
  /** Runs left out, each with the reason. */
  readonly problems: { readonly name: string; readonly reason: string }[];
}

/**
 * Reads every run with its YODA output; runs with no, several or unreadable
 * outputs, and invalid run directories, are reported and left out.
 */
export function readRunTree(runsDir: string, expected?: readonly string[]): RunTree {
  const runs: LoadedRun[] = [];
  const scan = scanRunDirs(runsDir, expected);
  const problems: { name: string; reason: string }[] = scan.invalid.map(({ name, reason }) => ({ name, reason }));
  for (const r of scan.runs) {
    const status = readStatus(r.dir);
    if (status && status.state === 'failed') {
      problems.push({ name: r.name, reason: `failed: ${status.reason ?? 'no reason recorded'}` });
      continue;
    }
    const outs = yodaOutputs(r.dir);
    if (outs.length === 0) {
      problems.push({ name: r.name, reason: status?.state === 'running' ? 'still running' : 'no YODA output' });
      continue;
    }
    if (outs.length > 1) {
      problems.push({ name: r.name, reason: `several YODA outputs (${outs.map((o) => o.slice(r.dir.length + 1)).join(', ')})` });
      continue;
    }
    try {
      runs.push({ ...r, yoda: readYodaFileSync(outs[0]), file: outs[0] });
    } catch (e) {
      problems.push({ name: r.name, reason: (e as Error).message });
    }
  }
  return { runs, problems };
}

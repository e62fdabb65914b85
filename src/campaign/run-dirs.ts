/**
 * Run directories in Professor's layout, so existing Professor trees work
 * unchanged and ours work with Professor:
 *
 *   runs/0000/params.dat    one "Name value" line per parameter
 *   runs/0000/*.yoda        the run's output
 *   runs/0000/status.json   mctune's bookkeeping (state, attempts, reason)
 *
 * A run with a missing or unreadable output is reported with its reason and
 * left out, never silently used.
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
    if (f[0]! in out) throw new FileError(file, i + 1, `${f[0]}: listed twice`);
    out[f[0]!] = v;
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

/** Run directories under `runsDir`, in name order. */
export function listRunDirs(runsDir: string): RunDir[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .filter((n) => RUN_NAME.test(n) && statSync(join(runsDir, n)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(runsDir, name);
      const pf = join(dir, PARAMS_FILE);
      if (!existsSync(pf)) throw new FileError(pf, 0, 'missing: every run directory needs its params.dat');
      return { name, dir, params: parseParams(readFileSync(pf, 'utf8'), pf) };
    });
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

/** Reads every run with its YODA output; runs with no, several or unreadable outputs are reported and left out. */
export function readRunTree(runsDir: string): RunTree {
  const runs: LoadedRun[] = [];
  const problems: { name: string; reason: string }[] = [];
  for (const r of listRunDirs(runsDir)) {
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
      runs.push({ ...r, yoda: readYodaFileSync(outs[0]!), file: outs[0]! });
    } catch (e) {
      problems.push({ name: r.name, reason: (e as Error).message });
    }
  }
  return { runs, problems };
}

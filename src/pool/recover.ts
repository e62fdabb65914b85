/**
 * Bringing a campaign back to a consistent state before an engine starts:
 * after a kill -9 some runs say `running` though nothing runs them, and temp
 * outputs may lie around. Completed outputs are atomic renames, so a run whose
 * output exists finished, even if the kill came before its status was written.
 */
import { existsSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readStatus, runsDirOf, scanRunDirs, writeStatus, yodaOutputs, type InvalidRun, type RunDir } from '../campaign/index.js';
import { logLine } from './run-log.js';
import { EVENTS_FILE, OUTPUT_FILE } from './job.js';
import { lockRun, LockHeldError } from './lock.js';
import { removePartials } from './partials.js';
import { validateYodaOutput } from './validate.js';

export interface Recovery {
  /** Runs to execute, in name order. */
  readonly todo: RunDir[];
  /** Runs already done (never redone). */
  readonly done: number;
  /** Runs failed earlier and left out (unless retried). */
  readonly failed: number;
  /** Runs found `running` with nobody running them, now pending again. */
  readonly resumed: string[];
  /** Runs whose finished output was found without a `done` status, now done. */
  readonly adopted: string[];
  /** Runs never run because their params.dat is missing, unreadable or not the campaign's. */
  readonly invalid: InvalidRun[];
  /** Runs another live process is executing (their own lock is held): left alone. */
  readonly busy: string[];
}

export interface RecoverOptions {
  readonly analyses: readonly string[];
  /** The campaign's parameter names: a run's params.dat must hold exactly these. */
  readonly parameters: readonly string[];
  /** The campaign keeps each run's events: a run counts as finished only once they are there too. */
  readonly keepsEvents?: boolean;
  /** Give failed runs a fresh set of attempts. */
  readonly retryFailed?: boolean;
  /** Only these run names (default: all). */
  readonly only?: ReadonlySet<string>;
}

/**
 * Must be called with the campaign lock held. A run whose own lock is held by
 * a live process (a `run-one` started by hand, a batch task of an earlier
 * submission) is left alone and listed as busy; every other run is repaired
 * under its lock.
 */
export function recoverCampaign(campaignDir: string, opts: RecoverOptions): Recovery {
  const rec = { todo: [] as RunDir[], resumed: [] as string[], adopted: [] as string[], busy: [] as string[], done: 0, failed: 0 };
  const scan = scanRunDirs(runsDirOf(campaignDir), opts.parameters);
  const wanted = (name: string) => !opts.only || opts.only.has(name);
  for (const run of scan.runs) {
    if (!wanted(run.name)) continue;
    let unlock: () => void;
    try {
      unlock = lockRun(run.dir);
    } catch (e) {
      if (!(e instanceof LockHeldError)) throw e;
      rec.busy.push(run.name);
      continue;
    }
    try {
      recoverRun(run, opts, rec);
    } finally {
      unlock();
    }
  }
  return { ...rec, invalid: scan.invalid.filter((r) => wanted(r.name)) };
}

type Tally = Pick<Recovery, 'todo' | 'resumed' | 'adopted'> & { done: number; failed: number };

function recoverRun(run: RunDir, opts: RecoverOptions, rec: Tally): void {
  const st = readStatus(run.dir);
  const outputs = yodaOutputs(run.dir);
  if (!st) {
    // A Professor run without mctune's bookkeeping: its output, if any, is all we know.
    if (outputs.length > 0) rec.done++;
    else rec.todo.push(run);
    return;
  }
  if (st.state === 'done' && outputs.length > 0) {
    rec.done++;
    return;
  }
  removePartials(run.dir);
  if (st.state === 'failed' && !opts.retryFailed) {
    rec.failed++;
    return;
  }
  if (st.state === 'running' && adopt(run, st.attempts, st.startedAt, opts)) {
    rec.adopted.push(run.name);
    rec.done++;
    return;
  }
  if (st.state === 'running') {
    if (st.pid !== undefined && st.host === hostname()) stopOrphan(st.pid, run.dir);
    writeStatus(run.dir, { state: 'pending', attempts: Math.max(0, st.attempts - 1) });
    logLine(run.dir, 'the previous campaign process stopped during this attempt; the run is pending again');
    rec.resumed.push(run.name);
  } else if (st.state === 'failed' || (st.state === 'done' && outputs.length === 0)) {
    writeStatus(run.dir, { state: 'pending', attempts: 0 });
  }
  rec.todo.push(run);
}

/**
 * An external generator outlives a campaign killed with -9 (it has its own
 * process group). Its group is stopped if the process is still there and
 * still works in this run directory, which rules out an unrelated process
 * that was given the same pid since.
 */
function stopOrphan(pid: number, runDir: string): void {
  let cwd: string;
  try {
    cwd = realpathSync(readlinkSync(`/proc/${pid}/cwd`));
  } catch {
    return; // Gone, or no /proc to tell: leave it.
  }
  if (cwd !== realpathSync(runDir)) return;
  try {
    process.kill(-pid, 'SIGKILL');
    logLine(runDir, `stopped generator process group ${pid} left running by the previous campaign process`);
  } catch {
    // Exited meanwhile.
  }
}

function adopt(run: RunDir, attempts: number, startedAt: string | undefined, opts: RecoverOptions): boolean {
  const out = join(run.dir, OUTPUT_FILE);
  // Events are compressed after the analysis wrote the YODA: stopped in between, the run is not finished.
  if (!existsSync(out) || (opts.keepsEvents && !existsSync(join(run.dir, EVENTS_FILE)))) return false;
  try {
    validateYodaOutput(out, opts.analyses);
  } catch {
    return false;
  }
  const finishedAt = statSync(out).mtime.toISOString();
  writeStatus(run.dir, { state: 'done', attempts, ...(startedAt ? { startedAt } : {}), finishedAt });
  logLine(run.dir, 'output was complete when the previous campaign process stopped; counted as done');
  return true;
}

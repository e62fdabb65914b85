/**
 * One attempt at one run, with its bookkeeping on disk: status.json says
 * `running` while it goes, then `done`, `pending` (a retry is left) or `failed`
 * (with the reason); run.log gets a header per attempt and the outcome. Used
 * alike by the local pool and by `mctune run-one` on a batch node, so a run
 * reads the same whichever engine ran it.
 */
import { closeSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readStatus, writeStatus, yodaOutputs, type CampaignConfig, type RunDir, type RunStatus } from '../campaign/index.js';
import type { BuiltinResult } from './builtin-run.js';
import { runCommand } from './command-run.js';
import { asRunFailure, RunFailure, type FailureKind } from './failure.js';
import { builtinJob, LOG_FILE, OUTPUT_FILE, runIndex, runSeed, type BuiltinJob } from './job.js';
import { settleEvents } from './keep-events.js';
import { lockRun, LockHeldError } from './lock.js';
import { removePartials } from './partials.js';
import { logLine } from './run-log.js';
import { validateYodaOutput, type HepMCRunResult } from './validate.js';

/** Where the CPU-heavy parts run: in this thread, or in a worker pool. */
export interface Executor {
  builtin(job: BuiltinJob, signal: AbortSignal, onProgress: (events: number) => void): Promise<BuiltinResult>;
  /** Analyses a HepMC3 file into the run's YODA. */
  hepmc(file: string, analyses: readonly string[], runDir: string, signal: AbortSignal): Promise<HepMCRunResult>;
}

export type AttemptOutcome =
  | { readonly state: 'done'; readonly events: number; readonly seconds: number; readonly warnings: readonly string[] }
  | { readonly state: 'pending' | 'failed' | 'interrupted'; readonly kind: FailureKind; readonly reason: string };

export interface AttemptOptions {
  /** Stops the attempt; the run goes back to pending with this attempt not counted. */
  readonly signal?: AbortSignal;
  /** Events done so far in this attempt (built-in generator only). */
  readonly onProgress?: (events: number) => void;
}

export function maxAttempts(config: CampaignConfig): number {
  return 1 + config.retries;
}

/**
 * One attempt at a run, under the run's own lock: a second process asked to
 * execute the same run (a stray `run-one`) is refused and changes nothing.
 */
export async function attemptRun(config: CampaignConfig, run: RunDir, exec: Executor, opts: AttemptOptions = {}): Promise<AttemptOutcome> {
  let unlock: () => void;
  try {
    unlock = lockRun(run.dir);
  } catch (e) {
    if (e instanceof LockHeldError) return { state: 'interrupted', kind: 'locked', reason: e.message };
    throw e;
  }
  try {
    // Another process may have finished the run between the caller's look at it and the lock.
    return settledMeanwhile(run) ?? (await lockedAttempt(config, run, exec, opts));
  } finally {
    unlock();
  }
}

/** The outcome of a run that is already done or failed for good, or undefined when it is to be attempted. */
function settledMeanwhile(run: RunDir): AttemptOutcome | undefined {
  const st = readStatus(run.dir);
  if (st?.state === 'done' && yodaOutputs(run.dir).length > 0) return { state: 'done', events: st.events ?? 0, seconds: st.seconds ?? 0, warnings: st.warnings ?? [] };
  if (st?.state === 'failed') return { state: 'failed', kind: 'error', reason: st.reason ?? 'no reason recorded' };
  return undefined;
}

async function lockedAttempt(config: CampaignConfig, run: RunDir, exec: Executor, opts: AttemptOptions): Promise<AttemptOutcome> {
  const before = readStatus(run.dir) ?? { state: 'pending', attempts: 0 };
  const attempts = before.attempts + 1;
  const startedAt = new Date().toISOString();
  const g = config.generator;
  // Logged before the status says running, so a restart's "stopped during this attempt" always follows a header.
  logLine(run.dir, `attempt ${attempts} of ${maxAttempts(config)}: ${g.kind === 'builtin' ? `built-in generator, ${config.events} events` : 'external generator'}`);
  writeStatus(run.dir, { state: 'running', attempts, startedAt });
  const t0 = performance.now();
  const stop = new AbortController();
  // An object, not a let: set from the timer's callback.
  const timeout = { fired: false };
  const timer = setTimeout(() => {
    timeout.fired = true;
    stop.abort();
  }, g.timeout * 1000);
  const onUserStop = () => stop.abort();
  opts.signal?.addEventListener('abort', onUserStop, { once: true });
  if (opts.signal?.aborted) stop.abort();
  const logStart = logSize(run.dir);
  try {
    const { events, unfilled } = await produceOutput(config, run, exec, stop.signal, opts, (pid) => writeStatus(run.dir, { state: 'running', attempts, startedAt, pid, host: hostname() }));
    const seconds = (performance.now() - t0) / 1000;
    const warnings = unfilled.length ? [`${unfilled.length} histograms have no entries: ${unfilled.join(', ')}`] : [];
    writeStatus(run.dir, { state: 'done', attempts, startedAt, finishedAt: new Date().toISOString(), events, seconds, ...(warnings.length ? { warnings } : {}) });
    for (const w of warnings) logLine(run.dir, `warning: ${w}`);
    logLine(run.dir, `done: ${events} events in ${seconds.toFixed(1)} s`);
    return { state: 'done', events, seconds, warnings };
  } catch (e) {
    const f = timeout.fired ? new RunFailure('timeout', `timed out after ${g.timeout} s`) : asRunFailure(e);
    removePartials(run.dir);
    // Written before a later step failed (e.g. keeping the events): a run that is not done has no result.
    rmSync(join(run.dir, OUTPUT_FILE), { force: true });
    return settleFailure(config, run, withOutputTail(f, run.dir, logStart, g.kind), { attempts, startedAt, ...(before.reason ? { reason: before.reason } : {}) });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onUserStop);
  }
}

/** Runs the generator (and, for HepMC3, the analyses) and leaves the run's checked YODA in place. */
async function produceOutput(config: CampaignConfig, run: RunDir, exec: Executor, signal: AbortSignal, opts: AttemptOptions, onStart: (pid: number) => void): Promise<{ events: number; unfilled: readonly string[] }> {
  const g = config.generator;
  if (g.kind === 'builtin') return exec.builtin(builtinJob(config, run), signal, opts.onProgress ?? (() => undefined));
  const seed = runSeed(config.seed, runIndex(run));
  // The command enforces its own timeout so it can kill the generator's whole process group.
  const out = await runCommand(g, { dir: run.dir, seed, events: config.events }, join(run.dir, LOG_FILE), signal, onStart);
  if (g.output === 'yoda') {
    const check = validateYodaOutput(out, config.analyses);
    renameSync(out, join(run.dir, OUTPUT_FILE));
    return { events: config.events, ...check };
  }
  const result = await exec.hepmc(out, config.analyses, run.dir, signal);
  await settleEvents(config, out, run.dir, signal);
  return result;
}

const TAIL_MARK = "; generator's last output: ";

/**
 * The same failure of the generator itself: the same message and the same
 * last output but for numbers (counters, times, addresses). Only failures that
 * quote the generator's output qualify; a timeout or a disk error may pass.
 */
function sameFailure(a: string, b: string): boolean {
  const x = splitTail(a);
  const y = splitTail(b);
  if (!x || !y) return false;
  return x.head === y.head && x.tail.replace(/\d+/g, '#') === y.tail.replace(/\d+/g, '#');
}

function splitTail(reason: string): { head: string; tail: string } | undefined {
  const i = reason.indexOf(TAIL_MARK);
  return i < 0 ? undefined : { head: reason.slice(0, i), tail: reason.slice(i + TAIL_MARK.length) };
}

/** Lines of generator output quoted in a failure's reason: enough for its own error message, short enough for a table. */
const TAIL_LINES = 4;
const TAIL_CHARS = 400;
/** Bytes of the log read for them. */
const TAIL_BYTES = 64 * 1024;

function logSize(runDir: string): number {
  return statSync(join(runDir, LOG_FILE), { throwIfNoEntry: false })?.size ?? 0;
}

/**
 * An external generator's failure with the last lines it printed in this
 * attempt (stdout and stderr, as they went to run.log; mctune's own lines
 * left out), since its own message usually says why, e.g. Pythia's "Abort from ...".
 */
function withOutputTail(f: RunFailure, runDir: string, from: number, generator: 'builtin' | 'command'): RunFailure {
  // Only where the generator itself failed: its last words say why. A bad output is described by mctune's own check.
  if (generator !== 'command' || (f.kind !== 'exit' && f.kind !== 'no-output')) return f;
  const tail = readLogTail(join(runDir, LOG_FILE), from);
  return tail ? new RunFailure(f.kind, `${f.message}${TAIL_MARK}${tail}`) : f;
}

function readLogTail(file: string, from: number): string {
  let text: string;
  try {
    text = readFileEnd(file, from, TAIL_BYTES);
  } catch {
    return '';
  }
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^\[[^\]]+\] mctune: /.test(l));
  const tail = lines.slice(-TAIL_LINES).join(' | ');
  return tail.length > TAIL_CHARS ? `…${tail.slice(-TAIL_CHARS)}` : tail;
}

/** At most the last `max` bytes of a file from offset `from` on: a verbose generator's log can be gigabytes. */
function readFileEnd(file: string, from: number, max: number): string {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const start = Math.max(from, size - max);
    const buf = Buffer.alloc(Math.max(0, size - start));
    const n = readSync(fd, buf, 0, buf.length, start);
    return buf.toString('utf8', 0, n);
  } finally {
    closeSync(fd);
  }
}

function settleFailure(config: CampaignConfig, run: RunDir, f: RunFailure, st: Pick<RunStatus, 'attempts' | 'startedAt' | 'reason'>): AttemptOutcome {
  const finishedAt = new Date().toISOString();
  if (f.kind === 'interrupted') {
    // The user stopped the campaign: not the run's fault, so the attempt does not count.
    writeStatus(run.dir, { state: 'pending', attempts: st.attempts - 1 });
    logLine(run.dir, `interrupted; the run is pending again`);
    return { state: 'interrupted', kind: f.kind, reason: f.message };
  }
  // A failure that repeats word for word is deterministic: more attempts would only repeat it.
  const repeated = st.reason !== undefined && sameFailure(st.reason, f.message);
  const last = repeated || st.attempts >= maxAttempts(config);
  const reason = repeated && st.attempts < maxAttempts(config) ? `${f.message} (the same in two attempts in a row; not retried)` : f.message;
  writeStatus(run.dir, { state: last ? 'failed' : 'pending', attempts: st.attempts, reason, startedAt: st.startedAt, finishedAt });
  logLine(run.dir, `failed: ${reason}${last ? '' : '; will retry'}`);
  return { state: last ? 'failed' : 'pending', kind: f.kind, reason };
}

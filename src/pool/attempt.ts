/**
 * One attempt at one run, with its bookkeeping on disk: status.json says
 * `running` while it goes, then `done`, `pending` (a retry is left) or `failed`
 * (with the reason); run.log gets a header per attempt and the outcome. Used
 * alike by the local pool and by `mctune run-one` on a batch node, so a run
 * reads the same whichever engine ran it.
 */
import { appendFileSync, renameSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readStatus, writeStatus, type CampaignConfig, type RunDir, type RunStatus } from '../campaign/index.js';
import type { BuiltinResult } from './builtin-run.js';
import { runCommand } from './command-run.js';
import { asRunFailure, RunFailure, type FailureKind } from './failure.js';
import { builtinJob, LOG_FILE, OUTPUT_FILE, runIndex, runSeed, type BuiltinJob } from './job.js';
import { settleEvents } from './keep-events.js';
import { removePartials } from './partials.js';
import { validateYodaOutput } from './validate.js';

/** Where the CPU-heavy parts run: in this thread, or in a worker pool. */
export interface Executor {
  builtin(job: BuiltinJob, signal: AbortSignal, onProgress: (events: number) => void): Promise<BuiltinResult>;
  /** Analyses a HepMC3 file into the run's YODA; resolves with the number of events. */
  hepmc(file: string, analyses: readonly string[], runDir: string, signal: AbortSignal): Promise<number>;
}

export type AttemptOutcome =
  | { readonly state: 'done'; readonly events: number; readonly seconds: number }
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

export function logLine(runDir: string, text: string): void {
  appendFileSync(join(runDir, LOG_FILE), `[${new Date().toISOString()}] mctune: ${text}\n`);
}

export async function attemptRun(config: CampaignConfig, run: RunDir, exec: Executor, opts: AttemptOptions = {}): Promise<AttemptOutcome> {
  const before = readStatus(run.dir) ?? { state: 'pending', attempts: 0 };
  const attempts = before.attempts + 1;
  const startedAt = new Date().toISOString();
  const g = config.generator;
  // Logged before the status says running, so a restart's "stopped during this attempt" always follows a header.
  logLine(run.dir, `attempt ${attempts} of ${maxAttempts(config)}: ${g.kind === 'builtin' ? `built-in generator, ${config.events} events` : g.command.join(' ')}`);
  writeStatus(run.dir, { state: 'running', attempts, startedAt });
  const t0 = performance.now();
  const stop = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.abort();
  }, g.timeout * 1000);
  const onUserStop = () => stop.abort();
  opts.signal?.addEventListener('abort', onUserStop, { once: true });
  if (opts.signal?.aborted) stop.abort();
  try {
    let events: number;
    if (g.kind === 'builtin') {
      events = (await exec.builtin(builtinJob(config, run), stop.signal, opts.onProgress ?? (() => undefined))).events;
    } else {
      const seed = runSeed(config.seed, runIndex(run));
      // The command enforces its own timeout so it can kill the generator's whole process group.
      const onStart = (pid: number) => writeStatus(run.dir, { state: 'running', attempts, startedAt, pid, host: hostname() });
      const out = await runCommand(g, { dir: run.dir, seed, events: config.events }, join(run.dir, LOG_FILE), opts.signal, onStart);
      if (g.output === 'yoda') {
        validateYodaOutput(out, config.analyses);
        renameSync(out, join(run.dir, OUTPUT_FILE));
        events = config.events;
      } else {
        events = await exec.hepmc(out, config.analyses, run.dir, stop.signal);
        await settleEvents(config, out, run.dir, stop.signal);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    writeStatus(run.dir, { state: 'done', attempts, startedAt, finishedAt: new Date().toISOString(), events, seconds });
    logLine(run.dir, `done: ${events} events in ${seconds.toFixed(1)} s`);
    return { state: 'done', events, seconds };
  } catch (e) {
    const f = timedOut ? new RunFailure('timeout', `timed out after ${g.timeout} s`) : asRunFailure(e);
    removePartials(run.dir);
    return settleFailure(config, run, f, { attempts, startedAt });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onUserStop);
  }
}

function settleFailure(config: CampaignConfig, run: RunDir, f: RunFailure, st: Pick<RunStatus, 'attempts' | 'startedAt'>): AttemptOutcome {
  const finishedAt = new Date().toISOString();
  if (f.kind === 'interrupted') {
    // The user stopped the campaign: not the run's fault, so the attempt does not count.
    writeStatus(run.dir, { state: 'pending', attempts: st.attempts - 1 });
    logLine(run.dir, `interrupted; the run is pending again`);
    return { state: 'interrupted', kind: f.kind, reason: f.message };
  }
  const last = st.attempts >= maxAttempts(config);
  writeStatus(run.dir, { state: last ? 'failed' : 'pending', attempts: st.attempts, reason: f.message, startedAt: st.startedAt, finishedAt });
  logLine(run.dir, `failed: ${f.message}${last ? '' : '; will retry'}`);
  return { state: last ? 'failed' : 'pending', kind: f.kind, reason: f.message };
}

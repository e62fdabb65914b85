/**
 * The Slurm engine: pending runs go out as one job array per round, each task
 * running `mctune run-one` on its run directory. The run directories are the
 * truth about what finished (every task writes its run's status.json); the
 * queue is polled only to know when a round is over, and `sacct` (when the
 * cluster keeps accounting) only to explain tasks that died without a word.
 * Runs that failed but have attempts left go into the next round.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parameterNames, readStatus, writeStatus, type CampaignConfig, type InvalidRun, type RunDir } from '../campaign/index.js';
import { writeFileAtomicSync } from '../fsutil/index.js';
import { maxAttempts, type AttemptOutcome } from './attempt.js';
import { keepsEvents } from './keep-events.js';
import { logLine } from './run-log.js';
import type { CampaignEvent, CampaignResult } from './events.js';
import type { RunOptions } from './local-engine.js';
import { clearRunLock, lockCampaign } from './lock.js';
import { removePartials } from './partials.js';
import { recoverCampaign } from './recover.js';
import { writeCampaignPointer } from './run-one.js';
import { arrayScript } from './slurm-script.js';

const run = promisify(execFile);

export interface SlurmOptions extends Omit<RunOptions, 'workers'> {
  /** Seconds between queue polls (default 5). */
  readonly pollSeconds?: number;
  /** At most this many array tasks at once. */
  readonly maxParallel?: number;
  /** Extra `#SBATCH` lines, e.g. `--partition=short`. */
  readonly sbatchOptions?: readonly string[];
  /** How a batch node starts mctune (default: this Node.js and this package's bin/mctune.js). */
  readonly mctune?: readonly string[];
}

export const SLURM_DIR = 'slurm';

/** The command that runs this very mctune on a node sharing the file system. */
export function defaultMctuneCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../bin/mctune.js', import.meta.url))];
}

async function slurm(cmd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { maxBuffer: 16 * 2 ** 20 });
    return stdout;
  } catch (e) {
    const err = e as Error & { stderr?: string; code?: unknown };
    if (err.code === 'ENOENT') throw new Error(`${cmd}: not found; is Slurm installed here (see scripts/slurm-local.sh)?`, { cause: e });
    throw new Error(`${cmd} ${args.join(' ')}: ${(err.stderr ?? err.message).trim()}`, { cause: e });
  }
}

/** Tasks of the job still queued or running; an unknown job (purged after finishing) has none. */
async function activeTasks(jobId: string): Promise<number> {
  try {
    const out = await slurm('squeue', ['-h', '-r', '-j', jobId, '-o', '%T']);
    return out.split('\n').filter((l) => /^(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED|REQUEUED|RESIZING|SIGNALING|STAGE_OUT)/.test(l.trim())).length;
  } catch (e) {
    if (/Invalid job id/i.test((e as Error).message)) return 0;
    throw e;
  }
}

/**
 * Final Slurm state per array task index. The controller keeps finished tasks
 * for a few minutes (MinJobAge), visible with `squeue -t all`; after that only
 * accounting (`sacct`, where the cluster has it) knows. Empty when neither does.
 */
async function taskStates(jobId: string): Promise<Map<number, string>> {
  const states = new Map<number, string>();
  try {
    const out = await slurm('squeue', ['-h', '-r', '-t', 'all', '-j', jobId, '-o', '%K|%T|%r']);
    for (const line of out.split('\n')) {
      const [task, state, reason] = line.trim().split('|');
      if (task && /^\d+$/.test(task) && state) states.set(Number(task), reason && reason !== 'None' ? `${state} (${reason})` : state);
    }
  } catch {
    // Purged already: try accounting.
  }
  if (states.size > 0) return states;
  try {
    const out = await slurm('sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'JobID,State,ExitCode']);
    for (const line of out.split('\n')) {
      // JobID|State|ExitCode, the JobID of an array task ending in _<index>.
      const m = /^[^|]*_(\d+)\|([^|]+)\|([^|]*)$/.exec(line.trim());
      if (m) states.set(Number(m[1]), `${m[2].trim()} (exit ${m[3] || '?'})`);
    }
  } catch {
    // No accounting storage: the run directories alone tell what happened.
  }
  return states;
}

const sleep = (s: number, signal?: AbortSignal) =>
  new Promise<void>((res) => {
    const t = setTimeout(res, s * 1000);
    signal?.addEventListener('abort', () => { clearTimeout(t); res(); }, { once: true });
  });

/** One run of a round, with its attempt count before the round: a status with more attempts is this round's. */
interface RoundRun {
  readonly run: RunDir;
  readonly attemptsBefore: number;
}

interface Round {
  readonly jobId: string;
  readonly runs: readonly RoundRun[];
  /** Runs whose status this round's task has settled, and that have been reported. */
  readonly reported: Set<string>;
}

/** What the rounds have settled so far, and the runs for the next round. */
class Tally {
  readonly done: string[] = [];
  readonly failed: { name: string; reason: string }[] = [];
  events = 0;
  queue: RunDir[] = [];
  /** Runs never submitted: their params.dat is missing, unreadable or not the campaign's. */
  invalid: readonly InvalidRun[] = [];
  /** Runs another live process is executing. */
  busy: readonly string[] = [];

  constructor(
    private readonly config: CampaignConfig,
    private readonly emit: (e: CampaignEvent) => void,
  ) {}

  settle(run: RunDir, outcome: AttemptOutcome): void {
    this.emit({ type: 'finished', run: run.name, outcome });
    if (outcome.state === 'done') {
      this.done.push(run.name);
      this.events += outcome.events;
    } else if (outcome.state === 'failed') this.failed.push({ name: run.name, reason: outcome.reason });
    else this.queue.push(run);
  }

  /** Reports the runs whose task has written a final status since the round began. */
  reportSettled(round: Round): void {
    for (const { run, attemptsBefore } of round.runs) {
      if (round.reported.has(run.name)) continue;
      const st = readStatus(run.dir);
      if (!st || st.attempts <= attemptsBefore) continue;
      if (st.state !== 'done' && st.state !== 'failed' && st.state !== 'pending') continue;
      round.reported.add(run.name);
      const events = st.events ?? this.config.events;
      this.settle(run, st.state === 'done'
        ? { state: 'done', events, seconds: st.seconds ?? 0, warnings: st.warnings ?? [] }
        : { state: st.state, kind: 'exit', reason: st.reason ?? 'no reason recorded' });
    }
  }
}

/** Writes the round's array script and submits it. */
async function submitRound(config: CampaignConfig, dir: string, batch: readonly RunDir[], round: number, opts: SlurmOptions): Promise<Round & { script: string }> {
  const slurmDir = join(dir, SLURM_DIR);
  const script = join(slurmDir, `round-${round}-${Date.now()}.sh`);
  writeFileAtomicSync(
    script,
    arrayScript({
      jobName: `mctune-${config.name}`,
      runDirs: batch.map((r) => r.dir),
      mctune: opts.mctune ?? defaultMctuneCommand(),
      campaignFile: config.file,
      minutes: config.generator.timeout / 60 + 5,
      ...(opts.maxParallel ? { maxParallel: opts.maxParallel } : {}),
      ...(opts.sbatchOptions ? { sbatchOptions: opts.sbatchOptions } : {}),
    }),
  );
  const runs = batch.map((run) => ({ run, attemptsBefore: readStatus(run.dir)?.attempts ?? 0 }));
  const jobId = (await slurm('sbatch', ['--parsable', `--chdir=${dir}`, `--output=${join(slurmDir, '%A_%a.out')}`, script])).trim().split(';')[0];
  return { jobId, runs, reported: new Set(), script };
}

/** Polls until the round's tasks have left the queue, reporting runs as they settle; true when stopped. */
async function awaitRound(round: Round, tally: Tally, opts: SlurmOptions, emit: (e: CampaignEvent) => void): Promise<boolean> {
  while ((await activeTasks(round.jobId)) > 0) {
    if (opts.signal?.aborted) {
      emit({ type: 'stopping', inFlight: round.runs.length - round.reported.size });
      await slurm('scancel', [round.jobId]).catch(() => undefined);
      return true;
    }
    tally.reportSettled(round);
    await sleep(opts.pollSeconds ?? 5, opts.signal);
  }
  return false;
}

/**
 * Tasks that ended without settling their run: killed by Slurm, a node lost, mctune never started.
 * Each such end counts as an attempt, unless the campaign was stopped: then the run goes back to pending.
 */
async function settleLost(round: Round, tally: Tally, config: CampaignConfig, interrupted: boolean): Promise<void> {
  const { jobId } = round;
  const states = await taskStates(jobId);
  round.runs.forEach(({ run, attemptsBefore }, i) => {
    if (round.reported.has(run.name)) return;
    const st = readStatus(run.dir) ?? { state: 'pending', attempts: 0 };
    removePartials(run.dir);
    // The task has left the queue: whatever lock it held is stale, even if its node is gone for good.
    clearRunLock(run.dir);
    if (interrupted) {
      writeStatus(run.dir, { state: 'pending', attempts: attemptsBefore });
      tally.queue.push(run);
      return;
    }
    const attempts = Math.max(st.attempts, attemptsBefore + 1);
    const state = states.get(i);
    const reason = `batch task ${jobId}_${i} ended without finishing the run${state !== undefined ? `: ${state}` : ''} (see ${SLURM_DIR}/${jobId}_${i}.out)`;
    const last = attempts >= maxAttempts(config);
    writeStatus(run.dir, { state: last ? 'failed' : 'pending', attempts, reason });
    logLine(run.dir, reason);
    tally.settle(run, { state: last ? 'failed' : 'pending', kind: 'error', reason });
  });
}

export async function runSlurm(config: CampaignConfig, campaignDir: string, opts: SlurmOptions = {}): Promise<CampaignResult> {
  const t0 = performance.now();
  const emit = opts.onEvent ?? (() => undefined);
  const dir = resolve(campaignDir);
  const release = lockCampaign(dir);
  const tally = new Tally(config, emit);
  let interrupted = false;
  try {
    writeCampaignPointer(dir, config.file);
    const rec = recoverCampaign(dir, { analyses: config.analyses, parameters: parameterNames(config), keepsEvents: keepsEvents(config), retryFailed: opts.retryFailed });
    emit({ type: 'start', engine: 'slurm', todo: rec.todo.length, done: rec.done, failed: rec.failed, slots: opts.maxParallel ?? rec.todo.length, eventsPerRun: config.events, resumed: rec.resumed, adopted: rec.adopted, invalid: rec.invalid, busy: rec.busy });
    tally.queue = rec.todo;
    tally.invalid = rec.invalid;
    tally.busy = rec.busy;
    mkdirSync(join(dir, SLURM_DIR), { recursive: true });
    for (let round = 1; tally.queue.length > 0 && !opts.signal?.aborted; round++) {
      const batch = tally.queue;
      tally.queue = [];
      const submitted = await submitRound(config, dir, batch, round, opts);
      emit({ type: 'submitted', jobId: submitted.jobId, runs: batch.map((r) => r.name), script: submitted.script });
      interrupted = await awaitRound(submitted, tally, opts, emit);
      tally.reportSettled(submitted);
      await settleLost(submitted, tally, config, interrupted);
    }
  } finally {
    release();
  }
  interrupted ||= opts.signal?.aborted ?? false;
  return { done: tally.done, failed: tally.failed, pending: [...tally.busy, ...tally.queue.map((r) => r.name)].sort(), interrupted, invalid: tally.invalid.map(({ name, reason }) => ({ name, reason })), events: tally.events, seconds: (performance.now() - t0) / 1000 };
}

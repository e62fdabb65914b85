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
import { readStatus, writeStatus, type CampaignConfig, type RunDir } from '../campaign/index.js';
import { writeFileAtomicSync } from '../fsutil/index.js';
import { logLine, maxAttempts } from './attempt.js';
import type { CampaignEvent, CampaignResult } from './events.js';
import type { RunOptions } from './local-engine.js';
import { lockCampaign } from './lock.js';
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
    if (err.code === 'ENOENT') throw new Error(`${cmd}: not found; is Slurm installed here (see scripts/slurm-local.sh)?`);
    throw new Error(`${cmd} ${args.join(' ')}: ${(err.stderr ?? err.message).trim()}`);
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
      const [id, state, exit] = line.split('|');
      const m = /_(\d+)$/.exec(id ?? '');
      if (m && state) states.set(Number(m[1]), `${state.trim()} (exit ${exit ?? '?'})`);
    }
  } catch {
    // No accounting storage: the run directories alone tell what happened.
  }
  return states;
}

const sleep = (s: number, signal?: AbortSignal) =>
  new Promise<void>((res) => {
    const t = setTimeout(res, s * 1000);
    signal?.addEventListener('abort', () => (clearTimeout(t), res()), { once: true });
  });

export async function runSlurm(config: CampaignConfig, campaignDir: string, opts: SlurmOptions = {}): Promise<CampaignResult> {
  const t0 = performance.now();
  const emit = opts.onEvent ?? (() => undefined);
  const dir = resolve(campaignDir);
  const release = lockCampaign(dir);
  const done: string[] = [];
  const failed: { name: string; reason: string }[] = [];
  let events = 0;
  let interrupted = false;
  let queue: RunDir[] = [];
  try {
    writeCampaignPointer(dir, config.file);
    const rec = recoverCampaign(dir, { analyses: config.analyses, retryFailed: opts.retryFailed });
    emit({ type: 'start', engine: 'slurm', todo: rec.todo.length, done: rec.done, failed: rec.failed, slots: opts.maxParallel ?? rec.todo.length, eventsPerRun: config.events, resumed: rec.resumed, adopted: rec.adopted });
    queue = rec.todo;
    const slurmDir = join(dir, SLURM_DIR);
    mkdirSync(slurmDir, { recursive: true });
    for (let round = 1; queue.length > 0 && !opts.signal?.aborted; round++) {
      const batch = queue;
      queue = [];
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
      const before = new Map(batch.map((r) => [r.name, readStatus(r.dir)?.attempts ?? 0]));
      const jobId = (await slurm('sbatch', ['--parsable', `--chdir=${dir}`, `--output=${join(slurmDir, '%A_%a.out')}`, script])).trim().split(';')[0];
      emit({ type: 'submitted', jobId, runs: batch.map((r) => r.name), script });
      const reported = new Set<string>();
      const report = () => {
        for (const r of batch) {
          if (reported.has(r.name)) continue;
          const st = readStatus(r.dir);
          if (!st || st.state === 'running' || (st.attempts ?? 0) <= before.get(r.name)!) continue;
          if (st.state !== 'done' && st.state !== 'failed' && st.state !== 'pending') continue;
          reported.add(r.name);
          if (st.state === 'done') {
            done.push(r.name);
            events += st.events ?? config.events;
            emit({ type: 'finished', run: r.name, outcome: { state: 'done', events: st.events ?? config.events, seconds: st.seconds ?? 0 } });
          } else {
            emit({ type: 'finished', run: r.name, outcome: { state: st.state, kind: 'exit', reason: st.reason ?? 'no reason recorded' } });
            if (st.state === 'failed') failed.push({ name: r.name, reason: st.reason ?? 'no reason recorded' });
            else queue.push(r);
          }
        }
      };
      while ((await activeTasks(jobId)) > 0) {
        if (opts.signal?.aborted) {
          emit({ type: 'stopping', inFlight: batch.length - reported.size });
          await slurm('scancel', [jobId]).catch(() => undefined);
          interrupted = true;
          break;
        }
        report();
        await sleep(opts.pollSeconds ?? 5, opts.signal);
      }
      report();
      // Tasks that ended without settling their run: killed by Slurm, a node lost, mctune never started.
      const states = await taskStates(jobId);
      batch.forEach((r, i) => {
        if (reported.has(r.name)) return;
        const st = readStatus(r.dir) ?? { state: 'pending', attempts: 0 };
        removePartials(r.dir);
        if (interrupted) {
          writeStatus(r.dir, { state: 'pending', attempts: before.get(r.name)! });
          queue.push(r);
          return;
        }
        const attempts = Math.max(st.attempts, before.get(r.name)! + 1);
        const reason = `batch task ${jobId}_${i} ended without finishing the run${states.has(i) ? `: ${states.get(i)}` : ''} (see ${SLURM_DIR}/${jobId}_${i}.out)`;
        const last = attempts >= maxAttempts(config);
        writeStatus(r.dir, { state: last ? 'failed' : 'pending', attempts, reason });
        logLine(r.dir, reason);
        emit({ type: 'finished', run: r.name, outcome: { state: last ? 'failed' : 'pending', kind: 'error', reason } });
        if (last) failed.push({ name: r.name, reason });
        else queue.push(r);
      });
    }
  } finally {
    release();
  }
  interrupted ||= opts.signal?.aborted ?? false;
  return { done, failed, pending: queue.map((r) => r.name), interrupted, events, seconds: (performance.now() - t0) / 1000 };
}

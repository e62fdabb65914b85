/**
 * The local engine: pending runs on a pool of worker threads (one per core by
 * default). A failing run is retried at the back of the queue until its
 * attempts are spent, then left failed with its reason while the others go on.
 * Stopping (the signal, e.g. Ctrl-C) returns runs in flight to pending.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { parameterNames, type CampaignConfig, type RunDir } from '../campaign/index.js';
import { attemptRun, type AttemptOutcome, type Executor } from './attempt.js';
import type { CampaignEvent, CampaignResult } from './events.js';
import { inProcess, workerPool, type WorkerPool } from './executors.js';
import { lockCampaign } from './lock.js';
import { recoverCampaign } from './recover.js';
import { keepsEvents } from './keep-events.js';

export interface RunOptions {
  /** Parallel runs (default: the machine's cores). */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: CampaignEvent) => void;
  /** Give runs that failed earlier a fresh set of attempts. */
  readonly retryFailed?: boolean;
}

export async function runLocal(config: CampaignConfig, campaignDir: string, opts: RunOptions = {}): Promise<CampaignResult> {
  const t0 = performance.now();
  const emit = opts.onEvent ?? (() => undefined);
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${workers}`);
  const release = lockCampaign(campaignDir);
  let pool: WorkerPool | undefined;
  try {
    const rec = recoverCampaign(campaignDir, { analyses: config.analyses, parameters: parameterNames(config), keepsEvents: keepsEvents(config), retryFailed: opts.retryFailed });
    emit({ type: 'start', engine: 'local', todo: rec.todo.length, done: rec.done, failed: rec.failed, slots: workers, eventsPerRun: config.events, resumed: rec.resumed, adopted: rec.adopted, invalid: rec.invalid, busy: rec.busy });
    const g = config.generator;
    // Runs of a command generator writing YODA need no CPU here; everything else runs in workers.
    const needPool = rec.todo.length > 0 && (g.kind === 'builtin' || g.output === 'hepmc');
    pool = needPool ? workerPool(workers) : undefined;
    const exec: Executor = pool?.executor ?? inProcess;
    const result = await schedule(config, rec.todo, exec, workers, opts.signal, emit);
    return { ...result, pending: [...rec.busy, ...result.pending].sort(), invalid: rec.invalid.map(({ name, reason }) => ({ name, reason })), seconds: (performance.now() - t0) / 1000 };
  } finally {
    await pool?.destroy();
    release();
  }
}

async function schedule(config: CampaignConfig, todo: readonly RunDir[], exec: Executor, slots: number, signal: AbortSignal | undefined, emit: (e: CampaignEvent) => void): Promise<Omit<CampaignResult, 'seconds' | 'invalid'>> {
  const queue = [...todo];
  const running = new Map<string, Promise<void>>();
  const done: string[] = [];
  const failed: { name: string; reason: string }[] = [];
  const pending: string[] = [];
  let events = 0;
  const onStop = () => emit({ type: 'stopping', inFlight: running.size });
  // Each attempt in flight listens for the stop too: that many listeners is by design.
  if (signal) setMaxListeners(Math.max(getMaxListeners(signal), 2 * slots + 2), signal);
  signal?.addEventListener('abort', onStop, { once: true });
  const settle = (run: RunDir, outcome: AttemptOutcome) => {
    emit({ type: 'finished', run: run.name, outcome });
    if (outcome.state === 'done') {
      done.push(run.name);
      events += outcome.events;
    } else if (outcome.state === 'failed') failed.push({ name: run.name, reason: outcome.reason });
    else if (outcome.state === 'pending' && !signal?.aborted) queue.push(run);
    else pending.push(run.name);
  };
  try {
    while (queue.length > 0 || running.size > 0) {
      while (!signal?.aborted && running.size < slots) {
        const run = queue.shift();
        if (!run) break;
        emit({ type: 'attempt', run: run.name });
        const p = attemptRun(config, run, exec, { signal, onProgress: (n) => emit({ type: 'progress', run: run.name, events: n }) })
          // Bookkeeping that cannot be written (a full disk) fails this run, not the runs in flight beside it.
          .catch((e: unknown): AttemptOutcome => ({ state: 'failed', kind: 'error', reason: e instanceof Error ? e.message : String(e) }))
          .then((o) => settle(run, o))
          .finally(() => running.delete(run.name));
        running.set(run.name, p);
      }
      if (signal?.aborted) pending.push(...queue.splice(0).map((r) => r.name));
      if (running.size > 0) await Promise.race(running.values());
    }
  } finally {
    signal?.removeEventListener('abort', onStop);
  }
  return { done, failed, pending, interrupted: signal?.aborted ?? false, events };
}

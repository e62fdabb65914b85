/** The two places a run's CPU work can happen: this thread, or a piscina worker pool. */
import { setMaxListeners } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { compiledWorkerFile } from '../fsutil/index.js';
import type { Executor } from './attempt.js';
import { chunksOf, runBuiltin, writeBuiltinOutput, type BuiltinResult, type ChunkJob, type ChunkResult } from './builtin-run.js';
import type { BuiltinJob } from './job.js';
import { analyseHepMCOutput, type HepMCRunResult } from './validate.js';
import type { WorkerTask } from './worker.js';

/** Runs everything in the calling thread (for `mctune run-one`, where the batch system does the parallelism). */
export const inProcess: Executor = {
  builtin: (job, signal, onProgress) => runBuiltin(job, onProgress, signal),
  hepmc: (file, analyses, runDir) => analyseHepMCOutput(file, analyses, runDir),
};

function workerFile(): string {
  const file = compiledWorkerFile(import.meta.url, 'pool/worker.js');
  if (!file) throw new Error("worker script 'pool/worker.js' not found beside the module or in the build; run 'npm run build' first");
  return file;
}

export interface WorkerPool {
  readonly executor: Executor;
  readonly threads: number;
  destroy(): Promise<void>;
}

/** How a task reaches a worker thread: piscina's `run`, or a stand-in in tests. */
export type TaskRunner = (task: WorkerTask, options: { transferList?: MessagePort[]; signal: AbortSignal }) => Promise<ChunkResult | HepMCRunResult>;

/** A pool of `threads` worker threads; an aborted task ends its thread and piscina starts a fresh one. */
export function workerPool(threads: number): WorkerPool {
  const pool = new Piscina<WorkerTask, ChunkResult | HepMCRunResult>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  const runTask: TaskRunner = (task, options) => pool.run(task, options);
  const executor: Executor = {
    builtin: (job, signal, onProgress) => builtinOnPool(runTask, job, signal, onProgress),
    async hepmc(file, analyses, runDir, signal) {
      return (await runTask({ kind: 'hepmc', file, analyses, runDir }, { signal })) as HepMCRunResult;
    },
  };
  return { executor, threads, destroy: () => pool.destroy() };
}

/** A built-in run as chunks spread over the pool, merged in order. */
export async function builtinOnPool(runTask: TaskRunner, job: BuiltinJob, signal: AbortSignal, onProgress: (events: number) => void): Promise<BuiltinResult> {
  const chunks = chunksOf(job);
  const done = new Float64Array(chunks.length);
  const report = () => onProgress(done.reduce((a, b) => a + b, 0));
  // One chunk failing stops its siblings.
  const stop = new AbortController();
  // Every queued chunk listens on this signal; that many listeners is by design, not a leak.
  setMaxListeners(chunks.length + 1, stop.signal);
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const results = await Promise.all(
      chunks.map(async (chunk, c) => {
        const result = await runChunkTask(runTask, chunk, stop, (n) => {
          done[c] = n;
          report();
        });
        // The count comes with the result: progress messages still in flight on the port are dropped with it.
        done[c] = result.events;
        report();
        return result;
      }),
    );
    return await writeBuiltinOutput(job, results);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** One chunk on the pool; `onProgress` hears the worker's counts until the chunk settles, never after. */
async function runChunkTask(runTask: TaskRunner, chunk: ChunkJob, stop: AbortController, onProgress: (events: number) => void): Promise<ChunkResult> {
  const { port1, port2 } = new MessageChannel();
  let settled = false;
  port1.on('message', (n: number) => {
    if (!settled) onProgress(n);
  });
  try {
    return (await runTask({ kind: 'chunk', chunk, port: port2 }, { transferList: [port2], signal: stop.signal })) as ChunkResult;
  } catch (e) {
    stop.abort();
    throw e;
  } finally {
    settled = true;
    port1.close();
  }
}

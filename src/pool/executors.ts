/** The two places a run's CPU work can happen: this thread, or a piscina worker pool. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Executor } from './attempt.js';
import { runBuiltin, type BuiltinResult } from './builtin-run.js';
import { analyseHepMCOutput } from './validate.js';
import type { WorkerTask } from './worker.js';

/** Runs everything in the calling thread (for `mctune run-one`, where the batch system does the parallelism). */
export const inProcess: Executor = {
  builtin: (job, signal, onProgress) => runBuiltin(job, onProgress, signal),
  hepmc: (file, analyses, runDir) => analyseHepMCOutput(file, analyses, runDir),
};

/**
 * The compiled worker beside this module; when this module runs from the
 * TypeScript sources (tests, benchmarks) the build's copy is used, since a
 * worker thread cannot load TypeScript.
 */
function workerFile(): string {
  const beside = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../dist/pool/worker.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`worker script not found (looked for ${beside} and ${built}); run 'npm run build' first`);
}

export interface WorkerPool {
  readonly executor: Executor;
  readonly threads: number;
  destroy(): Promise<void>;
}

/** A pool of `threads` worker threads; an aborted task ends its thread and piscina starts a fresh one. */
export function workerPool(threads: number): WorkerPool {
  const pool = new Piscina<WorkerTask, BuiltinResult | number>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  const executor: Executor = {
    async builtin(job, signal, onProgress) {
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (n: number) => onProgress(n));
      try {
        return (await pool.run({ kind: 'builtin', job, port: port2 }, { transferList: [port2], signal })) as BuiltinResult;
      } finally {
        port1.close();
      }
    },
    async hepmc(file, analyses, runDir, signal) {
      return (await pool.run({ kind: 'hepmc', file, analyses, runDir }, { signal })) as number;
    },
  };
  return { executor, threads, destroy: () => pool.destroy() };
}

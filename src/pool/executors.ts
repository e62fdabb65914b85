/** The two places a run's CPU work can happen: this thread, or a piscina worker pool. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Executor } from './attempt.js';
import { chunksOf, runBuiltin, writeBuiltinOutput, type ChunkResult } from './builtin-run.js';
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
  const pool = new Piscina<WorkerTask, ChunkResult | number>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  const executor: Executor = {
    async builtin(job, signal, onProgress) {
      const chunks = chunksOf(job);
      const done = new Float64Array(chunks.length);
      // One chunk failing stops its siblings.
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const results = await Promise.all(
          chunks.map(async (chunk, c) => {
            const { port1, port2 } = new MessageChannel();
            port1.on('message', (n: number) => {
              done[c] = n;
              onProgress(done.reduce((a, b) => a + b, 0));
            });
            try {
              return (await pool.run({ kind: 'chunk', chunk, port: port2 }, { transferList: [port2], signal: stop.signal })) as ChunkResult;
            } catch (e) {
              stop.abort();
              throw e;
            } finally {
              port1.close();
            }
          }),
        );
        return await writeBuiltinOutput(job, results);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
    async hepmc(file, analyses, runDir, signal) {
      return (await pool.run({ kind: 'hepmc', file, analyses, runDir }, { signal })) as number;
    },
  };
  return { executor, threads, destroy: () => pool.destroy() };
}

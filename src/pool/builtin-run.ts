/** One run of the built-in generator: generate, analyse, write the run's YODA atomically. */
import { join } from 'node:path';
import { AnalysisRun, analyseGenerated, loadAnalysis, resultObjects } from '../analyses/index.js';
import { Generator } from '../generator/index.js';
import { writeYodaFile } from '../yoda/index.js';
import { OUTPUT_FILE, type BuiltinJob } from './job.js';

/** Events between progress reports and stop checks (about 40 ms of work). */
const YIELD_EVERY = 500;

export interface BuiltinResult {
  readonly events: number;
  /** Events regenerated after a string could not close. */
  readonly vetoed: number;
  /** Seconds spent generating and analysing (excludes thread start-up and dispatch). */
  readonly seconds: number;
}

/**
 * `onProgress` gets the number of events done so far. `signal` is checked
 * between batches of events, so an in-process run can be stopped; in the worker
 * pool a stop ends the whole thread instead.
 */
export async function runBuiltin(job: BuiltinJob, onProgress?: (events: number) => void, signal?: AbortSignal): Promise<BuiltinResult> {
  const t0 = performance.now();
  const gen = new Generator({ settings: { ...job.params }, seed: job.seed, stream: job.stream });
  const runs = job.analyses.map((a) => new AnalysisRun(loadAnalysis(a)));
  let n = 0;
  await analyseGenerated(gen, job.events, runs, {
    progressEvery: YIELD_EVERY,
    // Generation never waits on anything, so let timers and signal handlers in now and then.
    onEvent: signal ? () => (++n % YIELD_EVERY === 0 ? new Promise<void>((r) => setImmediate(r)) : undefined) : undefined,
    onProgress: (p) => {
      signal?.throwIfAborted();
      onProgress?.(p.done);
    },
  });
  await writeYodaFile(join(job.runDir, OUTPUT_FILE), resultObjects(runs, false));
  return { events: job.events, vetoed: gen.stats.vetoed, seconds: (performance.now() - t0) / 1000 };
}

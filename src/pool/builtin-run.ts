/**
 * Runs of the built-in generator, cut into chunks of a fixed number of events
 * with a random stream each, so a pool spreads even one long run over every
 * core and a campaign's last runs do not leave cores idle. The chunking does
 * not depend on the number of workers, and chunks are merged in their order,
 * so a run's output is the same bit for bit however it was executed.
 */
import { AnalysisRun, analyseGenerated, loadAnalysis, resultObjects, type AnalysisState } from '../analyses/index.js';
import { noiseFromHalves, writeRunNoise } from '../campaign/index.js';
import { Generator } from '../generator/index.js';
import { toEstimate1D, type AnyObject } from '../histo/index.js';
import { isBookkeeping } from '../reference/index.js';
import type { BuiltinJob } from './job.js';
import { writeRunOutput, type OutputCheck } from './validate.js';

/** Events per chunk: about half a second of one core, long enough that dispatch costs nothing. */
export const CHUNK_EVENTS = 5000;
/** Chunk c of a run uses stream runStream + c·2^20, so run streams (index + 1) must stay below 2^20. */
const CHUNK_STREAM_STRIDE = 2 ** 20;
const MAX_CHUNKS = 2 ** 12;

/** Events between progress reports and stop checks (about 40 ms of work). */
const YIELD_EVERY = 500;

export interface ChunkJob {
  readonly params: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly stream: number;
  readonly events: number;
  readonly analyses: readonly string[];
}

export interface ChunkResult {
  /** Events generated and analysed in this chunk. */
  readonly events: number;
  readonly states: readonly AnalysisState[];
  /** Events regenerated after a string could not close. */
  readonly vetoed: number;
}

export interface BuiltinResult extends OutputCheck {
  readonly events: number;
  readonly vetoed: number;
}

export function chunksOf(job: BuiltinJob): ChunkJob[] {
  if (job.stream >= CHUNK_STREAM_STRIDE) throw new Error(`run ${job.runName}: run numbers above ${CHUNK_STREAM_STRIDE - 2} are not supported`);
  const size = Math.max(CHUNK_EVENTS, Math.ceil(job.events / MAX_CHUNKS));
  const n = Math.ceil(job.events / size);
  return Array.from({ length: n }, (_, c) => ({
    params: job.params,
    seed: job.seed,
    stream: job.stream + c * CHUNK_STREAM_STRIDE,
    events: Math.min(size, job.events - c * size),
    analyses: job.analyses,
  }));
}

/**
 * `onProgress` gets the events done so far in this chunk. `signal` is checked
 * every few hundred events, which also lets timers and signal handlers run.
 */
export async function runChunk(chunk: ChunkJob, onProgress?: (events: number) => void, signal?: AbortSignal): Promise<ChunkResult> {
  const gen = new Generator({ settings: { ...chunk.params }, seed: chunk.seed, stream: chunk.stream });
  const runs = chunk.analyses.map((a) => new AnalysisRun(loadAnalysis(a)));
  let n = 0;
  await analyseGenerated(gen, chunk.events, runs, {
    progressEvery: YIELD_EVERY,
    // Generation never waits on anything, so let timers and signal handlers in now and then.
    onEvent: signal ? () => (++n % YIELD_EVERY === 0 ? new Promise<void>((r) => setImmediate(r)) : undefined) : undefined,
    onProgress: (p) => {
      signal?.throwIfAborted();
      onProgress?.(p.done);
    },
  });
  return { events: chunk.events, states: runs.map((r) => r.state()), vetoed: gen.stats.vetoed };
}

/**
 * Merges a run's chunks in order and writes its YODA atomically; before it,
 * when there are two chunks or more, one draw of the run's own noise from its
 * even and odd chunks as two independent halves (campaign/run-noise.ts).
 */
export async function writeBuiltinOutput(job: BuiltinJob, chunks: readonly ChunkResult[]): Promise<BuiltinResult> {
  if (chunks.length >= 2) {
    const half = (parity: number) => chunks.filter((_, c) => c % 2 === parity);
    const events = (h: readonly ChunkResult[]) => h.reduce((n, c) => n + c.events, 0);
    const [a, b] = [half(0), half(1)];
    writeRunNoise(job.runDir, noiseFromHalves(binValuesOf(mergedObjects(job, a)), binValuesOf(mergedObjects(job, b)), [events(a), events(b)]));
  }
  const check = await writeRunOutput(job.runDir, mergedObjects(job, chunks));
  return { events: job.events, vetoed: chunks.reduce((n, c) => n + c.vetoed, 0), ...check };
}

function mergedObjects(job: BuiltinJob, chunks: readonly ChunkResult[]): AnyObject[] {
  const runs = job.analyses.map((a) => new AnalysisRun(loadAnalysis(a)));
  for (const c of chunks) c.states.forEach((s, i) => runs[i].addState(s));
  return resultObjects(runs, false);
}

/** Values per MC path, as the ingest table holds them. */
function binValuesOf(objects: readonly AnyObject[]): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const o of objects) {
    if (o.isRef || isBookkeeping(o.path)) continue;
    const e = toEstimate1D(o);
    if (e) out.set(e.path, e.binValues());
  }
  return out;
}

/** A whole run in this thread, chunk after chunk. */
export async function runBuiltin(job: BuiltinJob, onProgress?: (events: number) => void, signal?: AbortSignal): Promise<BuiltinResult> {
  const results: ChunkResult[] = [];
  let before = 0;
  for (const chunk of chunksOf(job)) {
    results.push(await runChunk(chunk, onProgress ? (n) => onProgress(before + n) : undefined, signal));
    before += chunk.events;
  }
  return writeBuiltinOutput(job, results);
}

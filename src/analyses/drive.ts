/**
 * Running analyses over an event source: the built-in generator or a file.
 * Progress is reported through a callback so the command line, the worker
 * pool and scripts can each show it their own way.
 */
import { EventRecord } from '../event/index.js';
import type { AnalysisRun } from './analysis-run.js';

export interface Progress {
  readonly done: number;
  /** Events requested, or undefined when the source's length is unknown. */
  readonly total: number | undefined;
  /** Seconds since the start. */
  readonly elapsed: number;
}

export interface DriveOptions {
  /** Called about every `progressEvery` events and once at the end. */
  onProgress?: (p: Progress) => void;
  /** Default: 1000. */
  progressEvery?: number;
  /** Called with each event after the analyses have seen it (e.g. to write it out); awaited when it returns a promise. */
  onEvent?: (record: EventRecord) => void | Promise<void>;
}

/** Anything that fills a record with the next event. */
export interface EventProducer {
  next(record: EventRecord): void;
}

/** Generates `events` events and passes each to every analysis. */
export async function analyseGenerated(source: EventProducer, events: number, runs: readonly AnalysisRun[], opts: DriveOptions = {}): Promise<void> {
  const record = new EventRecord();
  const every = opts.progressEvery ?? 1000;
  const t0 = performance.now();
  for (let i = 0; i < events; i++) {
    source.next(record);
    for (const r of runs) r.analyze(record);
    const pending = opts.onEvent?.(record);
    if (pending) await pending;
    if (opts.onProgress && (i + 1) % every === 0) opts.onProgress({ done: i + 1, total: events, elapsed: (performance.now() - t0) / 1000 });
  }
  if (events % every !== 0) opts.onProgress?.({ done: events, total: events, elapsed: (performance.now() - t0) / 1000 });
}

/** Passes every event of an async stream (e.g. a HepMC3 file) to every analysis; returns the event count. */
export async function analyseStream(events: AsyncIterable<EventRecord>, runs: readonly AnalysisRun[], opts: DriveOptions = {}): Promise<number> {
  const every = opts.progressEvery ?? 1000;
  const t0 = performance.now();
  let n = 0;
  for await (const record of events) {
    for (const r of runs) r.analyze(record);
    const pending = opts.onEvent?.(record);
    if (pending) await pending;
    n++;
    if (opts.onProgress && n % every === 0) opts.onProgress({ done: n, total: undefined, elapsed: (performance.now() - t0) / 1000 });
  }
  if (n % every !== 0 || n === 0) opts.onProgress?.({ done: n, total: undefined, elapsed: (performance.now() - t0) / 1000 });
  return n;
}

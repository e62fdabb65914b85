/**
 * The analyses (src/analyses) over an event sample with per-event weights:
 * reweighting is just another weight vector (as Rivet fans fills out over
 * weights), so the histograms of a reweighted sample come from the same code
 * that books and normalises the generator's own.
 *
 * An event sample holds the final state only (status 1, no beams, no decayed
 * hadrons; see README "Event samples"), so each event becomes a record of
 * status-1 particles: the analyses then take the beam momentum from their
 * definition, and identified-hadron spectra of species that decay (π0, K0S,
 * Λ, ρ, …) stay empty.
 */
import { AnalysisRun, loadAnalysis, type AnalysisDefinition } from '../analyses/index.js';
import { particle } from '../generator/index.js';
import { EventRecord, Status } from '../event/index.js';
import { readEventChunks, type EventChunk } from '../events-store/index.js';

/** Event i of `chunk` into `record` (cleared first) as status-1 particles, with event weight `weight`. */
export function recordFromChunk(chunk: EventChunk, i: number, record: EventRecord, weight: number): EventRecord {
  record.clear();
  for (let p = chunk.offsets[i]; p < chunk.offsets[i + 1]; p++) {
    const [px, py, pz, e] = [chunk.px[p], chunk.py[p], chunk.pz[p], chunk.E[p]];
    // The mass is not stored; analyses read momenta, but the record keeps one, so give the invariant one.
    const m = Math.sqrt(Math.max(0, e * e - px * px - py * py - pz * pz));
    record.push(chunk.pdgid[p], chunk.charge3[p], Status.final, -1, px, py, pz, e, m);
  }
  record.weight = weight;
  return record;
}

/** Analysis runs for names (shipped analyses or paths to .yaml files). */
export function analysisRuns(names: readonly string[]): AnalysisRun[] {
  return names.map((n) => new AnalysisRun(loadAnalysis(n)));
}

/**
 * Per-event weights of one chunk: called with the chunk and the index of its
 * first event in the sample; returns one weight per event of the chunk
 * (multiplied into the sample's own event weights).
 */
export type ChunkWeights = (chunk: EventChunk, firstEvent: number) => ArrayLike<number>;

/** A set of analysis runs filled with one weighting of the sample. */
export interface WeightedRuns {
  readonly runs: readonly AnalysisRun[];
  /** Undefined: the sample's own event weights only. */
  readonly weights?: ChunkWeights;
}

export interface AnalyseSampleOptions {
  /** Stop after this many events. Default: all. */
  readonly maxEvents?: number;
  /** Events per chunk read. Default 5000. */
  readonly chunkSize?: number;
  /** Called after each chunk with the events done so far. */
  readonly onChunk?: (eventsDone: number) => void;
}

/**
 * Fills every set of runs with the events of `file`, each set with its own
 * weights; returns the number of events. One pass over the file, one record
 * per event shared by all sets.
 */
export async function analyseSample(file: string, sets: readonly WeightedRuns[], options: AnalyseSampleOptions = {}): Promise<number> {
  const record = new EventRecord();
  const limit = options.maxEvents ?? Infinity;
  // Weights alone (no histograms asked for) need no event records.
  const anyRuns = sets.some((s) => s.runs.length > 0);
  let done = 0;
  for await (const chunk of readEventChunks(file, { chunkSize: options.chunkSize ?? 5000 })) {
    const take = Math.min(chunk.n, limit - done);
    const weights = sets.map((s) => s.weights?.(chunk, done));
    for (const [k, w] of weights.entries()) {
      if (w !== undefined && w.length < take) throw new Error(`${file}: ${w.length} weights for a chunk of ${take} events (set ${k})`);
    }
    for (let i = 0; anyRuns && i < take; i++) {
      recordFromChunk(chunk, i, record, 1);
      sets.forEach((s, k) => {
        record.weight = chunk.weight[i] * (weights[k]?.[i] ?? 1);
        for (const r of s.runs) r.analyze(record);
      });
    }
    done += take;
    options.onChunk?.(done);
    if (done >= limit) break;
  }
  if (done === 0) throw new Error(`${file}: the event sample holds no events`);
  return done;
}

/** Whether the built-in generator decays a species (|PDG id|); unknown species count as stable. */
function decays(pid: number): boolean {
  try {
    return particle(pid).channels.length > 0;
  } catch {
    return false;
  }
}

/**
 * Paths of the histograms an event sample cannot fill completely: those
 * counting identified hadrons of a species that decays (π0, K0S, Λ, ρ, …;
 * the built-in generator's decay table decides), which a final-state sample
 * holds none of. They come out empty or short (K0 = K0S + K0L keeps only
 * the K0L) and must not be compared with a generator's own histograms.
 */
export function incompleteInSamples(definitions: readonly AnalysisDefinition[]): string[] {
  return definitions.flatMap((d) => d.observables.filter((o) => o.pids.some(decays)).map((o) => `/${d.name}/${o.id}`));
}

/**
 * Training samples from the built-in generator: a baseline at θ₀ and target
 * samples at θ points drawn across a range, each written as an event sample
 * (Arrow) with its parameter point in the header, as `mctune generate
 * --events-out` writes them.
 */
import { join } from 'node:path';
import { sobolPoints } from '../campaign/index.js';
import { EventRecord } from '../event/index.js';
import { EventStoreWriter, type EventSampleHeader } from '../events-store/index.js';
import { ECM, Generator, Random } from '../generator/index.js';

/** A parameter varied over [lo, hi]. */
export interface VariedRange {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
}

/** How θ points are drawn: scrambled Sobol' (even coverage) or independent uniform draws. */
export type PointSampling = 'sobol' | 'uniform';

/** Random stream of the θ draws, apart from every generator stream. */
const POINT_STREAM = 0x7e7a;

/** K points in the box of `ranges`, seeded; point k's values are at [k·P … k·P + P). */
export function drawThetaPoints(ranges: readonly VariedRange[], points: number, sampling: PointSampling, seed: number): Float64Array {
  if (!(Number.isInteger(points) && points >= 1)) throw new Error(`the number of θ points must be a positive integer, got ${points}`);
  for (const r of ranges) if (!(r.lo < r.hi)) throw new Error(`${r.name}: the range ${r.lo}:${r.hi} is empty; expected LOW < HIGH`);
  const P = ranges.length;
  const rng = new Random(seed, POINT_STREAM);
  const unit = sampling === 'sobol' ? sobolPoints(points, P, rng) : Float64Array.from({ length: points * P }, () => rng.uniform());
  return unit.map((u, i) => ranges[i % P].lo + u * (ranges[i % P].hi - ranges[i % P].lo));
}

/** What a sample from the built-in generator records: every setting (defaults included), seed and stream. */
function builtinHeader(gen: Generator, seed: number, stream: number): EventSampleHeader {
  return { generator: `mctune built-in e+e- → Z/γ* → hadrons at √s = ${ECM} GeV`, seed, stream, settings: { ...gen.settings }, source: 'mctune reweight train --generate' };
}

/** One sample to generate. */
export interface SampleJob {
  readonly path: string;
  readonly settings: Readonly<Record<string, number>>;
  readonly events: number;
  readonly seed: number;
  readonly stream: number;
}

/** Writes one sample of the built-in generator (atomically: the file appears only when complete). */
export async function generateSample(job: SampleJob, onEvent?: () => void): Promise<void> {
  const gen = new Generator({ settings: { ...job.settings }, seed: job.seed, stream: job.stream });
  const writer = await EventStoreWriter.open(job.path, builtinHeader(gen, job.seed, job.stream));
  const record = new EventRecord();
  try {
    for (let i = 0; i < job.events; i++) {
      gen.next(record);
      await writer.addEvent(record);
      onEvent?.();
    }
    await writer.close();
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

/** The baseline and target samples of a `--generate` training. */
export interface TrainingSamplesPlan {
  readonly baseline: SampleJob;
  readonly targets: readonly SampleJob[];
  /** θ of each target, K × P. */
  readonly points: Float64Array;
}

export interface PlanOptions {
  /** Folder of the sample files. */
  readonly dir: string;
  readonly ranges: readonly VariedRange[];
  /** θ₀ and any other fixed settings (the generator's defaults for the rest). */
  readonly baseSettings: Readonly<Record<string, number>>;
  /** K target points. */
  readonly points: number;
  /** Events at θ₀; the targets share as many, N/K each (at least 1). */
  readonly events: number;
  readonly sampling: PointSampling;
  readonly seed: number;
}

/**
 * The samples to generate: the baseline (stream 0) and K targets (streams
 * 1 … K), all from one seed, so every sample is independent and reproducible.
 */
export function planTrainingSamples(o: PlanOptions): TrainingSamplesPlan {
  const points = drawThetaPoints(o.ranges, o.points, o.sampling, o.seed);
  const P = o.ranges.length;
  const perTarget = Math.max(1, Math.round(o.events / o.points));
  const width = String(o.points).length;
  const targets = Array.from({ length: o.points }, (_, k) => {
    const settings: Record<string, number> = { ...o.baseSettings };
    o.ranges.forEach((r, p) => (settings[r.name] = points[k * P + p]));
    return { path: join(o.dir, `target-${String(k).padStart(width, '0')}.arrow`), settings, events: perTarget, seed: o.seed, stream: k + 1 };
  });
  const baseline = { path: join(o.dir, 'baseline.arrow'), settings: { ...o.baseSettings }, events: o.events, seed: o.seed, stream: 0 };
  return { baseline, targets, points };
}

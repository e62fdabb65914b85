/**
 * A trained reweighter applied to an event sample: the weight of every event
 * at θ, streamed chunk by chunk (features, logits and weights of one chunk at
 * a time), optionally with the analyses filled by the same weights in the
 * same pass.
 */
import type { AnalysisRun } from '../analyses/index.js';
import type { EventChunk } from '../events-store/index.js';
import { DEFAULT_MAX_PARTICLES, type Reweighter, type WeightOptions } from '../reweight/index.js';
import { chunkInputs, type InputRecipe } from './sample-inputs.js';
import type { TrainingManifest } from './train-samples.js';
import { analyseSample, type WeightedRuns } from './weighted-analysis.js';

/** How to turn events into what `reweighter` reads: its own feature names, or particle sets with the training's row count. */
export function recipeOf(reweighter: Reweighter, manifest: TrainingManifest | undefined): InputRecipe {
  const info = reweighter.info;
  if (info.inputKind === 'event') return { kind: 'event', names: info.featureNames };
  const m = manifest?.recipe;
  return { kind: 'particles', maxParticles: m?.kind === 'particles' ? m.maxParticles : DEFAULT_MAX_PARTICLES };
}

/** The weights of a sample at one θ, with the counts weightsFromLogits reports. */
export interface SampleWeights {
  readonly weights: Float64Array;
  readonly clipped: number;
  readonly guarded: number;
}

/** Collects per-chunk weights at θ into one vector while the analyses (or nothing) read the same chunks. */
class WeightCollector {
  private parts: Float64Array[] = [];
  clipped = 0;
  guarded = 0;

  constructor(
    private readonly reweighter: Reweighter,
    private readonly recipe: InputRecipe,
    private readonly theta: readonly number[],
    private readonly options: WeightOptions,
  ) {}

  readonly chunkWeights = (chunk: EventChunk): Float64Array => {
    const r = this.reweighter.weights(chunkInputs(chunk, this.recipe), this.theta, this.options);
    this.clipped += r.clipped;
    this.guarded += r.guarded;
    this.parts.push(r.weights);
    return r.weights;
  };

  result(events: number): SampleWeights {
    const weights = new Float64Array(events);
    let at = 0;
    for (const p of this.parts) {
      weights.set(p.subarray(0, Math.min(p.length, events - at)), at);
      at += p.length;
      if (at >= events) break;
    }
    return { weights, clipped: this.clipped, guarded: this.guarded };
  }
}

export interface ApplyOptions {
  readonly weightOptions?: WeightOptions;
  /** Analysis runs to fill with the reweighted events (the sample's own weights times the new ones). */
  readonly runs?: readonly AnalysisRun[];
  /** Runs to fill with the sample's own weights only, for a before/after comparison. */
  readonly unweightedRuns?: readonly AnalysisRun[];
  readonly maxEvents?: number;
  readonly onChunk?: (eventsDone: number) => void;
}

/**
 * The weights of every event of `file` at θ (θ outside the trained range is
 * refused by the reweighter, naming the range), and the analyses of `runs`
 * filled with them.
 */
export async function reweightSample(reweighter: Reweighter, recipe: InputRecipe, file: string, theta: readonly number[], o: ApplyOptions = {}): Promise<SampleWeights> {
  reweighter.unitTheta(theta);
  const collector = new WeightCollector(reweighter, recipe, theta, o.weightOptions ?? {});
  const sets: WeightedRuns[] = [{ runs: o.runs ?? [], weights: collector.chunkWeights }];
  if (o.unweightedRuns) sets.push({ runs: o.unweightedRuns });
  const events = await analyseSample(file, sets, { ...(o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents }), ...(o.onChunk ? { onChunk: o.onChunk } : {}) });
  return collector.result(events);
}

/**
 * A parametrised reweighter trained on event-sample files: the baseline at θ₀
 * (from its header) against target samples, each at the θ its header records.
 * What `mctune reweight train` runs, for scripts too.
 */
import { join } from 'node:path';
import { readJsonIfPresent, writeFileAtomicSync } from '../fsutil/index.js';
import { saveReweighter, trainParametrised, type ClassifierInputs, type TrainReweighterOptions, type TrainedReweighter } from '../reweight/index.js';
import { joinArrays, joinInputs, readSampleInputs, thetaOfHeader, type InputRecipe, type SampleInputs } from './sample-inputs.js';

export interface SampleTrainingOptions {
  readonly baseline: string;
  readonly targets: readonly string[];
  /** The parameters varied between the samples, by their setting names. */
  readonly vary: readonly string[];
  readonly recipe: InputRecipe;
  /** The trained range; default: the smallest and largest θ among the targets. */
  readonly range?: { readonly lo: readonly number[]; readonly hi: readonly number[] };
  /** Events read from each file at most. Default: all. */
  readonly maxEvents?: number;
  /** Passed to the trainer (model, epochs, seed, progress, backend log…). */
  readonly train?: TrainReweighterOptions;
}

/** The samples a reweighter was trained on, saved beside it as `samples.json`. */
export interface TrainingManifest {
  readonly baseline: { readonly file: string; readonly events: number };
  readonly targets: readonly { readonly file: string; readonly events: number; readonly theta: readonly number[] }[];
  readonly vary: readonly string[];
  readonly recipe: InputRecipe;
}

export interface SampleTraining extends TrainedReweighter {
  readonly manifest: TrainingManifest;
}

/** Reads the targets and their θ; every target must record every varied setting. */
async function readTargets(o: SampleTrainingOptions): Promise<{ samples: SampleInputs[]; theta: number[][] }> {
  const samples: SampleInputs[] = [];
  const theta: number[][] = [];
  for (const file of o.targets) {
    const s = await readSampleInputs(file, o.recipe, o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents });
    theta.push(thetaOfHeader(file, s.header, o.vary));
    samples.push(s);
  }
  return { samples, theta };
}

/** The range spanned by the targets' θ; a parameter all targets share one value of is an error naming it. */
function spannedRange(vary: readonly string[], theta: readonly number[][]): { lo: number[]; hi: number[] } {
  const lo = vary.map((_, p) => Math.min(...theta.map((t) => t[p])));
  const hi = vary.map((_, p) => Math.max(...theta.map((t) => t[p])));
  vary.forEach((name, p) => {
    if (!(lo[p] < hi[p])) throw new Error(`every target sample has ${name} = ${lo[p]}; the targets must span a range of each varied parameter (add targets at other values)`);
  });
  return { lo, hi };
}

/** Trains the parametrised classifier on the files of `o` (see SampleTrainingOptions). */
export async function trainOnSamples(o: SampleTrainingOptions): Promise<SampleTraining> {
  if (o.vary.length === 0) throw new Error('name at least one varied parameter');
  if (o.targets.length === 0) throw new Error('give at least one target sample');
  const baseline = await readSampleInputs(o.baseline, o.recipe, o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents });
  const theta0 = thetaOfHeader(o.baseline, baseline.header, o.vary);
  const targets = await readTargets(o);
  const range = o.range ?? spannedRange(o.vary, targets.theta);
  const P = o.vary.length;
  const targetTheta = new Float64Array(targets.samples.reduce((s, t) => s + t.inputs.n, 0) * P);
  let at = 0;
  targets.samples.forEach((s, k) => {
    for (let i = 0; i < s.inputs.n; i++, at++) targetTheta.set(targets.theta[k], at * P);
  });
  const targetInputs: ClassifierInputs = joinInputs(targets.samples.map((s) => s.inputs));
  const trained = await trainParametrised(
    {
      theta: { names: [...o.vary], lo: range.lo, hi: range.hi, theta0 },
      baseline: { inputs: baseline.inputs, weights: baseline.eventWeights },
      target: { inputs: targetInputs, weights: joinArrays(targets.samples.map((s) => s.eventWeights), (n) => new Float64Array(n)), theta: targetTheta },
    },
    o.train ?? {},
  );
  const manifest: TrainingManifest = {
    baseline: { file: o.baseline, events: baseline.inputs.n },
    targets: targets.samples.map((s, k) => ({ file: s.file, events: s.inputs.n, theta: targets.theta[k] })),
    vary: [...o.vary],
    recipe: o.recipe,
  };
  return { ...trained, manifest };
}

const MANIFEST_FILE = 'samples.json';

/** Saves the reweighter (replacing the folder `dir` whole) and the manifest of its training samples in it. */
export function saveTrainedReweighter(dir: string, t: SampleTraining): void {
  saveReweighter(dir, t.reweighter, t.summary);
  writeFileAtomicSync(join(dir, MANIFEST_FILE), JSON.stringify(t.manifest, null, 1) + '\n');
}

/** The manifest saved with a reweighter, or undefined when there is none (a reweighter saved by a script). */
export function readManifest(dir: string): TrainingManifest | undefined {
  const file = join(dir, MANIFEST_FILE);
  const m = readJsonIfPresent(file) as Partial<TrainingManifest> | null | undefined;
  if (m === undefined) return undefined;
  const recipe = m?.recipe as Partial<Record<string, unknown>> | undefined;
  const recipeOk = recipe?.kind === 'event' ? Array.isArray(recipe.names) : recipe?.kind === 'particles' && typeof recipe.maxParticles === 'number';
  if (!recipeOk || !Array.isArray(m?.targets) || !Array.isArray(m.vary)) throw new Error(`${file}: expected {baseline, targets, vary, recipe} as mctune reweight train writes it`);
  return m as TrainingManifest;
}


/**
 * A reweighter trained on samples the built-in generator makes first: what
 * `mctune reweight train --generate` runs and what the terminal UI trains on
 * first use. The samples go into `<out>/samples/` and are kept: a sample
 * already there (written whole or not at all) is used again, so a training
 * stopped while generating carries on where it stopped.
 */
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { leftByGoneProcess } from '../pool/index.js';
import type { TrainReweighterOptions } from '../reweight/index.js';
import { generateSample, planTrainingSamples, type PlanOptions, type SampleJob } from './generate-samples.js';
import type { InputRecipe } from './sample-inputs.js';
import { saveTrainedReweighter, trainOnSamples, type SampleTraining } from './train-samples.js';

export interface GeneratedTrainingOptions extends Omit<PlanOptions, 'dir'> {
  /** The reweighter's folder; its samples go into `samples/` there. */
  readonly out: string;
  readonly recipe: InputRecipe;
  readonly maxEvents?: number;
  readonly train?: TrainReweighterOptions;
  /** After each sample: made now (with the seconds it took), or found from an earlier training. */
  readonly onSample?: (job: SampleJob, seconds: number, reused: boolean) => void;
}

/** Generates the missing samples, trains over the box of `ranges` and saves the reweighter into `out`; the caller disposes it. */
export async function trainGeneratedReweighter(o: GeneratedTrainingOptions): Promise<SampleTraining> {
  const samples = join(o.out, 'samples');
  restoreSamplesAside(o.out);
  const plan = planTrainingSamples({ dir: samples, ranges: o.ranges, baseSettings: o.baseSettings, points: o.points, events: o.events, sampling: o.sampling, seed: o.seed });
  mkdirSync(samples, { recursive: true });
  for (const job of [plan.baseline, ...plan.targets]) {
    const reused = existsSync(job.path);
    const t0 = performance.now();
    if (!reused) await generateSample(job);
    o.onSample?.(job, (performance.now() - t0) / 1000, reused);
  }
  const trained = await trainOnSamples({
    baseline: plan.baseline.path,
    targets: plan.targets.map((t) => t.path),
    vary: o.ranges.map((r) => r.name),
    range: { lo: o.ranges.map((r) => r.lo), hi: o.ranges.map((r) => r.hi) },
    recipe: o.recipe,
    ...(o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents }),
    ...(o.train ? { train: o.train } : {}),
  });
  try {
    saveKeepingSamples(o.out, trained);
  } catch (e) {
    trained.reweighter.dispose();
    throw e;
  }
  return trained;
}

/**
 * Saves the reweighter into `out`. Saving replaces the folder whole, so its
 * samples are moved aside first and back in afterwards; a save killed in
 * between leaves them aside, where the next training finds them again.
 */
export function saveKeepingSamples(out: string, t: SampleTraining): void {
  restoreSamplesAside(out);
  const samples = join(out, 'samples');
  if (!existsSync(samples)) {
    saveTrainedReweighter(out, t);
    return;
  }
  const aside = samplesAside(out);
  renameSync(samples, aside);
  try {
    saveTrainedReweighter(out, t);
  } finally {
    mkdirSync(out, { recursive: true });
    renameSync(aside, samples);
  }
}

/** Where a save keeps `out`'s samples while it replaces the folder: beside it, hidden, named by the saving process. */
function samplesAside(out: string): string {
  return join(dirname(out), `${asidePrefix(out)}${process.pid}`);
}

function asidePrefix(out: string): string {
  return `.${basename(out)}.samples-aside-`;
}

/**
 * Samples left aside by a save that was killed before it moved them back go
 * back into `out`; those of a save still under way (its process alive) are
 * left to it.
 */
export function restoreSamplesAside(out: string): void {
  const parent = dirname(out);
  if (!existsSync(parent)) return;
  const prefix = asidePrefix(out);
  for (const name of readdirSync(parent)) {
    const pid = Number(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !Number.isInteger(pid) || !leftByGoneProcess(pid)) continue;
    const aside = join(parent, name);
    const samples = join(out, 'samples');
    if (existsSync(samples)) throw new Error(`${aside}: samples left aside by a save that was stopped, and ${samples} exists too; keep one of them and remove the other`);
    mkdirSync(out, { recursive: true });
    renameSync(aside, samples);
  }
}

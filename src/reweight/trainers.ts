/**
 * The two ways to train a reweighter (see training.ts for the loss and loop):
 *  - parametrised (DCTR): baseline events at θ₀ (label 0) against target events
 *    generated at θ_i drawn across a range (label 1); every baseline event is
 *    given a θ drawn from the targets' θ_i, so θ alone tells the classes apart
 *    no better than chance and f(x, θ) learns p_θ(x)/(p_θ(x) + p_θ₀(x));
 *  - two-sample (non-parametric): sample A (label 0) against sample B (label 1),
 *    no θ; the weights then take A to B.
 */
import { Random } from '../generator/index.js';
import type { Reweighter, ThetaSpace } from './reweighter.js';
import {
  STREAM, backendFor, fitTable, freshReweighter, mergedTable, pairedTheta, splitTable,
  type ParametrisedData, type Table, type TrainReweighterOptions, type TrainingSummary, type WeightedSample,
} from './training.js';

export interface TrainedReweighter {
  readonly reweighter: Reweighter;
  readonly summary: TrainingSummary;
}

/** Sample A (label 0, reweighted) and sample B (label 1, the target). */
export interface TwoSampleData {
  readonly a: WeightedSample;
  readonly b: WeightedSample;
}

/** Throws, naming the parameter, unless the θ space is consistent. */
function checkThetaSpace(t: ThetaSpace): void {
  const P = t.names.length;
  if (P === 0) throw new Error('a parametrised reweighter needs at least one parameter');
  if (t.lo.length !== P || t.hi.length !== P || t.theta0.length !== P) throw new Error(`θ: ${P} names but ${t.lo.length} lower bounds, ${t.hi.length} upper bounds and ${t.theta0.length} values of θ₀`);
  t.names.forEach((name, p) => {
    if (!(Number.isFinite(t.lo[p]) && Number.isFinite(t.hi[p]) && t.lo[p] < t.hi[p])) throw new Error(`${name}: the range [${t.lo[p]}, ${t.hi[p]}] is empty or not finite`);
  });
}

/** Trains a fresh model on the table; failures free its tensors. */
async function trainOn(table: Table, mode: 'parametrised' | 'two-sample', space: ThetaSpace, o: TrainReweighterOptions): Promise<TrainedReweighter> {
  const reweighter = freshReweighter(table, mode, space, o);
  try {
    const summary = await fitTable(reweighter, splitTable(table, o.validation ?? 0.2, space.names.length, o.seed ?? 1), o);
    if (summary.stopReason === 'aborted') throw new Error('reweighter training was stopped before it finished');
    if (summary.stopReason === 'non-finite') throw new Error(`reweighter training diverged (a non-finite loss in epoch ${summary.epochs}); lower the learning rate`);
    return { reweighter, summary };
  } catch (e) {
    reweighter.dispose();
    throw e;
  }
}

/** A parametrised reweighter f(x, θ): weights from θ₀ to any θ in the trained range. */
export async function trainParametrised(data: ParametrisedData, options: TrainReweighterOptions = {}): Promise<TrainedReweighter> {
  checkThetaSpace(data.theta);
  await backendFor(options);
  const theta = pairedTheta(data, new Random(options.seed ?? 1, STREAM.theta));
  return trainOn(mergedTable(data.baseline, data.target, theta), 'parametrised', data.theta, options);
}

/** A two-sample reweighter f(x): weights taking sample A to sample B (signed event weights allowed). */
export async function trainTwoSample(data: TwoSampleData, options: TrainReweighterOptions = {}): Promise<TrainedReweighter> {
  await backendFor(options);
  const none: ThetaSpace = { names: [], lo: [], hi: [], theta0: [] };
  return trainOn(mergedTable(data.a, data.b, new Float32Array(0)), 'two-sample', none, options);
}

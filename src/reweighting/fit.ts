/**
 * θ̂ through a frozen reweighter, from event-sample files:
 *  - against a target sample: the classifier's own loss (src/reweight's
 *    fitWithClassifier; errors from its curvature with errorDef ½);
 *  - against reference data (a YODA file): the binned χ² of the reweighted
 *    baseline's analyses to the reference histograms, summed over every
 *    histogram the baseline fills and the reference holds (errorDef 1).
 *    The analyses run once (a FillTable); each θ costs one weight pass.
 */
import { loadAnalysis } from '../analyses/index.js';
import { readReferenceObjects } from '../campaign/index.js';
import { histogramChi2 } from '../chi2/index.js';
import { readEventStoreHeader } from '../events-store/index.js';
import type { AnyObject } from '../histo/index.js';
import { matchReference } from '../reference/index.js';
import { fitTheta, fitWithClassifier, weightsObjective, type Reweighter, type ThetaFit, type WeightOptions } from '../reweight/index.js';
import { FillTable } from './fill-table.js';
import { incompleteInSamples } from './weighted-analysis.js';
import { readSampleInputs, settingsOf, type InputRecipe } from './sample-inputs.js';

export interface SampleFitOptions {
  /** Parameters held at θ₀ (or the middle of the range when θ₀ lies outside it). */
  readonly freeze?: readonly string[];
  /** Events read from each sample at most. Default: all. */
  readonly maxEvents?: number;
  /** Points per scan curve. Default 21. */
  readonly scanPoints?: number;
  readonly weightOptions?: WeightOptions;
}

/** A fit with what it was fitted to: the target's own θ when its header records it. */
export interface SampleFit {
  readonly fit: ThetaFit;
  /** The objective: 'classifier loss' or 'χ²'. */
  readonly objective: string;
  /** θ of the target sample from its header, when known (a closure test). */
  readonly truth?: readonly number[];
  /** χ² fits: bins and histograms used. */
  readonly bins?: number;
  readonly histograms?: number;
  /** χ² fits: histograms left out because an event sample cannot fill them completely (decayed hadrons). */
  readonly leftOut?: readonly string[];
}

/** Where the fit starts: θ₀ when inside the trained range, else the middle of it. */
function startOf(reweighter: Reweighter): number[] {
  const t = reweighter.info.theta;
  return t.names.map((_, p) => (t.theta0[p] >= t.lo[p] && t.theta0[p] <= t.hi[p] ? t.theta0[p] : (t.lo[p] + t.hi[p]) / 2));
}

function fitOptions(reweighter: Reweighter, o: SampleFitOptions): { start: number[]; freeze?: readonly string[]; scanPoints?: number } {
  return { start: startOf(reweighter), ...(o.freeze ? { freeze: o.freeze } : {}), ...(o.scanPoints === undefined ? {} : { scanPoints: o.scanPoints }) };
}

/** θ̂ making the reweighted baseline look like the target sample, by the frozen classifier's loss. */
export async function fitToSample(reweighter: Reweighter, recipe: InputRecipe, baseline: string, target: string, o: SampleFitOptions = {}): Promise<SampleFit> {
  const limit = o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents };
  const a = await readSampleInputs(baseline, recipe, limit);
  const b = await readSampleInputs(target, recipe, limit);
  const fit = fitWithClassifier(reweighter, { inputs: a.inputs, weights: a.eventWeights }, { inputs: b.inputs, weights: b.eventWeights }, fitOptions(reweighter, o));
  const names = reweighter.info.theta.names;
  const truth = settingsOf(b.header.settings, names);
  return { fit, objective: 'classifier loss', ...(truth ? { truth } : {}) };
}

/**
 * The histogram paths the χ² uses: filled at the baseline, complete in an
 * event sample (no decayed hadrons counted) and present, with the same
 * binning, in the reference.
 */
function usablePaths(table: FillTable, refs: readonly AnyObject[], file: string, incomplete: readonly string[]): Set<string> {
  const unweighted = table.histograms(new Float64Array(table.events).fill(1)).filter((h) => h.integral(true) !== 0 && !incomplete.includes(h.path));
  const { pairs } = matchReference(unweighted, refs);
  if (pairs.length === 0) throw new Error(`${file}: no reference histogram matches a histogram the baseline sample fills (analyses' paths vs the file's /REF paths)`);
  return new Set(pairs.map((p) => p.path));
}

/** θ̂ making the reweighted baseline's histograms match reference data, by the binned χ². */
export async function fitToReference(reweighter: Reweighter, recipe: InputRecipe, baseline: string, reference: string, analyses: readonly string[], o: SampleFitOptions = {}): Promise<SampleFit> {
  const refs = readReferenceObjects([reference]);
  const definitions = analyses.map((n) => loadAnalysis(n));
  const table = await FillTable.build(baseline, definitions, o.maxEvents);
  const inputs = await readSampleInputs(baseline, recipe, o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents });
  const incomplete = incompleteInSamples(definitions);
  const used = usablePaths(table, refs, reference, incomplete);
  let bins = 0;
  const chi2Of = (weights: Float64Array): number => {
    const { pairs } = matchReference(table.histograms(weights).filter((h) => used.has(h.path)), refs);
    let [chi2, n] = [0, 0];
    for (const p of pairs) {
      const h = histogramChi2(p.mc.binValues(), p.mc.symmetricErrors(), p.ref.binValues(), p.ref.symmetricErrors());
      chi2 += h.chi2;
      n += h.bins;
    }
    bins = n;
    return chi2;
  };
  const t = reweighter.info.theta;
  const objective = weightsObjective(reweighter, inputs.inputs, chi2Of, o.weightOptions ?? {});
  const fit = fitTheta(objective, { names: t.names, lo: t.lo, hi: t.hi, errorDef: 1, ...fitOptions(reweighter, o) });
  return { fit, objective: 'χ²', bins, histograms: used.size, leftOut: incomplete };
}

/** The θ a sample's header records for the reweighter's parameters, or undefined when it lacks one. */
export async function headerTheta(file: string, names: readonly string[]): Promise<number[] | undefined> {
  const h = await readEventStoreHeader(file);
  return settingsOf(h.settings, names);
}

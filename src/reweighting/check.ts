/**
 * How well a reweighter takes the baseline to a held-out sample generated at
 * some θ: the weights to that θ (read from the sample's header), then per
 * histogram of the analyses the χ²/ndf and ratio of the baseline to the
 * target before and after reweighting, the AUC of a fresh classifier between
 * them before and after, and the weights' own summary (ESS, extremes).
 */
import { readEventStoreHeader } from '../events-store/index.js';
import { reweightingAuc, summariseWeights, type ClassifierCheck, type Reweighter, type WeightOptions, type WeightSummary } from '../reweight/index.js';
import { compareHistograms, totalChi2, type HistogramAgreement } from './compare.js';
import { reweightSample } from './apply.js';
import { EVENT_RECIPE, readSampleInputs, thetaOfHeader, type InputRecipe } from './sample-inputs.js';
import { analyseSample, analysisRuns } from './weighted-analysis.js';

export interface CheckOptions {
  readonly analyses: readonly string[];
  readonly weightOptions?: WeightOptions;
  /** Events read from each sample at most. Default: all. */
  readonly maxEvents?: number;
  /** Seeds the fresh classifiers of the AUC check. Default 1. */
  readonly seed?: number;
  /** Passes of each fresh classifier. Default: the library's (12). */
  readonly aucEpochs?: number;
}

/** One histogram's agreement with the target before and after reweighting. */
export interface HistogramCheck {
  readonly path: string;
  readonly title: string;
  readonly before: HistogramAgreement;
  readonly after: HistogramAgreement;
}

export interface ReweightingCheck {
  readonly names: readonly string[];
  /** The target's θ, from its header. */
  readonly theta: readonly number[];
  readonly baselineEvents: number;
  readonly targetEvents: number;
  readonly weights: WeightSummary & { readonly clipped: number; readonly guarded: number };
  readonly histograms: readonly HistogramCheck[];
  /** Histograms empty in the baseline or the target (left out of the χ²). */
  readonly empty: readonly string[];
  readonly total: { readonly before: { chi2: number; ndf: number }; readonly after: { chi2: number; ndf: number } };
  /** Fresh classifiers on the event observables, baseline (unweighted, then reweighted) vs target. */
  readonly auc: { readonly before: ClassifierCheck; readonly after: ClassifierCheck };
}

/** Runs the whole check of `reweighter` (reading `recipe`) on `baseline` against `target`; see the module comment. */
export async function checkReweighting(reweighter: Reweighter, recipe: InputRecipe, baseline: string, target: string, o: CheckOptions): Promise<ReweightingCheck> {
  const names = reweighter.info.theta.names;
  const theta = thetaOfHeader(target, await readEventStoreHeader(target), names);
  const limit = o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents };
  const [before, after, targetRuns] = [analysisRuns(o.analyses), analysisRuns(o.analyses), analysisRuns(o.analyses)];
  const w = await reweightSample(reweighter, recipe, baseline, theta, { ...limit, runs: after, unweightedRuns: before, ...(o.weightOptions ? { weightOptions: o.weightOptions } : {}) });
  const targetEvents = await analyseSample(target, [{ runs: targetRuns }], limit);
  const targetHistos = targetRuns.flatMap((r) => r.finalize());
  const was = compareHistograms(before.flatMap((r) => r.finalize()), targetHistos);
  const now = compareHistograms(after.flatMap((r) => r.finalize()), targetHistos);
  const afterByPath = new Map(now.rows.map((r) => [r.path, r]));
  const histograms = was.rows.flatMap((b) => {
    const a = afterByPath.get(b.path);
    return a ? [{ path: b.path, title: b.title, before: b, after: a }] : [];
  });
  const empty = [...new Set([...was.empty, ...now.empty])];
  const auc = await observableAuc(baseline, target, w.weights, o);
  return {
    names,
    theta,
    baselineEvents: w.weights.length,
    targetEvents,
    weights: { ...summariseWeights(w.weights), clipped: w.clipped, guarded: w.guarded },
    histograms,
    empty,
    total: { before: totalChi2(histograms.map((h) => h.before)), after: totalChi2(histograms.map((h) => h.after)) },
    auc,
  };
}

/** The fresh-classifier AUC before and after, on the event observables of both samples (whatever the reweighter reads). */
async function observableAuc(baseline: string, target: string, weights: Float64Array, o: CheckOptions): Promise<{ before: ClassifierCheck; after: ClassifierCheck }> {
  const limit = o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents };
  const a = await readSampleInputs(baseline, EVENT_RECIPE, limit);
  const b = await readSampleInputs(target, EVENT_RECIPE, limit);
  const options = { seed: o.seed ?? 1, ...(o.aucEpochs === undefined ? {} : { epochs: o.aucEpochs }) };
  return reweightingAuc({ inputs: a.inputs, weights: a.eventWeights }, weights, { inputs: b.inputs, weights: b.eventWeights }, options);
}

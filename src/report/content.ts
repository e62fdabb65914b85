/**
 * What a report holds, gathered from a campaign folder before anything is
 * rendered: the tune's numbers, the run statistics, the surrogate's held-out
 * pulls and the list of plots (as vega-lite specs). Parts that cannot be made
 * (no surrogate on disk, no loop) are left out with a note saying why, so a
 * report of a half-finished campaign still shows what there is.
 */
import { basename } from 'node:path';
import { campaignStatus, loadIngested, parameterNames, readReferenceObjects, type CampaignConfig, type RunTable } from '../campaign/index.js';
import { chi2BarsSpec, correlationSpec, histogramComparisonSpec, pullSummaries, sensitivitySpec, surrogateValidationSpec, trajectoriesSpec, type HeldOutMisses, type PlotSpec, type PullSummary } from '../plots/index.js';
import { loadSurrogate, type Surrogate } from '../surrogate/index.js';
import { histogramPanels } from './histograms.js';
import { findCampaignResults, type CampaignResults } from './results.js';

export type ReportSection = 'tune' | 'surrogate' | 'histograms';

export interface ReportPlot {
  /** File name stem of its spec and PNG, and the HTML anchor: letters, digits, '-' and '_'. */
  readonly id: string;
  readonly section: ReportSection;
  readonly title: string;
  readonly spec: PlotSpec;
}

export interface RunStatistics {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly pending: number;
  readonly running: number;
  readonly invalid: number;
  /** Events of the finished runs. */
  readonly events: number;
  /** Seconds the finished runs took, summed. */
  readonly seconds: number;
}

export interface ValidationSummary {
  readonly heldOutRuns: number;
  readonly overall: PullSummary;
  readonly perHistogram: readonly PullSummary[];
}

export interface ReportContent {
  readonly campaignName: string;
  readonly results: CampaignResults;
  readonly config: CampaignConfig;
  readonly runs: RunStatistics;
  readonly surrogateKind: string | undefined;
  readonly validation: ValidationSummary | undefined;
  readonly plots: readonly ReportPlot[];
  /** What was left out and why, one sentence each. */
  readonly notes: readonly string[];
}

export interface ReportOptions {
  /** `fitted`: only the histograms the tune fitted; default `all` with reference data. */
  readonly histograms?: 'fitted' | 'all';
}

function runStatistics(dir: string, config: CampaignConfig): RunStatistics {
  const runs = campaignStatus(dir, parameterNames(config));
  const count = (state: string) => runs.filter((r) => r.state === state).length;
  const done = runs.filter((r) => r.state === 'done');
  return {
    total: runs.length,
    done: done.length,
    failed: count('failed'),
    pending: count('pending'),
    running: count('running'),
    invalid: count('invalid'),
    events: done.reduce((s, r) => s + (r.events ?? 0), 0),
    seconds: done.reduce((s, r) => s + (r.seconds ?? 0), 0),
  };
}

/** A safe id from a histogram path: `/ALEPH_1996_S3486095/d01-x01-y01` → `ALEPH_1996_S3486095_d01-x01-y01`. */
export function plotId(prefix: string, path: string): string {
  return `${prefix}-${path.replace(/^\/+/, '').replace(/[^A-Za-z0-9_-]+/g, '_')}`;
}

function heldOutOf(surrogate: Surrogate): HeldOutMisses | undefined {
  const h = surrogate.heldOut;
  if (!h || h.misses.length === 0) return undefined;
  return { bins: surrogate.bins, misses: h.misses, noise: h.noise, discrepancy: h.discrepancy };
}

function validationSummary(heldOut: HeldOutMisses): ValidationSummary {
  const perHistogram = pullSummaries(heldOut);
  const count = perHistogram.reduce((s, h) => s + h.count, 0);
  const sum = perHistogram.reduce((s, h) => s + (h.count ? h.mean * h.count : 0), 0);
  const sum2 = perHistogram.reduce((s, h) => s + (h.count ? h.rms * h.rms * h.count : 0), 0);
  const overall = { path: 'all bins', count, mean: count ? sum / count : NaN, rms: count ? Math.sqrt(sum2 / count) : NaN };
  return { heldOutRuns: heldOut.misses.length / heldOut.bins.length, overall, perHistogram };
}

/** Sensitivity at the tune, over the fitted histograms' bins (all bins when the tune names none). */
function sensitivityPlot(surrogate: Surrogate, results: CampaignResults, notes: string[]): ReportPlot | undefined {
  const { doc } = results.main;
  const names = surrogate.box.names;
  const point = Float64Array.from(names, (n) => doc.best.get(n) ?? NaN);
  if (point.some((v) => !Number.isFinite(v))) {
    notes.push(`No sensitivity plot: the surrogate's parameters (${names.join(', ')}) are not those of the tune (${doc.names.join(', ')}).`);
    return undefined;
  }
  const fitted = new Set(doc.histograms.map((h) => h.path));
  const keep = surrogate.bins.map((b, i) => (fitted.size === 0 || fitted.has(b.path) ? i : -1)).filter((i) => i >= 0);
  const jacobian = surrogate.jacobian(point);
  const values = surrogate.predict(point).values;
  const P = names.length;
  const spec = sensitivitySpec({
    names,
    bins: keep.map((i) => surrogate.bins[i]),
    jacobian: Float64Array.from(keep.flatMap((i) => Array.from(jacobian.subarray(i * P, (i + 1) * P)))),
    values: Float64Array.from(keep, (i) => values[i]),
    point,
  });
  return { id: 'sensitivity', section: 'surrogate', title: 'Sensitivity of the fitted bins at the tune', spec };
}

function surrogatePlots(results: CampaignResults, notes: string[]): { plots: ReportPlot[]; kind: string | undefined; validation: ValidationSummary | undefined } {
  const where = results.main.surrogateDir;
  if (!where) {
    notes.push(`No sensitivity or surrogate validation plots: the surrogate of ${results.main.label} is not on disk.`);
    return { plots: [], kind: results.main.doc.surrogate, validation: undefined };
  }
  const surrogate = loadSurrogate(where);
  const plots: ReportPlot[] = [];
  const sensitivity = sensitivityPlot(surrogate, results, notes);
  if (sensitivity) plots.push(sensitivity);
  const heldOut = heldOutOf(surrogate);
  if (!heldOut) {
    notes.push(`No surrogate validation: the surrogate in ${where} kept no misses on held-out runs.`);
    return { plots, kind: surrogate.kind, validation: undefined };
  }
  plots.push({ id: 'surrogate-validation', section: 'surrogate', title: 'Surrogate on runs it was not fitted to', spec: surrogateValidationSpec(heldOut) });
  return { plots, kind: surrogate.kind, validation: validationSummary(heldOut) };
}

function tunePlots(results: CampaignResults, config: CampaignConfig, notes: string[]): ReportPlot[] {
  const { doc } = results.main;
  const plots: ReportPlot[] = [];
  if (doc.histograms.length > 0) plots.push({ id: 'chi2', section: 'tune', title: 'χ² per histogram', spec: chi2BarsSpec(doc.histograms.map((h) => ({ ...h, label: h.path.slice(h.path.lastIndexOf('/') + 1) })), `χ² per histogram (total ${doc.chi2.toPrecision(4)} for ${doc.ndf} degrees of freedom)`) });
  const free = doc.names.filter((n) => !doc.fixed.includes(n));
  const P = doc.names.length;
  const freeIndex = free.map((n) => doc.names.indexOf(n));
  const correlation = Float64Array.from(freeIndex.flatMap((i) => freeIndex.map((j) => doc.correlation[i * P + j])));
  if (free.length > 0 && correlation.some((v) => Number.isFinite(v))) plots.push({ id: 'correlation', section: 'tune', title: 'Correlations', spec: correlationSpec(free, correlation) });
  if (results.iterations.length > 0) {
    const iterations = results.iterations.map((r) => ({ iteration: r.iteration ?? 0, best: r.doc.best, sigma: r.doc.sigma }));
    const truth = new Map(config.parameters.flatMap((p) => (p.truth === undefined ? [] : [[p.name, p.truth] as const])));
    const title = `parameters over the loop’s iterations (band: ± σ${truth.size > 0 ? '; dashed: the truth' : ''})`;
    plots.push({ id: 'trajectories', section: 'tune', title: 'Parameters over the loop’s iterations', spec: trajectoriesSpec(iterations, free, title, truth) });
  } else {
    notes.push('No parameter trajectories: the campaign has no loop iterations (mctune loop).');
  }
  return plots;
}

function runTable(dir: string, config: CampaignConfig, notes: string[]): RunTable | undefined {
  try {
    return loadIngested(dir, { parameters: parameterNames(config) }).table;
  } catch (e) {
    notes.push(`No envelope of the runs: ${(e as Error).message}`);
    return undefined;
  }
}

/** Everything a report shows, from the campaign folder and its campaign file. */
export function gatherReport(dir: string, config: CampaignConfig, options: ReportOptions = {}): ReportContent {
  const notes: string[] = [];
  const results = findCampaignResults(dir);
  const reference = readReferenceObjects(config.reference);
  const table = runTable(dir, config, notes);
  const panels = histogramPanels(results.main, reference, table, options.histograms ?? 'all');
  if (panels.length === 0) notes.push(`No histogram plots: no histogram of ${results.main.dir}/predictions.yoda has reference data in ${config.reference.join(', ')}.`);
  const surrogate = surrogatePlots(results, notes);
  const histogramPlots = panels.map((p): ReportPlot => ({ id: plotId('histogram', p.path), section: 'histograms', title: p.comparison.title, spec: histogramComparisonSpec(p.comparison) }));
  return {
    campaignName: config.name || basename(dir),
    results,
    config,
    runs: runStatistics(dir, config),
    surrogateKind: surrogate.kind,
    validation: surrogate.validation,
    plots: [...tunePlots(results, config, notes), ...surrogate.plots, ...histogramPlots],
    notes,
  };
}

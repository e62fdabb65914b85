/**
 * The inputs of the data-vs-tune plots, histogram by histogram: the reference
 * data, the tune's prediction (predictions.yoda) inside its eigentune band
 * (eigentune-band.yoda), the envelope of every finished run (from the
 * campaign's ingest table), and the labels the analysis gives the histogram.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadAnalysis, type AnalysisDefinition } from '../analyses/index.js';
import type { RunTable } from '../campaign/index.js';
import type { AnyObject, Estimate1D } from '../histo/index.js';
import type { HistogramComparison } from '../plots/index.js';
import { matchReference } from '../reference/index.js';
import { readYodaFileSync } from '../yoda/index.js';
import type { TuneRecord } from './results.js';

export interface HistogramPanel {
  readonly path: string;
  /** Whether the tune fitted this histogram (it has a χ² in results.yaml). */
  readonly fitted: boolean;
  readonly chi2: number | undefined;
  readonly comparison: HistogramComparison;
}

/** The analysis' title of a histogram (e.g. "1 - T (charged)"), else the YODA Title of the reference or prediction, else the path. */
export function histogramLabeller(): (path: string, ...objects: (AnyObject | undefined)[]) => string {
  const analyses = new Map<string, AnalysisDefinition | undefined>();
  return (path, ...objects) => {
    const [, name, id] = /^\/([^/]+)\/([^/]+)$/.exec(path) ?? [];
    if (name && id) {
      if (!analyses.has(name)) analyses.set(name, tryLoadAnalysis(name));
      const title = analyses.get(name)?.observables.find((o) => o.id === id)?.title;
      if (title && title !== id) return title;
    }
    for (const o of objects) if (o?.title) return o.title;
    return path;
  };
}

function tryLoadAnalysis(name: string): AnalysisDefinition | undefined {
  try {
    return loadAnalysis(name);
  } catch {
    // Not one of ours (a Rivet analysis run by an external generator): the YODA titles stand in.
    return undefined;
  }
}

/** The eigentune band's file: beside the prediction (as written today) or in eigentunes/ (as the README once put it). */
function bandFile(tuneDir: string): string | undefined {
  return [join(tuneDir, 'eigentune-band.yoda'), join(tuneDir, 'eigentunes', 'eigentune-band.yoda')].find((f) => existsSync(f));
}

/** Per bin the smallest and largest value over the table's runs, for the object at `path` when its binning matches. */
function runEnvelope(table: RunTable | undefined, path: string, bins: number): { min: Float64Array; max: Float64Array } | undefined {
  const object = table?.objects.find((o) => o.path === path);
  if (!table || !object || object.numBins !== bins || table.runNames.length === 0) return undefined;
  const min = new Float64Array(bins).fill(Infinity);
  const max = new Float64Array(bins).fill(-Infinity);
  for (let r = 0; r < table.runNames.length; r++) {
    for (let b = 0; b < bins; b++) {
      const v = table.values[r * table.numBins + object.offset + b];
      if (!Number.isFinite(v)) continue;
      min[b] = Math.min(min[b], v);
      max[b] = Math.max(max[b], v);
    }
  }
  return { min: min.map((v) => (Number.isFinite(v) ? v : NaN)), max: max.map((v) => (Number.isFinite(v) ? v : NaN)) };
}

function errorsOf(e: Estimate1D): { down: Float64Array; up: Float64Array } {
  const { dn, up } = e.totalErrors();
  return { down: dn, up };
}

/**
 * One panel per histogram that has both a prediction and reference data,
 * fitted histograms first (in results.yaml's order), then the others in the
 * prediction file's order. `only: 'fitted'` leaves the others out.
 */
export function histogramPanels(tune: TuneRecord, reference: readonly AnyObject[], table: RunTable | undefined, only: 'fitted' | 'all' = 'all'): HistogramPanel[] {
  const predictionFile = join(tune.dir, 'predictions.yoda');
  if (!existsSync(predictionFile)) throw new Error(`${predictionFile}: missing; expected the tune's predictions beside its results.yaml`);
  const predictions = readYodaFileSync(predictionFile).objects;
  const band = bandFile(tune.dir);
  const bands = new Map((band ? readYodaFileSync(band).objects : []).map((o) => [o.path, o]));
  const chi2 = new Map(tune.doc.histograms.map((h) => [h.path, h.chi2]));
  const label = histogramLabeller();
  const { pairs } = matchReference(predictions, reference);
  const rank = (path: string) => {
    const i = tune.doc.histograms.findIndex((h) => h.path === path);
    return i < 0 ? tune.doc.histograms.length : i;
  };
  const chosen = pairs.filter((p) => only === 'all' || chi2.has(p.path)).sort((a, b) => rank(a.path) - rank(b.path));
  return chosen.map((pair) => {
    const bandObject = bands.get(pair.path);
    const bandEstimate = bandObject?.kind === 'Estimate1D' && bandObject.numBins === pair.mc.numBins ? bandObject : undefined;
    const title = label(pair.path, pair.ref, pair.mc);
    const id = pair.path.slice(pair.path.lastIndexOf('/') + 1);
    const envelope = runEnvelope(table, pair.path, pair.mc.numBins);
    const comparison: HistogramComparison = {
      title: `${id}: ${title}`,
      xLabel: title,
      lows: pair.ref.binning.lows,
      highs: pair.ref.binning.highs,
      data: { values: pair.ref.binValues(), ...errorsOf(pair.ref) },
      prediction: { values: pair.mc.binValues(), ...(bandEstimate ? errorsOf(bandEstimate) : {}) },
      ...(envelope ? { envelope } : {}),
    };
    return { path: pair.path, fitted: chi2.has(pair.path), chi2: chi2.get(pair.path), comparison };
  });
}

/**
 * What the campaign view shows of one iteration's tune beyond what the loop's
 * `tuned` event carries (StoredTune has the best point, σ and χ²/Ndf): the
 * χ² of every histogram and the eigentunes, read from its results.yaml, and
 * the prediction per histogram beside the reference data, from
 * predictions.yoda.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyObject } from '../histo/index.js';
import { matchReference } from '../reference/index.js';
import { readTuneDocument, RESULTS_FILE, type StoredEigentune, type TuneDocument } from '../tune/index.js';
import { readYodaFileSync } from '../yoda/index.js';

/** One histogram's share of the tune's χ². */
export type HistogramChi2 = TuneDocument['histograms'][number];

/** An eigentune as the view lists it. */
export type EigentuneSummary = StoredEigentune;

/** One histogram as the view plots it: the tune's prediction and the data, bin for bin. */
export interface HistogramPanel {
  readonly path: string;
  readonly xLabel: string;
  readonly lows: Float64Array;
  readonly highs: Float64Array;
  readonly tune: { readonly values: Float64Array; readonly errors: Float64Array };
  readonly data: { readonly values: Float64Array; readonly errors: Float64Array } | undefined;
}

export interface TuneDetails {
  /** Sorted by χ², largest first: the histograms that pull the tune most come first. */
  readonly histograms: readonly HistogramChi2[];
  readonly eigentunes: readonly EigentuneSummary[];
  readonly deltaChi2: number | undefined;
  /** By histogram path; histograms without a prediction are absent. */
  readonly panels: ReadonlyMap<string, HistogramPanel>;
}

/** The per-histogram χ² (largest first: the histograms that pull the tune most) and the eigentunes of a tune. */
export function resultsExtras(doc: TuneDocument): Pick<TuneDetails, 'histograms' | 'eigentunes' | 'deltaChi2'> {
  return { histograms: [...doc.histograms].sort((a, b) => b.chi2 - a.chi2), eigentunes: doc.eigentuneDetails, deltaChi2: Number.isFinite(doc.deltaChi2.value) ? doc.deltaChi2.value : undefined };
}

/** Each prediction beside its reference (when the reference holds it), as plottable panels. */
export function histogramPanels(predictions: readonly AnyObject[], reference: readonly AnyObject[]): Map<string, HistogramPanel> {
  const out = new Map<string, HistogramPanel>();
  const { pairs } = matchReference(predictions, reference);
  for (const p of pairs) {
    const xLabel = p.ref.annotations.get('XLabel') ?? '';
    out.set(p.path, {
      path: p.path,
      xLabel: xLabel === '~' ? '' : xLabel,
      lows: p.mc.binning.lows,
      highs: p.mc.binning.highs,
      tune: { values: p.mc.binValues().slice(), errors: p.mc.symmetricErrors() },
      data: { values: p.ref.binValues().slice(), errors: p.ref.symmetricErrors() },
    });
  }
  return out;
}

/**
 * The details of the tune in `iterationDir`, or undefined when it has no
 * results.yaml yet. A prediction file that cannot be read leaves the panels
 * empty rather than failing the view: the χ² table is still worth showing.
 */
export function readTuneDetails(iterationDir: string, reference: readonly AnyObject[]): TuneDetails | undefined {
  const file = join(iterationDir, RESULTS_FILE);
  if (!existsSync(file)) return undefined;
  const extras = resultsExtras(readTuneDocument(file));
  const predictions = join(iterationDir, 'predictions.yoda');
  let panels = new Map<string, HistogramPanel>();
  if (existsSync(predictions)) {
    try {
      panels = histogramPanels(readYodaFileSync(predictions).objects, reference);
    } catch {
      panels = new Map();
    }
  }
  return { ...extras, panels };
}

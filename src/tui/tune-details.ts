/**
 * What the campaign view shows of one iteration's tune beyond what the loop's
 * `tuned` event carries (StoredTune has the best point, σ and χ²/Ndf): the
 * χ² of every histogram and the eigentunes, read from its results.yaml, and
 * the prediction per histogram beside the reference data, from
 * predictions.yoda.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AnyObject } from '../histo/index.js';
import { matchReference } from '../reference/index.js';
import { RESULTS_FILE } from '../tune/index.js';
import { readYodaFileSync } from '../yoda/index.js';

export interface HistogramChi2 {
  readonly path: string;
  readonly bins: number;
  readonly chi2: number;
}

export interface EigentuneSummary {
  readonly name: string;
  /** How far along its direction, in σ. */
  readonly sigmas: number;
  readonly deltaChi2: number;
  readonly clipped: boolean;
  readonly point: ReadonlyMap<string, number>;
}

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

type Doc = Record<string, unknown>;

const isRecord = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function numbersOf(v: unknown): Map<string, number> {
  return new Map(isRecord(v) ? Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number') : []);
}

/** The per-histogram χ² and the eigentunes of a results.yaml; entries that are not as written by src/tune are skipped. */
export function resultsExtras(doc: unknown): Pick<TuneDetails, 'histograms' | 'eigentunes' | 'deltaChi2'> {
  const d = isRecord(doc) ? doc : {};
  const hs = Array.isArray(d.histograms) ? (d.histograms as unknown[]) : [];
  const histograms = hs
    .filter(isRecord)
    .filter((h) => typeof h.path === 'string' && typeof h.chi2 === 'number')
    .map((h) => ({ path: h.path as string, bins: typeof h.bins === 'number' ? h.bins : 0, chi2: h.chi2 as number }))
    .sort((a, b) => b.chi2 - a.chi2);
  const es = Array.isArray(d.eigentunes) ? (d.eigentunes as unknown[]) : [];
  const eigentunes = es.filter(isRecord).map((e, i) => ({
    name: typeof e.name === 'string' ? e.name : `eigentune ${i + 1}`,
    sigmas: typeof e.sigmas === 'number' ? e.sigmas : NaN,
    deltaChi2: typeof e.deltaChi2 === 'number' ? e.deltaChi2 : NaN,
    clipped: e.clipped === true,
    point: numbersOf(e.point),
  }));
  const dc = isRecord(d.deltaChi2) ? d.deltaChi2.value : undefined;
  return { histograms, eigentunes, deltaChi2: typeof dc === 'number' ? dc : undefined };
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
  const extras = resultsExtras(parse(readFileSync(file, 'utf8')));
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

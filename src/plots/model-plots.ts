/**
 * Plots of a surrogate: which bins each parameter moves (the Jacobian at the
 * tune, normalised), and how well it predicted runs it was not fitted to.
 */
import { PANEL, putFinite, VEGA_LITE_SCHEMA, type PlotRow, type PlotSpec } from './spec.js';

/** One modelled bin: its histogram's path and its index there. */
export interface PlotBin {
  readonly path: string;
  readonly index: number;
}

export interface SensitivityInput {
  readonly names: readonly string[];
  readonly bins: readonly PlotBin[];
  /** ∂value_b/∂param_p at `point`: bins × P, row-major, as `Surrogate.jacobian` gives it. */
  readonly jacobian: ArrayLike<number>;
  /** The model's value of each bin at `point`. */
  readonly values: ArrayLike<number>;
  /** The parameter point, P values. */
  readonly point: ArrayLike<number>;
}

/**
 * The relative sensitivity (∂f_b/∂θ_p)·θ_p/f_b: the fraction a bin changes per
 * fraction a parameter changes (Professor's `prof2-sens`). Unlike the raw
 * derivative it does not depend on the parameter's units or the bin's
 * normalisation, so one colour scale serves every pair. NaN where f_b = 0.
 */
export function relativeSensitivity(input: SensitivityInput): Float64Array {
  const P = input.names.length;
  const B = input.bins.length;
  if (input.jacobian.length !== B * P || input.values.length !== B || input.point.length !== P) {
    throw new Error(`sensitivity: expected a ${B} × ${P} Jacobian, ${B} values and ${P} parameters; got ${input.jacobian.length}, ${input.values.length} and ${input.point.length}`);
  }
  const out = new Float64Array(B * P);
  for (let b = 0; b < B; b++) {
    for (let p = 0; p < P; p++) out[b * P + p] = input.values[b] === 0 ? NaN : (input.jacobian[b * P + p] * input.point[p]) / input.values[b];
  }
  return out;
}

/** Short bin label: the histogram's last path part and the bin, e.g. `d01-x01-y01#3`. */
function binLabel(bin: PlotBin): string {
  return `${bin.path.slice(bin.path.lastIndexOf('/') + 1)}#${bin.index}`;
}

/** Bins along x (labelled at each histogram's first bin), parameters along y, coloured by relative sensitivity. */
export function sensitivitySpec(input: SensitivityInput, title = 'sensitivity (∂f/∂θ)·θ/f at the tune'): PlotSpec {
  const S = relativeSensitivity(input);
  const P = input.names.length;
  const rows: PlotRow[] = [];
  let reach = 0;
  input.bins.forEach((bin, b) => {
    for (let p = 0; p < P; p++) {
      const row: PlotRow = { bin: binLabel(bin), order: b, parameter: input.names[p], path: bin.path };
      putFinite(row, 'sensitivity', S[b * P + p]);
      if ('sensitivity' in row) {
        reach = Math.max(reach, Math.abs(S[b * P + p]));
        rows.push(row);
      }
    }
  });
  if (rows.length === 0) throw new Error(`${title}: no bin has a finite sensitivity`);
  // A symmetric domain keeps zero white, so the sign reads from the colour alone.
  const domain = [-reach, reach];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: Math.max(PANEL.width, Math.min(1200, 4 * input.bins.length)),
    height: Math.max(100, 28 * P),
    data: { values: rows },
    mark: 'rect',
    encoding: {
      x: { field: 'bin', type: 'ordinal', sort: { field: 'order' }, title: 'bins (each label marks a histogram’s first bin)', axis: { labelExpr: "slice(datum.label, -2) === '#0' ? replace(datum.label, '#0', '') : ''", labelOverlap: false, labelAngle: -60, ticks: false } },
      y: { field: 'parameter', type: 'nominal', sort: [...input.names], title: null, axis: { labelLimit: 180 } },
      color: { field: 'sensitivity', type: 'quantitative', scale: { domain, scheme: 'redblue', reverse: true }, title: 'rel. sens.' },
      tooltip: [{ field: 'bin' }, { field: 'parameter' }, { field: 'sensitivity', format: '.3g' }],
    },
  };
}

/** A surrogate's misses on runs it was not fitted to (`Surrogate.heldOut`). */
export interface HeldOutMisses {
  readonly bins: readonly PlotBin[];
  /** Prediction − run, runs × bins, row-major (NaN where a run left a bin empty). */
  readonly misses: ArrayLike<number>;
  /** The noise variance of each miss (runs × bins): the run's MC error² and the fit's own noise. */
  readonly noise?: ArrayLike<number>;
  /** Per bin, the model's error beyond that noise. */
  readonly discrepancy?: ArrayLike<number>;
}

/** Pull summary of one histogram: how far the model's stated uncertainty is from its misses (RMS ≈ 1 when honest). */
export interface PullSummary {
  readonly path: string;
  readonly count: number;
  readonly mean: number;
  readonly rms: number;
}

/**
 * Pulls miss/√(noise + discrepancy²): a miss in units of what the model says
 * it may miss by. Without noise the misses themselves (a plot of them still
 * shows their spread and bias). NaN where the miss or its scale is unknown.
 */
export function heldOutPulls(input: HeldOutMisses): Float64Array {
  const B = input.bins.length;
  if (B === 0 || input.misses.length % B !== 0) throw new Error(`surrogate validation: expected runs × ${B} misses, got ${input.misses.length}`);
  if (input.noise && input.noise.length !== input.misses.length) throw new Error(`surrogate validation: expected ${input.misses.length} noise variances, one per miss, got ${input.noise.length}`);
  const pulls = new Float64Array(input.misses.length);
  for (let k = 0; k < pulls.length; k++) {
    if (!input.noise) {
      pulls[k] = input.misses[k];
      continue;
    }
    const tau = input.discrepancy?.[k % B] ?? 0;
    const scale = Math.sqrt(input.noise[k] + tau * tau);
    pulls[k] = scale > 0 ? input.misses[k] / scale : NaN;
  }
  return pulls;
}

/** Mean and RMS of the finite pulls per histogram, in order of first appearance. */
export function pullSummaries(input: HeldOutMisses, pulls: ArrayLike<number> = heldOutPulls(input)): PullSummary[] {
  const B = input.bins.length;
  const sums = new Map<string, { count: number; sum: number; sum2: number }>();
  for (let k = 0; k < pulls.length; k++) {
    const path = input.bins[k % B].path;
    const s = sums.get(path) ?? { count: 0, sum: 0, sum2: 0 };
    sums.set(path, s);
    if (!Number.isFinite(pulls[k])) continue;
    s.count++;
    s.sum += pulls[k];
    s.sum2 += pulls[k] * pulls[k];
  }
  return [...sums].map(([path, s]) => ({ path, count: s.count, mean: s.count ? s.sum / s.count : NaN, rms: s.count ? Math.sqrt(s.sum2 / s.count) : NaN }));
}

/** Left: the distribution of all pulls against a unit Gaussian; right: the RMS pull per histogram against 1. */
export function surrogateValidationSpec(input: HeldOutMisses, title = 'surrogate on held-out runs'): PlotSpec {
  const pulls = Array.from(heldOutPulls(input)).filter((v) => Number.isFinite(v));
  if (pulls.length === 0) throw new Error(`${title}: no finite held-out miss`);
  const unit = input.noise ? 'pull (prediction − run)/σ' : 'prediction − run';
  const { rows: bars, width } = pullHistogram(pulls);
  const gauss = input.noise ? gaussianCurve(pulls.length * width) : [];
  const summaries = pullSummaries(input).filter((s) => s.count > 0).map((s): PlotRow => ({ histogram: s.path.slice(s.path.lastIndexOf('/') + 1), path: s.path, rms: s.rms, mean: s.mean }));
  const distribution = {
    width: PANEL.width * 0.75,
    height: PANEL.height,
    title: `${pulls.length} held-out bins`,
    layer: [
      { data: { values: bars }, mark: { type: 'rect' as const, color: '#4c78a8', opacity: 0.8 }, encoding: { x: { field: 'low', type: 'quantitative' as const, title: unit }, x2: { field: 'high' }, y: { field: 'count', type: 'quantitative' as const, title: 'bins' }, y2: { datum: 0 } } },
      ...(gauss.length ? [{ data: { values: gauss }, mark: { type: 'line' as const, color: '#d62728' }, encoding: { x: { field: 'x', type: 'quantitative' as const }, y: { field: 'count', type: 'quantitative' as const } } }] : []),
    ],
  };
  const perHistogram = {
    width: Math.max(PANEL.width * 0.75, 14 * summaries.length),
    height: PANEL.height,
    title: input.noise ? 'RMS pull per histogram' : 'RMS miss per histogram',
    layer: [
      { data: { values: summaries }, mark: { type: 'bar' as const, color: '#72b7b2' }, encoding: { x: { field: 'histogram', type: 'nominal' as const, sort: null, axis: { title: null, labelAngle: -60 } }, y: { field: 'rms', type: 'quantitative' as const, title: 'RMS' }, tooltip: [{ field: 'path' }, { field: 'rms', format: '.3f' }, { field: 'mean', format: '.3f' }] } },
      ...(input.noise ? [{ data: { values: [{ one: 1 }] }, mark: { type: 'rule' as const, color: '#d62728', strokeDash: [4, 3] }, encoding: { y: { field: 'one', type: 'quantitative' as const } } }] : []),
    ],
  };
  return { $schema: VEGA_LITE_SCHEMA, title, hconcat: [distribution, perHistogram] };
}

/** Counts in equal bins over the central range of the values (beyond ±6 they are folded into the edge bins). */
function pullHistogram(values: readonly number[]): { rows: PlotRow[]; width: number } {
  const limit = Math.min(6, Math.max(...values.map(Math.abs)));
  const n = 30;
  const width = (2 * limit) / n || 1;
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.max(0, Math.floor((v + limit) / width)))]++;
  return { rows: counts.map((count, i) => ({ low: -limit + i * width, high: -limit + (i + 1) * width, count })), width };
}

/** A unit Gaussian scaled to `area` (count × bin width), on a fine grid from −4 to 4. */
function gaussianCurve(area: number): PlotRow[] {
  return Array.from({ length: 81 }, (_, i) => {
    const x = -4 + i * 0.1;
    return { x, count: (area * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI) };
  });
}

/**
 * Plots of a tune's numbers rather than its histograms: the χ² each histogram
 * contributes, the parameters over the loop's iterations with their σ, and
 * the correlation matrix.
 */
import { PANEL, putFinite, VEGA_LITE_SCHEMA, type PlotRow, type PlotSpec } from './spec.js';

/** One histogram's share of the tune's χ². */
export interface HistogramChi2 {
  readonly path: string;
  /** Shown instead of the path when given. */
  readonly label?: string;
  readonly chi2: number;
  /** Fitted bins: what the χ² is to be read against. */
  readonly bins: number;
}

/** χ² per histogram as bars, largest first, with a tick at the number of bins it is to be read against. */
export function chi2BarsSpec(histograms: readonly HistogramChi2[], title = 'χ² per histogram'): PlotSpec {
  if (histograms.length === 0) throw new Error(`${title}: no histograms to plot`);
  // Sorted here rather than by a sort on the axis: a layered view unions each layer's sorted domain and drops the sort.
  const rows = [...histograms].sort((a, b) => (Number.isFinite(b.chi2) ? b.chi2 : -Infinity) - (Number.isFinite(a.chi2) ? a.chi2 : -Infinity)).map((h): PlotRow => {
    const row: PlotRow = { histogram: h.label ?? h.path, path: h.path, bins: h.bins };
    putFinite(row, 'chi2', h.chi2);
    putFinite(row, 'chi2PerBin', h.chi2 / h.bins);
    return row;
  });
  const x = { field: 'histogram', type: 'nominal' as const, sort: null, axis: { title: null, labelAngle: -40, labelLimit: 160 } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: Math.max(PANEL.width, 24 * rows.length),
    height: PANEL.height,
    data: { values: rows },
    encoding: { x },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' }, encoding: { y: { field: 'chi2', type: 'quantitative', title: 'χ² (tick: bins)' }, tooltip: [{ field: 'path' }, { field: 'chi2', format: '.4g' }, { field: 'bins' }] } },
      { mark: { type: 'tick', color: '#000000', thickness: 2 }, encoding: { y: { field: 'bins', type: 'quantitative' } } },
    ],
  };
}

/** One iteration's tune: best point and σ by parameter name. */
export interface IterationTune {
  readonly iteration: number;
  readonly best: ReadonlyMap<string, number>;
  readonly sigma: ReadonlyMap<string, number>;
}

/** One row per iteration and parameter: value and value ± σ. */
export function trajectoryRows(iterations: readonly IterationTune[], names: readonly string[], truth: ReadonlyMap<string, number> = new Map()): PlotRow[] {
  return iterations.flatMap((it) =>
    names.flatMap((name) => {
      const value = it.best.get(name);
      if (value === undefined || !Number.isFinite(value)) return [];
      const sigma = it.sigma.get(name) ?? NaN;
      const row: PlotRow = { iteration: it.iteration, parameter: name, value };
      putFinite(row, 'low', value - sigma);
      putFinite(row, 'high', value + sigma);
      // Every row has a truth so that each panel's y scale sees one; where the campaign gives none it is the value, drawn invisibly.
      const known = truth.get(name);
      row.truth = known ?? value;
      row.truthKnown = known !== undefined ? 1 : 0;
      return [row];
    }),
  );
}

/**
 * Every parameter over the iterations, one panel each (own y scale): the ± σ
 * band, the values joined by a line, and a closure campaign's truth (where
 * `truth` has one) as a dashed line.
 */
export function trajectoriesSpec(iterations: readonly IterationTune[], names: readonly string[], title = 'parameters over the iterations', truth: ReadonlyMap<string, number> = new Map()): PlotSpec {
  const rows = trajectoryRows(iterations, names, truth);
  if (rows.length === 0) throw new Error(`${title}: no iteration has a value for any of ${names.join(', ')}`);
  const x = { field: 'iteration', type: 'quantitative' as const, axis: { tickMinStep: 1, format: 'd' }, scale: { nice: false, padding: 12 } };
  const y = { field: 'low', type: 'quantitative' as const, title: null, scale: { zero: false } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    data: { values: rows },
    facet: { row: { field: 'parameter', type: 'nominal', sort: [...names], header: { title: null, labelAngle: 0, labelAlign: 'left' } } },
    spec: {
      width: PANEL.width,
      height: 80,
      layer: [
        { mark: { type: 'area', opacity: 0.3, color: '#4c78a8' }, encoding: { x, y, y2: { field: 'high' } } },
        { mark: { type: 'rule', color: '#4c78a8' }, encoding: { x, y, y2: { field: 'high' } } },
        { mark: { type: 'line', color: '#1f4e79' }, encoding: { x, y: { ...y, field: 'value' } } },
        { mark: { type: 'point', filled: true, color: '#1f4e79' }, encoding: { x, y: { ...y, field: 'value' }, tooltip: [{ field: 'parameter' }, { field: 'iteration' }, { field: 'value', format: '.5g' }] } },
        ...(truth.size > 0 ? [{ mark: { type: 'rule' as const, color: '#d62728', strokeDash: [4, 3] }, encoding: { y: { ...y, field: 'truth' }, opacity: { condition: { test: 'datum.truthKnown', value: 1 }, value: 0 } } }] : []),
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** A P × P matrix (row-major) over named parameters as a heat map on a diverging scale from −1 to 1, values written in. */
export function correlationSpec(names: readonly string[], matrix: ArrayLike<number>, title = 'correlations of the tuned parameters'): PlotSpec {
  const P = names.length;
  if (P === 0 || matrix.length !== P * P) throw new Error(`${title}: expected ${P} × ${P} correlations, got ${matrix.length}`);
  const rows: PlotRow[] = [];
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      const row: PlotRow = { row: names[i], column: names[j] };
      putFinite(row, 'correlation', matrix[i * P + j]);
      rows.push(row);
    }
  }
  const axis = (field: string) => ({ field, type: 'nominal' as const, sort: [...names], title: null, axis: { labelLimit: 180 } });
  const size = Math.max(160, 60 * P);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: size,
    height: size,
    data: { values: rows },
    encoding: { x: { ...axis('column'), axis: { labelAngle: -40, labelLimit: 180 } }, y: axis('row') },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'correlation', type: 'quantitative', scale: { domain: [-1, 1], scheme: 'redblue', reverse: true }, title: 'ρ' } } },
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'correlation', type: 'quantitative', format: '.2f' } } },
    ],
  };
}

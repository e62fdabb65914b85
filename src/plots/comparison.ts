/**
 * Data against the tune: the reference data as points with error bars, the
 * tune's prediction as a line per bin inside its eigentune band, and the
 * envelope of all runs (min and max per bin) behind them; below, the ratio
 * MC/data of each. The envelope shows at a glance whether the runs could
 * reach the data at all; the band whether the data's spread is covered.
 */
import { binRows, checkLengths, errorAt, PANEL, putFinite, seriesColour, VEGA_LITE_SCHEMA, wantsLogScale, type BinEdges, type BinnedValues, type PlotRow, type PlotSpec } from './spec.js';

export interface HistogramComparison extends BinEdges {
  /** Plot title (the analysis' title of the histogram). */
  readonly title: string;
  /** x-axis label, e.g. "1 − T". */
  readonly xLabel: string;
  /** y-axis label; default "value". */
  readonly yLabel?: string;
  /** Reference data, `down`/`up` its total errors. */
  readonly data?: BinnedValues;
  /** The tune's prediction, `down`/`up` the eigentune band's reach below and above it. */
  readonly prediction?: BinnedValues;
  /** The smallest and largest value of each bin over all runs. */
  readonly envelope?: { readonly min: ArrayLike<number>; readonly max: ArrayLike<number> };
  /** Log y axis; default: when all values are positive and span more than three decades. */
  readonly logY?: boolean;
}

type Series = 'data' | 'tune' | 'band' | 'envelope';

/** One row per bin: values and, where data are known and non-zero, their ratios to the data. */
export function comparisonRows(c: HistogramComparison): PlotRow[] {
  const rows = binRows(c);
  rows.forEach((row, i) => {
    const reference = c.data?.values[i] ?? NaN;
    const put = (key: string, value: number) => {
      putFinite(row, key, value);
      if (reference !== 0) putFinite(row, `${key}Ratio`, value / reference);
    };
    if (c.data) {
      const e = errorAt(c.data, i);
      put('data', reference);
      put('dataLow', reference - e.down);
      put('dataHigh', reference + e.up);
    }
    if (c.prediction) {
      const mc = c.prediction.values[i];
      const e = errorAt(c.prediction, i);
      put('tune', mc);
      if (c.prediction.down || c.prediction.up) {
        put('bandLow', mc - e.down);
        put('bandHigh', mc + e.up);
      }
    }
    if (c.envelope) {
      put('envMin', c.envelope.min[i]);
      put('envMax', c.envelope.max[i]);
    }
  });
  return rows;
}

export function histogramComparisonSpec(c: HistogramComparison): PlotSpec {
  checkLengths(c.title, c.lows.length, { highs: c.highs, data: c.data?.values, prediction: c.prediction?.values, 'envelope min': c.envelope?.min, 'envelope max': c.envelope?.max });
  const rows = comparisonRows(c);
  const shown = shownSeries(c);
  const logY = c.logY ?? wantsLogScale(rows.flatMap((r) => [r.data, r.tune, r.envMin, r.envMax].filter((v): v is number => typeof v === 'number')));
  const xAxis = { title: c.xLabel };
  const main = {
    width: PANEL.width,
    height: PANEL.height,
    layer: comparisonLayers(shown, '', { title: c.yLabel ?? 'value', ...(logY ? { scale: { type: 'log' as const } } : {}) }, c.data ? null : xAxis),
  };
  const panels = c.data ? [main, { width: PANEL.width, height: PANEL.ratioHeight, layer: [unitRule(), ...comparisonLayers(shown, 'Ratio', { title: 'MC / data', scale: { zero: false, domain: ratioDomain(rows), clamp: true } }, xAxis)] }] : [main];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: c.title,
    data: { values: rows },
    vconcat: panels,
    spacing: 4,
    resolve: { scale: { x: 'shared', color: 'shared' } },
  };
}

function shownSeries(c: HistogramComparison): Series[] {
  const shown: Series[] = [];
  if (c.envelope) shown.push('envelope');
  if (c.prediction?.down || c.prediction?.up) shown.push('band');
  if (c.prediction) shown.push('tune');
  if (c.data) shown.push('data');
  return shown;
}

interface YAxis {
  readonly title: string;
  readonly scale?: { readonly type?: 'log'; readonly zero?: boolean; readonly domain?: [number, number]; readonly clamp?: boolean };
}

/**
 * The layers of one panel, back to front: envelope, band, tune, data. `suffix`
 * picks the fields (`''` for values, `'Ratio'` for ratios to the data); `xAxis`
 * null hides the x axis' labels (the ratio panel below carries them).
 */
function comparisonLayers(shown: readonly Series[], suffix: string, y: YAxis, xAxis: { title: string } | null) {
  const x = { field: 'xlow', type: 'quantitative' as const, axis: xAxis ? { title: xAxis.title } : { title: null, labels: false }, scale: { zero: false } };
  const x2 = { field: 'xhigh' };
  const yOf = (field: string) => ({ field: field + suffix, type: 'quantitative' as const, title: y.title, ...(y.scale ? { scale: y.scale } : {}) });
  const colour = (s: Series) => seriesColour(s, shown);
  const layers = [];
  if (shown.includes('envelope')) layers.push({ mark: { type: 'rect' as const, opacity: 0.45 }, encoding: { x, x2, y: yOf('envMin'), y2: { field: `envMax${suffix}` }, color: colour('envelope') } });
  if (shown.includes('band')) layers.push({ mark: { type: 'rect' as const, opacity: 0.6 }, encoding: { x, x2, y: yOf('bandLow'), y2: { field: `bandHigh${suffix}` }, color: colour('band') } });
  if (shown.includes('tune')) layers.push({ mark: { type: 'rule' as const, strokeWidth: 2 }, encoding: { x, x2, y: yOf('tune'), color: colour('tune') } });
  if (shown.includes('data')) {
    const xMid = { field: 'x', type: 'quantitative' as const };
    layers.push({ mark: { type: 'rule' as const }, encoding: { x: xMid, y: yOf('dataLow'), y2: { field: `dataHigh${suffix}` }, color: colour('data') } });
    layers.push({ mark: { type: 'point' as const, filled: true, size: 20 }, encoding: { x: xMid, y: yOf('data'), color: colour('data') } });
  }
  return layers;
}

/** The line at ratio 1, from a data set of its own (with the panel's rows it would be drawn once per bin). */
function unitRule() {
  return { data: { values: [{ one: 1 }] }, mark: { type: 'rule' as const, color: '#808080', strokeDash: [4, 3] }, encoding: { y: { field: 'one', type: 'quantitative' as const, title: 'MC / data' } } };
}

/**
 * The ratio panel's range: wide enough for every ratio of the tune and the
 * data's error bars, but no wider than 0.5 … 1.5 (marks beyond that are
 * clamped to the edge, which says "far off" as clearly as a squashed panel
 * would, and the rest stays readable). Clamped by the scale, not clipped: an
 * SVG clip path around a rect that overhangs it on both sides makes resvg
 * 2.6.2 abort the whole process (a panic in its geometry code).
 */
function ratioDomain(rows: readonly PlotRow[]): [number, number] {
  let reach = 0.1;
  for (const r of rows) {
    for (const key of ['tuneRatio', 'dataLowRatio', 'dataHighRatio']) {
      const v = r[key];
      if (typeof v === 'number') reach = Math.max(reach, Math.abs(v - 1));
    }
  }
  const rounded = Math.min(0.5, Math.ceil(reach * 1.1 * 20) / 20);
  return [1 - rounded, 1 + rounded];
}

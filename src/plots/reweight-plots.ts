/**
 * Reweighting plots, from plain arrays so they serve any reweighter: a
 * histogram at θ₀, the same events reweighted to θ, and (when known) the
 * histogram generated at θ, with their ratios to θ₀; and the distribution of
 * the event weights, titled with the effective sample size, the number that
 * says how much statistical power the reweighting kept.
 */
import { effectiveSampleSize, weightHistogram } from '../reweight/index.js';
import { binRows, checkLengths, errorAt, PANEL, putFinite, seriesColour, VEGA_LITE_SCHEMA, wantsLogScale, type BinEdges, type BinnedValues, type PlotRow, type PlotSpec } from './spec.js';

export interface ReweightComparison extends BinEdges {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel?: string;
  /** The histogram of the sample at θ₀ (unweighted). */
  readonly nominal: BinnedValues;
  /** The same events with the weights to θ. */
  readonly reweighted: BinnedValues;
  /** Generated at θ, when available: what the reweighted histogram should match. */
  readonly target?: BinnedValues;
  readonly logY?: boolean;
}

type Series = 'nominal' | 'reweighted' | 'target';

/** One row per bin: each series' value with its error bar ends, and each one's ratio to θ₀. */
export function reweightRows(c: ReweightComparison): PlotRow[] {
  const series: [Series, BinnedValues | undefined][] = [['nominal', c.nominal], ['reweighted', c.reweighted], ['target', c.target]];
  const rows = binRows(c);
  rows.forEach((row, i) => {
    const base = c.nominal.values[i];
    for (const [name, s] of series) {
      if (!s) continue;
      const v = s.values[i];
      const e = errorAt(s, i);
      for (const [key, value] of [[name, v], [`${name}Low`, v - e.down], [`${name}High`, v + e.up]] as const) {
        putFinite(row, key, value);
        if (base !== 0) putFinite(row, `${key}Ratio`, value / base);
      }
    }
  });
  return rows;
}

export function reweightComparisonSpec(c: ReweightComparison): PlotSpec {
  checkLengths(c.title, c.lows.length, { highs: c.highs, nominal: c.nominal.values, reweighted: c.reweighted.values, target: c.target?.values });
  const rows = reweightRows(c);
  const shown: Series[] = c.target ? ['nominal', 'reweighted', 'target'] : ['nominal', 'reweighted'];
  const logY = c.logY ?? wantsLogScale(rows.flatMap((r) => shown.map((s) => r[s]).filter((v): v is number => typeof v === 'number')));
  const layers = (suffix: string, yTitle: string, xTitle: string | null, logScale: boolean) => {
    const x = { field: 'xlow', type: 'quantitative' as const, scale: { zero: false }, axis: xTitle ? { title: xTitle } : { title: null, labels: false } };
    const y = (field: string) => ({ field: field + suffix, type: 'quantitative' as const, title: yTitle, scale: logScale ? { type: 'log' as const } : { zero: false } });
    const xMid = { field: 'x', type: 'quantitative' as const };
    return shown.flatMap((s) => [
      { mark: { type: 'rule' as const, strokeWidth: 2 }, encoding: { x, x2: { field: 'xhigh' }, y: y(s), color: seriesColour(s, shown) } },
      { mark: { type: 'rule' as const }, encoding: { x: xMid, y: y(`${s}Low`), y2: { field: `${s}High${suffix}` }, color: seriesColour(s, shown) } },
    ]);
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: c.title,
    data: { values: rows },
    vconcat: [
      { width: PANEL.width, height: PANEL.height, layer: layers('', c.yLabel ?? 'value', null, logY) },
      { width: PANEL.width, height: PANEL.ratioHeight, layer: layers('Ratio', 'ratio to θ₀', c.xLabel, false) },
    ],
    spacing: 4,
    resolve: { scale: { x: 'shared', color: 'shared' } },
  };
}

/**
 * Counts of the weights in `bins` log-spaced bins (weights span decades, and
 * the tail of large weights is what costs sample size); weights ≤ 0 or not
 * finite are counted in the title, not plotted.
 */
export function weightHistogramRows(weights: ArrayLike<number>, bins = 40): { rows: PlotRow[]; skipped: number } {
  const shown = Float64Array.from(weights).filter((w) => w > 0 && Number.isFinite(w));
  if (shown.length === 0) return { rows: [], skipped: weights.length };
  const h = weightHistogram(shown, { bins });
  return { rows: Array.from(h.counts, (count, i) => ({ low: h.edges[i], high: h.edges[i + 1], count })), skipped: weights.length - shown.length };
}

export function weightDistributionSpec(weights: ArrayLike<number>, options: { readonly title?: string; readonly bins?: number } = {}): PlotSpec {
  const { rows, skipped } = weightHistogramRows(weights, options.bins);
  if (rows.length === 0) throw new Error(`weight distribution: none of the ${weights.length} weights is positive and finite`);
  const ess = effectiveSampleSize(weights);
  const share = weights.length ? (100 * ess) / weights.length : 0;
  const text = `${options.title ?? 'event weights'}: ESS ${ess.toFixed(0)} of ${weights.length} (${share.toFixed(1)} %)`;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: skipped ? { text, subtitle: `${skipped} weights ≤ 0 or not finite are not shown` } : text,
    width: PANEL.width,
    height: PANEL.height,
    data: { values: rows },
    mark: { type: 'rect', color: '#4c78a8' },
    encoding: {
      x: { field: 'low', type: 'quantitative', scale: { type: 'log' }, title: 'weight' },
      x2: { field: 'high' },
      y: { field: 'count', type: 'quantitative', title: 'events' },
      y2: { datum: 0 },
    },
  };
}

/**
 * What every plot builder shares: the spec type (vega-lite's own top-level
 * spec, so a misspelt channel or mark is a compile error), the series colours,
 * and the conversion of typed arrays into data rows. Rows carry only finite
 * numbers: JSON has no NaN, and a null in a continuous field would be dropped
 * by vega-lite anyway, so a missing value is simply left out of its row.
 */
import type { TopLevelSpec } from 'vega-lite';

/** A vega-lite spec as plain JSON: what `JSON.stringify` writes to `*.vl.json`. */
export type PlotSpec = TopLevelSpec;

/** One data row of a plot: field name → finite number or label. */
export type PlotRow = Record<string, number | string>;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Series names and colours, the same in every plot so a reader learns them once. */
export const SERIES = {
  data: { label: 'data', colour: '#000000' },
  tune: { label: 'tune', colour: '#d62728' },
  band: { label: 'eigentune band', colour: '#ff9896' },
  envelope: { label: 'envelope of runs', colour: '#bdbdbd' },
  nominal: { label: 'θ₀', colour: '#1f77b4' },
  reweighted: { label: 'reweighted', colour: '#d62728' },
  target: { label: 'target', colour: '#000000' },
} as const;

/** Main panel and ratio panel sizes, in pixels. */
export const PANEL = { width: 420, height: 240, ratioHeight: 90 } as const;

/** The values per bin of one series, with optional downward and upward errors (or band half-widths). */
export interface BinnedValues {
  readonly values: ArrayLike<number>;
  readonly down?: ArrayLike<number>;
  readonly up?: ArrayLike<number>;
}

/** Bins by their low and high edges (gaps allowed, as in reference data). */
export interface BinEdges {
  readonly lows: ArrayLike<number>;
  readonly highs: ArrayLike<number>;
}

/** Sets `row[key]` only when `value` is finite. */
export function putFinite(row: PlotRow, key: string, value: number): void {
  if (Number.isFinite(value)) row[key] = value;
}

/** Checks that every series has one value per bin; names the plot and the series that does not. */
export function checkLengths(plot: string, bins: number, series: Readonly<Record<string, ArrayLike<number> | undefined>>): void {
  if (bins === 0) throw new Error(`${plot}: no bins to plot`);
  for (const [name, values] of Object.entries(series)) {
    if (values !== undefined && values.length !== bins) throw new Error(`${plot}: ${name} has ${values.length} values, expected one per bin (${bins})`);
  }
}

/** Whether a log y axis reads better: all values positive and spanning more than three decades. */
export function wantsLogScale(values: readonly number[]): boolean {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0 || finite.some((v) => v <= 0)) return false;
  return Math.max(...finite) / Math.min(...finite) > 1e3;
}

/**
 * A colour encoding that names its series by a constant (`datum`), so layers
 * of different marks share one legend with fixed colours. Every panel of a
 * plot asks for the same legend: with the colour scale shared, vega-lite
 * draws it once.
 */
export function seriesColour(series: keyof typeof SERIES, shown: readonly (keyof typeof SERIES)[]) {
  return {
    datum: SERIES[series].label,
    type: 'nominal' as const,
    scale: { domain: shown.map((s) => SERIES[s].label), range: shown.map((s) => SERIES[s].colour) },
    legend: { title: null, orient: 'top' as const, direction: 'horizontal' as const },
  };
}

/** Bins by edges as rows with `xlow`, `xhigh` and `x` (the centre, where points and error bars sit). */
export function binRows(edges: BinEdges): PlotRow[] {
  return Array.from({ length: edges.lows.length }, (_, i) => {
    const row: PlotRow = { bin: i, xlow: edges.lows[i], xhigh: edges.highs[i] };
    putFinite(row, 'x', (edges.lows[i] + edges.highs[i]) / 2);
    return row;
  });
}

/** Symmetric ± a, or the downward and upward arrays when given; 0 where none is known. */
export function errorAt(series: BinnedValues, i: number): { down: number; up: number } {
  const down = series.down?.[i] ?? 0;
  return { down, up: series.up?.[i] ?? down };
}

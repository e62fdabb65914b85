/**
 * A histogram drawn in text: a main panel (a line series and a point series
 * with error bars) over a ratio panel, every bin equally wide. Equal widths,
 * not the bins' own, because the analyses' spectra are often binned
 * logarithmically or with gaps, and a true x axis would crowd most bins into
 * a few columns of an 80-column terminal. The y axis turns logarithmic when
 * the values span more than two decades. Cells carry a style, so that the
 * view can colour the series without parsing the text again.
 */
import { chars, fit, num } from './draw.js';

/** What a cell shows: the axes and reference line, the line series, the point series. */
export type CellStyle = 'axis' | 'line' | 'points' | 'plain';

/** A run of equally styled text within a plotted row. */
export interface StyledRun {
  readonly text: string;
  readonly style: CellStyle;
}

export interface PlotSeries {
  readonly values: ArrayLike<number>;
  /** Symmetric errors per bin, drawn as bars (points only). */
  readonly errors?: ArrayLike<number>;
}

export interface PlotInput {
  /** Bin bounds; only the first low and last high are printed. */
  readonly lows: ArrayLike<number>;
  readonly highs: ArrayLike<number>;
  /** Drawn as a line: the tune, or θ₀. */
  readonly line: PlotSeries;
  /** Drawn as points with error bars: the data, or the reweighted sample. */
  readonly points: PlotSeries | undefined;
  readonly xLabel?: string;
}

export interface PlotSize {
  readonly width: number;
  /** Rows of the main panel and of the ratio panel; one more row holds the x axis. */
  readonly height: number;
  readonly ratioHeight: number;
}

const GUTTER = 7;

/** An axis label in at most 6 characters. */
function axisNum(v: number): string {
  if (v !== 0 && Math.abs(v) < 0.01) return v.toExponential(1).replace(/\.0e/, 'e');
  return num(v, Math.abs(v) >= 1000 ? 2 : 3);
}

/** A grid of cells with styles, written into and then read out as runs per row. */
class Grid {
  readonly chars: string[][];
  readonly styles: CellStyle[][];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.chars = Array.from({ length: height }, () => Array.from({ length: width }, () => ' '));
    this.styles = Array.from({ length: height }, () => Array.from({ length: width }, (): CellStyle => 'plain'));
  }

  set(row: number, col: number, ch: string, style: CellStyle): void {
    if (row < 0 || row >= this.height || col < 0 || col >= this.width) return;
    this.chars[row][col] = ch;
    this.styles[row][col] = style;
  }

  rows(gutter: (row: number) => string): StyledRun[][] {
    return this.chars.map((cells, r) => {
      const runs: StyledRun[] = [{ text: gutter(r), style: 'axis' }];
      for (let c = 0; c < cells.length; c++) {
        const last = runs[runs.length - 1];
        if (last.style === this.styles[r][c]) runs[runs.length - 1] = { text: last.text + cells[c], style: last.style };
        else runs.push({ text: cells[c], style: this.styles[r][c] });
      }
      return runs;
    });
  }
}

/** Maps values to rows (0 at the top) and sub-row thirds, linearly or in log. */
interface YAxis {
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
}

function position(y: YAxis, v: number, rows: number): number | undefined {
  if (!Number.isFinite(v) || (y.log && v <= 0)) return undefined;
  const t = (q: number) => (y.log ? Math.log10(q) : q);
  const f = (t(v) - t(y.lo)) / (t(y.hi) - t(y.lo) || 1);
  if (f < -0.01 || f > 1.01) return undefined;
  return (1 - Math.min(1, Math.max(0, f))) * (rows - 1);
}

function yAxisOf(series: readonly PlotSeries[]): YAxis {
  const values: number[] = [];
  const spans: number[] = [];
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const [v, e] = [s.values[i], s.errors?.[i] ?? 0];
      if (!Number.isFinite(v)) continue;
      values.push(v);
      spans.push(v + (Number.isFinite(e) ? e : 0), v - (Number.isFinite(e) ? e : 0));
    }
  }
  if (values.length === 0) return { lo: 0, hi: 1, log: false };
  const [vlo, hi] = [Math.min(...values), Math.max(...spans)];
  // Log only from the values themselves: an error bar reaching below zero says nothing of the spread.
  if (vlo > 0 && hi / vlo > 100) return { lo: vlo / 1.5, hi: hi * 1.2, log: true };
  const lo = Math.min(...spans);
  const pad = 0.05 * (hi - lo || Math.abs(hi) || 1);
  return { lo: vlo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi: hi + pad, log: false };
}

/** The columns bin b spans among n bins over `width` columns, and its centre. */
function binColumns(b: number, n: number, width: number): { from: number; to: number; centre: number } {
  const from = Math.floor((b * width) / n);
  const to = Math.max(from, Math.floor(((b + 1) * width) / n) - 1);
  return { from, to, centre: Math.floor(((b + 0.5) * width) / n) };
}

function drawLine(grid: Grid, y: YAxis, s: PlotSeries): void {
  const n = s.values.length;
  for (let b = 0; b < n; b++) {
    const p = position(y, s.values[b], grid.height);
    if (p === undefined) continue;
    const row = Math.round(p);
    const third = p - row;
    const ch = third < -1 / 6 ? '▔' : third > 1 / 6 ? '▁' : '─';
    const { from, to } = binColumns(b, n, grid.width);
    for (let c = from; c <= to; c++) grid.set(row, c, ch, 'line');
  }
}

function drawPoints(grid: Grid, y: YAxis, s: PlotSeries): void {
  const n = s.values.length;
  for (let b = 0; b < n; b++) {
    const p = position(y, s.values[b], grid.height);
    if (p === undefined) continue;
    const { centre } = binColumns(b, n, grid.width);
    const e = s.errors?.[b];
    if (e !== undefined && Number.isFinite(e) && e > 0) {
      const top = position(y, s.values[b] + e, grid.height) ?? 0;
      const bottom = position(y, s.values[b] - e, grid.height) ?? grid.height - 1;
      for (let r = Math.round(top); r <= Math.round(bottom); r++) grid.set(r, centre, '│', 'points');
    }
    grid.set(Math.round(p), centre, '●', 'points');
  }
}

/** Ratio points/line per bin with the points' relative error, NaN where the line is zero or missing. */
function ratioOf(input: PlotInput): PlotSeries {
  const n = input.line.values.length;
  const values = new Float64Array(n);
  const errors = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    const den = input.line.values[b];
    const v = input.points?.values[b] ?? NaN;
    values[b] = den !== 0 ? v / den : NaN;
    errors[b] = den !== 0 ? (input.points?.errors?.[b] ?? 0) / Math.abs(den) : NaN;
  }
  return { values, errors };
}

/** The ratio panel's half-range around 1: the smallest of a few round numbers that holds every point. */
function ratioRange(r: PlotSeries): number {
  let worst = 0;
  for (let b = 0; b < r.values.length; b++) if (Number.isFinite(r.values[b])) worst = Math.max(worst, Math.abs(r.values[b] - 1));
  return [0.02, 0.05, 0.1, 0.2, 0.5, 1].find((h) => worst <= h) ?? 1;
}

/**
 * The plot as styled rows: `size.height` rows of the main panel, then
 * `size.ratioHeight` rows of points/line, then the x axis; every row exactly
 * `size.width` columns, the first 7 of them the y labels.
 */
export function plotRows(input: PlotInput, size: PlotSize): StyledRun[][] {
  const inner = Math.max(1, size.width - GUTTER);
  const main = new Grid(inner, Math.max(2, size.height));
  const y = yAxisOf([input.line, ...(input.points ? [input.points] : [])]);
  drawLine(main, y, input.line);
  if (input.points) drawPoints(main, y, input.points);
  const label = (r: number, g: Grid, top: string, bottom: string) => fit(r === 0 ? top : r === g.height - 1 ? bottom : '', GUTTER - 1) + '┤';
  const rows = main.rows((r) => label(r, main, axisNum(y.hi), axisNum(y.lo)));
  if (size.ratioHeight >= 2 && input.points) {
    const ratio = new Grid(inner, size.ratioHeight);
    const r = ratioOf(input);
    const half = ratioRange(r);
    const ry: YAxis = { lo: 1 - half, hi: 1 + half, log: false };
    const one = Math.round(position(ry, 1, ratio.height) ?? 0);
    for (let c = 0; c < inner; c++) ratio.set(one, c, '┈', 'axis');
    drawPoints(ratio, ry, r);
    rows.push(...ratio.rows((row) => fit(row === one ? '1' : row === 0 ? num(1 + half, 3) : row === ratio.height - 1 ? num(1 - half, 3) : '', GUTTER - 1) + '┤'));
  }
  rows.push([{ text: xAxis(input, size.width), style: 'axis' }]);
  return rows;
}

function xAxis(input: PlotInput, width: number): string {
  const n = input.lows.length;
  const [lo, hi] = n > 0 ? [num(input.lows[0], 3), num(input.highs[n - 1], 3)] : ['', ''];
  const inner = Math.max(0, width - GUTTER);
  const label = input.xLabel ?? '';
  const middle = Math.max(0, inner - lo.length - hi.length);
  const pad = Math.max(0, middle - chars(label).length);
  const centre = middle >= chars(label).length + 2 ? ' '.repeat(Math.floor(pad / 2)) + label + ' '.repeat(Math.ceil(pad / 2)) : ' '.repeat(middle);
  return fit(' '.repeat(GUTTER) + lo + centre + hi, width);
}

/** The rows as plain text (for tests and the non-TTY fallback). */
export function plotText(input: PlotInput, size: PlotSize): string[] {
  return plotRows(input, size).map((runs) => runs.map((r) => r.text).join(''));
}

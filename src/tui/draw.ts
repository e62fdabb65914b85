/**
 * Text primitives of the terminal UI: a progress bar, a parameter gauge, a
 * sparkline and number formatting. Each returns a plain string of exactly the
 * width asked for, so that a layout computed in columns stays put when values
 * change (ink then rewrites only what differs).
 */

/** The characters of `text` (code points: every glyph the UI draws takes one cell). */
export function chars(text: string): string[] {
  return Array.from(text);
}

/** `text` cut or padded with spaces to exactly `width` columns (… marks a cut). */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const cs = chars(text);
  if (cs.length <= width) return text + ' '.repeat(width - cs.length);
  return cs.slice(0, width - 1).join('') + '…';
}

/** A number in at most `digits` significant digits, without trailing zeros; `--` when not finite. */
export function num(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return '--';
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(digits)));
}

/** Seconds as `42s`, `3m05s` or `1h02m`; `--` when unknown. */
export function duration(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '--';
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** A bar of `width` cells filled to `fraction` (clamped to [0, 1]), in eighths of a cell. */
export function progressBar(fraction: number, width: number): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  const partial = part > 0 ? '▏▎▍▌▋▊▉'[part - 1] : '';
  return ('█'.repeat(full) + partial + '░'.repeat(width)).slice(0, width);
}

export interface GaugeInput {
  readonly low: number;
  readonly high: number;
  readonly value: number | undefined;
  readonly sigma: number | undefined;
  readonly truth: number | undefined;
}

/** The column of `v` on a gauge of `width` cells spanning [low, high], clamped to it; undefined when v is not finite. */
function column(v: number | undefined, low: number, high: number, width: number): number | undefined {
  if (v === undefined || !Number.isFinite(v) || !(high > low)) return undefined;
  return Math.min(width - 1, Math.max(0, Math.round(((v - low) / (high - low)) * (width - 1))));
}

/**
 * A parameter against its range: `─` the range, `━` the ±1σ band, `●` the
 * best value and `┃` the truth (a closure test's known point). When best and
 * truth share a cell the truth wins, since the band already shows the best.
 */
export function gauge(g: GaugeInput, width: number): string {
  if (width <= 0) return '';
  const cells = Array.from({ length: width }, () => '─');
  const best = column(g.value, g.low, g.high, width);
  if (best !== undefined && g.value !== undefined && g.sigma !== undefined && Number.isFinite(g.sigma)) {
    const from = column(g.value - g.sigma, g.low, g.high, width) ?? best;
    const to = column(g.value + g.sigma, g.low, g.high, width) ?? best;
    for (let c = from; c <= to; c++) cells[c] = '━';
  }
  if (best !== undefined) cells[best] = '●';
  const truth = column(g.truth, g.low, g.high, width);
  if (truth !== undefined) cells[truth] = '┃';
  return cells.join('');
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** One cell per value, the last `width` values, scaled between their least and greatest. */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.filter((v) => Number.isFinite(v)).slice(-Math.max(0, width));
  if (shown.length === 0) return '';
  const lo = Math.min(...shown);
  const hi = Math.max(...shown);
  return shown.map((v) => SPARKS[hi > lo ? Math.round(((v - lo) / (hi - lo)) * (SPARKS.length - 1)) : 3]).join('');
}

/** The last path component of a histogram path, e.g. `d01-x01-y01`. */
export function shortPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

/** `text` broken into lines of at most `width` columns at spaces (a word longer than that is cut), keeping its indentation. */
export function wrap(text: string, width: number): string[] {
  const indent = /^ */.exec(text)?.[0] ?? '';
  const out: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    const next = line === '' ? indent + word : `${line} ${word}`;
    if (chars(next).length <= width || line === '') line = next;
    else {
      out.push(line);
      line = indent + '  ' + word;
    }
  }
  out.push(line);
  return out.map((l) => fit(l, width));
}

/**
 * The reweighting screen, as lines: the parameters with θ against the trained
 * range (θ₀ marked), the chosen observable with the effective sample size and
 * how long the last update took, and the histogram at θ over the one at θ₀
 * with their ratio. Without a reweighter it says how to get one.
 */
import { duration, fit, gauge, num, wrap } from './draw.js';
import { fitLine, plain, plotLine, textLine, type Line } from './lines.js';
import { plotRows } from './plot.js';
import type { ReweightHistogram, ReweightSource } from './reweight-source.js';
import type { ViewSize } from './campaign-view.js';

/** Where the screen's source stands: being loaded, unavailable (and why, and how to train one), or ready. */
export type ReweightLoad =
  /** `message`: what a training on first use is doing now (generating sample k of K, pass n…). */
  | { readonly state: 'loading'; readonly since: number; readonly message?: string }
  | { readonly state: 'missing'; readonly reason: string; readonly hint: readonly string[] }
  | { readonly state: 'ready'; readonly source: ReweightSource };

export interface ReweightView {
  /** The parameter ←/→ moves. */
  readonly selected: number;
  readonly theta: readonly number[];
  readonly observable: number;
  readonly result: ReweightHistogram | undefined;
  /** Milliseconds the last update took. */
  readonly ms: number | undefined;
  /** Why the last update failed (θ outside the range, a broken model). */
  readonly error: string | undefined;
}

/** Steps per trained range: ←/→ move θ by 1/20 of it, ,/. by 1/100. */
export const COARSE_STEPS = 20;
export const FINE_STEPS = 100;

export function initialReweightView(source: ReweightSource): ReweightView {
  const chosen = source.observables.indexOf('oneMinusThrust');
  return { selected: 0, theta: source.parameters.map((p) => p.theta0), observable: Math.max(0, chosen), result: undefined, ms: undefined, error: undefined };
}

/** θ with parameter `p` moved by `steps` of 1/`per` of its range, kept inside the range. */
export function moveTheta(source: ReweightSource, theta: readonly number[], p: number, steps: number, per: number): number[] {
  const q = source.parameters[p];
  const next = theta[p] + (steps * (q.hi - q.lo)) / per;
  return theta.map((v, i) => (i === p ? Math.min(q.hi, Math.max(q.lo, Number(next.toPrecision(12)))) : v));
}

const FOOTER = '↑↓ parameter · ←→ θ (,. finer) · o observable · 0 θ₀ · r/esc back · q quit';

function headerLine(title: string, width: number): Line {
  const right = 'r/esc back ';
  return [{ text: fit(` reweighting · ${title}`, Math.max(0, width - right.length)), bold: true, inverse: true }, { text: right, inverse: true }];
}

function parameterLines(source: ReweightSource, v: ReweightView, width: number): Line[] {
  const nameWidth = Math.min(24, Math.max(12, Math.floor(width * 0.3)));
  return source.parameters.map((p, i) => {
    const numbers = `${num(v.theta[i], 5)}  θ₀ ${num(p.theta0, 4)}`;
    const g = gauge({ low: p.lo, high: p.hi, value: v.theta[i], sigma: undefined, truth: p.theta0 }, Math.max(4, width - nameWidth - 24));
    const mark = i === v.selected;
    return fitLine([{ text: `${mark ? '▸' : ' '}${fit(p.name, nameWidth)} `, ...(mark ? { inverse: true } : {}) }, plain(fit(numbers, 21) + ' '), { text: g, color: 'green' }], width);
  });
}

function statusLine(source: ReweightSource, v: ReweightView, width: number): Line {
  const obs = source.observables[v.observable];
  if (v.error !== undefined) return textLine(` ${obs}: ${v.error}`, width, { color: 'red' });
  const r = v.result;
  if (!r) return textLine(` ${obs}: computing…`, width, { dim: true });
  const pct = r.events > 0 ? (100 * r.ess) / r.events : NaN;
  return fitLine([{ text: ` ${obs}`, bold: true }, plain(' (o: next)  '), { text: `ESS ${Math.round(r.ess).toLocaleString('en-US')}/${r.events.toLocaleString('en-US')} (${num(pct, 3)} %)`, color: pct < 10 ? 'red' : pct < 50 ? 'yellow' : 'green' }, plain(`  max w ${num(r.maxWeight, 3)}  update ${v.ms === undefined ? '--' : `${Math.round(v.ms)} ms`}`)], width);
}

function histogramLines(r: ReweightHistogram | undefined, width: number, rows: number): Line[] {
  if (!r || rows < 5) return [];
  const title = fitLine([{ text: '● at θ', color: 'cyan' }, plain('  '), { text: '─ at θ₀', color: 'yellow' }, plain('  ratio θ/θ₀ (fractions of events per bin)')], width);
  const body = rows - 2;
  const ratioHeight = body >= 9 ? Math.max(3, Math.floor(body / 3)) : 2;
  const lows = r.edges.subarray(0, r.edges.length - 1);
  const highs = r.edges.subarray(1);
  const plot = plotRows({ lows, highs, line: { values: r.baseline }, points: { values: r.reweighted, errors: r.errors }, xLabel: r.observable }, { width, height: body - ratioHeight, ratioHeight });
  return [title, ...plot.map(plotLine)];
}

function loadLines(load: Exclude<ReweightLoad, { state: 'ready' }>, width: number, now: number): Line[] {
  if (load.state === 'loading') {
    const doing = load.message ?? "loading the reweighter and computing the sample's observables…";
    return wrap(` ${doing} ${duration((now - load.since) / 1000)}`, width).map((l) => textLine(l, width, { dim: load.message === undefined }));
  }
  return [...wrap(` ${load.reason}`, width).map((l) => textLine(l, width, { color: 'yellow' })), textLine('', width), ...load.hint.flatMap((l) => wrap(` ${l}`, width)).map((l) => textLine(l, width))];
}

/** The whole reweighting screen: `size.rows − 1` lines of `size.columns` columns. */
export function reweightLines(load: ReweightLoad, v: ReweightView | undefined, size: ViewSize, now = performance.now()): Line[] {
  const width = Math.max(20, size.columns);
  const height = Math.max(6, size.rows - 1);
  const title = load.state === 'ready' ? load.source.description : load.state === 'loading' ? 'loading' : 'no reweighter';
  const lines: Line[] = [headerLine(title, width)];
  if (load.state !== 'ready' || !v) lines.push(...loadLines(load.state === 'ready' ? { state: 'loading', since: now } : load, width, now));
  else {
    lines.push(...parameterLines(load.source, v, width), statusLine(load.source, v, width));
    lines.push(...histogramLines(v.result, width, height - lines.length - 1));
  }
  while (lines.length < height - 1) lines.push(textLine('', width));
  return [...lines.slice(0, height - 1), textLine(` ${FOOTER}`, width, { dim: true })];
}

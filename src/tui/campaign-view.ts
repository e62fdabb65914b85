/**
 * The campaign screen, as lines for a terminal of a given size: a header, the
 * runs' progress, the surrogate's training, χ² and its history, a gauge per
 * parameter, then the histograms by χ² beside a plot of the selected one (or,
 * in their place, the help or the eigentunes). Everything fits in
 * `rows − 1` lines: ink clears the whole screen before a frame as tall as the
 * terminal, which is the flicker to avoid.
 */
import { chars, duration, fit, gauge, num, progressBar, shortPath, sparkline } from './draw.js';
import { besideLines, fitLine, plain, plotLine, textLine, type Line, type Segment } from './lines.js';
import { plotRows } from './plot.js';
import { latestTune, type CampaignState, type ParameterView } from './state.js';
import type { HistogramPanel } from './tune-details.js';

export type Overlay = 'none' | 'help' | 'eigentunes';

export interface ViewSize {
  readonly columns: number;
  readonly rows: number;
}

export interface CampaignViewOptions {
  /** Index into the histograms sorted by χ². */
  readonly selected: number;
  readonly overlay: Overlay;
}

const STATUS_STYLE: Record<CampaignState['status'], Omit<Segment, 'text'>> = {
  starting: { color: 'gray' },
  running: { color: 'green' },
  pausing: { color: 'yellow' },
  paused: { color: 'yellow' },
  finished: { color: 'cyan' },
  failed: { color: 'red' },
  quitting: { color: 'yellow' },
  stopped: { color: 'gray' },
};

function header(s: CampaignState, width: number): Line {
  const it = s.iteration === undefined ? '' : ` · iteration ${s.iteration + 1}/${s.count}`;
  const phase = s.phase && (s.status === 'running' || s.status === 'pausing') ? ` · ${s.phase}` : '';
  const left = ` mctune ui · ${s.name}${it}${phase} · `;
  const right = '? help ';
  const status = s.status;
  const used = chars(left).length + status.length + right.length;
  return fitLine([{ text: left, bold: true, inverse: true }, { ...STATUS_STYLE[status], text: status, inverse: true, bold: true }, { text: ' '.repeat(Math.max(0, width - used)) + right, inverse: true }], width);
}

function runsLine(s: CampaignState, width: number): Line {
  const r = s.runs;
  if (!r) return textLine(` runs      ${s.status === 'running' ? 'none started yet' : 'none in this session'}`, width, { dim: true });
  const frac = r.total > 0 ? (r.done + r.failed) / r.total : 0;
  const tail = ` ${r.done}/${r.total} done · ${r.failed} failed · ${r.running} running · ETA ${duration(r.eta)}`;
  const barWidth = Math.max(5, Math.min(30, width - 11 - tail.length));
  return fitLine([plain(' runs      '), { text: progressBar(frac, barWidth), color: r.failed > 0 ? 'yellow' : 'green' }, plain(tail)], width);
}

function trainingLine(s: CampaignState, width: number): Line {
  const t = s.training;
  if (t) {
    const of = t.epochs !== undefined ? `/${t.epochs}` : '';
    // Ensemble members and fold networks alike (network-train.ts numbers them on).
    const member = t.member > 0 ? ` (network ${t.member + 1})` : '';
    return textLine(` surrogate epoch ${t.epoch}${of}${member} · loss ${num(t.loss, 4)}${t.valLoss !== undefined ? ` · validation ${num(t.valLoss, 4)}` : ''}`, width);
  }
  const last = s.log.length > 0 ? s.log[s.log.length - 1].trim() : 'not built yet';
  return textLine(` log       ${last}`, width, { dim: true });
}

function chi2Line(s: CampaignState, width: number): Line {
  const last = latestTune(s);
  if (!last) return textLine(' χ²/Ndf    no tune yet', width, { dim: true });
  const head = ` χ²/Ndf    ${num(last.chi2, 4)}/${last.ndf} (${num(last.ndf > 0 ? last.chi2 / last.ndf : NaN, 3)})  history `;
  const moved = last.moved !== undefined ? `  moved ${num(last.moved, 2)} σ` : '';
  const room = Math.max(1, width - chars(head).length - moved.length);
  return fitLine([plain(head), { text: sparkline(s.history.map((h) => h.chi2), room), color: 'cyan' }, plain(moved)], width);
}

/** One parameter: name, value ± σ, then its gauge over the range (the truth marked when known). */
function parameterLine(p: ParameterView, s: CampaignState, width: number): Line {
  const last = latestTune(s);
  const value = p.fixed ?? last?.best.get(p.name);
  const sigma = p.fixed !== undefined ? undefined : last?.sigma.get(p.name);
  const nameWidth = Math.min(24, Math.max(12, Math.floor(width * 0.3)));
  const numbers = p.fixed !== undefined ? `${num(p.fixed, 5)} fixed` : value === undefined ? '--' : `${num(value, 5)} ± ${num(sigma ?? NaN, 2)}`;
  const numWidth = 19;
  const g = gauge({ low: p.low, high: p.high, value, sigma, truth: p.truth }, Math.max(4, width - nameWidth - numWidth - 3));
  const gaugeSegments: Segment[] = chars(g).map((ch) => ({ text: ch, ...(ch === '●' ? { color: 'green', bold: true } : ch === '┃' ? { color: 'magenta', bold: true } : ch === '━' ? { color: 'green' } : { dim: true }) }));
  return fitLine([plain(' ' + fit(p.name, nameWidth)), plain(' ' + fit(numbers, numWidth) + ' '), ...mergeSegments(gaugeSegments)], width);
}

/** Adjacent segments of the same style joined, so that a gauge is a handful of Text nodes, not one per cell. */
function mergeSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1] as Segment | undefined;
    if (last && last.color === s.color && last.bold === s.bold && last.dim === s.dim) out[out.length - 1] = { ...last, text: last.text + s.text };
    else out.push(s);
  }
  return out;
}

/** The histogram table: rows around the selected one, which is marked. */
function tableLines(s: CampaignState, selected: number, width: number, rows: number): Line[] {
  const hs = s.details?.histograms ?? [];
  const head = textLine(fit(' histogram', width - 13) + '     χ²  bins', width, { bold: true });
  if (hs.length === 0) return [head, textLine(' (after the first tune)', width, { dim: true })];
  const shown = Math.max(1, rows - 1);
  const first = Math.max(0, Math.min(selected - Math.floor(shown / 2), hs.length - shown));
  const out: Line[] = [head];
  for (let i = first; i < Math.min(hs.length, first + shown); i++) {
    const hst = hs[i];
    const text = `${i === selected ? '▸' : ' '}${fit(shortPath(hst.path), width - 13)}${num(hst.chi2, 4).padStart(7)}${String(hst.bins).padStart(5)}`;
    out.push(textLine(text, width, i === selected ? { inverse: true } : {}));
  }
  return out;
}

function plotLines(panel: HistogramPanel | undefined, path: string | undefined, width: number, rows: number): Line[] {
  if (!panel) return [textLine(path ? `${shortPath(path)}: no prediction to plot` : '', width, { dim: true })];
  const title: Line = fitLine([{ text: shortPath(panel.path), bold: true }, plain('  '), { text: '● data', color: 'cyan' }, plain('  '), { text: '─ tune', color: 'yellow' }, plain('  ratio data/tune')], width);
  const body = Math.max(4, rows - 2);
  const ratioHeight = body >= 9 ? Math.max(3, Math.floor(body / 3)) : 2;
  const runs = plotRows({ lows: panel.lows, highs: panel.highs, line: panel.tune, points: panel.data, xLabel: panel.xLabel }, { width, height: body - ratioHeight, ratioHeight });
  return [title, ...runs.map(plotLine)];
}

const HELP: readonly string[] = [
  'n  next iteration: while running, pause once the current iteration is tuned;',
  '   paused, run one iteration; finished, run one more beyond the count',
  'p  pause (runs in flight go back to pending) / resume (from disk)',
  'e  the last tune\'s eigentunes         r  reweighting screen',
  '↑/↓ select a histogram                ?  this help (esc closes)',
  'q  quit: the loop winds down, all finished work stays on disk;',
  '   mctune loop or mctune ui carries on from there (q twice: at once)',
  'gauges: ─ range  ━ ±1σ  ● best  ┃ truth',
];

function helpLines(width: number): Line[] {
  return [textLine(' keys', width, { bold: true }), ...HELP.map((l) => textLine(' ' + l, width))];
}

function eigentuneLines(s: CampaignState, width: number, rows: number): Line[] {
  const e = s.details?.eigentunes ?? [];
  const dc = s.details?.deltaChi2;
  const head = textLine(` eigentunes of the last tune${dc !== undefined ? ` (Δχ² ${num(dc, 3)})` : ''}  · esc closes`, width, { bold: true });
  if (e.length === 0) return [head, textLine(' none yet', width, { dim: true })];
  const body = e.slice(0, Math.max(1, rows - 1)).map((t) => {
    const point = [...t.point].map(([n, v]) => `${n.slice(n.indexOf(':') + 1)} ${num(v, 4)}`).join('  ');
    return textLine(` ${fit(t.name, 14)} ${num(t.sigmas, 3).padStart(6)}σ  Δχ² ${num(t.deltaChi2, 3).padEnd(6)}${t.clipped ? ' clipped' : ''}  ${point}`, width);
  });
  return [head, ...body];
}

const FOOTER = 'n next · p pause · e eigentunes · r reweight · ↑↓ histogram · ? help · q quit';

/** The whole campaign screen: `size.rows − 1` lines of `size.columns` columns. */
export function campaignLines(s: CampaignState, o: CampaignViewOptions, size: ViewSize): Line[] {
  const width = Math.max(20, size.columns);
  const height = Math.max(6, size.rows - 1);
  const top = [header(s, width), runsLine(s, width), trainingLine(s, width), chi2Line(s, width)];
  const room = height - top.length - 1;
  const maxParams = Math.max(1, Math.min(s.parameters.length, room - 5));
  const params = s.parameters.slice(0, maxParams).map((p) => parameterLine(p, s, width));
  if (maxParams < s.parameters.length) params[params.length - 1] = textLine(` … ${s.parameters.length - maxParams + 1} more parameters (a taller terminal shows them)`, width, { dim: true });
  const bottomRows = Math.max(0, room - params.length);
  const bottom = bottomLines(s, o, width, bottomRows);
  const footer = textLine(` ${s.message || FOOTER}`, width, { color: s.status === 'failed' ? 'red' : undefined, dim: !s.message });
  const lines = [...top, ...params, ...bottom];
  while (lines.length < height - 1) lines.push(textLine('', width));
  return [...lines.slice(0, height - 1), footer];
}

function bottomLines(s: CampaignState, o: CampaignViewOptions, width: number, rows: number): Line[] {
  if (rows <= 0) return [];
  if (o.overlay === 'help') return helpLines(width).slice(0, rows);
  if (o.overlay === 'eigentunes') return eigentuneLines(s, width, rows).slice(0, rows);
  const tableWidth = Math.min(32, Math.max(20, Math.floor(width * 0.36)));
  const plotWidth = width - tableWidth - 1;
  const hs = s.details?.histograms ?? [];
  const path = hs.length > 0 ? hs[Math.min(o.selected, hs.length - 1)].path : undefined;
  const panel = path === undefined ? undefined : s.details?.panels.get(path);
  const table = tableLines(s, o.selected, tableWidth, rows);
  if (plotWidth < 20 || rows < 6) return table.map((l) => fitLine(l, width));
  return besideLines(table, plotLines(panel, path, plotWidth, rows), tableWidth, plotWidth).slice(0, rows);
}

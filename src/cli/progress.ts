/**
 * A one-line progress bar for long jobs: events done, events/s and ETA,
 * redrawn in place on a terminal. Otherwise (a log file, a pipe) it prints
 * plain lines: one per 10 % of the job when its size is known, else one
 * every 10 s, and the last one, so logs stay readable and still show life.
 */
import type { CliIO } from './command.js';

export interface ProgressInfo {
  done: number;
  total: number | undefined;
  elapsed: number;
  /**
   * Share of the job done, when `total` is unknown but something else tells
   * (e.g. bytes of the input file read).
   */
  fraction?: number;
}

export function progressReporter(io: CliIO, isTTY: boolean, unit = 'ev'): (p: ProgressInfo) => void {
  let lastPlain = 0;
  let lastTenth = 0;
  return (p) => {
    const rate = p.elapsed > 0 ? p.done / p.elapsed : 0;
    const finished = p.total !== undefined && p.done >= p.total;
    if (isTTY) {
      io.err(`\r${formatProgress(p, rate, unit)}\x1b[K${finished ? '\n' : ''}`);
      return;
    }
    const frac = fractionOf(p);
    const tenth = frac === undefined ? 0 : Math.floor(10 * frac + 1e-9);
    const due = frac === undefined ? p.elapsed - lastPlain >= 10 : tenth > lastTenth;
    if (finished || due) {
      lastPlain = p.elapsed;
      lastTenth = tenth;
      io.err(`${formatProgress(p, rate, unit)}\n`);
    }
  };
}

function fractionOf(p: ProgressInfo): number | undefined {
  if (p.total !== undefined) return p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  return p.fraction === undefined ? undefined : Math.min(1, Math.max(0, p.fraction));
}

export function formatProgress(p: ProgressInfo, rate: number, unit: string): string {
  const r = `${Math.round(rate).toLocaleString('en-US')} ${unit}/s`;
  const frac = fractionOf(p);
  if (frac === undefined) return `${p.done.toLocaleString('en-US')} ${unit}  ${r}`;
  const width = 30;
  const filled = Math.round(frac * width);
  const eta = rate > 0 && frac > 0 ? (p.elapsed * (1 - frac)) / frac : NaN;
  const count = p.total === undefined ? `${p.done.toLocaleString('en-US')} ${unit}` : `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} ${unit}`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(100 * frac).toFixed(0).padStart(3)}%  ${count}  ${r}  ETA ${formatSeconds(eta)}`;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

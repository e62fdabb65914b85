/**
 * A one-line progress bar for long jobs: events done, events/s and ETA,
 * redrawn in place on a terminal and printed as plain occasional lines
 * otherwise (so logs stay readable).
 */
import type { CliIO } from './command.js';

export interface ProgressInfo {
  done: number;
  total: number | undefined;
  elapsed: number;
}

export function progressReporter(io: CliIO, isTTY: boolean, unit = 'ev'): (p: ProgressInfo) => void {
  let lastPlain = 0;
  return (p) => {
    const rate = p.elapsed > 0 ? p.done / p.elapsed : 0;
    const finished = p.total !== undefined && p.done >= p.total;
    if (isTTY) {
      io.err(`\r${formatProgress(p, rate, unit)}\x1b[K${finished ? '\n' : ''}`);
    } else if (finished || p.elapsed - lastPlain >= 10) {
      lastPlain = p.elapsed;
      io.err(`${formatProgress(p, rate, unit)}\n`);
    }
  };
}

export function formatProgress(p: ProgressInfo, rate: number, unit: string): string {
  const r = `${Math.round(rate).toLocaleString('en-US')} ${unit}/s`;
  if (p.total === undefined) return `${p.done.toLocaleString('en-US')} ${unit}  ${r}`;
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const width = 30;
  const filled = Math.round(frac * width);
  const eta = rate > 0 ? (p.total - p.done) / rate : NaN;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(100 * frac).toFixed(0).padStart(3)}%  ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} ${unit}  ${r}  ETA ${formatSeconds(eta)}`;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

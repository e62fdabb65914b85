import type { AnalysisObject } from '../histo/index.js';
import { formatNumber } from './numbers.js';

/** Tab-joined formatted numbers: one data row. */
export function row(values: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += (i ? '\t' : '') + formatNumber(values[i]);
  return s;
}

/**
 * The BEGIN line and the annotations, sorted by key as YODA writes them, with
 * Path and Type set from the object itself.
 */
export function header(o: AnalysisObject, typeToken: string): string[] {
  const ann = new Map(o.annotations);
  ann.set('Path', o.path);
  ann.set('Type', o.kind);
  const sorted = [...ann].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [`BEGIN ${typeToken} ${o.path}`, ...sorted.map(([k, v]) => `${k}: ${v}`), '---'];
}

/** The `# Mean:` style summary line, informational only. */
export function summary(label: string, v: number): string {
  return `# ${label}: ${formatNumber(v)}`;
}

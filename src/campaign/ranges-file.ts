/**
 * Professor's parameter ranges file: one `Name low high` line per
 * parameter; `#` starts a comment.
 */
import { readFileSync } from 'node:fs';
import { FileError } from '../diagnostics/index.js';
import type { ParameterSpec } from './config.js';

/** A parameter of a ranges file and the 1-based line it is on. */
export interface RangeLine {
  readonly spec: ParameterSpec;
  readonly line: number;
}

export function readRangesFile(file: string): ParameterSpec[] {
  return readRangeLines(file).map((r) => r.spec);
}

export function readRangeLines(file: string): RangeLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileError(file, 0, `cannot read ranges file: ${(e as Error).message}`);
  }
  return parseRangeLines(text, file);
}

export function parseRanges(text: string, file: string): ParameterSpec[] {
  return parseRangeLines(text, file).map((r) => r.spec);
}

function parseRangeLines(text: string, file: string): RangeLine[] {
  const out: RangeLine[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const f = line.split(/\s+/);
    if (f.length !== 3) throw new FileError(file, i + 1, `expected "Name low high", got ${f.length} fields`);
    const [name, lo, hi] = f as [string, string, string];
    const low = Number(lo);
    const high = Number(hi);
    if (!Number.isFinite(low) || !Number.isFinite(high)) throw new FileError(file, i + 1, `${name}: bounds must be numbers, got '${lo}' '${hi}'`);
    if (!(low < high)) throw new FileError(file, i + 1, `${name}: low ${low} must be below high ${high}`);
    if (seen.has(name)) throw new FileError(file, i + 1, `${name}: listed twice`);
    seen.add(name);
    out.push({ spec: { name, low, high, log: false, fixed: undefined }, line: i + 1 });
  });
  if (out.length === 0) throw new FileError(file, 0, 'no parameters');
  return out;
}

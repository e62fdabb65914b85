/**
 * Professor weight lines: which histograms (and which of their bins) a tune
 * fits, and with what weight. A line is `PATH[#n:m | @x1:x2] [weight]`:
 * PATH is matched as a regular expression against the start of histogram
 * paths, as Professor does; `#n:m` keeps bins n … m−1 (counted from 0),
 * `@x1:x2` the bins overlapping [x1, x2], `#n` one bin, `@x` the bin holding
 * x; either end of a range may be left out. The weight defaults to 1.
 * Blank lines, lines starting with `#` and text after ` #` are comments.
 */

export interface WeightSpec {
  /** The path pattern as written, e.g. `/ALEPH_1996_S3486095/d01-x01-y01`. */
  readonly path: string;
  readonly weight: number;
  /** `#n:m`: bin indices from `from` to `to` − 1 (0-based; `to` may be Infinity). */
  readonly bins?: { readonly from: number; readonly to: number };
  /** `@x1:x2`: bins overlapping [low, high]; `@x` gives low = high = x. */
  readonly x?: { readonly low: number; readonly high: number };
}

/** A weight line that cannot be read; the caller knows where the line is and locates the message. */
export class WeightLineError extends Error {}

/** The spec of one line, or undefined for a blank or comment line. */
export function parseWeightLine(raw: string): WeightSpec | undefined {
  const cut = raw.indexOf(' #');
  const line = (cut >= 0 ? raw.slice(0, cut) : raw).trim();
  if (line === '' || line.startsWith('#')) return undefined;
  const fields = line.split(/\s+/);
  if (fields.length > 2) throw new WeightLineError(`expected "PATH weight", got ${fields.length} fields in ${JSON.stringify(line)}`);
  const m = /^([^#@]+)(?:([#@])(.*))?$/.exec(fields[0]);
  if (!m) throw new WeightLineError(`expected a histogram path like /ANALYSIS/d01-x01-y01, got ${JSON.stringify(fields[0])}`);
  const path = m[1];
  // The marker and its range are optional groups.
  const kind = m.at(2);
  try {
    new RegExp(path);
  } catch {
    throw new WeightLineError(`${JSON.stringify(path)} is not a valid path pattern (paths are regular expressions, as in Professor)`);
  }
  const weight = fields.length < 2 ? 1 : decimal(fields[1] ?? '');
  if (!(weight >= 0)) throw new WeightLineError(`weight of ${path}: expected a number ≥ 0, got ${JSON.stringify(fields[1])}`);
  if (kind === undefined) return { path, weight };
  return kind === '#' ? { path, weight, bins: binRange(m.at(3) ?? '') } : { path, weight, x: xRange(m.at(3) ?? '') };
}

/** Matches histogram paths from their start, as Professor's `re.match` does. */
export function weightMatches(spec: WeightSpec, histogramPath: string): boolean {
  return new RegExp(`^(?:${spec.path})`).test(histogramPath);
}

/** A plain decimal number (no hex, no empty string), or NaN. */
function decimal(s: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
}

function ends(spec: string, what: string): [number, number] {
  const parts = spec.split(':');
  const bad = () => new WeightLineError(`expected ${what}, got ${JSON.stringify(spec)}`);
  if (parts.length > 2 || spec === '' || spec === ':') throw bad();
  if (parts.length === 1) {
    const v = decimal(parts[0]);
    if (Number.isNaN(v)) throw bad();
    return [v, v];
  }
  const lo = parts[0] === '' ? -Infinity : decimal(parts[0]);
  const hi = parts[1] === '' ? Infinity : decimal(parts[1]);
  if (Number.isNaN(lo) || Number.isNaN(hi)) throw bad();
  return [lo, hi];
}

function binRange(spec: string): { from: number; to: number } {
  const what = 'a bin index range #n:m (0-based, m excluded) or one bin #n';
  const [lo, hi] = ends(spec, what);
  const from = lo === -Infinity ? 0 : lo;
  const to = spec.includes(':') ? hi : lo + 1;
  if (!Number.isInteger(from) || from < 0 || (hi !== Infinity && !Number.isInteger(hi))) throw new WeightLineError(`expected ${what}, got ${JSON.stringify(spec)}`);
  if (!(from < to)) throw new WeightLineError(`bin range #${spec} is empty (the end index is excluded)`);
  return { from, to };
}

function xRange(spec: string): { low: number; high: number } {
  const [low, high] = ends(spec, 'an x range @x1:x2 or a point @x');
  if (low > high) throw new WeightLineError(`x range @${spec}: ${low} is above ${high}`);
  return { low, high };
}

/**
 * One draw of a run's own statistical noise, across all its bins at once.
 *
 * A run's histograms are made from the same events, so their fluctuations
 * move together (a run high in thrust is low in the C-parameter, and every
 * histogram normalised to the multiplicity shares that multiplicity's
 * fluctuation): per-bin MC errors cannot say what that noise does to a tune.
 * A run whose events fall in two independent halves A and B (n_A, n_B events)
 * gives one draw of it for nothing:
 *
 *   δ = (v_A − v_B) · √(n_A n_B) / n,   n = n_A + n_B,
 *
 * v the halves' values in the ingest table's units. A − B is independent of
 * A + B and has the covariance the whole run's noise has times (1/n_A +
 * 1/n_B)·n, which the factor takes off: δ has the whole run's noise
 * covariance, to first order also for normalised histograms.
 *
 * `<run>/noise.json`: {"format": "mctune-run-noise", "version": 1,
 * "events": [n_A, n_B], "objects": {"<MC path>": [δ per bin, null where none]}}.
 */
import { join } from 'node:path';
import { readJsonIfPresent, writeFileAtomicSync } from '../fsutil/index.js';

export const RUN_NOISE_FILE = 'noise.json';
const FORMAT = 'mctune-run-noise';
const VERSION = 1;

export interface RunNoise {
  /** Events in the two halves. */
  readonly events: readonly [number, number];
  /** Per MC path, δ per bin (NaN where a half had no value). */
  readonly objects: ReadonlyMap<string, Float64Array>;
}

/** δ from the two halves' values per path (bins in the same order). */
export function noiseFromHalves(a: ReadonlyMap<string, ArrayLike<number>>, b: ReadonlyMap<string, ArrayLike<number>>, events: readonly [number, number]): RunNoise {
  const [nA, nB] = events;
  if (!(nA > 0 && nB > 0)) throw new Error(`run noise: both halves need events (got ${nA} and ${nB})`);
  const factor = Math.sqrt(nA * nB) / (nA + nB);
  const objects = new Map<string, Float64Array>();
  for (const [path, va] of a) {
    const vb = b.get(path);
    if (!vb || vb.length !== va.length) continue;
    objects.set(path, Float64Array.from(va, (x, i) => (x - vb[i]) * factor));
  }
  return { events: [nA, nB], objects };
}

/** Writes `<runDir>/noise.json` atomically. */
export function writeRunNoise(runDir: string, noise: RunNoise): void {
  const objects = Object.fromEntries([...noise.objects].map(([p, v]) => [p, Array.from(v, (x) => (Number.isFinite(x) ? x : null))]));
  writeFileAtomicSync(join(runDir, RUN_NOISE_FILE), `${JSON.stringify({ format: FORMAT, version: VERSION, events: noise.events, objects })}\n`);
}

/** The run's noise draw; undefined when it has none; throws naming the file when it is unreadable. */
export function readRunNoise(runDir: string): RunNoise | undefined {
  const file = join(runDir, RUN_NOISE_FILE);
  const parsed = readJsonIfPresent(file);
  if (parsed === undefined) return undefined;
  const bad = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  const o = (typeof parsed === 'object' && parsed !== null ? parsed : bad('expected a JSON object')) as Record<string, unknown>;
  if (o.format !== FORMAT) bad(`expected "format": "${FORMAT}"`);
  if (o.version !== VERSION) bad(`format version ${String(o.version)}, this mctune reads ${VERSION}`);
  const events = o.events as number[];
  if (!Array.isArray(events) || events.length !== 2 || !events.every((n) => Number.isInteger(n) && n > 0)) bad('expected "events": [n_A, n_B], two positive integers');
  const raw = (typeof o.objects === 'object' && o.objects !== null ? o.objects : bad('expected "objects": {path: [numbers]}')) as Record<string, unknown>;
  const objects = new Map<string, Float64Array>();
  for (const [path, v] of Object.entries(raw)) {
    if (!Array.isArray(v) || !v.every((x) => x === null || typeof x === 'number')) bad(`object ${path}: expected an array of numbers or null`);
    objects.set(path, Float64Array.from(v as (number | null)[], (x) => x ?? NaN));
  }
  return { events: [events[0], events[1]], objects };
}

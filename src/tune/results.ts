/**
 * A tune on disk: results.yaml (best point, σ, correlations, χ²/Ndf overall
 * and per histogram, Δχ² and the eigentunes, every start's end point),
 * predictions.yoda (the surrogate at the best point, its error the MC error
 * and its own in quadrature), one YODA prediction per eigentune and the
 * eigentune band (the envelope of their predictions around the best one).
 * Every file is written atomically.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { writeFileAtomic } from '../fsutil/index.js';
import { binEstimates, type Surrogate } from '../surrogate/index.js';
import { writeYodaFile } from '../yoda/index.js';
import type { TuneResult } from './tune.js';

export const RESULTS_FILE = 'results.yaml';

type Doc = Record<string, unknown>;

function byName(names: readonly string[], v: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(names.map((n, p) => [n, v[p]]));
}

export function resultsDocument(r: TuneResult, meta: Readonly<Record<string, string | number>>): Doc {
  const P = r.names.length;
  return {
    ...meta,
    best: byName(r.names, r.best),
    sigma: byName(r.names, r.sigma),
    sigmaSandwich: byName(r.names, r.sigmaSandwich),
    ...(r.heldOutClosure && { heldOutClosure: { runs: r.heldOutClosure.runs, applied: r.heldOutClosure.applied, scale: byName(r.names, r.heldOutClosure.scale), meanPull: byName(r.names, r.heldOutClosure.meanPull), noiseShare: byName(r.names, r.heldOutClosure.noiseShare) } }),
    sigmaFit: byName(r.names, r.sigmaFit),
    closureScale: byName(r.names, r.closureScale),
    fixed: r.names.filter((_, p) => !r.free.includes(p)),
    correlation: Object.fromEntries(r.names.map((n, p) => [n, byName(r.names, r.correlation.subarray(p * P, (p + 1) * P))])),
    chi2: r.chi2,
    ndf: r.ndf,
    chi2PerNdf: r.ndf > 0 ? r.chi2 / r.ndf : null,
    fittedBins: r.fittedBins,
    surrogateError: r.surrogateError,
    constrainedDirections: r.rank,
    histograms: r.histograms.map((h) => ({ path: h.path, bins: h.bins, chi2: h.chi2 })),
    deltaChi2: { ...r.deltaChi2 },
    eigentunes: r.eigentunes.map((e) => ({ name: eigentuneName(e.direction, e.sign), direction: e.direction, sign: e.sign, sigmas: e.sigmas, deltaChi2: e.deltaChi2, clipped: e.clipped, point: byName(r.names, e.point) })),
    starts: r.starts.map((s) => ({ origin: s.origin, start: [...s.start], end: [...s.end], chi2: s.chi2, iterations: s.iterations, converged: s.converged })),
    dropped: r.dropped.map((d) => ({ ...d })),
  };
}

export function eigentuneName(direction: number, sign: number): string {
  return `eigentune-${String(direction).padStart(2, '0')}${sign > 0 ? '+' : '-'}`;
}

/** `beforeResults` runs when every other file is written and results.yaml, which marks the tune done, is not yet. */
export async function writeTuneOutputs(dir: string, r: TuneResult, surrogate: Surrogate, meta: Readonly<Record<string, string | number>>, beforeResults?: () => Promise<void>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const at = surrogate.predict(r.best);
  const total = at.errors.map((e, i) => Math.hypot(e, at.spread[i]));
  await writeYodaFile(join(dir, 'predictions.yoda'), binEstimates(surrogate.bins, at.values, total, 'stat+model', 'tune prediction (surrogate at the best point)'), { version: 3 });
  const B = surrogate.bins.length;
  const eigenDir = join(dir, 'eigentunes');
  mkdirSync(eigenDir, { recursive: true });
  const names = new Set(r.eigentunes.map((e) => `${eigentuneName(e.direction, e.sign)}.yoda`));
  // Eigentunes of an earlier tune with more free parameters would otherwise linger beside the new ones.
  for (const f of readdirSync(eigenDir)) if (/^eigentune-\d+[+-]\.yoda$/.test(f) && !names.has(f)) rmSync(join(eigenDir, f));
  const up = new Float64Array(B);
  const down = new Float64Array(B);
  for (const e of r.eigentunes) {
    const v = surrogate.predict(e.point).values;
    for (let b = 0; b < B; b++) {
      up[b] = Math.max(up[b], v[b] - at.values[b]);
      down[b] = Math.max(down[b], at.values[b] - v[b]);
    }
    await writeYodaFile(join(eigenDir, `${eigentuneName(e.direction, e.sign)}.yoda`), binEstimates(surrogate.bins, v, new Float64Array(B), 'none', `eigentune ${e.direction} ${e.sign > 0 ? '+' : '−'} (Δχ² ${e.deltaChi2.toPrecision(3)})`), { version: 3 });
  }
  await writeYodaFile(join(dir, 'eigentune-band.yoda'), binEstimates(surrogate.bins, at.values, up, 'eigentunes', `tune prediction with the envelope of its eigentunes (Δχ² ${r.deltaChi2.value.toPrecision(3)})`, down), { version: 3 });
  await beforeResults?.();
  await writeFileAtomic(join(dir, RESULTS_FILE), stringify(resultsDocument(r, meta)));
}

/** What the loop needs back from a results.yaml: the best point and σ by name, and χ²/Ndf. */
export interface StoredTune {
  /** The surrogate kind the tune used, when recorded. */
  readonly surrogate: string | undefined;
  readonly best: ReadonlyMap<string, number>;
  readonly sigma: ReadonlyMap<string, number>;
  readonly chi2: number;
  readonly ndf: number;
  /** The eigentunes' points, by parameter name. */
  readonly eigentunes: readonly ReadonlyMap<string, number>[];
}

export function readTuneResults(file: string): StoredTune {
  return storedTuneOf(parseResultsFile(file), file);
}

/** A results.yaml parsed, not yet checked (an empty file gives {}). */
export function parseResultsFile(file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read the tune's results: ${(e as Error).message}`, { cause: e });
  }
  return (doc ?? {}) as Record<string, unknown>;
}

/** `d[key]` as parameter name → number; a missing key is an error unless `optional` (then an empty map). */
export function numberMapOf(d: Readonly<Record<string, unknown>>, key: string, file: string, optional = false): Map<string, number> {
  const v = d[key];
  if (v === undefined && optional) return new Map();
  if (typeof v !== 'object' || v === null || !Object.values(v).every((x) => typeof x === 'number')) throw new Error(`${file}: ${key}: expected a mapping of parameter names to numbers`);
  return new Map(Object.entries(v as Record<string, number>));
}

/** What the loop reads back of a parsed results.yaml. */
export function storedTuneOf(d: Readonly<Record<string, unknown>>, file: string): StoredTune {
  const number = (key: string): number => {
    const v = d[key];
    if (typeof v !== 'number') throw new Error(`${file}: ${key}: expected a number`);
    return v;
  };
  const tunes = Array.isArray(d.eigentunes) ? (d.eigentunes as unknown[]) : [];
  const eigentunes = tunes.map((e, i) => numberMapOf((e ?? {}) as Record<string, unknown>, 'point', `${file}: eigentunes[${i}]`));
  return { surrogate: typeof d.surrogate === 'string' ? d.surrogate : undefined, best: numberMapOf(d, 'best', file), sigma: numberMapOf(d, 'sigma', file), chi2: number('chi2'), ndf: number('ndf'), eigentunes };
}

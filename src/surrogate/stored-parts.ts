/**
 * The parts every stored surrogate shares (box, bins, exclusions), to JSON and
 * back, with the header checked field by field so a damaged file is refused
 * with the field named.
 */
import { ModelFileError, type JsonValue } from './store.js';
import type { BinRef, Exclusions, HeldOut, ParamBox, Surrogate } from './types.js';

export function boxJson(box: ParamBox): JsonValue {
  return { names: [...box.names], low: [...box.low], high: [...box.high] };
}

type Header = Readonly<Record<string, unknown>>;

function fail(file: string, field: string, expected: string): never {
  throw new ModelFileError(`${file}: ${field}: expected ${expected}`);
}

export function boxFrom(h: Header, file: string): ParamBox {
  const b = h.box as { names?: unknown; low?: unknown; high?: unknown } | undefined;
  const names = b?.names;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) fail(file, 'box.names', 'a list of parameter names');
  const nums = (v: unknown, f: string) => (Array.isArray(v) && v.length === names.length && v.every((x) => typeof x === 'number') ? Float64Array.from(v) : fail(file, f, `${names.length} numbers`));
  return { names: names, low: nums(b?.low, 'box.low'), high: nums(b?.high, 'box.high') };
}

export function binsFrom(h: Header, file: string): BinRef[] {
  const bins = h.bins;
  if (!Array.isArray(bins)) fail(file, 'bins', 'a list of [path, index, xlow, xhigh]');
  return bins.map((b: unknown, i) => {
    if (!Array.isArray(b) || typeof b[0] !== 'string' || !Number.isInteger(b[1]) || typeof b[2] !== 'number' || typeof b[3] !== 'number') fail(file, `bins[${i}]`, '[path, index, xlow, xhigh]');
    return { path: b[0], index: b[1] as number, xlow: b[2], xhigh: b[3] };
  });
}

export function exclusionsFrom(h: Header, file: string): Exclusions {
  const e = h.exclusions as { runs?: unknown; bins?: unknown } | undefined;
  const pairs = (v: unknown, f: string) => (Array.isArray(v) && v.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string') ? (v as [string, string][]) : fail(file, f, 'a list of [name, reason]'));
  return { runs: pairs(e?.runs, 'exclusions.runs').map(([run, reason]) => ({ run, reason })), bins: pairs(e?.bins, 'exclusions.bins').map(([bin, reason]) => ({ bin, reason })) };
}

/** The header fields every kind of surrogate stores: kind, box, bins, exclusions and the runs it was fitted to. */
export function commonHeader(model: Surrogate): { readonly kind: string; readonly [k: string]: JsonValue } {
  return {
    kind: model.kind,
    box: boxJson(model.box),
    bins: model.bins.map((b) => [b.path, b.index, b.xlow, b.xhigh]),
    exclusions: { runs: model.exclusions.runs.map((r) => [r.run, r.reason]), bins: model.exclusions.bins.map((b) => [b.bin, b.reason]) },
    runs: [...model.runs],
  };
}

/** The fields of {@link commonHeader} back, each checked. */
export function commonFrom(h: Header, file: string): { box: ParamBox; bins: BinRef[]; exclusions: Exclusions; runs: string[] } {
  const runs = h.runs;
  if (!Array.isArray(runs) || !runs.every((r) => typeof r === 'string')) fail(file, 'runs', 'a list of run names');
  return { box: boxFrom(h, file), bins: binsFrom(h, file), exclusions: exclusionsFrom(h, file), runs: runs };
}

/** Held-out misses and their noise, if stored: both a whole number of runs × B, the same. */
export function storedHeldOut(arrays: Readonly<Record<string, Float64Array | undefined>>, B: number, file: string): Omit<HeldOut, 'discrepancy'> | undefined {
  const { heldOutMisses: misses, heldOutNoise: noise, heldOutRunNoise: runNoise } = arrays;
  if (!misses && !noise) return undefined;
  if (!misses || misses.length === 0 || misses.length % B !== 0) throw new ModelFileError(`${file}: heldOutMisses: expected runs × ${B} numbers, got ${misses?.length ?? 'none'}`);
  if (noise?.length !== misses.length) throw new ModelFileError(`${file}: heldOutNoise: expected ${misses.length} numbers, one per miss, got ${noise?.length ?? 'none'}`);
  if (runNoise && (runNoise.length === 0 || runNoise.length % B !== 0)) throw new ModelFileError(`${file}: heldOutRunNoise: expected draws × ${B} numbers, got ${runNoise.length}`);
  return { misses, noise, ...(runNoise && { runNoise }) };
}

/**
 * Analysis definitions: `analyses/NAME.yaml` declares the observables of an
 * analysis, the reference file its binning was booked from and how each
 * histogram is normalised, the way a Rivet analysis books from reference
 * data. The bin edges are stored in the YAML itself so an analysis runs
 * without the reference file being present.
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import { Binning } from '../histo/index.js';
import { parseYamlSource } from '../diagnostics/index.js';
import { OBSERVABLES, type ObservableName } from './observable-names.js';

/** How a histogram is finalised, mirroring Rivet's `normalize`/`scale` calls. */
export type Finalise =
  /** Scale so the integral including flows is `area`. */
  | { readonly kind: 'normalise'; readonly area: number }
  /** Scale so the integral including flows is the mean charged multiplicity. */
  | { readonly kind: 'normalise-mean-charged' }
  /** Multiply by `factor` / Σ(event weights). */
  | { readonly kind: 'per-event'; readonly factor: number };

export interface ObservableSpec {
  /** HEPData-style id, e.g. `d01-x01-y01`; the histogram path is `/NAME/id`. */
  readonly id: string;
  readonly observable: ObservableName;
  readonly title: string;
  readonly binning: Binning;
  readonly finalise: Finalise;
  /** Absolute PDG ids selected by identified-hadron observables. */
  readonly pids: readonly number[];
  /** Only for `mean-charged-multiplicity`: count particles with |y_T| ≤ this. */
  readonly maxRapidity: number;
  /** Only for identified hadrons: minimum x_p. */
  readonly minXp: number;
}

export interface AnalysisDefinition {
  readonly name: string;
  /** File the binning was booked from (in `reference-data/`), if any. */
  readonly reference: string | undefined;
  /** Nominal beam energy, GeV, used when an event has no beam particles. */
  readonly beamEnergy: number;
  /** Events with fewer charged final-state particles are vetoed. */
  readonly minCharged: number;
  readonly observables: readonly ObservableSpec[];
  /** The YAML file it came from. */
  readonly file: string;
}

const TOP_KEYS = new Set(['name', 'reference', 'beam-energy', 'min-charged', 'observables']);
const OBS_KEYS = new Set(['id', 'observable', 'title', 'normalise', 'per-event', 'edges', 'bins', 'pid', 'max-rapidity', 'min-xp']);

/** Reads and validates an analysis file; errors name the file, line and key. */
export function readAnalysisFile(file: string): AnalysisDefinition {
  return parseAnalysis(readFileSync(file, 'utf8'), file);
}

export function parseAnalysis(text: string, file: string): AnalysisDefinition {
  const { doc, fail } = parseYamlSource(text, file);
  const root = doc.contents;
  if (!isMap(root)) return fail(root, 'expected a mapping with name, observables, …');
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown }).value);
    if (!TOP_KEYS.has(key)) fail(pair.key as YamlNode, `unknown key '${key}'; expected one of ${[...TOP_KEYS].join(', ')}`);
  }
  const name = root.get('name');
  if (typeof name !== 'string' || !/^[A-Za-z0-9_]+$/.test(name)) fail(root.get('name', true) as YamlNode ?? root, `'name' must be an analysis name like ALEPH_1996_S3486095`);
  const reference = root.get('reference');
  if (reference !== undefined && typeof reference !== 'string') fail(root.get('reference', true) as YamlNode, `'reference' must be a file name`);
  const beamEnergy = numberAt(root.get('beam-energy', true) as YamlNode | undefined, 'beam-energy', 45.6, fail);
  const minCharged = numberAt(root.get('min-charged', true) as YamlNode | undefined, 'min-charged', 2, fail);
  const seq = root.get('observables', true) as YamlNode | undefined;
  if (!isSeq(seq) || seq.items.length === 0) fail(seq ?? root, `'observables' must be a non-empty list`);
  const observables: ObservableSpec[] = [];
  const seen = new Set<string>();
  for (const item of (seq as { items: YamlNode[] }).items) {
    const spec = parseObservable(item, fail);
    if (seen.has(spec.id)) fail(item, `duplicate observable id '${spec.id}'`);
    seen.add(spec.id);
    observables.push(spec);
  }
  return { name: name as unknown as string, reference: reference as unknown as string | undefined, beamEnergy, minCharged, observables, file };
}

type Fail = (node: YamlNode | null | undefined, msg: string) => never;

function parseObservable(item: YamlNode, fail: Fail): ObservableSpec {
  if (!isMap(item)) return fail(item, 'each observable must be a mapping with id, observable, edges, …');
  for (const pair of item.items) {
    const key = String((pair.key as { value?: unknown }).value);
    if (!OBS_KEYS.has(key)) fail(pair.key as YamlNode, `unknown observable key '${key}'; expected one of ${[...OBS_KEYS].join(', ')}`);
  }
  const node = (k: string) => item.get(k, true) as YamlNode | undefined;
  const id = item.get('id');
  if (typeof id !== 'string' || !/^d\d+-x\d+-y\d+$/.test(id)) fail(node('id') ?? item, `'id' must look like d01-x01-y01`);
  const observable = item.get('observable');
  if (typeof observable !== 'string' || !(OBSERVABLES as readonly string[]).includes(observable)) {
    fail(node('observable') ?? item, `unknown observable '${String(observable)}'; known: ${OBSERVABLES.join(', ')}`);
  }
  const title = item.get('title');
  const binning = parseBinning(item, node, fail);
  const finalise = parseFinalise(item, node, fail);
  const pidValue = item.get('pid');
  const pids: number[] = [];
  if (pidValue !== undefined) {
    const list = (pidValue as { toJSON?: () => unknown }).toJSON?.() ?? pidValue;
    if (!Array.isArray(list) || list.some((p) => !Number.isInteger(p))) fail(node('pid'), `'pid' must be a list of PDG ids`);
    for (const p of list as number[]) pids.push(Math.abs(p));
  }
  if (observable.startsWith('hadron') || observable === 'mean-hadron-multiplicity') {
    if (!pids.length) fail(item, `observable '${observable}' needs 'pid'`);
  }
  return {
    id: id as string,
    observable: observable as ObservableName,
    title: typeof title === 'string' ? title : (id as string),
    binning,
    finalise,
    pids,
    maxRapidity: numberAt(node('max-rapidity'), 'max-rapidity', Infinity, fail),
    minXp: numberAt(node('min-xp'), 'min-xp', 0, fail),
  };
}

function parseBinning(item: import('yaml').YAMLMap, node: (k: string) => YamlNode | undefined, fail: Fail): Binning {
  const edges = item.get('edges');
  const bins = item.get('bins');
  if ((edges === undefined) === (bins === undefined)) fail(item, `give exactly one of 'edges' (contiguous) or 'bins' ([low, high] pairs)`);
  try {
    if (edges !== undefined) {
      const list = (edges as { toJSON(): unknown }).toJSON();
      if (!Array.isArray(list) || list.length < 2 || list.some((x) => typeof x !== 'number')) throw new Error(`'edges' must be a list of at least two numbers`);
      return Binning.fromEdges(list as number[]);
    }
    const list = (bins as { toJSON(): unknown }).toJSON();
    if (!Array.isArray(list) || list.length < 1 || list.some((b) => !Array.isArray(b) || b.length !== 2 || b.some((x: unknown) => typeof x !== 'number'))) {
      throw new Error(`'bins' must be a list of [low, high] pairs`);
    }
    const pairs = list as [number, number][];
    return Binning.fromBounds(Float64Array.from(pairs, (b) => b[0]), Float64Array.from(pairs, (b) => b[1]));
  } catch (e) {
    return fail(node(edges !== undefined ? 'edges' : 'bins'), (e as Error).message);
  }
}

function parseFinalise(item: import('yaml').YAMLMap, node: (k: string) => YamlNode | undefined, fail: Fail): Finalise {
  const norm = item.get('normalise');
  const per = item.get('per-event');
  if ((norm === undefined) === (per === undefined)) fail(item, `give exactly one of 'normalise' (a number or mean-charged-multiplicity) or 'per-event' (a factor)`);
  if (norm === 'mean-charged-multiplicity') return { kind: 'normalise-mean-charged' };
  if (norm !== undefined) {
    if (typeof norm !== 'number' || !(norm > 0)) fail(node('normalise'), `'normalise' must be a positive number or mean-charged-multiplicity`);
    return { kind: 'normalise', area: norm as number };
  }
  if (typeof per !== 'number' || !(per > 0)) fail(node('per-event'), `'per-event' must be a positive factor`);
  return { kind: 'per-event', factor: per as number };
}

function numberAt(n: YamlNode | undefined, key: string, dflt: number, fail: Fail): number {
  if (n === undefined) return dflt;
  const v = (n as { value?: unknown }).value;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(n, `'${key}' must be a number`);
  return v as number;
}

/**
 * Campaign files (`tunes/*.yaml`): what to vary, how to run the generator,
 * what to compare with, and how many runs. Every key is validated here and
 * an error names the file, the line and the key path, e.g.
 * `demo.yaml:7: parameters.StringZ:aLund.range: low 1 must be below high 0.3`.
 * Paths inside the file are relative to the file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';
import { FileError, parseYamlSource, type YamlSource } from '../diagnostics/index.js';
import { readRangesFile } from './ranges-file.js';

export type SamplingMethod = 'uniform' | 'lhs' | 'sobol' | 'grid';

export interface ParameterSpec {
  /** Pythia name, e.g. `StringZ:aLund`. */
  readonly name: string;
  readonly low: number;
  readonly high: number;
  /** Sample uniformly in log(value) (both bounds must be positive). */
  readonly log: boolean;
  /** When set, the parameter is not varied and always takes this value. */
  readonly fixed: number | undefined;
}

export type GeneratorSpec =
  | {
      readonly kind: 'builtin';
      /** Seconds before a run is stopped and counted as failed. */
      readonly timeout: number;
    }
  | {
      readonly kind: 'command';
      /** Argument array; `{params}`, `{seed}`, `{out}`, `{rundir}` are substituted per run, never passed to a shell. */
      readonly command: readonly string[];
      /** What the command writes at `{out}`. */
      readonly output: 'yoda' | 'hepmc';
      /** Seconds before a run is killed and counted as failed. */
      readonly timeout: number;
      /** Environment variables passed explicitly (nothing else is inherited except PATH and HOME). */
      readonly env: Readonly<Record<string, string>>;
    };

export interface CampaignConfig {
  readonly file: string;
  readonly name: string;
  readonly seed: number;
  readonly parameters: readonly ParameterSpec[];
  readonly generator: GeneratorSpec;
  readonly analyses: readonly string[];
  /** Absolute paths of YODA or HEPData YAML reference files. */
  readonly reference: readonly string[];
  /** Professor weight lines (`/ANA/d01-x01-y01 1.0` with optional bin ranges), from a file or inline. */
  readonly weights: readonly string[];
  readonly runs: number;
  readonly events: number;
  readonly sampling: SamplingMethod;
  /** Attempts of a failing run before it is marked failed. */
  readonly retries: number;
  /** Settings for later stages (surrogate, tune, iterations), kept as given. */
  readonly surrogate: Readonly<Record<string, unknown>>;
  readonly tune: Readonly<Record<string, unknown>>;
  readonly iterations: Readonly<Record<string, unknown>>;
}

const TOP_KEYS = ['name', 'seed', 'parameters', 'parameters-file', 'generator', 'analyses', 'reference', 'weights', 'runs', 'events', 'sampling', 'retries', 'surrogate', 'tune', 'iterations'] as const;
const PARAM_KEYS = ['range', 'log', 'fixed'] as const;
const GENERATOR_KEYS = ['kind', 'command', 'output', 'timeout', 'env'] as const;
/** One hour: far beyond a normal run, short enough that a hung generator does not stall a campaign overnight. */
const DEFAULT_TIMEOUT = 3600;
const PLACEHOLDERS = ['{params}', '{seed}', '{out}', '{rundir}'];

export function readCampaignFile(file: string): CampaignConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileError(file, 0, `cannot read campaign file: ${(e as Error).message}`);
  }
  return parseCampaign(text, resolve(file), file);
}

/** `absFile` anchors relative paths; `shownFile` is how errors name the file. */
export function parseCampaign(text: string, absFile: string, shownFile = absFile): CampaignConfig {
  const src = parseYamlSource(text, shownFile);
  const root = src.doc.contents;
  if (!isMap(root)) return src.fail(root, 'expected a mapping with parameters, generator, analyses, reference, runs, …');
  checkKeys(src, root, TOP_KEYS, '');
  const base = dirname(absFile);
  const node = (k: string) => root.get(k, true) as YamlNode | undefined;
  const parameters = parseParameters(src, root, base);
  const generator = parseGenerator(src, node('generator'));
  // Analysis files named by path are found relative to the campaign file, wherever mctune runs (batch nodes too).
  const analyses = stringList(src, node('analyses'), 'analyses', root).map((a) => (/[/\\]|\.ya?ml$/.test(a) ? resolve(base, a) : a));
  const reference = stringList(src, node('reference'), 'reference', root).map((p) => resolve(base, p));
  return {
    file: absFile,
    name: optionalString(src, node('name'), 'name') ?? 'campaign',
    seed: integer(src, node('seed'), 'seed', 1, 0, 2 ** 32 - 1),
    parameters,
    generator,
    analyses,
    reference,
    weights: parseWeights(src, node('weights'), base),
    runs: integer(src, node('runs'), 'runs', undefined, 1, 1_000_000, root),
    events: integer(src, node('events'), 'events', 10_000, 1, 1e12),
    sampling: oneOf(src, node('sampling'), 'sampling', ['uniform', 'lhs', 'sobol', 'grid'] as const, 'lhs'),
    retries: integer(src, node('retries'), 'retries', 1, 0, 100),
    surrogate: mapping(src, node('surrogate'), 'surrogate'),
    tune: mapping(src, node('tune'), 'tune'),
    iterations: mapping(src, node('iterations'), 'iterations'),
  };
}

function checkKeys(src: YamlSource, map: YAMLMap, allowed: readonly string[], path: string): void {
  for (const pair of map.items) {
    const key = String((pair.key as { value?: unknown }).value);
    if (!allowed.includes(key)) src.fail(pair.key as YamlNode, `${path}${key}: unknown key; expected one of ${allowed.join(', ')}`);
  }
}

function parseParameters(src: YamlSource, root: YAMLMap, base: string): ParameterSpec[] {
  const inline = root.get('parameters', true) as YamlNode | undefined;
  const fileNode = root.get('parameters-file', true) as YamlNode | undefined;
  if ((inline === undefined) === (fileNode === undefined)) src.fail(root, `parameters: give exactly one of 'parameters' (a mapping) or 'parameters-file' (a Professor ranges file)`);
  if (fileNode !== undefined) {
    const f = optionalString(src, fileNode, 'parameters-file')!;
    return readRangesFile(resolve(base, f));
  }
  if (!isMap(inline) || inline.items.length === 0) return src.fail(inline, 'parameters: expected a mapping of Pythia names to {range: [low, high]}');
  const out: ParameterSpec[] = [];
  for (const pair of inline.items) {
    const name = String((pair.key as { value?: unknown }).value);
    const path = `parameters.${name}`;
    if (!/^[A-Za-z][\w]*:[\w:]+$/.test(name)) src.fail(pair.key as YamlNode, `${path}: expected a Pythia setting name like StringZ:aLund`);
    const v = pair.value as YamlNode | null;
    if (!isMap(v)) return src.fail(v ?? (pair.key as YamlNode), `${path}: expected {range: [low, high]} or {fixed: value}`);
    checkKeys(src, v, PARAM_KEYS, `${path}.`);
    const fixedNode = v.get('fixed', true) as YamlNode | undefined;
    const rangeNode = v.get('range', true) as YamlNode | undefined;
    const fixed = fixedNode === undefined ? undefined : finite(src, fixedNode, `${path}.fixed`);
    if (rangeNode === undefined && fixed === undefined) src.fail(v, `${path}.range: missing; give range: [low, high] (or fixed: value)`);
    let low = fixed ?? NaN;
    let high = fixed ?? NaN;
    if (rangeNode !== undefined) {
      if (!isSeq(rangeNode) || rangeNode.items.length !== 2) src.fail(rangeNode, `${path}.range: expected [low, high]`);
      low = finite(src, (rangeNode as { items: YamlNode[] }).items[0], `${path}.range`);
      high = finite(src, (rangeNode as { items: YamlNode[] }).items[1], `${path}.range`);
      if (!(low < high)) src.fail(rangeNode, `${path}.range: low ${low} must be below high ${high}`);
      if (fixed !== undefined && (fixed < low || fixed > high)) src.fail(fixedNode, `${path}.fixed: ${fixed} is outside the range [${low}, ${high}]`);
    }
    const logNode = v.get('log', true) as YamlNode | undefined;
    const log = logNode === undefined ? false : bool(src, logNode, `${path}.log`);
    if (log && !(low > 0)) src.fail(logNode, `${path}.log: a log scale needs a positive range, got [${low}, ${high}]`);
    out.push({ name, low, high, log, fixed });
  }
  return out;
}

function parseGenerator(src: YamlSource, n: YamlNode | undefined): GeneratorSpec {
  if (n === undefined) return { kind: 'builtin', timeout: DEFAULT_TIMEOUT };
  if (!isMap(n)) return src.fail(n, `generator: expected a mapping with kind: builtin or kind: command`);
  checkKeys(src, n, GENERATOR_KEYS, 'generator.');
  const kind = oneOf(src, n.get('kind', true) as YamlNode | undefined, 'generator.kind', ['builtin', 'command'] as const, undefined, n);
  const timeout = positive(src, n.get('timeout', true) as YamlNode | undefined, 'generator.timeout', DEFAULT_TIMEOUT);
  if (kind === 'builtin') {
    for (const k of ['command', 'output', 'env']) if (n.has(k)) src.fail(n.get(k, true) as YamlNode, `generator.${k}: only for kind: command`);
    return { kind, timeout };
  }
  const cmdNode = n.get('command', true) as YamlNode | undefined;
  const command = stringList(src, cmdNode, 'generator.command', n);
  if (command.length === 0) src.fail(cmdNode, 'generator.command: expected a non-empty argument array');
  for (const a of command) {
    for (const m of a.matchAll(/\{[^}]*\}/g)) if (!PLACEHOLDERS.includes(m[0])) src.fail(cmdNode, `generator.command: unknown placeholder ${m[0]}; known: ${PLACEHOLDERS.join(' ')}`);
  }
  if (!command.some((a) => a.includes('{out}'))) src.fail(cmdNode, 'generator.command: the template must contain {out}, where the run writes its output');
  const envNode = n.get('env', true) as YamlNode | undefined;
  const env: Record<string, string> = {};
  if (envNode !== undefined) {
    if (!isMap(envNode)) src.fail(envNode, 'generator.env: expected a mapping of variable names to strings');
    for (const pair of (envNode as YAMLMap).items) {
      const k = String((pair.key as { value?: unknown }).value);
      const val = (pair.value as { value?: unknown } | null)?.value;
      if (typeof val !== 'string' && typeof val !== 'number') src.fail(pair.value as YamlNode, `generator.env.${k}: expected a string`);
      env[k] = String(val);
    }
  }
  return {
    kind,
    command,
    output: oneOf(src, n.get('output', true) as YamlNode | undefined, 'generator.output', ['yoda', 'hepmc'] as const, 'yoda'),
    timeout,
    env,
  };
}

function parseWeights(src: YamlSource, n: YamlNode | undefined, base: string): string[] {
  if (n === undefined) return [];
  if (isSeq(n)) return stringList(src, n, 'weights');
  if (isMap(n)) {
    checkKeys(src, n, ['file'], 'weights.');
    const f = optionalString(src, n.get('file', true) as YamlNode | undefined, 'weights.file');
    if (f === undefined) return src.fail(n, 'weights.file: missing');
    const path = resolve(base, f);
    try {
      return readFileSync(path, 'utf8').split('\n');
    } catch (e) {
      return src.fail(n.get('file', true) as YamlNode, `weights.file: cannot read ${path}: ${(e as Error).message}`);
    }
  }
  return src.fail(n, 'weights: expected a list of "/ANALYSIS/d01-x01-y01 weight" lines or {file: path}');
}

function scalar(n: YamlNode | undefined): unknown {
  return (n as { value?: unknown } | undefined)?.value;
}

function finite(src: YamlSource, n: YamlNode | undefined, path: string): number {
  const v = scalar(n);
  if (typeof v !== 'number' || !Number.isFinite(v)) src.fail(n, `${path}: expected a number, got ${JSON.stringify(v ?? null)}`);
  return v as number;
}

function positive(src: YamlSource, n: YamlNode | undefined, path: string, dflt: number): number {
  if (n === undefined) return dflt;
  const v = finite(src, n, path);
  if (!(v > 0)) src.fail(n, `${path}: expected a positive number, got ${v}`);
  return v;
}

function integer(src: YamlSource, n: YamlNode | undefined, path: string, dflt: number | undefined, lo: number, hi: number, parent?: YAMLMap): number {
  if (n === undefined) {
    if (dflt === undefined) return src.fail(parent, `${path}: missing`);
    return dflt;
  }
  const v = finite(src, n, path);
  if (!Number.isInteger(v) || v < lo || v > hi) src.fail(n, `${path}: expected an integer in [${lo}, ${hi}], got ${v}`);
  return v;
}

function bool(src: YamlSource, n: YamlNode, path: string): boolean {
  const v = scalar(n);
  if (typeof v !== 'boolean') src.fail(n, `${path}: expected true or false`);
  return v as boolean;
}

function optionalString(src: YamlSource, n: YamlNode | undefined, path: string): string | undefined {
  if (n === undefined) return undefined;
  const v = scalar(n);
  if (typeof v !== 'string' || v === '') src.fail(n, `${path}: expected a non-empty string`);
  return v as string;
}

function oneOf<T extends string>(src: YamlSource, n: YamlNode | undefined, path: string, allowed: readonly T[], dflt: T | undefined, parent?: YAMLMap): T {
  if (n === undefined) {
    if (dflt === undefined) return src.fail(parent, `${path}: missing; expected one of ${allowed.join(', ')}`);
    return dflt;
  }
  const v = scalar(n);
  if (!allowed.includes(v as T)) src.fail(n, `${path}: unknown value ${JSON.stringify(v)}; expected one of ${allowed.join(', ')}`);
  return v as T;
}

function stringList(src: YamlSource, n: YamlNode | undefined, path: string, parent?: YAMLMap): string[] {
  if (n === undefined) return src.fail(parent, `${path}: missing`);
  if (!isSeq(n)) return src.fail(n, `${path}: expected a list of strings`);
  return n.items.map((item) => {
    const v = scalar(item as YamlNode);
    if (typeof v !== 'string' && typeof v !== 'number') src.fail(item as YamlNode, `${path}: expected strings`);
    return String(v);
  });
}

function mapping(src: YamlSource, n: YamlNode | undefined, path: string): Record<string, unknown> {
  if (n === undefined) return {};
  if (!isMap(n)) src.fail(n, `${path}: expected a mapping`);
  return (n as YAMLMap).toJSON() as Record<string, unknown>;
}

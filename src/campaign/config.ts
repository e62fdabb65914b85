/**
 * Campaign files (`tunes/*.yaml`): what to vary, how to run the generator,
 * what to compare with, and how many runs. Everything the file says is
 * checked when it is loaded, not when a run needs it: every key
 * (config-schema.ts), and the files, analyses and generator settings it names
 * (config-checks.ts). An error names the file, the line and the key path,
 * e.g. `demo.yaml:7: parameters.StringZ:aLund.range: low 1 must be below high 0.3`.
 * Paths inside the file are relative to the file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap } from 'yaml';
import { FileError, parseYamlSource, validateYaml, type YamlSource } from '../diagnostics/index.js';
import { campaignFile, DEFAULT_TIMEOUT, type CampaignFile, type IterationSettings, type SurrogateSettings, type TuneSettings } from './config-schema.js';
import { checkCampaign, type Blame, type LocatedParameter, type LocatedWeight } from './config-checks.js';
import { readRangeLines } from './ranges-file.js';
import { parseWeightLine, WeightLineError, type WeightSpec } from './weights.js';

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
  /** A closure campaign's truth: the value its pseudo-data were made with, shown beside the tune. */
  readonly truth?: number;
}

export type GeneratorSpec =
  | {
      readonly kind: 'builtin';
      /** Seconds before a run is stopped and counted as failed. */
      readonly timeout: number;
    }
  | {
      readonly kind: 'command';
      /** Argument array; `{params}`, `{seed}`, `{events}`, `{out}`, `{rundir}` are substituted per run, never passed to a shell. */
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
  /** Professor weight lines, from a file or inline; histograms not matched are not fitted. */
  readonly weights: readonly WeightSpec[];
  readonly runs: number;
  readonly events: number;
  readonly sampling: SamplingMethod;
  /** Attempts of a failing run before it is marked failed. */
  readonly retries: number;
  /**
   * What happens to the events of a HepMC3-writing generator once analysed:
   * kept gzipped as `events.hepmc.gz` (default) or deleted.
   */
  readonly keepEvents: 'gzip' | false;
  /** Settings of the later stages; undefined where the file leaves them to the stage's defaults. */
  readonly surrogate: SurrogateSettings | undefined;
  readonly tune: TuneSettings | undefined;
  readonly iterations: IterationSettings | undefined;
  /** Things worth saying that do not stop the campaign, as `file:line: message`. */
  readonly warnings: readonly string[];
}

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
  if (!isMap(src.doc.contents)) return src.fail(src.doc.contents, 'expected a mapping with parameters, generator, analyses, reference, runs, …');
  const f = validateYaml(src, campaignFile);
  const base = dirname(absFile);
  const parameters = locatedParameters(src, f, base);
  const weights = locatedWeights(src, f, base);
  const config: CampaignConfig = {
    file: absFile,
    name: f.name ?? 'campaign',
    seed: f.seed ?? 1,
    parameters: parameters.map((p) => p.spec),
    generator: generatorOf(f),
    // Analysis files named by path are found relative to the campaign file, wherever mctune runs (batch nodes too).
    analyses: f.analyses.map((a) => (/[/\\]|\.ya?ml$/.test(a) ? resolve(base, a) : a)),
    reference: f.reference.map((p) => resolve(base, p)),
    weights: weights.map((w) => w.spec),
    runs: f.runs,
    events: f.events ?? 10_000,
    sampling: f.sampling ?? 'lhs',
    retries: f.retries ?? 1,
    keepEvents: f['keep-events'] ?? 'gzip',
    surrogate: f.surrogate,
    tune: f.tune,
    iterations: f.iterations,
    warnings: [],
  };
  const warnings = checkCampaign(src, config, parameters, weights);
  return { ...config, warnings };
}

function generatorOf(f: CampaignFile): GeneratorSpec {
  const g = f.generator ?? { kind: 'builtin' };
  if (g.kind === 'builtin') return { kind: 'builtin', timeout: g.timeout ?? DEFAULT_TIMEOUT };
  return { kind: 'command', command: g.command, output: g.output ?? 'yoda', timeout: g.timeout ?? DEFAULT_TIMEOUT, env: g.env ?? {} };
}

function locatedParameters(src: YamlSource, f: CampaignFile, base: string): LocatedParameter[] {
  if (f.parameters === undefined) {
    const file = resolve(base, f['parameters-file'] ?? '');
    return readRangeLines(file).map(({ spec, line }) => ({ spec, blame: (message) => fileError(file, line, `${spec.name}: ${message}`) }));
  }
  return Object.entries(f.parameters).map(([name, p]) => {
    const [low, high] = p.range ?? [p.fixed ?? NaN, p.fixed ?? NaN];
    const at = ['parameters', name];
    const blame: Blame = (message, key) => (key === undefined ? src.fail(src.keyAt(['parameters'], name), `parameters.${name}: ${message}`) : src.failAt([...at, key], message));
    return { spec: { name, low, high, log: p.log ?? false, fixed: p.fixed, ...(p.truth !== undefined ? { truth: p.truth } : {}) }, blame };
  });
}

function locatedWeights(src: YamlSource, f: CampaignFile, base: string): LocatedWeight[] {
  const w = f.weights;
  if (w === undefined) return [];
  const lines: { text: string; blame: Blame }[] = [];
  if (Array.isArray(w)) {
    w.forEach((text, i) => lines.push({ text, blame: (message) => src.failAt(['weights', i], message) }));
  } else {
    const file = resolve(base, w.file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return src.failAt(['weights', 'file'], `cannot read ${file}: ${(e as Error).message}`);
    }
    text.split('\n').forEach((line, i) => lines.push({ text: line, blame: (message) => fileError(file, i + 1, message) }));
  }
  const out: LocatedWeight[] = [];
  for (const { text, blame } of lines) {
    let spec: WeightSpec | undefined;
    try {
      spec = parseWeightLine(text);
    } catch (e) {
      if (e instanceof WeightLineError) blame(e.message);
      throw e;
    }
    if (spec) out.push({ spec, blame });
  }
  return out;
}

function fileError(file: string, line: number, message: string): never {
  throw new FileError(file, line, message);
}

/**
 * `mctune reweight train`: a parametrised reweighter from a baseline sample
 * and target samples (θ from their headers), or, with --generate, from
 * samples the built-in generator makes first into DIR/samples.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaultSettings, parseSettingAssignment, resolveSettings, SettingError } from '../../generator/index.js';
import { DEFAULT_EVENT_MLP, DEFAULT_PARTICLE_FLOW, type TrainReweighterOptions } from '../../reweight/index.js';
import {
  EVENT_RECIPE, particleRecipe, saveKeepingSamples, trainGeneratedReweighter, trainOnSamples,
  type InputRecipe, type PointSampling, type SampleTraining, type VariedRange,
} from '../../reweighting/index.js';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command.js';
import { formatNumber, numericOption, parseDecimal, requiredNumericOption } from '../numbers.js';
import { watchStops } from '../stops.js';
import { MAX_EVENTS_OPTION, formatTheta } from './reweight-shared.js';

export const reweightTrain: Command = {
  name: 'train',
  summary: 'Train a parametrised DCTR reweighter: baseline events at θ₀ against target samples at other θ.',
  description:
    "Each target's θ comes from its header's settings (the names in --vary), θ₀ from the baseline's; the trained range is\n" +
    'the smallest to largest θ of the targets. With --generate, the built-in generator first writes the baseline (--events\n' +
    'at θ₀, from --set and the defaults) and --points target samples at θ drawn in the --vary NAME=LOW:HIGH ranges\n' +
    '(--events/--points events each) into DIR/samples, and the trained range is the box given.',
  args: '',
  options: [
    { name: 'baseline', type: 'string', value: 'FILE', description: 'baseline event sample at θ₀ (without --generate)' },
    { name: 'target', type: 'string', value: 'FILE[,FILE…]', multiple: true, description: 'target event sample(s) at other θ (repeatable; without --generate)' },
    { name: 'vary', type: 'string', value: 'NAME[,NAME…]', multiple: true, description: 'the varied settings (repeatable); with --generate NAME=LOW:HIGH' },
    { name: 'output', short: 'o', type: 'string', value: 'DIR', description: 'reweighter folder to write (replaced whole if it holds a reweighter); required' },
    { name: 'model', type: 'string', value: 'KIND', choices: ['event-mlp', 'particle-flow'], default: 'event-mlp', description: 'event-mlp (over 16 event observables, fast) or particle-flow (Deep Sets over the particles)' },
    { name: 'epochs', type: 'string', value: 'N', description: 'maximum passes over the training events (default 40; early stopping on a validation split)' },
    { name: 'seed', type: 'string', value: 'S', default: '1', description: 'seed of the network, the splits and (with --generate) the samples and θ points' },
    MAX_EVENTS_OPTION,
    { name: 'max-particles', type: 'string', value: 'M', description: 'particle-flow: particles kept per event, the hardest (default 64)' },
    { name: 'generate', type: 'boolean', default: false, description: 'generate the training samples with the built-in generator first' },
    { name: 'points', type: 'string', value: 'K', default: '8', description: '--generate: number of target θ points' },
    { name: 'events', short: 'n', type: 'string', value: 'N', default: '20000', description: '--generate: events at θ₀; the targets share as many' },
    { name: 'sampling', type: 'string', value: 'HOW', choices: ['sobol', 'uniform'], default: 'sobol', description: "--generate: how θ points are drawn (scrambled Sobol' or uniform)" },
    { name: 'set', type: 'string', value: 'NAME=VALUE', multiple: true, description: '--generate: a generator setting of θ₀ (repeatable; defaults: Monash)' },
  ],
  async run(a, io) {
    const out = outputDir(a);
    const recipe = recipeFrom(a);
    const seed = requiredNumericOption(a, 'seed', 'seed');
    const maxEvents = numericOption(a, 'max-events', 'positive integer');
    const stops = watchStops({ io, note: `nothing written to ${out}` });
    try {
      const trained = a.values.generate === true ? await trainGenerated(a, out, seed, recipe, io) : await trainGiven(a, out, recipe, seed, maxEvents, io);
      try {
        reportTraining(trained, io);
      } finally {
        trained.reweighter.dispose();
      }
    } finally {
      stops.dispose();
    }
    io.err(`reweighter in ${out}\n`);
    return 0;
  },
};

/** -o DIR: its parent must exist, and an existing DIR must be a reweighter folder (or empty), since saving replaces it whole. */
function outputDir(a: ParsedArgs): string {
  const out = a.values.output;
  if (typeof out !== 'string' || out === '') throw new UsageError('-o/--output DIR is required');
  if (!existsSync(dirname(out))) throw new Error(`${out}: cannot write: folder ${dirname(out)} does not exist`);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new Error(`${out}: exists and is not a folder; expected a reweighter folder to write`);
    const entries = readdirSync(out);
    if (entries.length > 0 && !entries.includes('model.json') && !(entries.length === 1 && entries[0] === 'samples')) {
      throw new Error(`${out}: a folder that is not a reweighter (no model.json); saving would replace it whole, so choose another -o`);
    }
  }
  return out;
}

function recipeFrom(a: ParsedArgs): InputRecipe {
  const maxParticles = numericOption(a, 'max-particles', 'positive integer');
  if (a.values.model === 'particle-flow') return particleRecipe(maxParticles);
  if (maxParticles !== undefined) throw new UsageError('--max-particles applies to --model particle-flow only');
  return EVENT_RECIPE;
}

function trainOptions(a: ParsedArgs, recipe: InputRecipe, seed: number, io: CliIO): TrainReweighterOptions {
  const epochs = numericOption(a, 'epochs', 'positive integer');
  const total = epochs ?? 40;
  return {
    model: recipe.kind === 'event' ? DEFAULT_EVENT_MLP : DEFAULT_PARTICLE_FLOW,
    seed,
    ...(epochs === undefined ? {} : { epochs }),
    log: (line) => io.err(`${line}\n`),
    onProgress: (p) => io.err(`pass ${p.epoch}/${total}: loss ${p.loss.toFixed(5)}${p.valLoss === undefined ? '' : `, validation ${p.valLoss.toFixed(5)}`}\n`),
  };
}

/** Comma-separated and repeated values of a string option, in order. */
function listOption(a: ParsedArgs, name: string): string[] {
  return ((a.values[name] as string[] | undefined) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

interface TrainingJob {
  readonly baseline: string;
  readonly targets: string[];
  readonly vary: string[];
}

/** Trains on the given samples and saves the reweighter into `out`. */
async function trainGiven(a: ParsedArgs, out: string, recipe: InputRecipe, seed: number, maxEvents: number | undefined, io: CliIO): Promise<SampleTraining> {
  const trained = await trainOnSamples({ ...givenInputs(a), recipe, ...(maxEvents === undefined ? {} : { maxEvents }), train: trainOptions(a, recipe, seed, io) });
  try {
    saveKeepingSamples(out, trained);
  } catch (e) {
    trained.reweighter.dispose();
    throw e;
  }
  return trained;
}

function givenInputs(a: ParsedArgs): TrainingJob {
  if (typeof a.values.baseline !== 'string') throw new UsageError('--baseline FILE is required (or --generate)');
  const targets = listOption(a, 'target');
  if (targets.length === 0) throw new UsageError('--target FILE is required (repeatable; or --generate)');
  const vary = listOption(a, 'vary');
  if (vary.length === 0) throw new UsageError('--vary NAME is required: the settings that differ between the baseline and the targets');
  const ranged = vary.find((v) => v.includes('='));
  if (ranged) throw new UsageError(`--vary ${ranged}: a range NAME=LOW:HIGH is for --generate; name the setting only`);
  return { baseline: a.values.baseline, targets, vary };
}

/** --vary NAME=LOW:HIGH, each end inside the generator's allowed range. */
function variedRanges(a: ParsedArgs): VariedRange[] {
  const list = listOption(a, 'vary');
  if (list.length === 0) throw new UsageError('--generate needs --vary NAME=LOW:HIGH (repeatable)');
  return list.map((v) => {
    const m = /^([^=]+)=([^:]+):(.+)$/.exec(v);
    const [lo, hi] = m ? [parseDecimal(m[2].trim()), parseDecimal(m[3].trim())] : [undefined, undefined];
    if (!m || lo === undefined || hi === undefined || !(lo < hi)) throw new UsageError(`--vary ${v}: expected NAME=LOW:HIGH with LOW < HIGH, e.g. StringZ:aLund=0.5:0.9`);
    const name = m[1].trim();
    try {
      resolveSettings({ [name]: lo });
      resolveSettings({ [name]: hi });
    } catch (e) {
      if (e instanceof SettingError) throw new UsageError(`--vary ${e.message}`);
      throw e;
    }
    return { name, lo, hi };
  });
}

/** --set NAME=VALUE for θ₀, checked by the generator's settings table. */
function baseSettings(a: ParsedArgs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of (a.values.set as string[] | undefined) ?? []) {
    try {
      const [name, value] = parseSettingAssignment(s);
      if (parseDecimal(s.slice(s.indexOf('=') + 1).trim()) === undefined) throw new SettingError(`${name}: '${s.slice(s.indexOf('=') + 1)}' is not a decimal number`);
      out[name] = value;
    } catch (e) {
      if (e instanceof SettingError) throw new UsageError(`--set ${e.message}`);
      throw e;
    }
  }
  return out;
}

/** --generate: the built-in generator's samples into DIR/samples (kept; those already there are used again), then the training over the given box. */
async function trainGenerated(a: ParsedArgs, out: string, seed: number, recipe: InputRecipe, io: CliIO): Promise<SampleTraining> {
  if (a.values.baseline !== undefined || a.values.target !== undefined) throw new UsageError('--generate makes the samples itself; drop --baseline and --target');
  const ranges = variedRanges(a);
  const names = ranges.map((r) => r.name);
  const maxEvents = numericOption(a, 'max-events', 'positive integer');
  return trainGeneratedReweighter({
    out,
    ranges,
    baseSettings: baseSettings(a),
    points: requiredNumericOption(a, 'points', 'positive integer'),
    events: requiredNumericOption(a, 'events', 'positive integer'),
    sampling: a.values.sampling as PointSampling,
    seed,
    recipe,
    ...(maxEvents === undefined ? {} : { maxEvents }),
    train: trainOptions(a, recipe, seed, io),
    onSample: (job, seconds, reused) => {
      const settings: Record<string, number> = { ...defaultSettings(), ...job.settings };
      const theta = formatTheta(names, names.map((n) => settings[n]));
      io.err(reused ? `using ${job.path}: made earlier, at ${theta}\n` : `generated ${job.path}: ${job.events} events at ${theta} (${formatNumber(seconds, 3)} s)\n`);
    },
  });
}

function reportTraining(t: SampleTraining, io: CliIO): void {
  const s = t.summary;
  const th = t.reweighter.info.theta;
  io.err(`trained ${t.reweighter.info.spec.kind} on ${t.manifest.baseline.events} baseline + ${t.manifest.targets.reduce((n, x) => n + x.events, 0)} target events from ${t.manifest.targets.length} θ points\n`);
  io.err(`  ${s.epochs} passes (best ${s.bestEpoch}, ${s.stopReason}), validation loss ${s.validationLoss.toFixed(5)}, ${Math.round(s.eventsPerSecond)} events/s, ${formatNumber(s.seconds, 3)} s, backend ${s.backend}\n`);
  io.err(`  θ₀: ${formatTheta(th.names, th.theta0)}; trained range: ${th.names.map((n, p) => `${n} ∈ [${formatNumber(th.lo[p], 6)}, ${formatNumber(th.hi[p], 6)}]`).join(', ')}\n`);
}

import { AnalysisRun, analyseGenerated, analyseStream, loadAnalysis, resultObjects } from '../../analyses/index.js';
import { Generator, SETTINGS, parseSettingAssignment, SettingError } from '../../generator/index.js';
import { writeYodaFile } from '../../yoda/index.js';
import { parseParams } from '../../campaign/index.js';
import { readFileSync } from 'node:fs';
import { HepMC3Writer, readHepMC3 } from '../../hepmc/index.js';
import { UsageError, type Command, type CliIO, type OptionSpec } from '../command.js';
import { progressReporter } from '../progress.js';

const DEFAULT_ANALYSIS = 'ALEPH_1996_S3486095';

const ANALYSIS: OptionSpec = {
  name: 'analysis',
  type: 'string',
  value: 'NAME',
  multiple: true,
  description: `analysis to run (repeatable): a shipped name or a path to an analysis .yaml (default: ${DEFAULT_ANALYSIS})`,
};
const OUTPUT: OptionSpec = { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'YODA file to write (.yoda or .yoda.gz), written only when the job succeeds' };
const FORMAT: OptionSpec = { name: 'format', type: 'string', value: 'v2|v3', choices: ['v2', 'v3'], description: 'YODA version for histograms (reference estimates are always v3)', default: 'v2' };

export const generate: Command = {
  name: 'generate',
  summary: 'Generate e+e- → hadrons events at 91.2 GeV with the built-in generator and analyse them.',
  args: '',
  arity: 0,
  description: 'Settings use Pythia 8 names and default to the Monash tune; `mctune generate --list-settings` shows them.',
  options: [
    { name: 'set', type: 'string', value: 'NAME=VALUE', multiple: true, description: 'change a generator setting, e.g. StringZ:aLund=0.7 (repeatable)' },
    { name: 'params', type: 'string', value: 'FILE', description: 'read settings from a Professor params.dat ("Name value" lines), as a campaign run does; --set wins' },
    { name: 'events', short: 'n', type: 'string', value: 'N', description: 'number of events', default: '10000' },
    { name: 'seed', type: 'string', value: 'S', description: 'random seed (0 ≤ S < 2^32)', default: '1' },
    { name: 'stream', type: 'string', value: 'K', description: 'independent random stream for the same seed, e.g. a run number', default: '0' },
    ANALYSIS,
    OUTPUT,
    FORMAT,
    { name: 'hepmc', type: 'string', value: 'FILE', description: 'also write the events as HepMC3 ASCII' },
    { name: 'as-reference', type: 'boolean', description: 'write /REF estimates with statistical errors (pseudo-data) instead of MC histograms', default: false },
    { name: 'list-settings', type: 'boolean', description: 'list the generator settings with defaults and ranges, then exit', default: false },
  ],
  async run(a, io) {
    if (a.values['list-settings']) return listSettings(io);
    const hepmcOut = typeof a.values.hepmc === 'string' ? a.values.hepmc : undefined;
    // Writing only events is what an external-generator campaign asks of it.
    const output = hepmcOut !== undefined && a.values.output === undefined ? undefined : requireOutput(a.values.output, 'generate');
    const events = positiveInt(a.values.events, 'events', 'generate');
    const seed = nonNegativeInt(a.values.seed, 'seed', 'generate');
    const stream = nonNegativeInt(a.values.stream, 'stream', 'generate');
    const settings: Record<string, number> = {};
    if (typeof a.values.params === 'string') {
      for (const [name, value] of Object.entries(parseParams(readFileSync(a.values.params, 'utf8'), a.values.params))) {
        try {
          settings[parseSettingAssignment(`${name}=${value}`)[0]] = value;
        } catch (e) {
          if (e instanceof SettingError) throw new Error(`${a.values.params}: ${e.message}`);
          throw e;
        }
      }
    }
    for (const s of (a.values.set as string[] | undefined) ?? []) {
      try {
        const [name, value] = parseSettingAssignment(s);
        settings[name] = value;
      } catch (e) {
        if (e instanceof SettingError) throw new UsageError(`--set ${e.message}`, 'mctune generate');
        throw e;
      }
    }
    const runs = loadRuns(a.values.analysis);
    const gen = new Generator({ settings, seed, stream });
    const changed = Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(' ') || '(Monash defaults)';
    io.err(`mctune generate: ${events} events, seed ${seed} stream ${stream}, ${changed}\n`);
    const writer = hepmcOut !== undefined ? await HepMC3Writer.open(hepmcOut) : undefined;
    try {
      await analyseGenerated(gen, events, runs, {
        onProgress: progressReporter(io, Boolean(process.stderr.isTTY)),
        onEvent: writer ? (r) => writer.write(r) : undefined,
      });
      await writer?.close();
    } catch (e) {
      await writer?.abort();
      throw e;
    }
    if (output !== undefined) await writeResults(output, runs, a.values['as-reference'] === true, a.values.format === 'v3' ? 3 : 2);
    io.err(`wrote ${[output, hepmcOut].filter(Boolean).join(' and ')}${gen.stats.vetoed ? ` (${gen.stats.vetoed} events regenerated after a string could not close)` : ''}\n`);
    return 0;
  },
};

export const analyse: Command = {
  name: 'analyse',
  summary: 'Run analyses on the events of a HepMC3 ASCII file (any generator), streaming.',
  args: '',
  arity: 0,
  options: [{ name: 'hepmc', type: 'string', value: 'FILE', description: 'HepMC3 ASCII event file (.hepmc or .hepmc.gz)' }, ANALYSIS, OUTPUT, FORMAT],
  async run(a, io) {
    if (typeof a.values.hepmc !== 'string') throw new UsageError('--hepmc FILE is required', 'mctune analyse');
    const output = requireOutput(a.values.output, 'analyse');
    const runs = loadRuns(a.values.analysis);
    const n = await analyseStream(readHepMC3(a.values.hepmc), runs, { onProgress: progressReporter(io, Boolean(process.stderr.isTTY)) });
    if (n === 0) throw new Error(`${a.values.hepmc}: no events`);
    await writeResults(output, runs, false, a.values.format === 'v3' ? 3 : 2);
    io.err(`analysed ${n} events; wrote ${output}\n`);
    return 0;
  },
};

function loadRuns(names: unknown): AnalysisRun[] {
  const list = (names as string[] | undefined)?.length ? (names as string[]) : [DEFAULT_ANALYSIS];
  return list.map((n) => new AnalysisRun(loadAnalysis(n)));
}

async function writeResults(output: string, runs: readonly AnalysisRun[], asReference: boolean, version: 2 | 3): Promise<void> {
  await writeYodaFile(output, resultObjects(runs, asReference), { version: asReference ? 3 : version });
}

function listSettings(io: CliIO): number {
  io.out(`${'SETTING'.padEnd(32)} ${'DEFAULT'.padStart(7)}  RANGE          MEANING\n`);
  for (const s of SETTINGS) {
    const range = `[${s.min}, ${s.max}]${s.unit ? ' ' + s.unit : ''}`;
    io.out(`${s.name.padEnd(32)} ${String(s.default).padStart(7)}  ${range.padEnd(14)} ${s.doc}\n`);
  }
  return 0;
}

function requireOutput(v: unknown, cmd: string): string {
  if (typeof v !== 'string' || v === '') throw new UsageError('-o/--output FILE is required', `mctune ${cmd}`);
  return v;
}

function positiveInt(v: unknown, name: string, cmd: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got '${String(v)}'`, `mctune ${cmd}`);
  return n;
}

function nonNegativeInt(v: unknown, name: string, cmd: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) throw new UsageError(`--${name} must be an integer in [0, 2^32), got '${String(v)}'`, `mctune ${cmd}`);
  return n;
}

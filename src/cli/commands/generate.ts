import { AnalysisRun, analyseGenerated, analyseStream, loadAnalysis, resultObjects } from '../../analyses/index.js';
import { ECM, Generator, SETTINGS, parseSettingAssignment, SettingError } from '../../generator/index.js';
import { writeYodaFile } from '../../yoda/index.js';
import { parseParams } from '../../campaign/index.js';
import { readFileSync, statSync } from 'node:fs';
import { readHepMC3 } from '../../hepmc/index.js';
import type { EventSampleHeader } from '../../events-store/index.js';
import { UsageError, type Command, type CliIO, type OptionSpec, type ParsedArgs } from '../command.js';
import { checkOutputPath } from '../../fsutil/index.js';
import { eventLoopTurns, watchStops } from '../stops.js';
import { progressReporter } from '../progress.js';
import { formatNumber, parseDecimal, requiredNumericOption } from '../numbers.js';
import { openEventSinks } from './event-sinks.js';

const DEFAULT_ANALYSIS = 'ALEPH_1996_S3486095';

const ANALYSIS: OptionSpec = {
  name: 'analysis',
  type: 'string',
  value: 'NAME',
  multiple: true,
  description: `analysis to run (repeatable): a shipped name or a path to an analysis .yaml (default: ${DEFAULT_ANALYSIS})`,
};
const OUTPUT: OptionSpec = { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'YODA file to write (.yoda or .yoda.gz), written only when the job succeeds; required' };
const GENERATE_OUTPUT: OptionSpec = { ...OUTPUT, description: 'YODA file to write (.yoda or .yoda.gz), written only when the job succeeds; required unless --hepmc or --events-out is given' };
const FORMAT: OptionSpec = { name: 'format', type: 'string', value: 'v2|v3', choices: ['v2', 'v3'], description: 'YODA version for histograms (reference estimates are always v3)', default: 'v2' };

export const generate: Command = {
  name: 'generate',
  summary: 'Generate e+e- → hadrons events at 91.2 GeV with the built-in generator and analyse them.',
  args: '',
  description: 'Settings use Pythia 8 names and default to the Monash tune; `mctune generate --list-settings` shows them.',
  options: [
    { name: 'set', type: 'string', value: 'NAME=VALUE', multiple: true, description: 'change a generator setting, e.g. StringZ:aLund=0.7 (repeatable)' },
    { name: 'params', type: 'string', value: 'FILE', description: 'read settings from a Professor params.dat ("Name value" lines), as a campaign run does; --set wins' },
    { name: 'events', short: 'n', type: 'string', value: 'N', description: 'number of events', default: '10000' },
    { name: 'seed', type: 'string', value: 'S', description: 'random seed (0 ≤ S < 2^32)', default: '1' },
    { name: 'stream', type: 'string', value: 'K', description: 'independent random stream for the same seed, e.g. a run number', default: '0' },
    ANALYSIS,
    GENERATE_OUTPUT,
    FORMAT,
    { name: 'hepmc', type: 'string', value: 'FILE', description: 'also write the events as HepMC3 ASCII' },
    {
      name: 'events-out',
      type: 'string',
      value: 'FILE',
      description: 'also write the final-state particles of every event as an event sample (Apache Arrow IPC file, e.g. events.arrow; see README)',
    },
    { name: 'as-reference', type: 'boolean', description: 'write /REF estimates with statistical errors (pseudo-data) instead of MC histograms', default: false },
    { name: 'list-settings', type: 'boolean', description: 'list the generator settings with defaults and ranges, then exit', default: false },
  ],
  async run(a, io) {
    if (a.values['list-settings']) return listSettings(io);
    const { output, hepmcOut, eventsOut } = generateOutputs(a);
    const events = requiredNumericOption(a, 'events', 'positive integer');
    const seed = requiredNumericOption(a, 'seed', 'seed');
    const stream = requiredNumericOption(a, 'stream', 'seed');
    const settings = readSettings(a);
    const runs = loadRuns(a.values.analysis);
    // Before any event: an hour of generation must not end in "no such folder".
    for (const f of [output, hepmcOut, eventsOut]) if (f !== undefined) checkOutputPath(f);
    const gen = new Generator({ settings, seed, stream });
    const changed = Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(' ') || '(Monash defaults)';
    // Watched before the header: whoever sees the header can stop the command cleanly.
    const stops = watchStops({ io, note: 'nothing written' });
    io.err(`mctune generate: ${events} events, seed ${seed} stream ${stream}, ${changed}\n`);
    try {
      const sample = eventsOut === undefined ? undefined : { path: eventsOut, header: builtinHeader(gen, seed, stream) };
      const sinks = await openEventSinks(hepmcOut, sample, eventLoopTurns());
      try {
        await analyseGenerated(gen, events, runs, { onProgress: progressReporter(io, process.stderr.isTTY), onEvent: sinks.onEvent });
        await sinks.close();
      } catch (e) {
        await sinks.abort();
        throw e;
      }
      if (output !== undefined) await writeResults(output, runs, a.values['as-reference'] === true, a.values.format === 'v3' ? 3 : 2);
    } finally {
      stops.dispose();
    }
    io.err(`wrote ${[output, hepmcOut, eventsOut].filter(Boolean).join(' and ')}${gen.stats.vetoed ? ` (${gen.stats.vetoed} events regenerated after a string could not close)` : ''}\n`);
    return 0;
  },
};

/** -o, --hepmc and --events-out: at least one, each naming its own file. */
function generateOutputs(a: ParsedArgs): { output?: string; hepmcOut?: string; eventsOut?: string } {
  const hepmcOut = typeof a.values.hepmc === 'string' ? a.values.hepmc : undefined;
  const eventsOut = typeof a.values['events-out'] === 'string' ? a.values['events-out'] : undefined;
  // Writing only events is what an external-generator campaign asks of it.
  const eventsOnly = (hepmcOut !== undefined || eventsOut !== undefined) && a.values.output === undefined;
  const output = eventsOnly ? undefined : requireOutput(a.values.output, ' (or --hepmc/--events-out FILE to write only the events)');
  const named: [string, string | undefined][] = [['-o', output], ['--hepmc', hepmcOut], ['--events-out', eventsOut]];
  for (const [i, [flagA, fileA]] of named.entries()) {
    for (const [flagB, fileB] of named.slice(i + 1)) {
      if (fileA !== undefined && fileA === fileB) throw new UsageError(`${flagA} and ${flagB} name the same file, ${fileA}`);
    }
  }
  return { output, hepmcOut, eventsOut };
}

/** What an event sample from the built-in generator records: every setting (defaults included), seed and stream. */
function builtinHeader(gen: Generator, seed: number, stream: number): EventSampleHeader {
  return { generator: `mctune built-in e+e- → Z/γ* → hadrons at √s = ${ECM} GeV`, seed, stream, settings: { ...gen.settings }, source: 'mctune generate' };
}

/** Generator settings from --params (a Professor params.dat), then --set. */
function readSettings(a: ParsedArgs): Record<string, number> {
  const settings: Record<string, number> = {};
  if (typeof a.values.params === 'string') {
    for (const [name, value] of Object.entries(parseParams(readFileSync(a.values.params, 'utf8'), a.values.params))) {
      try {
        settings[parseSettingAssignment(`${name}=${value}`)[0]] = value;
      } catch (e) {
        if (e instanceof SettingError) throw new Error(`${a.values.params}: ${e.message}`, { cause: e });
        throw e;
      }
    }
  }
  for (const s of (a.values.set as string[] | undefined) ?? []) {
    try {
      const [name, value] = parseSettingAssignment(s);
      const raw = s.slice(s.indexOf('=') + 1).trim();
      if (parseDecimal(raw) === undefined) throw new SettingError(`${name}: '${raw}' is not a decimal number`);
      settings[name] = value;
    } catch (e) {
      if (e instanceof SettingError) throw new UsageError(`--set ${e.message}`);
      throw e;
    }
  }
  return settings;
}

export const analyse: Command = {
  name: 'analyse',
  summary: 'Run analyses on the events of a HepMC3 ASCII file (any generator), streaming.',
  args: '',
  options: [{ name: 'hepmc', type: 'string', value: 'FILE', description: 'HepMC3 ASCII event file (.hepmc or .hepmc.gz)' }, ANALYSIS, OUTPUT, FORMAT],
  async run(a, io) {
    const input = a.values.hepmc;
    if (typeof input !== 'string') throw new UsageError('--hepmc FILE is required');
    const output = requireOutput(a.values.output, '');
    const runs = loadRuns(a.values.analysis);
    checkOutputPath(output);
    const size = inputSize(input);
    const stops = watchStops({ io, note: 'nothing written' });
    try {
      // The share of the file read tells how far the analysis is, though the number of events is unknown.
      let fraction: number | undefined;
      const report = progressReporter(io, process.stderr.isTTY);
      const events = readHepMC3(input, { onBytesRead: (b) => void (fraction = size === undefined ? undefined : b / size) });
      const n = await analyseStream(events, runs, { onProgress: (p) => report(fraction === undefined ? p : { ...p, fraction }) });
      if (n === 0) throw new Error(`${input}: no events`);
      await writeResults(output, runs, false, a.values.format === 'v3' ? 3 : 2);
      io.err(`analysed ${n} events; wrote ${output}\n`);
    } finally {
      stops.dispose();
    }
    return 0;
  },
};

/** Bytes of a regular, non-empty input file; undefined for a pipe, whose size says nothing. */
export function inputSize(file: string): number | undefined {
  try {
    const s = statSync(file);
    return s.isFile() && s.size > 0 ? s.size : undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${file}: cannot read: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { cause: e });
  }
}

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
    const range = `[${formatNumber(s.min)}, ${formatNumber(s.max)}]${s.unit ? ' ' + s.unit : ''}`;
    io.out(`${s.name.padEnd(32)} ${String(s.default).padStart(7)}  ${range.padEnd(14)} ${s.doc}\n`);
  }
  return 0;
}

function requireOutput(v: unknown, alternative: string): string {
  if (typeof v !== 'string' || v === '') throw new UsageError(`-o/--output FILE is required${alternative}`);
  return v;
}

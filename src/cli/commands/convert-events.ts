/**
 * `mctune convert-events`: any generator's HepMC3 events as an event sample,
 * so that samples from Pythia, Herwig or Sherpa reach the same readers as the
 * built-in generator's `--events-out`.
 */
import { readFileSync } from 'node:fs';
import { analyseStream } from '../../analyses/index.js';
import { parseParams } from '../../campaign/index.js';
import { EventStoreWriter, type EventSampleHeader } from '../../events-store/index.js';
import { checkOutputPath } from '../../fsutil/index.js';
import { readHepMC3 } from '../../hepmc/index.js';
import { UsageError, type Command, type ParsedArgs } from '../command.js';
import { numericOption, parseDecimal } from '../numbers.js';
import { progressReporter } from '../progress.js';
import { watchStops } from '../stops.js';
import { inputSize } from './generate.js';

export const convertEvents: Command = {
  name: 'convert-events',
  summary: 'Convert a HepMC3 ASCII event file into an event sample (Apache Arrow IPC) of its final-state particles.',
  args: 'IN OUT',
  description: [
    'IN is a HepMC3 Asciiv3 file (.hepmc or .hepmc.gz); OUT the event sample to write, e.g. events.arrow, atomically.',
    'Every event keeps its final-state particles (status 1) with px, py, pz, E (GeV), PDG id and charge, and its first weight.',
    "A HepMC3 file does not reliably say how it was generated: give the generator, seed and settings for the sample's header.",
  ].join('\n'),
  options: [
    { name: 'generator', type: 'string', value: 'NAME', description: 'the generator that made the events, for the header, e.g. "Pythia 8.312"', default: 'unknown' },
    { name: 'seed', type: 'string', value: 'S', description: "its random seed, for the header (0 ≤ S < 2^32; default: unknown)" },
    { name: 'set', type: 'string', value: 'NAME=VALUE', multiple: true, description: 'a setting the events were generated with, named the Pythia way, e.g. StringZ:aLund=0.7 (repeatable)' },
    { name: 'params', type: 'string', value: 'FILE', description: 'settings from a Professor params.dat ("Name value" lines); --set wins' },
  ],
  async run(a, io) {
    const [input, output] = a.positionals as [string, string];
    if (input === output) throw new UsageError(`IN and OUT name the same file, ${input}`);
    const header: EventSampleHeader = {
      generator: String(a.values.generator),
      seed: numericOption(a, 'seed', 'seed') ?? null,
      stream: null,
      settings: externalSettings(a),
      source: `converted from HepMC3 file ${input}`,
    };
    checkOutputPath(output);
    const size = inputSize(input);
    const stops = watchStops({ io, note: 'nothing written' });
    try {
      const writer = await EventStoreWriter.open(output, header);
      try {
        let fraction: number | undefined;
        const report = progressReporter(io, process.stderr.isTTY);
        const events = readHepMC3(input, { onBytesRead: (b) => void (fraction = size === undefined ? undefined : b / size) });
        const n = await analyseStream(events, [], {
          onProgress: (p) => report(fraction === undefined ? p : { ...p, fraction }),
          onEvent: (r) => writer.addEvent(r),
        });
        if (n === 0) throw new Error(`${input}: no events`);
        await writer.close();
      } catch (e) {
        await writer.abort();
        throw e;
      }
      io.err(`converted ${writer.events} events; wrote ${output}\n`);
    } finally {
      stops.dispose();
    }
    return 0;
  },
};

/**
 * Settings from --params, then --set. Unlike `generate`, any name is taken
 * (the events come from another generator), but it must look like a setting
 * and its value must be a plain decimal number.
 */
function externalSettings(a: ParsedArgs): Record<string, number> {
  const settings: Record<string, number> = {};
  if (typeof a.values.params === 'string') Object.assign(settings, parseParams(readFileSync(a.values.params, 'utf8'), a.values.params));
  for (const s of (a.values.set as string[] | undefined) ?? []) {
    const eq = s.indexOf('=');
    const name = eq < 0 ? '' : s.slice(0, eq).trim();
    const raw = eq < 0 ? '' : s.slice(eq + 1).trim();
    if (!/^[^\s=]+$/.test(name)) throw new UsageError(`--set expects NAME=VALUE, e.g. StringZ:aLund=0.7; got '${s}'`);
    const value = parseDecimal(raw);
    if (value === undefined) throw new UsageError(`--set ${name}: '${raw}' is not a decimal number`);
    settings[name] = value;
  }
  return settings;
}

/**
 * Campaign files for tests, and a process check. Fake campaigns are run by
 * test/pool/fixtures/fake-generator.mjs, an external
 * "generator" that misbehaves per run as asked (exit, hang, garbage, nothing,
 * flaky, kill-parent) and otherwise copies a real output made by the built-in
 * generator: a YODA file, or HepMC3 events.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseGenerated } from '../../src/analyses/index.js';
import { Generator } from '../../src/generator/index.js';
import { EventRecord, Status } from '../../src/event/index.js';
import { HepMC3Writer, writeHepMC3 } from '../../src/hepmc/index.js';
import { inProcess, OUTPUT_FILE } from '../../src/pool/index.js';

export const FAKE_GENERATOR = fileURLToPath(new URL('../pool/fixtures/fake-generator.mjs', import.meta.url));

export interface FakeCampaign {
  /** Run name → behaviour; runs not named behave well. */
  readonly behaviour: Readonly<Record<string, string>>;
  readonly runs: number;
  readonly retries: number;
  /** Seconds. */
  readonly timeout: number;
  /** What the runs write (default: yoda). */
  readonly output?: 'yoda' | 'hepmc';
  /** More YAML keys, e.g. `keep-events: false`. */
  readonly extra?: string;
  /** A file the well-behaved runs copy instead of the output made here (e.g. a HepMC3 file with only final-state particles). */
  readonly goodOutput?: string;
  /** Arguments appended to the command template (the fake ignores them). */
  readonly extraArgs?: readonly string[];
}

/** Events in the fake generator's HepMC3 output. */
export const FAKE_HEPMC_EVENTS = 40;

/** Writes `<dir>/c.yaml` and the good output its runs copy; returns the campaign file. */
export async function writeFakeCampaign(dir: string, c: FakeCampaign): Promise<string> {
  const goodDir = join(dir, 'good');
  mkdirSync(goodDir, { recursive: true });
  const output = c.output ?? 'yoda';
  const good = c.goodOutput ?? (output === 'yoda' ? join(goodDir, OUTPUT_FILE) : join(goodDir, 'events.hepmc'));
  if (c.goodOutput === undefined && output === 'yoda') await inProcess.builtin({ runDir: goodDir, runName: 'good', params: {}, seed: 1, stream: 1, events: 200, analyses: ['ALEPH_1996_S3486095'] }, new AbortController().signal, () => undefined);
  else if (c.goodOutput === undefined) await writeGoodEvents(good);
  const command = [process.execPath, FAKE_GENERATOR, '{rundir}', '{out}', '{seed}', '{params}', '{events}', ...(c.extraArgs ?? [])];
  const file = join(dir, 'c.yaml');
  writeFileSync(
    file,
    `name: fake
parameters:
  StringZ:aLund: { range: [0.3, 1.0] }
generator:
  kind: command
  command: ${JSON.stringify(command)}
  output: ${output}
  timeout: ${c.timeout}
  env:
    FAKE_BEHAVIOUR: '${JSON.stringify(c.behaviour)}'
    FAKE_GOOD_OUTPUT: ${JSON.stringify(good)}
analyses: [ALEPH_1996_S3486095]
reference: []
runs: ${c.runs}
retries: ${c.retries}
${c.extra ?? ''}`,
  );
  return file;
}

async function writeGoodEvents(file: string): Promise<void> {
  const writer = await HepMC3Writer.open(file);
  await analyseGenerated(new Generator({ seed: 1 }), FAKE_HEPMC_EVENTS, [], { onEvent: (r) => writer.write(r) });
  await writer.close();
}

export interface BuiltinCampaign {
  readonly name: string;
  readonly runs: number;
  readonly events: number;
  readonly seed?: number;
  /** More YAML keys, e.g. a generator section. */
  readonly extra?: string;
}

/** Writes `<dir>/c.yaml`: two settings of the built-in generator, the ALEPH analysis; returns the file. */
export function writeBuiltinCampaign(dir: string, c: BuiltinCampaign): string {
  const file = join(dir, 'c.yaml');
  writeFileSync(
    file,
    `name: ${c.name}
seed: ${c.seed ?? 1}
parameters:
  TimeShower:alphaSvalue: { range: [0.11, 0.15] }
  StringZ:aLund: { range: [0.4, 0.9] }
analyses: [ALEPH_1996_S3486095]
reference: []
runs: ${c.runs}
events: ${c.events}
${c.extra ?? ''}`,
  );
  return file;
}

/**
 * A HepMC3 file of built-in events as a generator that writes only the final
 * state stores them: beams and final-state particles, no decayed hadrons.
 * `weight` replaces every event's weight (e.g. a huge one, to overflow sums).
 */
export async function writeFinalStateHepMC(file: string, events: number, seed: number, weight?: number): Promise<void> {
  const gen = new Generator({ seed });
  const full = new EventRecord();
  function* finalOnly(): IterableIterator<EventRecord> {
    for (let i = 0; i < events; i++) {
      gen.next(full);
      const out = new EventRecord();
      out.eventNumber = i + 1;
      out.weight = weight ?? full.weight;
      for (let p = 0; p < full.n; p++) {
        if (full.status[p] !== Status.final && full.status[p] !== Status.beam) continue;
        out.push(full.pid[p], full.charge3[p], full.status[p], -1, full.px[p], full.py[p], full.pz[p], full.e[p], full.m[p]);
      }
      yield out;
    }
  }
  await writeHepMC3(file, finalOnly());
}

/** Running or sleeping; a zombie (dead, not yet reaped by an init that may reap late) counts as dead. */
export function processAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

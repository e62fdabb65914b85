/**
 * The two ways samples are made on the command line: `mctune generate
 * --events-out` (the built-in generator) and `mctune convert-events` (any
 * generator's HepMC3 file). Each is checked against the events the project's
 * own generator and HepMC3 reader give.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EventRecord, Status } from '../../src/event/index.js';
import { readEventSample, type EventChunk } from '../../src/events-store/index.js';
import { Generator, defaultSettings } from '../../src/generator/index.js';
import { readHepMC3 } from '../../src/hepmc/index.js';
import { cli } from '../helpers/cli.js';
import { expectSameEvents } from './samples.js';

const dir = mkdtempSync(join(tmpdir(), 'mctune-events-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURE = fileURLToPath(new URL('./fixtures/mixed.hepmc', import.meta.url));

/** The final state of each record, as the columns a sample holds. */
function finalStates(records: Iterable<EventRecord>): EventChunk {
  const offsets = [0];
  const cols = { px: [] as number[], py: [] as number[], pz: [] as number[], E: [] as number[], pdgid: [] as number[], charge3: [] as number[] };
  const weight: number[] = [];
  for (const r of records) {
    for (let i = 0; i < r.n; i++) {
      if (r.status[i] !== Status.final) continue;
      cols.px.push(r.px[i]);
      cols.py.push(r.py[i]);
      cols.pz.push(r.pz[i]);
      cols.E.push(r.e[i]);
      cols.pdgid.push(r.pid[i]);
      cols.charge3.push(r.charge3[i]);
    }
    offsets.push(cols.px.length);
    weight.push(r.weight);
  }
  return {
    n: weight.length,
    offsets: Int32Array.from(offsets),
    px: Float64Array.from(cols.px),
    py: Float64Array.from(cols.py),
    pz: Float64Array.from(cols.pz),
    E: Float64Array.from(cols.E),
    pdgid: Int32Array.from(cols.pdgid),
    charge3: Int8Array.from(cols.charge3),
    weight: Float64Array.from(weight),
  };
}

function* generated(gen: Generator, n: number): IterableIterator<EventRecord> {
  for (let i = 0; i < n; i++) {
    const r = new EventRecord();
    gen.next(r);
    yield r;
  }
}

async function fromHepMC(path: string): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  for await (const r of readHepMC3(path)) out.push(r.clone());
  return out;
}

describe('mctune generate --events-out', () => {
  it("writes the generator's final states, event by event, with every setting, seed and stream in the header", async () => {
    const sample = join(dir, 'gen.arrow');
    const hepmc = join(dir, 'gen.hepmc');
    const r = await cli('generate', '-n', '250', '--seed', '5', '--stream', '2', '--set', 'StringZ:aLund=0.7', '--events-out', sample, '--hepmc', hepmc);
    expect(r.err).toContain(`wrote ${hepmc} and ${sample}`);
    expect(r.code).toBe(0);
    const { header, events } = await readEventSample(sample);
    const mine = finalStates(generated(new Generator({ settings: { 'StringZ:aLund': 0.7 }, seed: 5, stream: 2 }), 250));
    expect(Array.from({ length: 250 }, (_, i) => events.offsets[i + 1] - events.offsets[i])).toEqual(
      Array.from({ length: 250 }, (_, i) => mine.offsets[i + 1] - mine.offsets[i]),
    );
    expectSameEvents(events, mine);
    expect(header).toEqual({
      generator: 'mctune built-in e+e- → Z/γ* → hadrons at √s = 91.2 GeV',
      seed: 5,
      stream: 2,
      settings: { ...defaultSettings(), 'StringZ:aLund': 0.7 },
      source: 'mctune generate',
    });
    // The same events through HepMC3 and convert-events: the same sample, bit for bit.
    const converted = join(dir, 'converted.arrow');
    expect((await cli('convert-events', hepmc, converted)).code).toBe(0);
    expectSameEvents((await readEventSample(converted)).events, events);
  });

  it('needs no YODA output; a seed other than the one asked for gives other events', async () => {
    const a = join(dir, 'seed1.arrow');
    const b = join(dir, 'seed2.arrow');
    expect((await cli('generate', '-n', '50', '--seed', '1', '--events-out', a)).code).toBe(0);
    expect((await cli('generate', '-n', '50', '--seed', '2', '--events-out', b)).code).toBe(0);
    const ea = (await readEventSample(a)).events;
    const eb = (await readEventSample(b)).events;
    expect(Array.from(ea.offsets)).not.toEqual(Array.from(eb.offsets));
  });

  it('refuses -o and --events-out naming the same file, and a folder that does not exist, before any event', async () => {
    const same = join(dir, 'same');
    const r = await cli('generate', '-n', '10', '-o', same, '--events-out', same);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`-o and --events-out name the same file, ${same}`);
    const missing = join(dir, 'missing', 'e.arrow');
    const m = await cli('generate', '-n', '100000', '--events-out', missing);
    expect(m.code).toBe(1);
    expect(m.err).toMatch(/missing\/e\.arrow: cannot write: folder .*missing does not exist/);
    expect(m.err).not.toMatch(/100000 events, seed/);
  });
});

describe('mctune convert-events', () => {
  it("keeps what the project's HepMC3 reader gives: the final state in GeV, the first weight; events without one too", async () => {
    const out = join(dir, 'mixed.arrow');
    const r = await cli('convert-events', FIXTURE, out, '--generator', 'Pythia 8.308', '--seed', '42', '--set', 'StringZ:aLund=0.6', '--set', 'MultipartonInteractions:pT0Ref=2.28');
    expect(r.code).toBe(0);
    expect(r.err).toContain(`converted 4 events; wrote ${out}`);
    const { header, events } = await readEventSample(out);
    const records = await fromHepMC(FIXTURE);
    expectSameEvents(events, finalStates(records));
    // What that is, spelled out: MeV read as GeV, the beams-only event empty, the first of two weights.
    expect(Array.from(events.offsets)).toEqual([0, 5, 7, 7, 10]);
    expect(Array.from(events.weight)).toEqual([1.25, 2.5, -3, 0.75]);
    expect(Array.from(events.px.subarray(5, 7))).toEqual([1.5, -1.5]);
    expect(Array.from(events.charge3.subarray(7))).toEqual([3, 0, 6]);
    expect(header).toEqual({
      generator: 'Pythia 8.308',
      seed: 42,
      stream: null,
      settings: { 'StringZ:aLund': 0.6, 'MultipartonInteractions:pT0Ref': 2.28 },
      source: `converted from HepMC3 file ${FIXTURE}`,
    });
  });

  it('a malformed HepMC3 line: file:line error, no output and no temp file left', async () => {
    const folder = mkdtempSync(join(dir, 'bad-'));
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('P 3 -1 2212'));
    lines[at] = 'P 3 -1 2212 1.5 -2 x3 4.1 0.938272 1';
    const input = join(folder, 'bad.hepmc');
    writeFileSync(input, lines.join('\n'));
    const out = join(folder, 'bad.arrow');
    const r = await cli('convert-events', input, out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${input}:${at + 1}: `);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(folder)).toEqual(['bad.hepmc']);
  });

  it('a missing input, an empty one, IN = OUT and a bad --set are refused clearly', async () => {
    const out = join(dir, 'never.arrow');
    const missing = await cli('convert-events', join(dir, 'nope.hepmc'), out);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`${join(dir, 'nope.hepmc')}: cannot read: no such file`);
    const empty = join(dir, 'empty.hepmc');
    writeFileSync(empty, 'HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\nHepMC::Asciiv3-END_EVENT_LISTING\n');
    const e = await cli('convert-events', empty, out);
    expect(e.code).toBe(1);
    expect(e.err).toContain(`${empty}: no events`);
    expect((await cli('convert-events', FIXTURE, FIXTURE)).err).toContain('IN and OUT name the same file');
    const bad = await cli('convert-events', FIXTURE, out, '--set', 'StringZ:aLund=0x3');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--set StringZ:aLund: '0x3' is not a decimal number");
    expect(existsSync(out)).toBe(false);
  });

  it('is listed in the help, with its own', async () => {
    expect((await cli('--help')).out).toMatch(/convert-events\s+Convert a HepMC3 ASCII event file into an event sample/);
    expect((await cli('convert-events', '--help')).out).toContain('Usage: mctune convert-events IN OUT [options]');
  });
});

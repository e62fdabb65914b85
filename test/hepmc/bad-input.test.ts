/**
 * Malformed HepMC3 input: every kind must throw a FileError whose message
 * names the file, the 1-based line (located here from the input, never copied
 * from what the reader prints) and what was expected there. Each case runs
 * through the streaming file reader and the in-memory parser alike, and the
 * events before the error must have been handed out already.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FileError } from '../../src/diagnostics/index.js';
import { parseHepMC3, readHepMC3 } from '../../src/hepmc/index.js';
import { expectLocated } from '../helpers/located.js';

const FILE = 'bad.hepmc';
const dir = mkdtempSync(join(tmpdir(), 'mctune-hepmc-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Lines = string[];

/** Two good events: e+e- → Z → μ+μ- plus a photon (2 vertices), and a photon from a photon (1 vertex). */
const GOOD: Lines = [
  'HepMC::Version 3.02.05',
  'HepMC::Asciiv3-START_EVENT_LISTING',
  'W Default',
  'E 1 2 6',
  'U GEV MM',
  'W 1.0000000000000000e+00',
  'A 0 alphaQCD 0.13',
  'P 1 0 11 0 0 45.6 45.6 0.000511 4',
  'P 2 0 -11 0 0 -45.6 45.6 0.000511 4',
  'V -1 0 [1,2]',
  'P 3 -1 23 0 0 0 91.2 91.2 2',
  'P 4 3 13 1 2 3 45.6 0.105 1',
  'P 5 3 -13 -1 -2 -3 45.6 0.105 1',
  'P 6 -1 22 0.1 0 0 0.1 0 1',
  'E 2 1 2',
  'U GEV MM',
  'P 1 0 22 0 0 1 1 0 1',
  'P 2 1 22 0 0 1 1 0 1',
  'HepMC::Asciiv3-END_EVENT_LISTING',
];

/** The lines with their unique line `old` replaced by `by` (nothing: removed). */
function swap(lines: Lines, old: string, ...by: string[]): Lines {
  const at = lines.indexOf(old);
  if (at < 0 || lines.indexOf(old, at + 1) >= 0) throw new Error(`test bug: line ${JSON.stringify(old)} is not unique`);
  return [...lines.slice(0, at), ...by, ...lines.slice(at + 1)];
}

/** 1-based number of the unique line of `lines` equal to `line`. */
function lineOf(lines: Lines, line: string): number {
  const at = lines.indexOf(line);
  if (at < 0 || lines.indexOf(line, at + 1) >= 0) throw new Error(`test bug: line ${JSON.stringify(line)} is not unique`);
  return at + 1;
}

const text = (lines: Lines): string => lines.join('\n') + '\n';

/** Runs `parseHepMC3` on `input`: the event numbers handed out before it threw, and the error. */
function parseFailure(input: string): { events: number[]; error: FileError } {
  const events: number[] = [];
  try {
    for (const ev of parseHepMC3(input, FILE)) events.push(ev.eventNumber);
  } catch (e) {
    expect(e).toBeInstanceOf(FileError);
    return { events, error: e as FileError };
  }
  throw new Error('expected a FileError, but the input was accepted');
}

let files = 0;
/** The same through `readHepMC3` on a file (gzipped when `gz`). */
async function readFailure(input: string | Uint8Array, gz = false): Promise<{ events: number[]; error: FileError }> {
  const path = join(dir, `case${files++}.hepmc${gz ? '.gz' : ''}`);
  writeFileSync(path, input);
  const events: number[] = [];
  try {
    for await (const ev of readHepMC3(path, { name: FILE })) events.push(ev.eventNumber);
  } catch (e) {
    expect(e).toBeInstanceOf(FileError);
    return { events, error: e as FileError };
  }
  throw new Error('expected a FileError, but the file was accepted');
}

/** `input` fails at `line` with a message matching `detail`, after handing out the events `before`. */
async function expectBad(input: string, line: number, before: number[], ...detail: RegExp[]): Promise<void> {
  const fromText = parseFailure(input);
  expectLocated(fromText.error, FILE, line, ...detail);
  expect(fromText.events).toEqual(before);
  const fromFile = await readFailure(input);
  expectLocated(fromFile.error, FILE, line, ...detail);
  expect(fromFile.events).toEqual(before);
  const fromGzip = await readFailure(gzipSync(input), true);
  expectLocated(fromGzip.error, FILE, line, ...detail);
}

/** `old` replaced by `by`: fails at the (first) replacement line. */
async function expectBadLine(old: string, by: string, before: number[], ...detail: RegExp[]): Promise<void> {
  const lines = swap(GOOD, old, by);
  await expectBad(text(lines), lineOf(lines, by), before, ...detail);
}

describe('HepMC3 bad input', () => {
  it('the valid input reads', () => {
    expect(Array.from(parseHepMC3(text(GOOD), FILE), (ev) => ev.n)).toEqual([6, 2]);
  });

  describe('numbers', () => {
    const P4 = 'P 4 3 13 1 2 3 45.6 0.105 1';
    it.each([
      ['a word for a momentum', 'P 4 3 13 1 abc 3 45.6 0.105 1', /expected a number for py, found "abc"/],
      ['a hexadecimal energy', 'P 4 3 13 1 2 3 0x1F 0.105 1', /expected a number for e, found "0x1F"/],
      ['nan as printf writes it', 'P 4 3 13 nan 2 3 45.6 0.105 1', /expected a number for px, found "nan"/],
      ['inf mass', 'P 4 3 13 1 2 3 45.6 inf 1', /expected a number for the mass, found "inf"/],
      ['a fractional PDG id', 'P 4 3 13.5 1 2 3 45.6 0.105 1', /expected an integer for the PDG id, found "13.5"/],
      ['a status beyond 16 bits', 'P 4 3 13 1 2 3 45.6 0.105 40000', /expected the status between -32768 and 32767, found 40000/],
    ])('%s', async (_, by, detail) => {
      await expectBadLine(P4, by, [], detail);
    });

    it('a word for a weight', async () => {
      await expectBadLine('W 1.0000000000000000e+00', 'W one', [], /expected a number for weight 1, found "one"/);
    });

    it('a word for the event number, after the first event was handed out', async () => {
      await expectBadLine('E 2 1 2', 'E two 1 2', [1], /expected an integer for the event number, found "two"/);
    });
  });

  describe('field counts', () => {
    it.each([
      ['P with 8 fields', 'P 4 3 13 1 2 3 45.6 0.105 1', 'P 4 3 13 1 2 3 45.6 1', /P line has 8 fields, expected 9: P <id> <vertex or parent> <pdg>/],
      ['P with 10 fields', 'P 4 3 13 1 2 3 45.6 0.105 1', 'P 4 3 13 1 2 3 45.6 0.105 1 7', /P line has 10 fields, expected 9/],
      ['V with a short position', 'V -1 0 [1,2]', 'V -1 0 [1,2] @ 0 0', /V line has 6 fields, expected V <id> <status> \[<incoming ids>\]/],
      ['V without status', 'V -1 0 [1,2]', 'V -1 [1,2]', /V line has 2 fields/],
    ])('%s', async (_, old, by, detail) => {
      await expectBadLine(old, by, [], detail);
    });

    it('U with one field', async () => {
      const lines = GOOD.map((l, i) => (i === 4 ? 'U GEV' : l));
      await expectBad(text(lines), 5, [], /U line has 1 field, expected 2: U <GEV\|MEV> <MM\|CM>/);
    });

    it('E with 2 fields, after the first event was handed out', async () => {
      await expectBadLine('E 2 1 2', 'E 2 1', [1], /E line has 2 fields, expected at least 3: E <event number> <vertices> <particles>/);
    });
  });

  describe('line types and order', () => {
    it('an unknown line type inside an event', async () => {
      await expectBadLine('A 0 alphaQCD 0.13', 'X 0 alphaQCD 0.13', [], /unknown line type "X 0 alphaQCD 0.13" in event 1: expected E, U, W, A, C, P or V/);
    });

    it('a lowercase P line', async () => {
      await expectBadLine('P 6 -1 22 0.1 0 0 0.1 0 1', 'p 6 -1 22 0.1 0 0 0.1 0 1', [], /unknown line type "p 6 -1/);
    });

    it('a particle id out of order', async () => {
      const lines = swap(GOOD, 'P 4 3 13 1 2 3 45.6 0.105 1');
      await expectBad(text(lines), lineOf(lines, 'P 5 3 -13 -1 -2 -3 45.6 0.105 1'), [], /particle id out of order: expected P 4, found P 5/);
    });

    it('more particles than the E line declares', async () => {
      const lines = swap(GOOD, 'E 1 2 6', 'E 1 2 5');
      await expectBad(text(lines), lineOf(lines, 'P 6 -1 22 0.1 0 0 0.1 0 1'), [], /particle id 6 exceeds the 5 particles declared by event 1/);
    });

    it('a P line before any E line', async () => {
      const lines = swap(GOOD, 'W Default', 'W Default', 'P 1 0 22 0 0 9 9 0 1');
      await expectBad(text(lines), lineOf(lines, 'P 1 0 22 0 0 9 9 0 1'), [], /P line before any E line: expected an E line to start an event/);
    });

    it('a second W line in one event', async () => {
      const lines = swap(GOOD, 'A 0 alphaQCD 0.13', 'W 2');
      await expectBad(text(lines), lineOf(lines, 'W 2'), [], /second W line in event 1/);
    });

    it('text after the END line', async () => {
      const lines = [...GOOD, 'P 3 0 22 0 0 1 1 0 1'];
      await expectBad(text(lines), lines.length, [1, 2], /expected nothing but a new HepMC::Version header after HepMC::Asciiv3-END_EVENT_LISTING/);
    });

    it('a START line inside a listing', async () => {
      const lines = swap(GOOD, 'E 2 1 2', 'HepMC::Asciiv3-START_EVENT_LISTING', 'E 2 1 2');
      await expectBad(text(lines), 15, [], /unexpected HepMC::Asciiv3-START_EVENT_LISTING: the previous listing has no HepMC::Asciiv3-END_EVENT_LISTING/);
    });
  });

  describe('headers', () => {
    it('a missing START line', async () => {
      const lines = swap(GOOD, 'HepMC::Asciiv3-START_EVENT_LISTING');
      await expectBad(text(lines), lineOf(lines, 'W Default'), [], /expected HepMC::Asciiv3-START_EVENT_LISTING before "W Default"/);
    });

    it('a HepMC2 file', async () => {
      await expectBadLine('HepMC::Asciiv3-START_EVENT_LISTING', 'HepMC::IO_GenEvent-START_EVENT_LISTING', [], /HepMC2 IO_GenEvent format is not supported/);
    });

    it('an empty file', async () => {
      await expectBad('', 0, [], /no HepMC3 data: expected HepMC::Asciiv3-START_EVENT_LISTING/);
    });

    it('a file that ends after the version line', async () => {
      await expectBad('HepMC::Version 3.02.05\n\n', 1, [], /the file ends before HepMC::Asciiv3-START_EVENT_LISTING/);
    });
  });

  describe('truncation', () => {
    it('the file ends mid-event: names the last line and the particle count', async () => {
      const lines = GOOD.slice(0, lineOf(GOOD, 'P 5 3 -13 -1 -2 -3 45.6 0.105 1'));
      await expectBad(text(lines), lines.length, [], /event 1 declares 6 particles, found 5/);
    });

    it('the file ends inside a line', async () => {
      const cut = text(GOOD.slice(0, lineOf(GOOD, 'P 4 3 13 1 2 3 45.6 0.105 1'))).slice(0, -' 45.6 0.105 1\n'.length);
      await expectBad(cut, lineOf(GOOD, 'P 4 3 13 1 2 3 45.6 0.105 1'), [], /P line has 6 fields, expected 9/);
    });

    it('the file ends after a complete event without the END line: that event is still handed out', async () => {
      const lines = GOOD.slice(0, -1);
      await expectBad(text(lines), lines.length, [1, 2], /missing HepMC::Asciiv3-END_EVENT_LISTING/);
    });

    it('the file ends after the header', async () => {
      await expectBad(text(GOOD.slice(0, 3)), 3, [], /missing HepMC::Asciiv3-END_EVENT_LISTING/);
    });

    it('an event short of particles before the next E line: names its last line', async () => {
      const lines = swap(GOOD, 'P 6 -1 22 0.1 0 0 0.1 0 1');
      await expectBad(text(lines), lineOf(lines, 'P 5 3 -13 -1 -2 -3 45.6 0.105 1'), [], /event 1 declares 6 particles, found 5/);
    });

    it('more vertices than the E line declares', async () => {
      const lines = swap(GOOD, 'E 1 2 6', 'E 1 1 6');
      await expectBad(text(lines), lineOf(lines, 'P 6 -1 22 0.1 0 0 0.1 0 1'), [], /event 1 declares 1 vertices, found 2/);
    });
  });

  describe('vertices and references', () => {
    it('a production vertex without a V line: names the P line once the event is complete', async () => {
      const lines = swap(GOOD, 'V -1 0 [1,2]', 'V -2 0 [1,2]');
      await expectBad(text(lines), lineOf(lines, 'P 3 -1 23 0 0 0 91.2 91.2 2'), [], /particle 3 names production vertex -1, but event 1 has no V line for it/);
    });

    it('a production vertex beyond the declared count', async () => {
      await expectBadLine('P 3 -1 23 0 0 0 91.2 91.2 2', 'P 3 -5 23 0 0 0 91.2 91.2 2', [], /expected the production vertex or parent id between -2 and 6, found -5/);
    });

    it('a particle that is its own parent', async () => {
      await expectBadLine('P 3 -1 23 0 0 0 91.2 91.2 2', 'P 3 3 23 0 0 0 91.2 91.2 2', [], /particle 3 names itself as its parent/);
    });

    it('a particle that is an incoming particle of its own production vertex', async () => {
      const lines = swap(GOOD, 'V -1 0 [1,2]', 'V -1 0 [3,1]');
      await expectBad(text(lines), lineOf(lines, 'P 3 -1 23 0 0 0 91.2 91.2 2'), [], /particle 3 is an incoming particle of its own production vertex -1/);
    });

    it.each([
      ['an incoming list without brackets', 'V -1 0 1,2', /expected the incoming particle ids as \[<id>,<id>,...\], found "1,2"/],
      ['an incoming id beyond the particles', 'V -1 0 [1,7]', /expected an incoming particle id between 1 and 6, found 7/],
      ['an empty incoming id', 'V -1 0 [1,,2]', /expected an integer for an incoming particle id, found ""/],
      ['a positive vertex id', 'V 1 0 [1,2]', /expected the vertex id between -2147483647 and -1, found 1/],
      ['a vertex id beyond the declared count', 'V -3 0 [1,2]', /vertex id -3 exceeds the 2 vertices declared by event 1/],
      ['a word for a vertex position', 'V -1 0 [1,2] @ 0 0 zero 0', /expected a number for a vertex position, found "zero"/],
    ])('%s', async (_, by, detail) => {
      await expectBadLine('V -1 0 [1,2]', by, [], detail);
    });

    it('a particle listed as incoming by two vertices', async () => {
      const lines = swap(GOOD, 'V -1 0 [1,2]', 'V -1 0 [1,2]', 'V -2 0 [2]');
      await expectBad(text(lines), lineOf(lines, 'V -2 0 [2]'), [], /particle 2 is already an incoming particle of vertex -1/);
    });

    it('two V lines for one vertex', async () => {
      const lines = swap(GOOD, 'V -1 0 [1,2]', 'V -1 0 [1]', 'V -1 0 [2]');
      await expectBad(text(lines), lineOf(lines, 'V -1 0 [2]'), [], /second V line for vertex -1 in event 1/);
    });
  });

  describe('units', () => {
    it.each([
      ['an unknown momentum unit', 'U KEV MM', /unknown momentum unit "KEV": expected GEV or MEV/],
      ['an unknown length unit', 'U GEV M', /unknown length unit "M": expected MM or CM/],
    ])('%s', async (_, by, detail) => {
      const lines = swap(GOOD, 'E 2 1 2', 'E 2 1 2', by);
      lines.splice(lines.lastIndexOf('U GEV MM'), 1);
      await expectBad(text(lines), lineOf(lines, by), [1], detail);
    });
  });

  describe('gzip', () => {
    it('corrupt gzip data', async () => {
      const gz = gzipSync(text(GOOD));
      gz.fill(0x55, 12, 40);
      const { error } = await readFailure(gz, true);
      expectLocated(error, FILE, 0, /corrupt gzip data after line \d+/);
    });

    it('a gzip stream cut short', async () => {
      const big = text([...GOOD.slice(0, -1), ...Array.from({ length: 2000 }, (_, k) => [`E ${k + 3} 1 2`, 'P 1 0 22 0 0 1 1 0 1', 'P 2 1 22 0 0 1 1 0 1']).flat(), GOOD.at(-1)!]);
      const gz = gzipSync(big);
      const { error, events } = await readFailure(gz.subarray(0, gz.length - 20), true);
      expectLocated(error, FILE, 0, /corrupt gzip data after line \d+: unexpected end of file/);
      expect(events.length).toBeGreaterThan(1000);
    });

    it('a .gz name on plain text', async () => {
      const { error } = await readFailure(text(GOOD), true);
      expectLocated(error, FILE, 0, /corrupt gzip data after line 0: incorrect header check/);
    });
  });
});

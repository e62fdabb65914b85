/**
 * Reading HepMC3 text as the HepMC3 library writes it (`%.16e` numbers, run
 * information, attributes, explicit V lines with several incoming particles
 * and positions), other units, gzip, and stopping early.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { EventRecord } from '../../src/event/index.js';
import { parseHepMC3, readHepMC3 } from '../../src/hepmc/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mctune-hepmc-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * pp → Z (→ μ+μ-) + X in the HepMC3 library's own style. Vertices: -1 (both
 * beams in, listed as [1,2]), -2 (the hard process, [3,4], with a position),
 * and two implicit single-parent vertices (the Z and the π0): 4 in all.
 */
const OFFICIAL = [
  'HepMC::Version 3.02.05',
  'HepMC::Asciiv3-START_EVENT_LISTING',
  'W Default MUR0.5_MUF0.5',
  'T Pythia8\\|308\\|Internally converted by HepMC3',
  'A mpi_model 1',
  'E 7 4 11 @ 0.0000000000000000e+00 0.0000000000000000e+00 0.0000000000000000e+00 0.0000000000000000e+00',
  'U GEV MM',
  'W 1.2500000000000000e+00 5.0000000000000000e-01',
  'A 0 GenCrossSection 4.5123456789012345e+04 1.2000000000000000e+02 -1 -1',
  'A 0 alphaQCD 0.13',
  'A 3 flow1 501',
  'P 1 0 2212 0.0000000000000000e+00 0.0000000000000000e+00 6.4999999322798900e+03 6.5000000000000000e+03 9.3827000000000005e-01 4',
  'P 2 0 2212 0.0000000000000000e+00 0.0000000000000000e+00 -6.4999999322798900e+03 6.5000000000000000e+03 9.3827000000000005e-01 4',
  'V -1 0 [1,2]',
  'P 3 -1 21 0.0000000000000000e+00 0.0000000000000000e+00 4.5600000000000001e+01 4.5600000000000001e+01 0.0000000000000000e+00 21',
  'P 4 -1 -2 0.0000000000000000e+00 0.0000000000000000e+00 -4.5600000000000001e+01 4.5600000000000001e+01 0.0000000000000000e+00 21',
  'V -2 -1 [3,4] @ 1.0000000000000000e-12 0.0000000000000000e+00 -2.5000000000000000e-01 3.0000000000000000e-01',
  'P 5 -2 23 -1.2345678901234567e+00 0.0000000000000000e+00 -0.0000000000000000e+00 9.1200000000000003e+01 9.1187600000000003e+01 2',
  'P 6 5 13 1.0000000000000000e+01 2.0000000000000000e+01 3.0000000000000000e+01 4.5600000000000001e+01 1.0565837550000000e-01 1',
  'P 7 5 -13 -1.1234567890123457e+01 -2.0000000000000000e+01 -3.0000000000000000e+01 4.5600000000000001e+01 1.0565837550000000e-01 1',
  'P 8 -1 211 1.0000000000000000e-01 2.0000000000000000e-01 3.0000000000000000e-01 5.0000000000000000e-01 1.3957000000000000e-01 1',
  'P 9 -1 111 5.0000000000000000e-01 0.0000000000000000e+00 0.0000000000000000e+00 6.0000000000000000e-01 1.3497680000000000e-01 2',
  'P 10 9 22 2.5000000000000000e-01 0.0000000000000000e+00 0.0000000000000000e+00 3.0000000000000000e-01 0.0000000000000000e+00 1',
  'P 11 9 22 2.5000000000000000e-01 0.0000000000000000e+00 0.0000000000000000e+00 3.0000000000000000e-01 0.0000000000000000e+00 1',
  // a second event: the V line comes after its outgoing particles and lists the positron first; MeV units
  'E 8 1 4',
  'U MEV CM',
  'W 2.5',
  'P 1 0 11 0 0 45600 45600 0.511 4',
  'P 2 0 -11 0 0 -45600 45600 0.511 4',
  'P 3 -1 22 1500 0 0 1500 0 1',
  'P 4 -1 22 -1500 0 0 1500 0 1',
  'V -1 0 [2,1]',
  'HepMC::Asciiv3-END_EVENT_LISTING',
  '',
  '',
].join('\n');

function column(ev: EventRecord, k: 'px' | 'py' | 'pz' | 'e' | 'm' | 'pid' | 'charge3' | 'status' | 'parent'): number[] {
  return Array.from(ev[k].subarray(0, ev.n));
}

function expectOfficial(events: EventRecord[]): void {
  expect(events).toHaveLength(2);
  const [a, b] = events as [EventRecord, EventRecord];
  expect(a.eventNumber).toBe(7);
  expect(a.weight).toBe(1.25);
  expect(column(a, 'pid')).toEqual([2212, 2212, 21, -2, 23, 13, -13, 211, 111, 22, 22]);
  expect(column(a, 'charge3')).toEqual([3, 3, 0, -2, 0, -3, 3, 3, 0, 0, 0]);
  expect(column(a, 'status')).toEqual([4, 4, 21, 21, 2, 1, 1, 1, 2, 1, 1]);
  // vertex -1 lists [1,2]: its products get beam 1 (index 0); vertex -2 lists [3,4]: the gluon (index 2)
  expect(column(a, 'parent')).toEqual([-1, -1, 0, 0, 2, 4, 4, 0, 0, 8, 8]);
  expect(column(a, 'pz')).toEqual([6499.99993227989, -6499.99993227989, 45.6, -45.6, -0, 30, -30, 0.3, 0, 0, 0]);
  expect(Object.is(a.pz[4], -0)).toBe(true);
  // The file's 17 digits, more than a double holds: read as Number() reads them.
  expect(a.px[4]).toBe(Number('-1.2345678901234567e+00'));
  expect(a.px[6]).toBe(Number('-1.1234567890123457e+01'));
  expect(a.m[0]).toBe(0.93827);
  expect(a.m[4]).toBe(91.1876);
  expect(a.m[5]).toBe(0.1056583755);

  expect(b.eventNumber).toBe(8);
  expect(b.weight).toBe(2.5);
  // MeV → GeV; the photons' parent is the first particle the V line lists: the positron
  expect(column(b, 'pz')).toEqual([45.6, -45.6, 0, 0]);
  expect(column(b, 'e')).toEqual([45.6, 45.6, 1.5, 1.5]);
  expect(column(b, 'px')).toEqual([0, 0, 1.5, -1.5]);
  // (a value that is inexact in MeV divides to the correctly rounded quotient, not to the GeV literal)
  expect(column(b, 'm')).toEqual([0.511 / 1000, 0.511 / 1000, 0, 0]);
  expect(column(b, 'parent')).toEqual([-1, -1, 1, 1]);
  expect(column(b, 'charge3')).toEqual([-3, 3, 0, 0]);
}

async function readAll(path: string): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  for await (const ev of readHepMC3(path)) out.push(ev.clone());
  return out;
}

describe('reading HepMC3 Asciiv3', () => {
  it('reads the HepMC3 library style: %.16e numbers, run info, attributes, V lines with several incoming particles', async () => {
    expectOfficial(Array.from(parseHepMC3(OFFICIAL, 'official.hepmc'), (ev) => ev.clone()));
    const path = join(dir, 'official.hepmc');
    writeFileSync(path, OFFICIAL);
    expectOfficial(await readAll(path));
  });

  it('reads CRLF line ends, runs of blanks and tabs, and a last line without a newline', () => {
    const messy = OFFICIAL.trimEnd()
      .split('\n')
      .map((l) => (l.startsWith('P 6 ') ? l.replace(/ /g, ' \t  ') : l))
      .join('\r\n');
    expectOfficial(Array.from(parseHepMC3(messy, 'messy.hepmc'), (ev) => ev.clone()));
  });

  it('reads gzipped input when the name ends in .gz, across many small chunks', async () => {
    const path = join(dir, 'official.hepmc.gz');
    writeFileSync(path, gzipSync(OFFICIAL));
    expectOfficial(await readAll(path));
    // many events, so the decompressed text spans several stream chunks and lines straddle them
    const body = OFFICIAL.split('\n');
    const start = body.indexOf('E 8 1 4');
    const second = body.slice(start, body.indexOf('HepMC::Asciiv3-END_EVENT_LISTING'));
    const many = [...body.slice(0, 2), ...Array.from({ length: 20000 }, (_, k) => [`E ${k} 1 4`, ...second.slice(1)]).flat(), 'HepMC::Asciiv3-END_EVENT_LISTING'];
    writeFileSync(join(dir, 'many.hepmc.gz'), gzipSync(many.join('\n')));
    let count = 0;
    for await (const ev of readHepMC3(join(dir, 'many.hepmc.gz'))) {
      expect(ev.eventNumber).toBe(count++);
      expect(ev.parent[3]).toBe(1);
    }
    expect(count).toBe(20000);
  });

  it('accepts listings without events and concatenated listings', () => {
    const empty = 'HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\nHepMC::Asciiv3-END_EVENT_LISTING\n';
    expect(Array.from(parseHepMC3(empty))).toHaveLength(0);
    const twice = Array.from(parseHepMC3(OFFICIAL + OFFICIAL), (ev) => ev.eventNumber);
    expect(twice).toEqual([7, 8, 7, 8]);
  });

  it('stops early when the caller breaks, and reads into a record the caller supplies', async () => {
    const path = join(dir, 'early.hepmc');
    writeFileSync(path, OFFICIAL);
    const mine = new EventRecord(1);
    for await (const ev of readHepMC3(path, { record: mine })) {
      expect(ev).toBe(mine);
      expect(ev.n).toBe(11);
      break;
    }
  });

  it('passes I/O errors through unchanged', async () => {
    await expect(readAll(join(dir, 'missing.hepmc'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

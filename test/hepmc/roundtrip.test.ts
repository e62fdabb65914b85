/**
 * Writing EventRecords as HepMC3 and reading them back must give identical
 * records, every column bit for bit, and the writer must only ever leave a
 * complete file under the target name.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { EventRecord, Status, charge3Of } from '../../src/event/index.js';
import { HepMC3Writer, formatHepMC3Event, parseHepMC3, readHepMC3, writeHepMC3 } from '../../src/hepmc/index.js';
import { rng } from '../helpers/random.js';

const dir = mkdtempSync(join(tmpdir(), 'mctune-hepmc-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type P = [pid: number, status: number, parent: number, px: number, py: number, pz: number, e: number, m: number];

function event(eventNumber: number, weight: number, particles: P[]): EventRecord {
  const r = new EventRecord(4);
  r.eventNumber = eventNumber;
  r.weight = weight;
  for (const [pid, status, parent, px, py, pz, e, m] of particles) r.push(pid, charge3Of(pid), status, parent, px, py, pz, e, m);
  return r;
}

/** e+e- → Z → b b̄ with hadron decays, a daughter listed before its mother, and awkward doubles. */
function zEvent(): EventRecord {
  return event(1, 0.5, [
    [11, Status.beam, -1, 0, 0, 45.6, 45.6, 0.000511],
    [-11, Status.beam, -1, 0, 0, -45.6, 45.6, 0.000511],
    [23, Status.decayed, 0, 0, 0, -0, 91.2, 91.1876],
    [5, 71, 2, 0.1 + 0.2, -1 / 3, 45.1, 45.2, 4.8],
    [-5, 71, 2, -(0.1 + 0.2), 1 / 3, -45.1, 45.2, 4.8],
    [511, Status.decayed, 3, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 40, 5.27966],
    [-521, Status.decayed, 4, -1e-300, 123456789.12345679, -0.1, 41, 5.27934],
    [-411, Status.decayed, 5, 1.5, 2.5, 3.5, 10, 1.86966],
    // daughters of the B-: one of them (a K0S, decayed) has its pions written before it
    [310, Status.decayed, 6, 0.4, 0.5, 0.6, 1.1, 0.497611],
    [211, Status.final, 8, 0.2, 0.25, 0.3, 0.55, 0.13957],
    [-211, Status.final, 8, 0.2, 0.25, 0.3, 0.55, 0.13957],
    [111, Status.decayed, 6, 1, 1, 1, 2, 0.1349768],
    [22, Status.final, 11, 0.5, 0.5, 0.5, 1, 0],
    [22, Status.final, 11, 0.5, 0.5, 0.5, 1, -0],
    [-321, Status.final, 7, 1, 0, 0, 1.12, 0.493677],
    [211, Status.final, 7, 0, 1, 0, 1.01, 0.13957],
    [13, Status.final, -1, 1e21, -1e-7, 123e-20, 1e21, 0.1056583755],
    [2212, 4, -1, 0, 0, 0, 0.938272, 0.938272],
    [1000020040, Status.final, -1, 0, 0, 1, 3.8, 3.727379],
  ]);
}

/** A random decay forest: parents anywhere in the record (before or after), any bit pattern of finite doubles. */
function randomEvent(r: () => number, eventNumber: number): EventRecord {
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const anyDouble = (): number => {
    for (;;) {
      words[0] = Math.floor(r() * 2 ** 32);
      words[1] = Math.floor(r() * 2 ** 32);
      if (Number.isFinite(bits[0])) return bits[0];
    }
  };
  const pids = [22, 211, -211, 111, 321, -321, 2212, -2212, 11, -13, 3122, 1, -2, 21];
  const n = 1 + Math.floor(r() * 60);
  const parents = new Int32Array(n).fill(-1);
  // parents form a forest: draw a random order and let each particle's mother come earlier in it
  const order = Array.from({ length: n }, (_, i) => i).sort(() => r() - 0.5);
  for (let k = 1; k < n; k++) if (r() < 0.8) parents[order[k]] = order[Math.floor(r() * k)];
  const hasDaughters = new Set(parents);
  const ev = new EventRecord(8);
  ev.eventNumber = eventNumber;
  ev.weight = r() < 0.2 ? anyDouble() : r();
  for (let i = 0; i < n; i++) {
    const pid = pids[Math.floor(r() * pids.length)];
    const status = parents[i] === -1 && r() < 0.1 ? Status.beam : hasDaughters.has(i) ? Status.decayed : Status.final;
    const x = (): number => (r() < 0.3 ? anyDouble() : (r() - 0.5) * 100);
    ev.push(pid, charge3Of(pid), status, parents[i], x(), x(), x(), x(), x());
  }
  return ev;
}

/** Bit-for-bit equality of two records (columns compared as bytes, so −0 and NaN payloads count). */
function expectSame(got: EventRecord, want: EventRecord): void {
  expect(got.n).toBe(want.n);
  expect(got.eventNumber).toBe(want.eventNumber);
  expect(Object.is(got.weight, want.weight)).toBe(true);
  for (const k of ['px', 'py', 'pz', 'e', 'm', 'pid', 'charge3', 'status', 'parent'] as const) {
    const a = got[k];
    const b = want[k];
    const bytes = (c: typeof a): Uint8Array => new Uint8Array(c.buffer, c.byteOffset, want.n * c.BYTES_PER_ELEMENT);
    expect(Buffer.from(bytes(a)).equals(Buffer.from(bytes(b))), `column ${k}`).toBe(true);
  }
}

async function readAll(path: string): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  for await (const ev of readHepMC3(path)) out.push(ev.clone());
  return out;
}

describe('HepMC3 round trip', () => {
  it('gives back a hand-built event bit for bit: beams, decay chains, forward parents, −0, extremes', async () => {
    const ev = zEvent();
    const path = join(dir, 'z.hepmc');
    expect(await writeHepMC3(path, [ev, event(2, -0, []), event(-3, 1e-300, [[22, 1, -1, 1, 2, 3, 4, 0]])])).toBe(3);
    const back = await readAll(path);
    expect(back).toHaveLength(3);
    expectSame(back[0], ev);
    expect(back[1].n).toBe(0);
    expect(Object.is(back[1].weight, -0)).toBe(true);
    expect(back[2].eventNumber).toBe(-3);
    expect(back[2].weight).toBe(1e-300);
  });

  it('gives back 300 random events with random doubles and parent structure, from a file and from text', async () => {
    const r = rng(7);
    const events = Array.from({ length: 300 }, (_, i) => randomEvent(r, i + 1));
    const path = join(dir, 'random.hepmc');
    await writeHepMC3(path, events);
    const back = await readAll(path);
    expect(back).toHaveLength(events.length);
    back.forEach((ev, i) => expectSame(ev, events[i]));
    let i = 0;
    for (const ev of parseHepMC3(readFileSync(path, 'utf8'), path)) expectSame(ev, events[i++]);
    expect(i).toBe(events.length);
  });

  it('reads the same events from a gzipped copy', async () => {
    const path = join(dir, 'gz.hepmc');
    const events = [zEvent(), randomEvent(rng(3), 2)];
    await writeHepMC3(path, events);
    writeFileSync(`${path}.gz`, gzipSync(readFileSync(path)));
    const back = await readAll(`${path}.gz`);
    expect(back).toHaveLength(2);
    back.forEach((ev, i) => expectSame(ev, events[i]));
  });

  it('reuses one record for every event, and the caller may reuse its record between writes', async () => {
    const path = join(dir, 'reuse.hepmc');
    const w = await HepMC3Writer.open(path);
    const rec = new EventRecord();
    for (let k = 1; k <= 3; k++) {
      rec.clear();
      rec.eventNumber = k;
      for (let j = 0; j < k; j++) rec.push(211, 3, 1, -1, k, j, 0, 10, 0.13957);
      void w.write(rec); // formatted at once: overwriting rec afterwards must not matter
    }
    await w.close();
    const seen = new Set<EventRecord>();
    const sizes: number[] = [];
    for await (const ev of readHepMC3(path)) {
      seen.add(ev);
      sizes.push(ev.n);
    }
    expect(seen.size).toBe(1);
    expect(sizes).toEqual([1, 2, 3]);
  });

  it('writes the Asciiv3 layout: vertex count, units, weight, single-parent shortcut in P lines', () => {
    const ev = event(42, 2.5, [
      [11, 4, -1, 0, 0, 45, 45, 0.000511],
      [23, 2, 0, 0, 0, 0, 91, 91],
      [13, 1, 1, 1, 2, 3, 45, 0.105],
      [-13, 1, 1, -1, -2, -3, 45, 0.105],
    ]);
    expect(formatHepMC3Event(ev)).toBe(
      [
        'E 42 2 4',
        'U GEV MM',
        'W 2.5',
        'P 1 0 11 0 0 45 45 0.000511 4',
        'P 2 1 23 0 0 0 91 91 2',
        'P 3 2 13 1 2 3 45 0.105 1',
        'P 4 2 -13 -1 -2 -3 45 0.105 1',
        '',
      ].join('\n'),
    );
  });

  it('refuses what HepMC3 cannot hold', () => {
    const nan = event(1, 1, [[22, 1, -1, NaN, 0, 0, 1, 0]]);
    expect(() => formatHepMC3Event(nan)).toThrow(/event 1, particle 0: px is NaN/);
    const loop = event(1, 1, [[22, 1, 0, 0, 0, 0, 1, 0]]);
    expect(() => formatHepMC3Event(loop)).toThrow(/particle 0 has parent 0/);
    const outside = event(1, 1, [[22, 1, 5, 0, 0, 0, 1, 0]]);
    expect(() => formatHepMC3Event(outside)).toThrow(/particle 0 has parent 5/);
    expect(() => formatHepMC3Event(event(1, Infinity, []))).toThrow(/the weight is Infinity/);
  });
});

describe('HepMC3Writer file handling', () => {
  it('writes a dot-named temp file beside <out> and renames it onto the target on close()', async () => {
    const path = join(dir, 'atomic.hepmc');
    writeFileSync(path, 'old content');
    const w = await HepMC3Writer.open(path);
    await w.write(zEvent());
    const temps = () => readdirSync(dir).filter((f) => f.startsWith(`.atomic.hepmc.tmp-${process.pid}-`));
    expect(temps()).toHaveLength(1);
    expect(readFileSync(path, 'utf8')).toBe('old content');
    await w.close();
    expect(temps()).toEqual([]);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('HepMC::Version ')).toBe(true);
    expect(text.split('\n')[1]).toBe('HepMC::Asciiv3-START_EVENT_LISTING');
    expect(text.endsWith('HepMC::Asciiv3-END_EVENT_LISTING\n')).toBe(true);
    await expect(w.write(zEvent())).rejects.toThrow(/write after close/);
  });

  it('abort() removes the temp file and leaves the target as it was', async () => {
    const path = join(dir, 'aborted.hepmc');
    writeFileSync(path, 'old content');
    const w = await HepMC3Writer.open(path);
    await w.write(zEvent());
    await w.abort();
    expect(readFileSync(path, 'utf8')).toBe('old content');
    expect(readdirSync(dir).filter((f) => f.includes('aborted.hepmc.tmp'))).toEqual([]);
  });

  it('writeHepMC3 leaves nothing behind when the event source fails', async () => {
    const path = join(dir, 'failed.hepmc');
    async function* failing(): AsyncGenerator<EventRecord> {
      yield zEvent();
      await Promise.resolve();
      throw new Error('generator crashed');
    }
    await expect(writeHepMC3(path, failing())).rejects.toThrow(/generator crashed/);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('failed.hepmc'))).toEqual([]);
  });

  it('streams events larger than its buffer', async () => {
    const path = join(dir, 'big.hepmc');
    const r = rng(11);
    const w = await HepMC3Writer.open(path);
    const events: EventRecord[] = [];
    for (let k = 0; k < 400; k++) {
      const ev = randomEvent(r, k);
      events.push(ev);
      await w.write(ev);
    }
    await w.close();
    expect(readFileSync(path).length).toBeGreaterThan(1 << 20);
    const back = await readAll(path);
    back.forEach((ev, i) => expectSame(ev, events[i]));
  });
});

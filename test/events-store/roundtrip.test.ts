/**
 * Write then read gives back the same events and header: whatever the batch
 * size written and the chunk size read, with events of no particles, and for
 * a sample of no events at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventRecord, Status } from '../../src/event/index.js';
import {
  EventStoreWriter,
  concatChunks,
  readEventChunks,
  readEventSample,
  readEventStoreHeader,
  sliceChunk,
  writeEventStore,
  type EventChunk,
} from '../../src/events-store/index.js';
import { HEADER, expectSameEvents, randomChunk } from './samples.js';

const dir = mkdtempSync(join(tmpdir(), 'mctune-events-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(path: string, chunkSize?: number): Promise<EventChunk[]> {
  const out: EventChunk[] = [];
  for await (const c of readEventChunks(path, { chunkSize })) out.push(c);
  return out;
}

describe('event store round trip', () => {
  const events = randomChunk(2503, 1);

  it('the random sample has empty events, and events spread over several batches', () => {
    const counts = Array.from({ length: events.n }, (_, i) => events.offsets[i + 1] - events.offsets[i]);
    expect(counts.filter((c) => c === 0).length).toBeGreaterThan(100);
    expect(Math.max(...counts)).toBe(40);
  });

  it.each([
    [1000, undefined],
    [1000, 1],
    [1000, 7],
    [1000, 333],
    [1000, 1000],
    [1000, 2400],
    [1000, 100_000],
    [64, 999],
  ])('batches of %d read in chunks of %s', async (batchSize, chunkSize) => {
    const path = join(dir, `rt-${batchSize}-${chunkSize ?? 'default'}.arrow`);
    const w = await EventStoreWriter.open(path, HEADER, { batchSize });
    // Handed over in uneven pieces, so the writer's batches do not follow the caller's.
    for (let from = 0; from < events.n; from += 777) await w.addChunk(sliceChunk(events, from, Math.min(events.n, from + 777)));
    expect(w.events).toBe(events.n);
    await w.close();

    const chunks = await collect(path, chunkSize);
    const size = chunkSize ?? batchSize;
    expect(chunks.length).toBe(Math.ceil(events.n / size));
    chunks.forEach((c, i) => expect(c.n).toBe(i < chunks.length - 1 ? size : events.n - size * (chunks.length - 1)));
    for (const c of chunks) expect(c.offsets[0]).toBe(0);
    expectSameEvents(concatChunks(chunks), events);

    const whole = await readEventSample(path);
    expect(whole.header).toEqual(HEADER);
    expectSameEvents(whole.events, events);
  });

  it('the header comes back exactly, settings to the last bit; an unknown seed stays null', async () => {
    const path = join(dir, 'header.arrow');
    const header = { ...HEADER, seed: null, stream: null, generator: 'Pythia 8.312 (é, ü, →)' };
    await (await EventStoreWriter.open(path, header)).close();
    const back = await readEventStoreHeader(path);
    expect(back).toEqual(header);
    expect(Object.is(back.settings['StringZ:aLund'], 0.1 + 0.2)).toBe(true);
    expect(back.settings['StringZ:bLund']).toBe(1e-300);
  });

  it('a sample of no events reads as no chunks, or one empty chunk', async () => {
    const path = join(dir, 'empty.arrow');
    expect(await writeEventStore(path, HEADER, [])).toBe(0);
    expect(await collect(path)).toEqual([]);
    expect(await collect(path, 10)).toEqual([]);
    const { events: e, header } = await readEventSample(path);
    expect(header).toEqual(HEADER);
    expect(e.n).toBe(0);
    expect(Array.from(e.offsets)).toEqual([0]);
  });

  it('an inconsistent chunk is refused before anything is written', async () => {
    const w = await EventStoreWriter.open(join(dir, 'bad-chunk.arrow'), HEADER);
    const c = randomChunk(10, 2);
    await expect(w.addChunk({ ...c, offsets: c.offsets.map((o, i) => (i === 4 ? c.offsets[2] - 1 : o)) })).rejects.toThrow(/^chunk offsets decrease at event 3/);
    await expect(w.addChunk({ ...c, px: c.px.subarray(1) })).rejects.toThrow(/^chunk column px holds \d+ values; its offsets need \d+/);
    await expect(w.addChunk({ ...c, offsets: c.offsets.map((o) => o + 1) })).rejects.toThrow('chunk offsets start at 1, expected 0');
    expect(w.events).toBe(0);
    await w.abort();
  });

  it('from event records: only the final state (status 1) is kept, with the weight', async () => {
    const records: EventRecord[] = [];
    for (let k = 0; k < 5; k++) {
      const r = new EventRecord(2);
      r.weight = 0.5 * k - 1;
      r.push(11, -3, Status.beam, -1, 0, 0, 45.6, 45.6, 0.000511);
      // k final-state particles, beside decayed ones that must be left out.
      for (let i = 0; i < k; i++) {
        r.push(111, 0, Status.decayed, 0, i, 0, 0, 1, 0.135);
        r.push(211 * (i % 2 ? 1 : -1), i % 2 ? 3 : -3, Status.final, -1, i + 0.25, -i, 2 * i, 3 * i + 1, 0.1396);
      }
      records.push(r);
    }
    const path = join(dir, 'records.arrow');
    expect(await writeEventStore(path, HEADER, records, { batchSize: 2 })).toBe(5);
    const { events: e } = await readEventSample(path);
    expect(Array.from(e.offsets)).toEqual([0, 0, 1, 3, 6, 10]);
    expect(Array.from(e.weight)).toEqual([-1, -0.5, 0, 0.5, 1]);
    for (let k = 0; k < 5; k++) {
      const r = records[k];
      const finals = Array.from({ length: r.n }, (_, i) => i).filter((i) => r.status[i] === Status.final);
      const rows = Array.from({ length: e.offsets[k + 1] - e.offsets[k] }, (_, j) => e.offsets[k] + j);
      expect(rows.map((j) => [e.px[j], e.py[j], e.pz[j], e.E[j], e.pdgid[j], e.charge3[j]])).toEqual(
        finals.map((i) => [r.px[i], r.py[i], r.pz[i], r.e[i], r.pid[i], r.charge3[i]]),
      );
    }
  });
});

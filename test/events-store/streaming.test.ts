/**
 * Samples far larger than a batch are written and read a batch at a time:
 * the bytes reach the disk (under a temp name) while events are still being
 * added, and reading never holds more than a batch. Writes are atomic: an
 * interrupted write leaves nothing under the final name.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventRecord, Status } from '../../src/event/index.js';
import { EventStoreReader, EventStoreWriter, sliceChunk, writeEventStore, type EventChunk } from '../../src/events-store/index.js';
import { WriteError } from '../../src/fsutil/index.js';
import { HEADER, expectSameEvents, randomChunk } from './samples.js';

const dir = mkdtempSync(join(tmpdir(), 'mctune-events-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BATCH = 10_000;
const N = 200_000;

/** Bytes held by the arrays a chunk exposes (whatever buffers they are views of). */
function heldBytes(c: EventChunk): number {
  const buffers = new Set([c.offsets, c.px, c.py, c.pz, c.E, c.pdgid, c.charge3, c.weight].map((a) => a.buffer));
  return [...buffers].reduce((s, b) => s + b.byteLength, 0);
}

function tempFiles(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.includes('.tmp-'));
}

describe('streaming writes and reads', () => {
  const path = join(dir, 'large.arrow');
  // One source chunk, handed over in pieces smaller than a batch.
  const source = randomChunk(N, 7, 10);
  const piece = 2_500;

  it(`writes ${N} events in batches of ${BATCH}, to disk while it goes`, async () => {
    const folder = mkdtempSync(join(dir, 'w-'));
    const target = join(folder, 'large.arrow');
    const w = await EventStoreWriter.open(target, HEADER, { batchSize: BATCH });
    const onDisk: number[] = [];
    for (let from = 0; from < N; from += piece) {
      await w.addChunk(sliceChunk(source, from, from + piece));
      if ((from + piece) % (5 * BATCH) === 0) onDisk.push(statSync(join(folder, tempFiles(folder)[0])).size);
    }
    // Before close: nothing under the final name, and the temp file grows batch by batch.
    expect(existsSync(target)).toBe(false);
    expect(onDisk).toHaveLength(4);
    for (let i = 1; i < onDisk.length; i++) expect(onDisk[i]).toBeGreaterThan(onDisk[i - 1]);
    expect(onDisk[0]).toBeGreaterThan(5 * BATCH * 8);
    await w.close();
    expect(tempFiles(folder)).toEqual([]);
    writeFileSync(path, readFileSync(target));
  });

  it('reads them back a batch at a time, never holding the whole sample', async () => {
    const fileSize = statSync(path).size;
    const r = await EventStoreReader.open(path);
    expect(r.batches).toBe(N / BATCH);
    let chunks = 0;
    let events = 0;
    let largest = 0;
    let maxHeld = 0;
    for await (const c of r.chunks()) {
      chunks++;
      largest = Math.max(largest, c.n);
      maxHeld = Math.max(maxHeld, heldBytes(c));
      expectSameEvents(c, sliceChunk(source, events, events + c.n));
      events += c.n;
    }
    await r.close();
    expect(events).toBe(N);
    expect(chunks).toBe(N / BATCH);
    expect(largest).toBeLessThanOrEqual(BATCH);
    // Each chunk's arrays are views of one batch's bytes, a small part of the file.
    expect(maxHeld).toBeLessThan((2.5 * fileSize) / chunks);
  });

  it('chunks of another size are cut across batches, each at most that size', async () => {
    const r = await EventStoreReader.open(path);
    const sizes: number[] = [];
    let maxHeld = 0;
    for await (const c of r.chunks({ chunkSize: 23_456 })) {
      sizes.push(c.n);
      maxHeld = Math.max(maxHeld, heldBytes(c));
    }
    await r.close();
    expect(sizes.length).toBe(Math.ceil(N / 23_456));
    expect(sizes.slice(0, -1).every((s) => s === 23_456)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(N);
    expect(maxHeld).toBeLessThan(statSync(path).size / 3);
  });
});

describe('atomic writes', () => {
  function* failingAfter(n: number): Generator<EventRecord> {
    const r = new EventRecord();
    for (let i = 0; i < n; i++) {
      r.clear();
      r.push(211, 3, Status.final, -1, i, 0, 0, Math.hypot(i, 0.14), 0.14);
      yield r;
    }
    throw new Error('generator crashed');
  }

  it('a source that throws mid-way leaves no file under the final name, and no temp file', async () => {
    const folder = mkdtempSync(join(dir, 'fail-'));
    const target = join(folder, 'events.arrow');
    await expect(writeEventStore(target, HEADER, failingAfter(25_000), { batchSize: 1000 })).rejects.toThrow('generator crashed');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a failed rewrite leaves the existing file as it was', async () => {
    const folder = mkdtempSync(join(dir, 'keep-'));
    const target = join(folder, 'events.arrow');
    const first = randomChunk(300, 3);
    const w = await EventStoreWriter.open(target, HEADER);
    await w.addChunk(first);
    await w.close();
    const before = readFileSync(target);
    await expect(writeEventStore(target, { ...HEADER, seed: 99 }, failingAfter(5000), { batchSize: 100 })).rejects.toThrow('generator crashed');
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(readdirSync(folder)).toEqual(['events.arrow']);
  });

  it('abort() removes the temp file; the writer refuses more events', async () => {
    const folder = mkdtempSync(join(dir, 'abort-'));
    const target = join(folder, 'events.arrow');
    const w = await EventStoreWriter.open(target, HEADER, { batchSize: 10 });
    await w.addChunk(randomChunk(95, 4));
    expect(tempFiles(folder)).toHaveLength(1);
    await w.abort();
    expect(readdirSync(folder)).toEqual([]);
    await expect(w.addChunk(randomChunk(1, 4))).rejects.toThrow(/after close\(\) or abort\(\)/);
  });

  it('a folder that does not exist: the error names the file, not a temp name', async () => {
    const target = join(dir, 'missing', 'events.arrow');
    const e: unknown = await EventStoreWriter.open(target, HEADER).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WriteError);
    expect((e as Error).message).toBe(`${target}: cannot write: its folder does not exist (ENOENT)`);
  });
});

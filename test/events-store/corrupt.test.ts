/**
 * Damaged, truncated and foreign files are refused with a message that names
 * the file and says what is wrong, never with an error from inside Arrow; and
 * a damaged file never reads as different physics.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field, Float64, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Table, makeData, tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStoreError, EventStoreWriter, readEventSample, type EventChunk, type EventSampleHeader } from '../../src/events-store/index.js';
import { HEADER, expectSameEvents, randomChunk } from './samples.js';

const dir = mkdtempSync(join(tmpdir(), 'mctune-events-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const events = randomChunk(300, 11, 12);
const good = join(dir, 'good.arrow');
let bytes: Buffer;

beforeAll(async () => {
  const w = await EventStoreWriter.open(good, HEADER, { batchSize: 100 });
  await w.addChunk(events);
  await w.close();
  bytes = readFileSync(good);
});

/** The error reading `content` (written to a file) gives; fails the test when it reads fine. */
async function refusal(name: string, content: Uint8Array): Promise<EventStoreError> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const e: unknown = await readEventSample(path).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, `${name} was read without error`).toBeInstanceOf(EventStoreError);
  expect((e as Error).message.startsWith(`${path}: `)).toBe(true);
  return e as EventStoreError;
}

/** The good file's batches (their checksums kept) under another schema, as an Arrow file. */
function rewritten(fields: Field[], meta: Map<string, string>, extra?: (b: RecordBatch) => Parameters<typeof makeData>[0]): Uint8Array {
  const schema = new Schema(fields, meta);
  const batches = tableFromIPC(bytes).batches.map((b) => {
    const data = extra ? makeData({ type: new Struct(fields), length: b.numRows, nullCount: 0, children: [...b.data.children, makeData(extra(b))] }) : b.data;
    return new RecordBatch(schema, data, b.metadata);
  });
  return tableToIPC(new Table(batches), 'file');
}

/** The good file with its schema metadata edited by `edit`. */
function withMetadata(edit: (m: Map<string, string>) => void): Uint8Array {
  const { fields, metadata } = tableFromIPC(bytes).schema;
  const meta = new Map(metadata);
  edit(meta);
  return rewritten(fields, meta);
}

describe('refused files', () => {
  it('a file cut short anywhere is refused as truncated', async () => {
    for (const keep of [1, 7, 64, Math.floor(bytes.length / 2), bytes.length - 7, bytes.length - 1]) {
      const e = await refusal(`cut-${keep}.arrow`, bytes.subarray(0, keep));
      expect(e.detail).toMatch(/^truncated: \d+ bytes without the Arrow footer's closing ARROW1/);
    }
  });

  it('an empty file, a text file, an Arrow stream', async () => {
    expect((await refusal('empty.arrow', new Uint8Array(0))).detail).toMatch(/^empty file, expected an mctune event sample/);
    expect((await refusal('text.arrow', Buffer.from('E 1 0 2\nP 1 0 11 0 0 1 1 0 1\n'))).detail).toMatch(/^not an mctune event sample: expected an Apache Arrow IPC file/);
    const stream = RecordBatchStreamWriter.writeAll(tableFromIPC(bytes)).toUint8Array(true);
    expect((await refusal('stream.arrow', stream)).detail).toMatch(/^an Arrow IPC stream; expected an Arrow IPC file/);
  });

  it('an Arrow file that is not an event sample, or has other columns', async () => {
    const foreign = tableToIPC(tableFromArrays({ x: Float64Array.of(1, 2, 3) }), 'file');
    expect((await refusal('foreign.arrow', foreign)).detail).toMatch(/^no column 'particles' \(expected List<Struct<\{px:Float64/);
    const { fields, metadata } = tableFromIPC(bytes).schema;
    const withExtra = rewritten([...fields, new Field('extra', new Float64(), false)], metadata, (b) => ({ type: new Float64(), length: b.numRows, nullCount: 0, data: new Float64Array(b.numRows) }));
    expect((await refusal('extra.arrow', withExtra)).detail).toBe('unexpected column extra');
    expect((await refusal('nometa.arrow', rewritten(fields, new Map()))).detail).toBe('not an mctune event sample: the Arrow schema has no mctune.format metadata');
  });

  it('another format version, or a header that does not match its checksum', async () => {
    const v2 = withMetadata((m) => m.set('mctune.format_version', '2'));
    expect((await refusal('v2.arrow', v2)).detail).toBe("format version '2'; this mctune reads version 1");
    const edited = withMetadata((m) => m.set('mctune.header', (m.get('mctune.header') ?? '').replace('12345', '12346')));
    expect((await refusal('edited.arrow', edited)).detail).toMatch(/^corrupt header: mctune\.header does not match its checksum/);
  });

  it('a flipped byte in the columns fails the batch checksum, naming the batch', async () => {
    // The second batch's px of its first particle lies where those 8 bytes of the file are.
    const second = events.offsets[100];
    const needle = Buffer.from(events.px.buffer, events.px.byteOffset + 8 * second, 8);
    const at = bytes.indexOf(needle);
    expect(at).toBeGreaterThan(0);
    const bad = Buffer.from(bytes);
    bad[at + 3] ^= 0x10;
    const e = await refusal('flipped.arrow', bad);
    expect(e.detail).toBe('record batch 2 of 3 (after event 100): corrupt data: the columns do not match the batch\'s checksum mctune.crc32');
  });

  it('a footer that lists fewer batches than the file holds is refused, not read as a smaller sample', async () => {
    // The footer's list of blocks: its length (3), then the first block, which starts at byte 8.
    const list = bytes.lastIndexOf(Buffer.from([3, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0]));
    expect(list).toBeGreaterThan(bytes.length / 2);
    for (const listed of [2, 1, 0]) {
      const bad = Buffer.from(bytes);
      bad.writeUInt32LE(listed, list);
      const e = await refusal(`listed-${listed}.arrow`, bad);
      expect(e.detail).toMatch(new RegExp(`^corrupt Arrow footer: its ${listed} record batches end at byte \\d+, but the data run to byte \\d+`));
    }
  });

  it('a flipped byte anywhere is refused with the file named, or changes nothing that is read', async () => {
    // A small sample, so that every byte can be tried: 2 batches, headers and footer are most of the file.
    const small = randomChunk(20, 5, 4);
    const path = join(dir, 'sweep.arrow');
    const w = await EventStoreWriter.open(path, HEADER, { batchSize: 10 });
    await w.addChunk(small);
    await w.close();
    const original = readFileSync(path);
    let refused = 0;
    for (let at = 0; at < original.length; at++) {
      const bad = Buffer.from(original);
      bad[at] ^= at % 2 ? 0x01 : 0xa5;
      writeFileSync(path, bad);
      let read: { header: EventSampleHeader; events: EventChunk } | undefined;
      try {
        read = await readEventSample(path);
      } catch (e) {
        expect(e, `byte ${at}: ${String(e)}`).toBeInstanceOf(EventStoreError);
        expect((e as Error).message.startsWith(`${path}: `)).toBe(true);
        refused++;
        continue;
      }
      // Padding, unused bytes of a header and the like: no harm done.
      expect(read.header, `byte ${at}`).toEqual(HEADER);
      expectSameEvents(read.events, small);
    }
    expect(refused).toBeGreaterThan(original.length / 2);
  });

  it('a file that does not exist', async () => {
    const path = join(dir, 'nope.arrow');
    await expect(readEventSample(path)).rejects.toThrow(`${path}: cannot read: no such file`);
  });
});

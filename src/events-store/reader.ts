/**
 * Reads an event sample chunk by chunk. Arrow's file reader reads the footer,
 * then one record batch at a time from the file handle, so memory holds one
 * batch (plus the chunk being assembled) whatever the sample's size.
 *
 * Everything is checked before it is handed out: the Arrow file's magic at
 * both ends (a truncated file lacks the one at the end), the header and its
 * checksum, the columns' names and types, every batch's structure and its
 * CRC-32. Damage shows as an EventStoreError naming the file and the batch,
 * never as an exception from deep inside Arrow.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { RecordBatchReader, type AsyncRecordBatchFileReader, type RecordBatch, type Schema } from 'apache-arrow';
import { FileError } from '../diagnostics/index.js';
import { BATCH_CRC_KEY, EXPECTED_TYPES, chunkCrc, fromRecordBatch } from './arrow-columns.js';
import { concatChunks, emptyChunk, type EventChunk } from './chunk.js';
import { readHeader, type EventSampleHeader } from './header.js';
import { checkFooter, checkMessage, type Block } from './ipc-check.js';
import { rechunk } from './rechunk.js';

/** A damaged, truncated or foreign event sample file: `file: what is wrong`. */
export class EventStoreError extends FileError {
  constructor(file: string, detail: string) {
    super(file, 0, detail);
    this.name = 'EventStoreError';
  }
}

export interface ReadChunksOptions {
  /**
   * Events per chunk: every chunk but the last holds exactly this many, cut
   * from and joined across the file's record batches. Default: the file's
   * own batches, as they are (no copy).
   */
  readonly chunkSize?: number;
}

const MAGIC = 'ARROW1';

/** An open event sample: its header, and its events as chunks. */
export class EventStoreReader {
  private constructor(
    readonly path: string,
    readonly header: EventSampleHeader,
    private readonly fh: FileHandle,
    private readonly arrow: AsyncRecordBatchFileReader,
    private readonly blocks: readonly Block[],
  ) {}

  /** Opens `path` and checks its framing, header and columns. */
  static async open(path: string): Promise<EventStoreReader> {
    const fh = await openForReading(path);
    try {
      const fail = (msg: string) => new EventStoreError(path, msg);
      const size = await checkMagic(fh, path);
      const blocks = await checkFooter(fh, size, fail);
      return await wrapped(path, 'cannot read the Arrow footer', async () => {
        const arrow = await RecordBatchReader.from(fh);
        await arrow.open();
        if (!arrow.isFile() || arrow.numRecordBatches !== blocks.length) throw fail('corrupt Arrow footer');
        checkColumns(arrow.schema, fail);
        return new EventStoreReader(path, readHeader(arrow.schema.metadata, fail), fh, arrow, blocks);
      });
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
  }

  /** Record batches in the file (each at most the writer's batch size). */
  get batches(): number {
    return this.blocks.length;
  }

  /**
   * The events, chunk by chunk; see {@link ReadChunksOptions}. The chunks'
   * arrays are views of the batch read for them, never reused: a chunk kept
   * beyond the loop stays valid (and keeps its batch in memory).
   */
  async *chunks(options: ReadChunksOptions = {}): AsyncGenerator<EventChunk, void, undefined> {
    const size = options.chunkSize;
    if (size !== undefined && !(Number.isSafeInteger(size) && size >= 1)) throw new RangeError(`chunk size ${size}: expected a positive integer`);
    const batches = this.checkedBatches();
    yield* size === undefined ? batches : rechunk(batches, size);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  private async *checkedBatches(): AsyncGenerator<EventChunk, void, undefined> {
    let events = 0;
    for (let index = 0; index < this.blocks.length; index++) {
      const where = `record batch ${index + 1} of ${this.blocks.length} (after event ${events})`;
      const fail = (msg: string) => new EventStoreError(this.path, `${where}: ${msg}`);
      await checkMessage(this.fh, this.blocks[index], fail);
      const batch = await wrapped(this.path, `${where}: cannot read`, () => this.arrow.readRecordBatch(index));
      if (batch === null) throw fail('missing');
      const chunk = await wrapped(this.path, `${where}: cannot decode`, () => checkedChunk(batch, fail));
      events += chunk.n;
      yield chunk;
    }
  }
}

function checkedChunk(batch: RecordBatch, fail: (msg: string) => Error): EventChunk {
  const chunk = fromRecordBatch(batch, fail);
  const stored = batch.metadata.get(BATCH_CRC_KEY);
  // Files written by other Arrow tools may carry no checksum; when one is there, it must match.
  if (stored !== undefined && stored !== chunkCrc(chunk)) throw fail(`corrupt data: the columns do not match the batch's checksum ${BATCH_CRC_KEY}`);
  return chunk;
}

/**
 * Reads the events of `path` chunk by chunk (see {@link ReadChunksOptions}),
 * closing the file at the end or when the loop stops early.
 */
export async function* readEventChunks(path: string, options: ReadChunksOptions = {}): AsyncGenerator<EventChunk, void, undefined> {
  const r = await EventStoreReader.open(path);
  try {
    yield* r.chunks(options);
  } finally {
    await r.close();
  }
}

/** The header of `path`, checked, without reading any event. */
export async function readEventStoreHeader(path: string): Promise<EventSampleHeader> {
  const r = await EventStoreReader.open(path);
  await r.close();
  return r.header;
}

/** A whole (small) sample as one chunk, with its header. */
export async function readEventSample(path: string): Promise<{ header: EventSampleHeader; events: EventChunk }> {
  const r = await EventStoreReader.open(path);
  try {
    const parts: EventChunk[] = [];
    for await (const c of r.chunks()) parts.push(c);
    return { header: r.header, events: parts.length === 0 ? emptyChunk() : concatChunks(parts) };
  } finally {
    await r.close();
  }
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new EventStoreError(path, `cannot read: ${why}`);
  }
}

/**
 * An Arrow IPC file starts with `ARROW1\0\0` and ends with `ARROW1`; a file
 * cut short (a copy that stopped, a full disk) lacks the end, which Arrow
 * itself would report as garbage in the footer.
 */
async function checkMagic(fh: FileHandle, path: string): Promise<number> {
  const size = (await fh.stat()).size;
  if (size === 0) throw new EventStoreError(path, 'empty file, expected an mctune event sample (Apache Arrow IPC file)');
  const head = Buffer.alloc(Math.min(8, size));
  await fh.read(head, 0, head.length, 0);
  const start = head.toString('latin1', 0, 6);
  const truncated = () => new EventStoreError(path, `truncated: ${size} bytes without the Arrow footer's closing ${MAGIC} (was the file written to the end?)`);
  if (size < 6 && MAGIC.startsWith(start)) throw truncated();
  if (start !== MAGIC) {
    const stream = head.length >= 4 && head.readInt32LE(0) === -1;
    throw new EventStoreError(path, stream ? 'an Arrow IPC stream; expected an Arrow IPC file (the format with a footer)' : `not an mctune event sample: expected an Apache Arrow IPC file, which begins with ${MAGIC}`);
  }
  const tail = Buffer.alloc(6);
  const { bytesRead } = await fh.read(tail, 0, 6, Math.max(0, size - 6));
  if (size < 14 || bytesRead !== 6 || tail.toString('latin1') !== MAGIC) throw truncated();
  return size;
}

/** The columns must be exactly the ones this version writes, by name and type. */
function checkColumns(schema: Schema, fail: (msg: string) => Error): void {
  const found = new Map(schema.fields.map((f) => [f.name, String(f.type)]));
  for (const [name, type] of EXPECTED_TYPES) {
    const got = found.get(name);
    if (got === undefined) throw fail(`no column '${name}' (expected ${type})`);
    if (got !== type) throw fail(`column '${name}' is ${got}, expected ${type}`);
  }
  const extra = [...found.keys()].filter((k) => !EXPECTED_TYPES.has(k));
  if (extra.length > 0) throw fail(`unexpected column${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`);
}

/** Runs an Arrow call; anything it throws that is not already ours becomes an EventStoreError saying `what`. */
async function wrapped<T>(path: string, what: string, f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new EventStoreError(path, `${what}: corrupt Arrow data (${e instanceof Error ? e.message : String(e)})`);
  }
}

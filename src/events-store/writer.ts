/**
 * Writes an event sample as an Arrow IPC file, streaming: events are gathered
 * into record batches (10 000 events by default) and each full batch goes to
 * disk before the next is gathered, so memory stays at one batch whatever the
 * sample's size.
 *
 * Output goes to a temp file beside the target (a dot-name, removed if the
 * process exits first) and is renamed onto it only by `close()`: an
 * interrupted write never leaves a file under the final name, and an existing
 * file there stays as it was until the new one is complete. Errors name the
 * target, never the temp file.
 */
import { AsyncByteQueue, RecordBatchFileWriter, type Schema } from 'apache-arrow';
import type { EventRecord } from '../event/index.js';
import { openTempFor, writeError, type TempFile } from '../fsutil/index.js';
import { eventSchema, toRecordBatch } from './arrow-columns.js';
import { ChunkBuilder } from './builder.js';
import { checkChunk, type EventChunk } from './chunk.js';
import { headerMetadata, type EventSampleHeader } from './header.js';

/** Events per record batch unless told otherwise. */
export const DEFAULT_BATCH_SIZE = 10_000;

export interface EventStoreWriterOptions {
  /** Events per record batch (default 10 000): the unit of writing and, by default, of reading. */
  readonly batchSize?: number;
}

/**
 * The Arrow writer's byte sink. Arrow's own queue holds every byte until
 * someone reads it; this one hands over what one batch produced, so the
 * writer can put it on disk before gathering the next.
 */
class BatchBytes extends AsyncByteQueue {
  private pending: Uint8Array[] = [];

  override write(value: Parameters<AsyncByteQueue['write']>[0]): void {
    if (!ArrayBuffer.isView(value)) throw new TypeError('arrow wrote something other than bytes');
    this.pending.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }

  /** The bytes written since the last call, in one buffer (a copy: the views point into reused columns). */
  take(): Buffer {
    const out = Buffer.concat(this.pending);
    this.pending = [];
    return out;
  }
}

export class EventStoreWriter {
  private readonly builder: ChunkBuilder;
  private readonly sink = new BatchBytes();
  private readonly arrow = new RecordBatchFileWriter();
  private done = false;
  private count = 0;

  private constructor(
    /** The file that appears on `close()`. */
    readonly path: string,
    private readonly file: TempFile,
    private readonly schema: Schema,
    private readonly batchSize: number,
  ) {
    this.builder = new ChunkBuilder(batchSize);
    this.arrow.reset(this.sink, schema);
  }

  /** Starts writing `path` (through a temp file beside it) with `header` in the schema. */
  static async open(path: string, header: EventSampleHeader, options: EventStoreWriterOptions = {}): Promise<EventStoreWriter> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size ${batchSize}: expected a positive integer`);
    const schema = eventSchema(headerMetadata(header));
    return new EventStoreWriter(path, await openTempFor(path), schema, batchSize);
  }

  /** Events accepted so far. */
  get events(): number {
    return this.count;
  }

  /**
   * Appends one event: the final-state (status 1) particles of `record` and
   * its weight. The record may be reused as soon as this returns.
   */
  async addEvent(record: EventRecord): Promise<void> {
    this.checkOpen('addEvent');
    this.builder.addFinalState(record);
    this.count++;
    if (this.builder.events >= this.batchSize) await this.flush();
  }

  /**
   * Appends every event of `chunk` (copied: the chunk may be reused as soon
   * as this returns); a RangeError for an inconsistent chunk.
   */
  async addChunk(chunk: EventChunk): Promise<void> {
    this.checkOpen('addChunk');
    checkChunk(chunk);
    let from = 0;
    while (from < chunk.n) {
      const to = Math.min(chunk.n, from + this.batchSize - this.builder.events);
      this.builder.addEvents(chunk, from, to);
      this.count += to - from;
      from = to;
      if (this.builder.events >= this.batchSize) await this.flush();
    }
  }

  /** Writes the last batch and the footer, flushes to disk and renames the temp file onto `path`. */
  async close(): Promise<void> {
    this.checkOpen('close');
    try {
      if (this.builder.events > 0) await this.flush();
      this.done = true;
      this.arrow.finish();
      await this.writeOut(this.sink.take());
    } catch (e) {
      this.done = true;
      await this.file.discard();
      throw writeError(this.path, e);
    }
    await this.file.commit();
  }

  /** Stops writing and removes the temp file; `path` is left as it was. Safe to call after a failure. */
  async abort(): Promise<void> {
    const wasOpen = !this.done;
    this.done = true;
    await this.file.discard(wasOpen);
  }

  private checkOpen(what: string): void {
    if (this.done) throw new Error(`EventStoreWriter for ${this.path}: ${what}() after close() or abort()`);
  }

  /** Encodes the gathered events as one record batch and writes it out. */
  private async flush(): Promise<void> {
    this.arrow.write(toRecordBatch(this.schema, this.builder.view()));
    const data = this.sink.take();
    this.builder.reset();
    await this.writeOut(data);
  }

  private async writeOut(data: Buffer): Promise<void> {
    try {
      for (let off = 0; off < data.length; ) off += (await this.file.fh.write(data, off)).bytesWritten;
    } catch (e) {
      throw writeError(this.path, e);
    }
  }
}

/**
 * Writes the final state of every event of `events` to `path` atomically and
 * returns how many there were. On any error (the source's included) the
 * partial output is removed and the error rethrown.
 */
export async function writeEventStore(
  path: string,
  header: EventSampleHeader,
  events: Iterable<EventRecord> | AsyncIterable<EventRecord>,
  options: EventStoreWriterOptions = {},
): Promise<number> {
  const w = await EventStoreWriter.open(path, header, options);
  try {
    for await (const ev of events) await w.addEvent(ev);
    await w.close();
  } catch (e) {
    await w.abort();
    throw e;
  }
  return w.events;
}

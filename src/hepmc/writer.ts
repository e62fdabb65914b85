/**
 * HepMC3 Asciiv3 writer. Output goes to a temp file beside `<out>` (a dot-name,
 * removed if the process exits first) and is renamed over `<out>` only by
 * `close()`, so an interrupted run never leaves a file that looks complete; a
 * reader sees the old file or the whole new one. Errors name `<out>`.
 */
import type { EventRecord } from '../event/index.js';
import { openTempFor, writeError, type TempFile } from '../fsutil/index.js';
import { END_LISTING, START_LISTING } from './parser.js';

/**
 * The HepMC3 library version written in the header: the release whose
 * Asciiv3 layout (V lines with a status field, optional `@` positions) this
 * writer follows. Readers only check that the line is present.
 */
const FORMAT_VERSION = '3.02.07';
const HEADER = `HepMC::Version ${FORMAT_VERSION}\n${START_LISTING}\n`;
/** Buffered text (UTF-16 units, i.e. bytes for this ASCII output) before it goes to the file. */
const FLUSH_AT = 1 << 20;

/**
 * Formats one event as HepMC3 Asciiv3 lines (E, U, W, then one P line per
 * particle, each ending in a newline).
 *
 * Every particle with daughters gets an end vertex. Because a record
 * particle has one mother, each such vertex has exactly one incoming
 * particle, so like HepMC3 the P lines name the parent particle and no V line
 * is needed; the E line still counts these vertices.
 *
 * Numbers are printed in JavaScript's shortest round-trip form (with the sign
 * of −0 kept), so they read back bit-identical. `charge3` is not part of the
 * format: readers derive it from the PDG id. Throws a RangeError for values
 * HepMC3 cannot hold (non-finite numbers, parents outside the record).
 */
export function formatHepMC3Event(event: EventRecord): string {
  return formatEvent(event, new Uint8Array(event.n));
}

function formatEvent(ev: EventRecord, hasDaughters: Uint8Array): string {
  const n = ev.n;
  if (!Number.isInteger(ev.eventNumber) || Math.abs(ev.eventNumber) > 2147483647) {
    throw new RangeError(`event number ${ev.eventNumber} is not a 32-bit integer`);
  }
  const where = `event ${ev.eventNumber}`;
  hasDaughters.fill(0, 0, n);
  let vertices = 0;
  const parent = ev.parent;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p === -1) continue;
    if (p < 0 || p >= n || p === i) {
      throw new RangeError(`${where}: particle ${i} has parent ${p}, expected -1 or another index below ${n}`);
    }
    if (hasDaughters[p] === 0) {
      hasDaughters[p] = 1;
      vertices++;
    }
  }
  const lines: string[] = [`E ${ev.eventNumber} ${vertices} ${n}\nU GEV MM\nW ${num(ev.weight, where, 'the weight')}\n`];
  const { px, py, pz, e, m, pid, status } = ev;
  for (let i = 0; i < n; i++) {
    const x = px[i];
    const y = py[i];
    const z = pz[i];
    const t = e[i];
    const mass = m[i];
    // Finite and not −0: the common case, printed without a call.
    if (x - x === 0 && y - y === 0 && z - z === 0 && t - t === 0 && mass - mass === 0 && !(x === 0 || y === 0 || z === 0 || t === 0 || mass === 0)) {
      lines.push(`P ${i + 1} ${parent[i] + 1} ${pid[i]} ${x} ${y} ${z} ${t} ${mass} ${status[i]}\n`);
    } else {
      const w = `${where}, particle ${i}`;
      lines.push(
        `P ${i + 1} ${parent[i] + 1} ${pid[i]} ${num(x, w, 'px')} ${num(y, w, 'py')} ${num(z, w, 'pz')} ${num(t, w, 'e')} ${num(mass, w, 'm')} ${status[i]}\n`,
      );
    }
  }
  return lines.join('');
}

function num(x: number, where: string, what: string): string {
  if (x - x !== 0) throw new RangeError(`${where}: ${what} is ${x}; HepMC3 holds finite numbers only`);
  return x === 0 && 1 / x < 0 ? '-0' : String(x);
}

/**
 * Writes events to a HepMC3 Asciiv3 file as they come. `write()` formats the
 * event at once, so the caller may reuse the record as soon as it returns;
 * await it to let buffered output drain. `close()` makes the file appear
 * under its name; `abort()` removes every trace of it.
 */
export class HepMC3Writer {
  private parts: string[] = [HEADER];
  private size = HEADER.length;
  /** Pending file writes, in order; never rejects (failures land in `error`). */
  private chain: Promise<void> = Promise.resolve();
  private error: Error | undefined = undefined;
  private done = false;
  private count = 0;
  private scratch = new Uint8Array(256);

  private constructor(
    /** The file that appears on `close()`. */
    readonly path: string,
    private readonly file: TempFile,
  ) {}

  /** Starts writing `path` (through a temp file beside it). */
  static async open(path: string): Promise<HepMC3Writer> {
    return new HepMC3Writer(path, await openTempFor(path));
  }

  /** Events written so far. */
  get events(): number {
    return this.count;
  }

  /** Appends one event; see `formatHepMC3Event` for the format and the errors. */
  async write(event: EventRecord): Promise<void> {
    if (this.done) throw new Error(`HepMC3Writer for ${this.path}: write after close() or abort()`);
    if (this.scratch.length < event.n) this.scratch = new Uint8Array(2 * event.n);
    const text = formatEvent(event, this.scratch);
    this.parts.push(text);
    this.size += text.length;
    this.count++;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  /** Writes the END line, flushes to disk and renames the temp file onto `path`. */
  async close(): Promise<void> {
    if (this.done) throw new Error(`HepMC3Writer for ${this.path}: close() after close() or abort()`);
    this.done = true;
    this.parts.push(`${END_LISTING}\n`);
    try {
      await this.flush();
    } catch (e) {
      await this.file.discard();
      throw writeError(this.path, e);
    }
    await this.file.commit();
  }

  /** Stops writing and removes the temp file; `path` is left as it was. Safe to call after a failure. */
  async abort(): Promise<void> {
    const wasOpen = !this.done;
    this.done = true;
    this.parts = [];
    this.size = 0;
    await this.chain;
    await this.file.discard(wasOpen);
  }

  private async flush(): Promise<void> {
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    const fh = this.file.fh;
    this.chain = this.chain.then(async () => {
      if (this.error !== undefined) return;
      try {
        for (let off = 0; off < data.length; ) off += (await fh.write(data, off)).bytesWritten;
      } catch (e) {
        this.error = writeError(this.path, e);
      }
    });
    await this.chain;
    if (this.error !== undefined) throw this.error;
  }
}

/**
 * Writes all `events` to `path` atomically and returns how many there were.
 * On any error the partial output is removed and the error rethrown.
 */
export async function writeHepMC3(path: string, events: Iterable<EventRecord> | AsyncIterable<EventRecord>): Promise<number> {
  const w = await HepMC3Writer.open(path);
  try {
    for await (const ev of events) await w.write(ev);
    await w.close();
  } catch (e) {
    await w.abort();
    throw e;
  }
  return w.events;
}

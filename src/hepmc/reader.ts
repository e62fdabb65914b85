/**
 * Streaming HepMC3 Asciiv3 reader. Generator files run to gigabytes, so the
 * input is decoded chunk by chunk and every event lands in one reused
 * EventRecord instead of a new object graph per event.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { FileError } from '../diagnostics/index.js';
import { EventRecord } from '../event/index.js';
import { HepMC3Parser } from './parser.js';

export interface ReadHepMC3Options {
  /** The record every event is read into (default: a new one per call). */
  record?: EventRecord;
  /** Name used in error messages (default: the path). */
  name?: string;
  /** Told the bytes read from the file so far (compressed bytes for `.gz`), chunk by chunk: for progress. */
  onBytesRead?: (bytes: number) => void;
}

/**
 * Reads the events of a HepMC3 Asciiv3 file (gzipped when the name ends in
 * `.gz`) one at a time.
 *
 * Every iteration yields the SAME EventRecord, overwritten by the next event:
 * call `clone()` on an event you keep beyond the loop body.
 *
 * Momenta are converted to GeV; `parent` is the record index of the mother
 * (for a vertex with several incoming particles, the first one its V line
 * lists); `charge3` comes from the PDG id; `weight` is the first weight.
 *
 * Malformed input throws a FileError naming the line, when the reader gets
 * there: the events before it have been yielded already, and the caller
 * decides whether to keep them. An input that ends inside an event, or
 * without `HepMC::Asciiv3-END_EVENT_LISTING`, is malformed too.
 */
export async function* readHepMC3(path: string, options: ReadHepMC3Options = {}): AsyncGenerator<EventRecord, void, undefined> {
  const name = options.name ?? path;
  const parser = new HepMC3Parser(name, options.record);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const input: Readable = path.endsWith('.gz') ? pipeline(file, createGunzip(), () => undefined) : file;
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of input) {
      options.onBytesRead?.(file.bytesRead);
      rest = yield* completeLines(parser, rest + decoder.write(chunk as Buffer));
    }
  } catch (e) {
    throw asFileError(e, name, parser);
  } finally {
    // An early `break` by the caller lands here with the streams still open.
    input.destroy();
    file.destroy();
  }
  rest += decoder.end();
  if (rest.length > 0 && parser.line(rest)) yield parser.record;
  if (parser.endOfInput()) yield parser.record;
  parser.checkEnded();
}

/**
 * Parses HepMC3 Asciiv3 text held in memory, with the same rules and the same
 * reused record as `readHepMC3`.
 */
export function* parseHepMC3(text: string, file = '<string>', record?: EventRecord): Generator<EventRecord, void, undefined> {
  const parser = new HepMC3Parser(file, record);
  const rest = yield* completeLines(parser, text);
  if (rest.length > 0 && parser.line(rest)) yield parser.record;
  if (parser.endOfInput()) yield parser.record;
  parser.checkEnded();
}

/**
 * Feeds every newline-terminated line of `text` to the parser, yielding each
 * completed event; returns the unterminated remainder.
 */
function* completeLines(parser: HepMC3Parser, text: string): Generator<EventRecord, string, undefined> {
  let pos = 0;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return text.slice(pos);
    if (parser.line(text.slice(pos, nl))) yield parser.record;
    pos = nl + 1;
  }
}

/** Decompression failures are bad input too; I/O errors (missing file, permissions) pass unchanged. */
function asFileError(e: unknown, name: string, parser: HepMC3Parser): unknown {
  if (e instanceof FileError) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new FileError(name, 0, `corrupt gzip data after line ${parser.linesRead}: ${(e as Error).message}`);
  }
  return e;
}

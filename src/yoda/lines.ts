import { YodaFormatError } from './errors.js';
import { scanNumber, scan, skipSeps, latin1 } from './numbers.js';

const decoder = new TextDecoder('utf-8');

/**
 * Walks a file's bytes line by line without copying them; `start`/`end` bound the
 * current line (without its newline or carriage return). Every error it raises
 * names the file and the current line.
 */
export class LineCursor {
  start = 0;
  end = 0;
  line = 0;
  private pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {}

  next(): boolean {
    const b = this.bytes;
    if (this.pos >= b.length) return false;
    this.start = this.pos;
    let nl = b.indexOf(10, this.pos);
    if (nl < 0) nl = b.length;
    this.end = nl > this.start && b[nl - 1] === 13 ? nl - 1 : nl;
    this.pos = nl + 1;
    this.line++;
    return true;
  }

  /** Steps back one line: the next call to next() returns the current line again. */
  rewind(): void {
    this.pos = this.start;
    this.line--;
  }

  /** The current line as text (UTF-8), for the few lines that are not numbers. */
  text(): string {
    return decoder.decode(this.bytes.subarray(this.start, this.end));
  }

  /** Offset of the first byte that is not a space or tab. */
  firstNonBlank(): number {
    const b = this.bytes;
    let i = this.start;
    while (i < this.end && (b[i] === 32 || b[i] === 9)) i++;
    return i;
  }

  isBlank(): boolean {
    return this.firstNonBlank() === this.end;
  }

  startsWith(prefix: string, at = this.start): boolean {
    if (at + prefix.length > this.end) return false;
    for (let k = 0; k < prefix.length; k++) if (this.bytes[at + k] !== prefix.charCodeAt(k)) return false;
    return true;
  }

  fail(detail: string, line = this.line): never {
    throw new YodaFormatError(this.file, line, detail);
  }

  /**
   * Parses exactly `count` numeric fields from byte `from` to the line's end into
   * out[offset…]. `columns` names them for the error message. `---` (no value)
   * is accepted only where `absentOk` is set and reads as NaN.
   */
  numbers(
    from: number,
    out: Float64Array,
    offset: number,
    count: number,
    columns: string,
    absentOk = false,
    end = this.end,
  ): void {
    const b = this.bytes;
    let i = skipSeps(b, from, end);
    let n = 0;
    while (i < end) {
      if (n === count) this.fail(`expected ${count} columns (${columns}), found ${count + this.countTokens(i, end)}`);
      const v = scanNumber(b, i, end);
      if (!scan.ok || (scan.absent && !absentOk)) {
        this.fail(`column ${n + 1} (${columnName(columns, n)}): expected a number, found '${latin1(b, i, scan.end)}'`);
      }
      out[offset + n++] = v;
      i = skipSeps(b, scan.end, end);
    }
    if (n !== count) this.fail(`expected ${count} columns (${columns}), found ${n}`);
  }

  private countTokens(i: number, end: number): number {
    const b = this.bytes;
    let n = 0;
    while (i < end) {
      n++;
      while (i < end && b[i] !== 32 && b[i] !== 9 && b[i] !== 44) i++;
      i = skipSeps(b, i, end);
    }
    return n;
  }

  /** Byte offset of the first occurrence of character `ch` in the current line at or after `from`, or -1. */
  indexOf(ch: string, from = this.start): number {
    const i = this.bytes.indexOf(ch.charCodeAt(0), from);
    return i < 0 || i >= this.end ? -1 : i;
  }
}

function columnName(columns: string, n: number): string {
  return columns.split(' ')[n] ?? '?';
}

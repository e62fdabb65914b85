/**
 * A problem in an input file, located to the line: the message reads
 * `file:line: detail` (or `file: detail` for the file as a whole), as compilers
 * and YODA's own reader print them, so editors can jump to it.
 */
export class FileError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line number, or 0 when the problem is the file as a whole. */
    readonly line: number,
    readonly detail: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
    this.name = 'FileError';
  }
}

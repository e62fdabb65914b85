/** A file that is not what it claims to be, located to the line. */
export class YodaFormatError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line number, or 0 when the problem is the file as a whole. */
    readonly line: number,
    readonly detail: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
    this.name = 'YodaFormatError';
  }
}

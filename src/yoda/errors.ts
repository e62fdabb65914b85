import { FileError } from '../diagnostics/index.js';

/** A file that is not valid YODA text. */
export class YodaFormatError extends FileError {
  constructor(file: string, line: number, detail: string) {
    super(file, line, detail);
    this.name = 'YodaFormatError';
  }
}

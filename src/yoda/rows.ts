import { Binning, BinningError } from '../histo/index.js';
import type { LineCursor } from './lines.js';

/**
 * A growing table of numeric rows, with the line each came from so that a
 * problem found after reading (unsorted bins) can still be located.
 */
export class RowTable {
  data: Float64Array;
  lines: Int32Array;
  rows = 0;

  /**
   * Storage is borrowed from a scratch buffer kept per width: a file has
   * thousands of objects of similar size, and regrowing fresh arrays for each
   * was a tenth of the parse time. Safe because parsing is synchronous and an
   * object's rows are copied out (column()) before the next object is read.
   */
  constructor(readonly width: number) {
    const scratch = SCRATCH.get(width);
    this.data = scratch?.data ?? new Float64Array(width * 1024);
    this.lines = scratch?.lines ?? new Int32Array(1024);
  }

  /** Reads `width` numbers of the current line from byte `from` as a new row. */
  push(cur: LineCursor, from: number, columns: string, absentOk = false): void {
    if (this.rows === this.lines.length) this.grow();
    cur.numbers(from, this.data, this.rows * this.width, this.width, columns, absentOk);
    this.lines[this.rows++] = cur.line;
  }

  get(row: number, col: number): number {
    return this.data[row * this.width + col];
  }

  /** Column c of all rows. */
  column(c: number): Float64Array {
    const out = new Float64Array(this.rows);
    for (let r = 0, k = c; r < this.rows; r++, k += this.width) out[r] = this.data[k];
    return out;
  }

  /** Bins from two columns of low and high edges; a bad bin is reported at its line. */
  binning(cur: LineCursor, lowCol: number, highCol: number): Binning {
    if (this.rows === 0) cur.fail('expected at least one bin row before END');
    try {
      return Binning.fromBounds(this.column(lowCol), this.column(highCol));
    } catch (e) {
      if (e instanceof BinningError) cur.fail(`bad binning: ${e.message}`, this.lines[e.bin]);
      throw e;
    }
  }

  private grow(): void {
    const data = new Float64Array(this.data.length * 2);
    data.set(this.data);
    this.data = data;
    const lines = new Int32Array(this.lines.length * 2);
    lines.set(this.lines);
    this.lines = lines;
    SCRATCH.set(this.width, { data, lines });
  }
}

const SCRATCH = new Map<number, { data: Float64Array; lines: Int32Array }>();

/**
 * A one-dimensional binning: an ordered list of [low, high) intervals.
 *
 * Bins are sorted and never overlap, but gaps between them are allowed: YODA 1
 * histograms (and the Rivet reference data booked from HEPData) skip ranges an
 * experiment did not measure. Units are those of the observable.
 */
export class Binning {
  /** Lower edge of each bin. */
  readonly lows: Float64Array;
  /** Upper edge of each bin. */
  readonly highs: Float64Array;

  private constructor(lows: Float64Array, highs: Float64Array) {
    this.lows = lows;
    this.highs = highs;
  }

  /** Contiguous bins from n+1 strictly increasing edges. */
  static fromEdges(edges: ArrayLike<number>): Binning {
    const n = edges.length - 1;
    if (n < 1) throw new BinningError(`a binning needs at least 2 edges, got ${edges.length}`, 0);
    const lows = new Float64Array(n);
    const highs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lows[i] = edges[i];
      highs[i] = edges[i + 1];
    }
    return Binning.fromBounds(lows, highs);
  }

  /** Bins from explicit bounds; throws a {@link BinningError} naming the first bad bin. */
  static fromBounds(lows: Float64Array, highs: Float64Array): Binning {
    if (lows.length !== highs.length) {
      throw new BinningError(`${lows.length} lower edges but ${highs.length} upper edges`, 0);
    }
    if (lows.length === 0) throw new BinningError('a binning needs at least one bin', 0);
    for (let i = 0; i < lows.length; i++) {
      const lo = lows[i];
      const hi = highs[i];
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        throw new BinningError(`bin ${i} has a non-finite edge [${lo}, ${hi}]`, i);
      }
      if (!(lo < hi)) throw new BinningError(`bin ${i} has low edge ${lo} not below high edge ${hi}`, i);
      if (i > 0 && lo < highs[i - 1]) {
        const what = lo < lows[i - 1] ? 'is not sorted after' : 'overlaps';
        throw new BinningError(
          `bin ${i} [${lo}, ${hi}] ${what} bin ${i - 1} [${lows[i - 1]}, ${highs[i - 1]}]`,
          i,
        );
      }
    }
    return new Binning(lows, highs);
  }

  get size(): number {
    return this.lows.length;
  }

  get min(): number {
    return this.lows[0];
  }

  get max(): number {
    return this.highs[this.highs.length - 1];
  }

  width(i: number): number {
    return this.highs[i] - this.lows[i];
  }

  /** True when each bin starts exactly where the previous one ends. */
  isContiguous(): boolean {
    for (let i = 1; i < this.lows.length; i++) if (this.lows[i] !== this.highs[i - 1]) return false;
    return true;
  }

  /** The n+1 edges of a contiguous binning. */
  edges(): Float64Array {
    if (!this.isContiguous()) throw new BinningError('binning has gaps: it has no single list of edges', 0);
    const e = new Float64Array(this.size + 1);
    e.set(this.lows);
    e[this.size] = this.max;
    return e;
  }

  /**
   * Where x falls: -1 below the first bin (underflow), `size` at or above the last
   * (overflow), -2 in a gap between bins, else the bin index. Binary search: O(log n).
   */
  locate(x: number): number {
    const lows = this.lows;
    if (x < lows[0]) return -1;
    if (x >= this.max) return this.size;
    let lo = 0;
    let hi = lows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lows[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return x < this.highs[lo] ? lo : -2;
  }

  /** A new binning with bins [from, to) merged into one (they must be contiguous). */
  merge(from: number, to: number): Binning {
    if (!(from >= 0 && to <= this.size && to - from >= 1)) {
      throw new BinningError(`cannot merge bins [${from}, ${to}) of a ${this.size}-bin binning`, from);
    }
    for (let i = from + 1; i < to; i++) {
      if (this.lows[i] !== this.highs[i - 1]) {
        throw new BinningError(`cannot merge across the gap before bin ${i}`, i);
      }
    }
    const n = this.size - (to - from) + 1;
    const lows = new Float64Array(n);
    const highs = new Float64Array(n);
    for (let i = 0, j = 0; i < this.size; i++) {
      if (i > from && i < to) continue;
      lows[j] = this.lows[i];
      highs[j] = i === from ? this.highs[to - 1] : this.highs[i];
      j++;
    }
    return new Binning(lows, highs);
  }

  /**
   * First place where two binnings disagree beyond a relative tolerance, or null.
   * Each edge is compared on the scale of max(|a|, |b|, bin width) so that edges
   * at zero are held to the same standard as the others.
   */
  firstDifference(other: Binning, relTol = 1e-6): BinningDifference | null {
    const n = Math.min(this.size, other.size);
    for (let i = 0; i < n; i++) {
      const scale = Math.max(this.width(i), other.width(i));
      if (!closeEnough(this.lows[i], other.lows[i], relTol, scale)) {
        return { bin: i, edge: 'low', a: this.lows[i], b: other.lows[i] };
      }
      if (!closeEnough(this.highs[i], other.highs[i], relTol, scale)) {
        return { bin: i, edge: 'high', a: this.highs[i], b: other.highs[i] };
      }
    }
    if (this.size !== other.size) {
      return { bin: n, edge: 'count', a: this.size, b: other.size };
    }
    return null;
  }

  equals(other: Binning, relTol = 1e-6): boolean {
    return this.firstDifference(other, relTol) === null;
  }
}

export interface BinningDifference {
  /** Index of the first bin that differs (or the shorter size, for `count`). */
  bin: number;
  edge: 'low' | 'high' | 'count';
  a: number;
  b: number;
}

function closeEnough(a: number, b: number, relTol: number, width: number): boolean {
  return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b), width);
}

/** A binning that cannot exist: unsorted, overlapping or degenerate bins. */
export class BinningError extends Error {
  constructor(
    message: string,
    /** Index of the offending bin. */
    readonly bin: number,
  ) {
    super(message);
    this.name = 'BinningError';
  }
}

import { Binning } from './binning.js';
import { AnalysisObject, recordScale } from './object.js';

/**
 * How a running-sum column responds when every weight is multiplied by f: it is
 * multiplied by f^wPower (Σw → f, Σw² → f², entry counts unchanged).
 */
export type WeightPower = 0 | 1 | 2;

/** A running-sum column: its name (`sumw`, `sumwx2`, …) and how it scales with the weights. */
export interface SumColumn {
  name: string;
  wPower: WeightPower;
}

/**
 * Shared storage of the fillable binned types (Histo1D, Profile1D): for each
 * running-sum column a Float64Array of n+2 slots, underflow at 0, the n bins at
 * 1..n, overflow at n+1 (the order of YODA 2), plus the total over everything
 * filled, kept separately because fills into gaps reach only the total.
 */
export abstract class BinnedDbn extends AnalysisObject {
  private _binning: Binning;
  private _columns: Float64Array[];
  /** Running sums over every fill, flows and gaps included, one per column. */
  readonly total: Float64Array;

  protected constructor(
    path: string,
    binning: Binning,
    /** The running sums each slot keeps, in storage order. */
    readonly sumColumns: readonly SumColumn[],
    annotations?: Iterable<[string, string]>,
  ) {
    super(path, annotations);
    this._binning = binning;
    this._columns = sumColumns.map(() => new Float64Array(binning.size + 2));
    this.total = new Float64Array(sumColumns.length);
  }

  /** Index of the named running sum in {@link sumColumns} and {@link total}. */
  sumIndex(name: string): number {
    const i = this.sumColumns.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`${this.kind} has no running sum '${name}'`);
    return i;
  }

  /** The named running sum, n+2 slots (underflow, bins, overflow). */
  sums(name: string): Float64Array {
    return this._columns[this.sumIndex(name)];
  }

  get binning(): Binning {
    return this._binning;
  }

  get numBins(): number {
    return this._binning.size;
  }

  /** Column c, n+2 slots (underflow, bins, overflow). */
  protected column(c: number): Float64Array {
    return this._columns[c];
  }

  /**
   * Storage slot for x: 0 underflow, i+1 bin i, n+1 overflow, -1 a gap. Throws on
   * NaN: a NaN observable is a bug upstream and must not vanish silently.
   */
  protected slotOf(x: number): number {
    if (Number.isNaN(x)) throw new RangeError(`${this.path}: cannot fill at x = NaN`);
    const i = this._binning.locate(x);
    if (i === -2) return -1;
    return i + 1;
  }

  /** Multiplies every weight by f (so Σw² by f²) and records it in ScaledBy. */
  scaleW(f: number): void {
    if (!Number.isFinite(f)) throw new RangeError(`${this.path}: scale factor must be finite, got ${f}`);
    this.sumColumns.forEach(({ wPower: p }, c) => {
      if (p === 0) return;
      const k = p === 1 ? f : f * f;
      const col = this._columns[c];
      for (let i = 0; i < col.length; i++) col[i] *= k;
      this.total[c] *= k;
    });
    recordScale(this.annotations, f);
  }

  /** Σw over the bins, plus under- and overflow when asked. */
  integral(includeOverflows = true): number {
    const w = this._columns[0];
    let s = 0;
    const end = w.length - (includeOverflows ? 0 : 1);
    for (let i = includeOverflows ? 0 : 1; i < end; i++) s += w[i];
    return s;
  }

  /**
   * Scales so that the integral becomes `area` (YODA's normalize). Throws on an
   * empty object rather than dividing by zero.
   */
  normalize(area = 1, includeOverflows = true): void {
    const now = this.integral(includeOverflows);
    if (now === 0) throw new RangeError(`${this.path}: cannot normalise an object with zero integral`);
    this.scaleW(area / now);
  }

  /** Adds another object of the same type and binning bin by bin (relative edge tolerance relTol). */
  add(other: this, relTol = 1e-9): void {
    const diff = this._binning.firstDifference(other._binning, relTol);
    if (diff) {
      throw new Error(
        `cannot add ${other.path} to ${this.path}: bin ${diff.bin} ${diff.edge} differs (${diff.a} vs ${diff.b})`,
      );
    }
    this._columns.forEach((col, c) => {
      const o = other._columns[c];
      for (let i = 0; i < col.length; i++) col[i] += o[i];
      this.total[c] += other.total[c];
    });
  }

  /** Merges bins [from, to) into one, in place; the sums of the merged bins add. */
  mergeBins(from: number, to: number): void {
    const merged = this._binning.merge(from, to);
    this._columns = this._columns.map((col) => {
      const out = new Float64Array(merged.size + 2);
      out[0] = col[0];
      let j = 1;
      for (let i = 0; i < this._binning.size; i++) {
        out[j] += col[i + 1];
        if (!(i >= from && i < to - 1)) j++;
      }
      out[merged.size + 1] = col[this._binning.size + 1];
      return out;
    });
    this._binning = merged;
  }

  /**
   * Merges every n adjacent bins, starting at bin 0; a last group shorter than n
   * is left as it is (YODA's rebinBy).
   */
  rebinBy(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`rebinBy needs a positive integer, got ${n}`);
    for (let start = 0; start + n <= this._binning.size; start++) this.mergeBins(start, start + n);
  }

  /** Recomputes the total as the sum over all slots (after bulk loading of bins). */
  totalFromSlots(): void {
    this._columns.forEach((col, c) => {
      let s = 0;
      for (let i = 0; i < col.length; i++) s += col[i];
      this.total[c] = s;
    });
  }

  protected copySumsFrom(src: BinnedDbn): void {
    this._columns = src._columns.map((c) => c.slice());
    this.total.set(src.total);
  }
}

import { Binning } from './binning.js';
import { BinnedDbn, type SumColumn } from './binned-dbn.js';
import { dbnMean, dbnStdErr, dbnVariance, dbnEffEntries } from './dbn.js';

const W = 0;
const W2 = 1;
const WX = 2;
const WX2 = 3;
const N = 4;

const HISTO_SUMS: readonly SumColumn[] = [
  { name: 'sumw', wPower: 1 },
  { name: 'sumw2', wPower: 2 },
  { name: 'sumwx', wPower: 1 },
  { name: 'sumwx2', wPower: 1 },
  { name: 'numEntries', wPower: 0 },
];

/**
 * A fillable one-dimensional histogram. Every bin keeps Σw, Σw², Σwx, Σwx² and
 * the number of fills, so that means, spreads and errors survive merging and
 * adding; underflow and overflow are kept too. Typed arrays have n+2 slots:
 * index 0 is underflow, 1..n the bins, n+1 overflow.
 */
export class Histo1D extends BinnedDbn {
  readonly kind = 'Histo1D' as const;

  constructor(path: string, binning: Binning, annotations?: Iterable<[string, string]>) {
    super(path, binning, HISTO_SUMS, annotations);
  }

  /** Histogram with `n` equal bins over [lo, hi). */
  static uniform(path: string, n: number, lo: number, hi: number): Histo1D {
    const edges = Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
    return new Histo1D(path, Binning.fromEdges(edges));
  }

  get sumw(): Float64Array {
    return this.column(W);
  }
  get sumw2(): Float64Array {
    return this.column(W2);
  }
  get sumwx(): Float64Array {
    return this.column(WX);
  }
  get sumwx2(): Float64Array {
    return this.column(WX2);
  }
  get numEntries(): Float64Array {
    return this.column(N);
  }

  /** Adds weight w at x. Fills in a gap between bins reach only the total. */
  fill(x: number, w = 1): void {
    const s = this.slotOf(x);
    const wx = w * x;
    const t = this.total;
    t[W] += w;
    t[W2] += w * w;
    t[WX] += wx;
    t[WX2] += wx * x;
    t[N] += 1;
    if (s < 0) return;
    this.column(W)[s] += w;
    this.column(W2)[s] += w * w;
    this.column(WX)[s] += wx;
    this.column(WX2)[s] += wx * x;
    this.column(N)[s] += 1;
  }

  /** Σw of the n in-range bins (a view, no copy). */
  values(): Float64Array {
    return this.sumw.subarray(1, this.numBins + 1);
  }

  /** Σw² of the n in-range bins: the variance of each bin's Σw. */
  variances(): Float64Array {
    return this.sumw2.subarray(1, this.numBins + 1);
  }

  /** Weighted mean of everything filled (flows included, as YODA does). */
  mean(): number {
    return dbnMean(this.total[W], this.total[WX]);
  }

  variance(): number {
    const t = this.total;
    return dbnVariance(t[W], t[W2], t[WX], t[WX2]);
  }

  stdDev(): number {
    return Math.sqrt(this.variance());
  }

  stdErr(): number {
    const t = this.total;
    return dbnStdErr(t[W], t[W2], t[WX], t[WX2]);
  }

  effNumEntries(): number {
    return dbnEffEntries(this.total[W], this.total[W2]);
  }

  /** Σw over all fills, including those in gaps. */
  sumW(): number {
    return this.total[W];
  }

  clone(): Histo1D {
    const h = new Histo1D(this.path, this.binning, this.annotations);
    h.copySumsFrom(this);
    return h;
  }
}

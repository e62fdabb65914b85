import { Binning } from './binning.js';
import { BinnedDbn, type SumColumn } from './binned-dbn.js';
import { dbnMean, dbnStdErr, dbnVariance } from './dbn.js';

const W = 0;
const W2 = 1;
const WX = 2;
const WX2 = 3;
const WY = 4;
const WY2 = 5;
const WXY = 6;
const N = 7;

const PROFILE_SUMS: readonly SumColumn[] = [
  { name: 'sumw', wPower: 1 },
  { name: 'sumw2', wPower: 2 },
  { name: 'sumwx', wPower: 1 },
  { name: 'sumwx2', wPower: 1 },
  { name: 'sumwy', wPower: 1 },
  { name: 'sumwy2', wPower: 1 },
  { name: 'sumwxy', wPower: 1 },
  { name: 'numEntries', wPower: 0 },
];

/**
 * A profile: the weighted mean of y in bins of x. Each slot keeps Σw, Σw², Σwx,
 * Σwx², Σwy, Σwy², Σwxy and the fill count (Σwxy exists only in YODA 2 files;
 * YODA 1 files leave it at zero). Slot layout as in {@link Histo1D}.
 */
export class Profile1D extends BinnedDbn {
  readonly kind = 'Profile1D' as const;

  constructor(path: string, binning: Binning, annotations?: Iterable<[string, string]>) {
    super(path, binning, PROFILE_SUMS, annotations);
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
  get sumwy(): Float64Array {
    return this.column(WY);
  }
  get sumwy2(): Float64Array {
    return this.column(WY2);
  }
  get sumwxy(): Float64Array {
    return this.column(WXY);
  }
  get numEntries(): Float64Array {
    return this.column(N);
  }

  fill(x: number, y: number, w = 1): void {
    if (Number.isNaN(y)) throw new RangeError(`${this.path}: cannot fill y = NaN`);
    const s = this.slotOf(x);
    for (let c = 0; c <= N; c++) {
      const v = Profile1D.term(c, x, y, w);
      this.total[c] += v;
      if (s >= 0) this.column(c)[s] += v;
    }
  }

  /** The contribution of one fill to column c. */
  private static term(c: number, x: number, y: number, w: number): number {
    switch (c) {
      case W:
        return w;
      case W2:
        return w * w;
      case WX:
        return w * x;
      case WX2:
        return w * x * x;
      case WY:
        return w * y;
      case WY2:
        return w * y * y;
      case WXY:
        return w * x * y;
      default:
        return 1;
    }
  }

  /** Mean of y in each in-range bin; NaN where Σw = 0. */
  means(): Float64Array {
    const n = this.numBins;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = dbnMean(this.sumw[i + 1], this.sumwy[i + 1]);
    return out;
  }

  /** Standard error of the y mean in each in-range bin. */
  stdErrs(): Float64Array {
    const n = this.numBins;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = i + 1;
      out[i] = dbnStdErr(this.sumw[s], this.sumw2[s], this.sumwy[s], this.sumwy2[s]);
    }
    return out;
  }

  /** Spread of y in each in-range bin. */
  stdDevs(): Float64Array {
    const n = this.numBins;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = i + 1;
      out[i] = Math.sqrt(dbnVariance(this.sumw[s], this.sumw2[s], this.sumwy[s], this.sumwy2[s]));
    }
    return out;
  }

  clone(): Profile1D {
    const p = new Profile1D(this.path, this.binning, this.annotations);
    p.copySumsFrom(this);
    return p;
  }
}

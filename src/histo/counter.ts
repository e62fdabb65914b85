import { AnalysisObject, recordScale } from './object.js';

/** A weighted event counter: Σw, Σw² and the number of fills. */
export class Counter extends AnalysisObject {
  readonly kind = 'Counter' as const;
  sumw = 0;
  sumw2 = 0;
  numEntries = 0;

  get numBins(): number {
    return 1;
  }

  fill(w = 1): void {
    this.sumw += w;
    this.sumw2 += w * w;
    this.numEntries += 1;
  }

  /** Statistical error on Σw: √Σw². */
  err(): number {
    return Math.sqrt(this.sumw2);
  }

  scaleW(f: number): void {
    this.sumw *= f;
    this.sumw2 *= f * f;
    recordScale(this.annotations, f);
  }

  clone(): Counter {
    const c = new Counter(this.path, this.annotations);
    c.sumw = this.sumw;
    c.sumw2 = this.sumw2;
    c.numEntries = this.numEntries;
    return c;
  }
}

import { AnalysisObject } from './object.js';

/**
 * Points with asymmetric x and y errors: YODA 1's form of reference data. Not a
 * binned object: points may overlap or be out of order (real HEPData records do
 * both), so turning one into an {@link Estimate1D} is an explicit, checked step.
 * Errors are stored as positive magnitudes, as the files hold them.
 */
export class Scatter2D extends AnalysisObject {
  readonly kind = 'Scatter2D' as const;
  readonly x: Float64Array;
  readonly xErrDn: Float64Array;
  readonly xErrUp: Float64Array;
  readonly y: Float64Array;
  readonly yErrDn: Float64Array;
  readonly yErrUp: Float64Array;

  constructor(path: string, numPoints: number, annotations?: Iterable<[string, string]>) {
    super(path, annotations);
    this.x = new Float64Array(numPoints);
    this.xErrDn = new Float64Array(numPoints);
    this.xErrUp = new Float64Array(numPoints);
    this.y = new Float64Array(numPoints);
    this.yErrDn = new Float64Array(numPoints);
    this.yErrUp = new Float64Array(numPoints);
  }

  get numPoints(): number {
    return this.x.length;
  }

  get numBins(): number {
    return this.x.length;
  }

  clone(): Scatter2D {
    const s = new Scatter2D(this.path, this.numPoints, this.annotations);
    for (const k of ['x', 'xErrDn', 'xErrUp', 'y', 'yErrDn', 'yErrUp'] as const) s[k].set(this[k]);
    return s;
  }
}

/** Histograms and estimates: fillable running sums, and the results fits consume. */
export { Binning, BinningError, type BinningDifference } from './binning.js';
export { AnalysisObject, type Annotations, type ObjectKind } from './object.js';
export { BinnedDbn, type SumColumn, type WeightPower } from './binned-dbn.js';
export { Histo1D } from './histo1d.js';
export { Profile1D } from './profile1d.js';
export { Counter } from './counter.js';
export { Scatter2D } from './scatter2d.js';
export { Estimate0D } from './estimate0d.js';
export { Estimate1D } from './estimate1d.js';
export { type ErrorSource, quadratureTotals, symmetricSource } from './error-sources.js';
export { dbnMean, dbnVariance, dbnStdErr, dbnEffEntries } from './dbn.js';
export {
  histoToDensity,
  profileToEstimate,
  scatterToEstimate,
  estimateToScatter,
  toEstimate1D,
  type ScatterConversion,
} from './convert.js';
export type { AnyObject } from './any-object.js';
export { describeNonFinite, firstNonFinite, isUnfilled, nonFiniteValues, type NonFiniteValue } from './finite.js';

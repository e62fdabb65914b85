import { Binning, BinningError } from './binning.js';
import { Estimate1D } from './estimate1d.js';
import { symmetricSource } from './error-sources.js';
import type { Histo1D } from './histo1d.js';
import type { Profile1D } from './profile1d.js';
import { Scatter2D as ScatterCtor, type Scatter2D } from './scatter2d.js';
import type { AnyObject } from './any-object.js';

/**
 * Histogram → density estimate: value Σw/width and statistical error √Σw²/width
 * per bin, in units of [weight]/[x]. Flows have no width, so they are NaN.
 */
export function histoToDensity(h: Histo1D, label = 'stats'): Estimate1D {
  const n = h.numBins;
  const values = new Float64Array(n + 2).fill(NaN);
  const err = new Float64Array(n + 2).fill(NaN);
  for (let i = 0; i < n; i++) {
    const w = h.binning.width(i);
    values[i + 1] = h.sumw[i + 1] / w;
    err[i + 1] = Math.sqrt(h.sumw2[i + 1]) / w;
  }
  return new Estimate1D(h.path, h.binning, values, [symmetricSource(label, err)], h.annotations);
}

/** Profile → estimate of the mean y per bin, with the standard error of that mean. */
export function profileToEstimate(p: Profile1D, label = 'stats'): Estimate1D {
  const n = p.numBins;
  const values = new Float64Array(n + 2).fill(NaN);
  const err = new Float64Array(n + 2).fill(NaN);
  values.set(p.means(), 1);
  err.set(p.stdErrs(), 1);
  return new Estimate1D(p.path, p.binning, values, [symmetricSource(label, err)], p.annotations);
}

export interface ScatterConversion {
  estimate: Estimate1D;
  /** Indices of points whose x is not the centre of the bin their x errors span. */
  offCentre: number[];
}

/**
 * Scatter2D → Estimate1D with bins [x − xerr−, x + xerr+] and the y errors as one
 * source. Edges computed this way can differ from the neighbour's in the last
 * bits, so an edge within `relTol` of the bin width of its neighbour is snapped
 * to it. Overlapping or unsorted points cannot be bins: that throws, naming the
 * point.
 */
export function scatterToEstimate(s: Scatter2D, label = 'total', relTol = 1e-9): ScatterConversion {
  const n = s.numPoints;
  if (n === 0) throw new Error(`${s.path}: an empty scatter has no binning`);
  const lows = new Float64Array(n);
  const highs = new Float64Array(n);
  const offCentre: number[] = [];
  for (let i = 0; i < n; i++) {
    lows[i] = s.x[i] - s.xErrDn[i];
    highs[i] = s.x[i] + s.xErrUp[i];
    const width = highs[i] - lows[i];
    if (i > 0 && Math.abs(lows[i] - highs[i - 1]) <= relTol * width) lows[i] = highs[i - 1];
    if (Math.abs(s.xErrDn[i] - s.xErrUp[i]) > relTol * width) offCentre.push(i);
  }
  let binning: Binning;
  try {
    binning = Binning.fromBounds(lows, highs);
  } catch (e) {
    if (e instanceof BinningError) throw new Error(`${s.path}: cannot make bins of point ${e.bin}: ${e.message}`, { cause: e });
    throw e;
  }
  const values = new Float64Array(n + 2).fill(NaN);
  values.set(s.y, 1);
  const dn = new Float64Array(n + 2).fill(NaN);
  const up = new Float64Array(n + 2).fill(NaN);
  for (let i = 0; i < n; i++) {
    dn[i + 1] = -s.yErrDn[i];
    up[i + 1] = s.yErrUp[i];
  }
  const annotations = new Map(s.annotations);
  annotations.set('Type', 'Estimate1D');
  return { estimate: new Estimate1D(s.path, binning, values, [{ label, dn, up }], annotations), offCentre };
}

/**
 * The estimate a comparison uses for any binned object: densities for
 * histograms, means for profiles, checked bins for scatters. Returns null for
 * objects without bins (counters, 0D estimates).
 */
export function toEstimate1D(o: AnyObject): Estimate1D | null {
  switch (o.kind) {
    case 'Histo1D':
      return histoToDensity(o);
    case 'Profile1D':
      return profileToEstimate(o);
    case 'Scatter2D':
      return scatterToEstimate(o).estimate;
    case 'Estimate1D':
      return o;
    default:
      return null;
  }
}

/**
 * Estimate1D → Scatter2D for YODA 1 consumers: x at the bin centre with half the
 * width as x errors, y errors the quadrature total of all sources (the error
 * breakdown is lost, so this is never done implicitly).
 */
export function estimateToScatter(e: Estimate1D): Scatter2D {
  const n = e.numBins;
  const s = new ScatterCtor(e.path, n, e.annotations);
  s.annotations.set('Type', 'Scatter2D');
  const { dn, up } = e.totalErrors();
  for (let i = 0; i < n; i++) {
    const lo = e.binning.lows[i];
    const hi = e.binning.highs[i];
    s.x[i] = 0.5 * (lo + hi);
    s.xErrDn[i] = s.x[i] - lo;
    s.xErrUp[i] = hi - s.x[i];
    s.y[i] = e.values[i + 1];
    s.yErrDn[i] = dn[i];
    s.yErrUp[i] = up[i];
  }
  return s;
}

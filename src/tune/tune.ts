/**
 * One tune of a surrogate to reference data, as a library call: the fitted
 * bins chosen by the weight lines, the best point from many starts, its
 * covariance and correlations, χ² overall and per histogram, and eigentunes at
 * a Δχ² calibrated by closure toys (or given).
 */
import { weightMatches, type WeightSpec } from '../campaign/index.js';
import { Chi2Objective, fittedWeights, selectBins, type HistogramChi2, type SelectOptions, type SurrogateError } from '../chi2/index.js';
import { describeMismatch, type AlignedData, type HeldOutRefits, type Surrogate } from '../surrogate/index.js';
import { calibrateDeltaChi2 } from './calibrate.js';
import { eigentunes, type Eigentune } from './eigentunes.js';
import { fitBest, type StartOutcome } from './fit.js';
import { heldOutClosure, type HeldOutClosure } from './held-out-closure.js';
import { uncertaintiesAt } from './uncertainty.js';

export interface TuneSettings {
  readonly starts?: number;
  readonly fixed?: Readonly<Record<string, number>>;
  readonly extraStarts?: readonly Float64Array[];
  /** A number, or `calibrated` (default): from closure toys. */
  readonly deltaChi2?: number | 'calibrated';
  /** Closure toys of the calibration (default 200). */
  readonly toys?: number;
  readonly seed?: number;
  /** What stands for the surrogate's uncertainty in the χ² (default: its own when it states one, else the MC error). */
  readonly surrogateError?: SurrogateError;
  readonly envelope?: SelectOptions['envelope'];
  /**
   * The surrogate's runs and its refits without each: σ and the covariance
   * are then scaled per parameter by a closure test on those runs
   * (held-out-closure.ts). Without them σ is the sandwich's.
   */
  readonly heldOutRefits?: HeldOutRefits;
}

export interface DeltaChi2Choice {
  readonly value: number;
  readonly how: 'calibrated' | 'given';
  readonly toys?: number;
  /** Held-out misses of the surrogate the toys drew from (0: none). */
  readonly misses?: number;
  /** Share of closure toys whose Δχ² = 1 band covered the truth. */
  readonly coverageAtOne?: number;
}

export interface TuneResult {
  readonly names: readonly string[];
  readonly best: Float64Array;
  /**
   * The σ of the covariance: the sandwich's, with the surrogate's coherent
   * error when it kept its held-out misses, scaled by the held-out closure
   * when there was one.
   */
  readonly sigma: Float64Array;
  /** The sandwich's σ before the held-out closure's scale (equal to `sigma` without one). */
  readonly sigmaSandwich: Float64Array;
  /** The closure test on the campaign's own runs that scaled σ, when the tune had refits. */
  readonly heldOutClosure: HeldOutClosure | undefined;
  /** The σ of the Gauss–Newton covariance alone, as if every bin erred on its own. */
  readonly sigmaFit: Float64Array;
  /**
   * Per parameter, the 68 % quantile of |θ̂ − θ*|/σ̂ over the calibration's
   * closure toys: near 1 when σ is honest for errors like the surrogate's
   * misses (a little above, as those carry their runs' noise); 1 without toys.
   */
  readonly closureScale: Float64Array;
  readonly covariance: Float64Array;
  readonly correlation: Float64Array;
  readonly free: readonly number[];
  readonly rank: number;
  readonly chi2: number;
  readonly ndf: number;
  readonly histograms: readonly HistogramChi2[];
  readonly starts: readonly StartOutcome[];
  readonly deltaChi2: DeltaChi2Choice;
  readonly eigentunes: readonly Eigentune[];
  readonly fittedBins: number;
  readonly surrogateError: SurrogateError;
  readonly dropped: readonly { readonly bin: string; readonly reason: string }[];
}

/**
 * `data` aligned with the surrogate's bins (surrogate.alignData); a reference
 * object whose binning differs from the runs' is an error when a weight line
 * selects it.
 */
export function tuneSurrogate(surrogate: Surrogate, data: AlignedData | { readonly values: Float64Array; readonly errors: Float64Array }, weights: readonly WeightSpec[], s: TuneSettings = {}): TuneResult {
  const specs = fittedWeights(weights);
  const mismatch = 'mismatches' in data ? data.mismatches.find((m) => specs.some((w) => weightMatches(w, m.path))) : undefined;
  if (mismatch) throw new Error(describeMismatch(mismatch));
  const selection = selectBins(surrogate.bins, data, specs, s.envelope ? { envelope: s.envelope } : {});
  const objective = new Chi2Objective(surrogate, selection, s.surrogateError ? { surrogateError: s.surrogateError } : {});
  const fit = fitBest(objective, { ...(s.starts !== undefined ? { starts: s.starts } : {}), ...(s.fixed ? { fixed: s.fixed } : {}), ...(s.extraStarts ? { extraStarts: s.extraStarts } : {}), seed: s.seed ?? 1 });
  const u = uncertaintiesAt(objective, fit.best, fit.free);
  const closure = s.heldOutRefits ? heldOutClosure(objective, fit.free, s.heldOutRefits, { seed: s.seed ?? 1, ...(s.fixed ? { fixed: s.fixed } : {}) }) : undefined;
  // Never below the χ²'s own σ: a scale the runs' noise took to zero would claim a model without error.
  const scale = closure?.applied ? closure.scale.map((s, p) => (u.sigma[p] > 0 ? Math.max(s, u.sigmaFit[p] / u.sigma[p]) : s)) : undefined;
  const covariance = scale ? scaledCovariance(u.covariance, scale) : u.covariance;
  const { choice: deltaChi2, closureScale } = chooseDeltaChi2(objective, fit.best, fit.free, s);
  return {
    names: fit.names,
    best: fit.best,
    sigma: scale ? u.sigma.map((v, p) => v * scale[p]) : u.sigma,
    sigmaSandwich: u.sigma,
    heldOutClosure: closure && scale ? { ...closure, scale } : closure,
    sigmaFit: u.sigmaFit,
    closureScale,
    covariance,
    correlation: u.correlation,
    free: fit.free,
    rank: u.rank,
    chi2: fit.chi2,
    ndf: objective.ndf(fit.free.length),
    histograms: objective.perHistogram(fit.best),
    starts: fit.starts,
    deltaChi2,
    // Along the sandwich's eigenvectors: the Δχ² was calibrated on its directions.
    eigentunes: eigentunes(objective.frozenAt(fit.best), fit.best, fit.free, u.covariance, deltaChi2.value),
    fittedBins: selection.bins.length,
    surrogateError: objective.surrogateError,
    dropped: selection.dropped,
  };
}

/** S C S with S = diag(scale): each σ scaled, the correlations kept. */
function scaledCovariance(covariance: Float64Array, scale: Float64Array): Float64Array {
  const P = scale.length;
  return covariance.map((c, i) => c * scale[Math.floor(i / P)] * scale[i % P]);
}

function chooseDeltaChi2(objective: Chi2Objective, best: Float64Array, free: readonly number[], s: TuneSettings): { choice: DeltaChi2Choice; closureScale: Float64Array } {
  const d = free.length === 0 ? 1 : (s.deltaChi2 ?? 'calibrated');
  if (d !== 'calibrated') return { choice: { value: d, how: 'given' }, closureScale: new Float64Array(best.length).fill(1) };
  const c = calibrateDeltaChi2(objective, best, free, { toys: s.toys ?? 200, seed: s.seed ?? 1, ...(s.fixed ? { fixed: s.fixed } : {})});
  return { choice: { value: c.deltaChi2, how: 'calibrated', toys: c.toys, misses: c.misses, coverageAtOne: c.coverageAtOne }, closureScale: c.sigmaScale };
}

/**
 * What every surrogate offers, whatever its kind: batched predictions of all
 * modelled bins at many parameter points, their Jacobian at a point, and a
 * versioned form on disk. Parameter points are in the generator's own units
 * (`TimeShower:alphaSvalue` as αs, `StringPT:sigma` in GeV); models work
 * internally on the box scaled to [0, 1].
 */

/** The parameter box a model was fitted in: names in table order, bounds in natural units. */
export interface ParamBox {
  readonly names: readonly string[];
  readonly low: Float64Array;
  readonly high: Float64Array;
}

/** One modelled bin: the MC object's path, its 0-based bin index and edges. */
export interface BinRef {
  readonly path: string;
  readonly index: number;
  readonly xlow: number;
  readonly xhigh: number;
}

export interface Prediction {
  /** points × bins, row-major: the model's value of each bin at each point. */
  readonly values: Float64Array;
  /** points × bins: the model's estimate of the MC statistical error of each bin (σ_f in χ²). */
  readonly errors: Float64Array;
  /**
   * points × bins: the model's own uncertainty about its value (an ensemble's
   * spread); zero where the kind has no estimate of it (a single polynomial or network).
   */
  readonly spread: Float64Array;
}

/** Runs and bins the fit did not use, each with the reason. */
export interface Exclusions {
  readonly runs: readonly { readonly run: string; readonly reason: string }[];
  readonly bins: readonly { readonly bin: string; readonly reason: string }[];
}

export type SurrogateKind = 'polynomial' | 'nn';

/**
 * A model's misses on runs it was not fitted to (cross-validation's held-out
 * folds, a network's validation runs). One run's miss is one draw of the
 * model's error, whole across all bins: it shows what per-bin σ cannot, that
 * the error is coherent (the same few runs shape every bin). The tune's
 * covariance carries it through (tune/uncertainty).
 */
export interface HeldOut {
  /** Prediction − run, runs × bins, row-major (NaN where a run left a bin empty). */
  readonly misses: Float64Array;
  /**
   * The variance of each miss that is noise, not the model's error where it
   * is used: the held-out run's own MC error², plus the noise of the fit that
   * predicted it (a fold polynomial's leverage × σ², an ensemble's spread²).
   */
  readonly noise: Float64Array;
  /** Per bin, τ: the model's error beyond that noise (the coherent part of its spread). */
  readonly discrepancy: Float64Array;
  /**
   * Draws of one run's own noise across all bins at once, draws × bins (NaN
   * where a draw has no value), when the runs brought them: each the
   * difference of the run's two half samples, scaled to the whole run's
   * noise. A miss carries its run's noise, coherent across bins as the
   * histograms share their events; these say how much of the misses' moment
   * that is.
   */
  readonly runNoise?: Float64Array;
}

export interface Surrogate {
  readonly kind: SurrogateKind;
  /**
   * Whether `spread` is the model's whole uncertainty about its value (true
   * for a fitted polynomial or network with validation runs); false when the
   * model knows none (a Professor ipol) and only the runs' MC error can stand for it.
   */
  readonly statesOwnUncertainty: boolean;
  readonly box: ParamBox;
  readonly bins: readonly BinRef[];
  readonly exclusions: Exclusions;
  /** The runs the model was fitted to. */
  readonly runs: readonly string[];
  /** What the model missed on runs it was not fitted to, when it kept that. */
  readonly heldOut?: HeldOut;
  /** `points`: n × P in natural units, row-major (P = box.names.length). */
  predict(points: Float64Array): Prediction;
  /** ∂value_b/∂param_p at one point: bins × P, row-major, in natural units. */
  jacobian(point: Float64Array): Float64Array;
  /**
   * `predict` on some bins only (indices into `bins`, in the order given):
   * n × columns.length. Optional, since a χ² can always pick its bins out of
   * a whole prediction; a model that has it spares a tune the bins it does
   * not fit (the demo fits 11 histograms of 26).
   */
  predictBins?(points: Float64Array, columns: Int32Array): Prediction;
  /** `jacobian` on some bins only: columns.length × P. Optional, with `predictBins`. */
  jacobianBins?(point: Float64Array, columns: Int32Array): Float64Array;
  /** Writes the model to `dir` (replaced whole, never half-written). */
  save(dir: string): Promise<void>;
}

/** A bin's name in messages and files: `/ANA/d01-x01-y01#3`. */
export function binName(b: BinRef): string {
  return `${b.path}#${b.index}`;
}

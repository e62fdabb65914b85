/**
 * Professor-style polynomial surrogate: each bin's value is a polynomial of
 * order n in the parameters scaled to the unit cube, fitted by least squares
 * over the runs; each bin's MC error is modelled too, by a polynomial of its
 * own (order ≤ the value's) or, at order 0, by the median over the runs.
 */
import type { RunTable } from '../campaign/index.js';
import { allColumns, boxOfRuns, toUnit, unitScale } from './box.js';
import { leverage } from './lsq.js';
import { designMatrix, monomialGradients, numCoefficients } from './monomials.js';
import { heldOutErrors, orderScores } from './poly-cv.js';
import { evaluateTerms, fitErrorTerms, fitTerms, type PolyTerms } from './poly-terms.js';
import { commonHeader } from './stored-parts.js';
import { writeModelDir } from './store.js';
import { runNoiseOf, trainingSet, type TrainingSet } from './training-set.js';
import type { BinRef, Exclusions, HeldOut, ParamBox, Prediction, Surrogate } from './types.js';

export { polyTerms, type PolyTerms } from './poly-terms.js';

export interface PolynomialOptions {
  /** Total order of the value polynomials, or `auto`: chosen by k-fold cross-validation over the runs. Default 3. */
  readonly order?: number | 'auto';
  /** Highest order `auto` tries (default 4). */
  readonly maxOrder?: number;
  /** Folds of the cross-validation (default 5). */
  readonly folds?: number;
  /** Order of the error polynomials; 0 is the median over the runs (default: 1, or 0 for order 0). */
  readonly errorOrder?: number;
  /** Seed of the fold assignment (default 1). */
  readonly seed?: number;
  /** The box to scale to (default: the smallest box holding every run, as Professor does). */
  readonly box?: ParamBox;
}

/** Mean squared held-out pull per order tried by `auto`. */
export type OrderScores = readonly { readonly order: number; readonly score: number }[];

/**
 * What a polynomial knows of its own uncertainty: the triangular factor R of
 * its runs' design matrix (M × M), giving the leverage h(x) of any point, and
 * each bin's discrepancy τ from cross-validation. Its spread at x is
 * √(h(x)·σ_f(x)² + τ²): the runs' noise carried through the fit, plus what the
 * polynomial cannot follow. A Professor ipol carries neither; its spread is zero.
 */
export interface PolyUncertainty {
  readonly R: Float64Array;
  readonly discrepancy: Float64Array;
  /** The cross-validation's held-out misses and their noise (Surrogate.heldOut). */
  readonly heldOut?: Omit<HeldOut, 'discrepancy'>;
}

export class PolynomialSurrogate implements Surrogate {
  readonly kind = 'polynomial' as const;

  get statesOwnUncertainty(): boolean {
    return this.uncertainty !== undefined;
  }

  get heldOut(): HeldOut | undefined {
    const u = this.uncertainty;
    return u?.heldOut && { ...u.heldOut, discrepancy: u.discrepancy };
  }

  constructor(
    readonly box: ParamBox,
    readonly bins: readonly BinRef[],
    readonly exclusions: Exclusions,
    /** The runs the polynomials were fitted to. */
    readonly runs: readonly string[],
    readonly value: PolyTerms,
    readonly error: PolyTerms,
    readonly orderScores: OrderScores = [],
    readonly uncertainty?: PolyUncertainty,
  ) {}

  predict(points: Float64Array): Prediction {
    return this.predictBins(points, allColumns(this.bins.length));
  }

  predictBins(points: Float64Array, columns: Int32Array): Prediction {
    const x = toUnit(this.box, points);
    const d = this.box.names.length;
    const values = evaluateTerms(this.value, x, d, columns, false);
    const errors = evaluateTerms(this.error, x, d, columns, true);
    return { values, errors, spread: this.spreadAt(x, errors, columns) };
  }

  /** The leverage h at each point (n × P, natural units): the fit's variance there in units of a run's; NaN without the factor. */
  leverageAt(points: Float64Array): Float64Array {
    const x = toUnit(this.box, points);
    const d = this.box.names.length;
    const M = this.value.exponents.length;
    const D = designMatrix(x, d, this.value.exponents);
    const u = this.uncertainty;
    return Float64Array.from({ length: x.length / d }, (_, i) => (u ? leverage(u.R, M, D, i * M) : NaN));
  }

  /** √(h·σ_f² + τ²) per point and bin of `columns` (x on the unit cube). */
  private spreadAt(x: Float64Array, errors: Float64Array, columns: Int32Array): Float64Array {
    const spread = new Float64Array(errors.length);
    const u = this.uncertainty;
    if (!u) return spread;
    const d = this.box.names.length;
    const C = columns.length;
    const M = this.value.exponents.length;
    const D = designMatrix(x, d, this.value.exponents);
    for (let i = 0; i < errors.length / C; i++) {
      const h = leverage(u.R, M, D, i * M);
      for (let j = 0; j < C; j++) spread[i * C + j] = Math.sqrt(h * errors[i * C + j] ** 2 + u.discrepancy[columns[j]] ** 2);
    }
    return spread;
  }

  jacobian(point: Float64Array): Float64Array {
    return this.jacobianBins(point, allColumns(this.bins.length));
  }

  jacobianBins(point: Float64Array, columns: Int32Array): Float64Array {
    const d = this.box.names.length;
    if (point.length !== d) throw new Error(`jacobian: expected one point of ${d} parameters, got ${point.length} numbers`);
    const g = monomialGradients(toUnit(this.box, point), d, this.value.exponents);
    const scale = unitScale(this.box);
    const M = this.value.exponents.length;
    const J = new Float64Array(columns.length * d);
    columns.forEach((b, j) => {
      for (let p = 0; p < d; p++) {
        let s = 0;
        for (let k = 0; k < M; k++) s += this.value.coefficients[b * M + k] * g[k * d + p];
        J[j * d + p] = s * scale[p];
      }
    });
    return J;
  }

  save(dir: string): Promise<void> {
    return writeModelDir(dir, {
      header: {
        ...commonHeader(this),
        order: this.value.order,
        errorOrder: this.error.order,
        orderScores: this.orderScores.map((s) => [s.order, Number.isFinite(s.score) ? s.score : null]),
      },
      arrays: { value: this.value.coefficients, error: this.error.coefficients, ...(this.uncertainty && { leverageFactor: this.uncertainty.R, discrepancy: this.uncertainty.discrepancy }), ...(this.uncertainty?.heldOut && { heldOutMisses: this.uncertainty.heldOut.misses, heldOutNoise: this.uncertainty.heldOut.noise }), ...(this.uncertainty?.heldOut?.runNoise && { heldOutRunNoise: this.uncertainty.heldOut.runNoise }) },
    });
  }
}

/** Fits every usable bin of an ingest table (or a prepared training set). */
export function fitPolynomial(data: RunTable | TrainingSet, options: PolynomialOptions = {}): PolynomialSurrogate {
  const set = 'exclusions' in data ? data : trainingSet(data);
  const box = options.box ?? boxOfRuns(set.paramNames, set.params);
  const requested = options.order ?? 3;
  const folds = { count: Math.min(options.folds ?? 5, set.runNames.length), seed: options.seed ?? 1 };
  if (requested === 'auto' && folds.count < 2) throw new Error(`order auto needs at least 2 runs to cross-validate, there are ${set.runNames.length}`);
  const scores = requested === 'auto' ? orderScores(set, box, options.maxOrder ?? 4, folds) : [];
  const order = requested === 'auto' ? bestOrder(scores, set) : checkOrder(requested, set);
  const errorOrder = Math.min(options.errorOrder ?? Math.min(1, order), order);
  const value = fitTerms(set, box, order, 'values');
  const held = folds.count >= 2 ? heldOutErrors(set, box, order, folds) : undefined;
  const uncertainty = { R: value.R, discrepancy: held?.discrepancy ?? new Float64Array(set.bins.length), ...(held && { heldOut: { misses: held.misses, noise: held.noise, ...runNoiseOf(set) } }) };
  return new PolynomialSurrogate(box, set.bins, set.exclusions, set.runNames, value.terms, fitErrorTerms(set, box, errorOrder), scores, uncertainty);
}

function checkOrder(order: number, set: TrainingSet): number {
  if (!Number.isInteger(order) || order < 0 || order > 10) throw new Error(`polynomial order must be an integer from 0 to 10 or 'auto', got ${order}`);
  const d = set.paramNames.length;
  const M = numCoefficients(d, order);
  if (set.runNames.length < M) {
    const left = set.exclusions.runs.length ? ` (${set.exclusions.runs.length} more left out)` : '';
    throw new Error(`order ${order} in ${d} parameters has ${M} coefficients per bin, so it needs at least ${M} runs; there are ${set.runNames.length} usable runs${left}`);
  }
  return order;
}

function bestOrder(scores: OrderScores, set: TrainingSet): number {
  if (scores.length === 0) return checkOrder(0, set);
  return scores.reduce((a, b) => (b.score < a.score ? b : a)).order;
}

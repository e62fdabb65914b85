/**
 * Professor-style polynomial surrogate: each bin's value is a polynomial of
 * order n in the parameters scaled to the unit cube, fitted by least squares
 * over the runs; each bin's MC error is modelled too, by a polynomial of its
 * own (order ≤ the value's) or, at order 0, by the median over the runs.
 */
import type { RunTable } from '../campaign/index.js';
import { permutation, Random } from '../generator/index.js';
import { boxOfRuns, toUnit, unitScale } from './box.js';
import { leastSquares, RankDeficientError } from './lsq.js';
import { designMatrix, monomialExponents, monomialGradients, numCoefficients } from './monomials.js';
import { commonHeader } from './stored-parts.js';
import { writeModelDir } from './store.js';
import { columnMedian, subsetRuns, trainingSet, type TrainingSet } from './training-set.js';
import type { BinRef, Exclusions, ParamBox, Prediction, Surrogate } from './types.js';

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

/** Random stream of the cross-validation folds. */
const FOLD_STREAM = 0xf01d;

/** Mean squared held-out pull per order tried by `auto`. */
export type OrderScores = readonly { readonly order: number; readonly score: number }[];

/** The coefficients of one family of polynomials (values or errors): bins × M, row-major. */
export interface PolyTerms {
  readonly order: number;
  readonly exponents: readonly Int32Array[];
  readonly coefficients: Float64Array;
}

/** The terms of a given order with every bin's coefficients (bins × M). */
export function polyTerms(dim: number, order: number, coefficients: Float64Array): PolyTerms {
  return { order, exponents: monomialExponents(dim, order), coefficients };
}

export class PolynomialSurrogate implements Surrogate {
  readonly kind = 'polynomial' as const;

  constructor(
    readonly box: ParamBox,
    readonly bins: readonly BinRef[],
    readonly exclusions: Exclusions,
    /** The runs the polynomials were fitted to. */
    readonly runs: readonly string[],
    readonly value: PolyTerms,
    readonly error: PolyTerms,
    readonly orderScores: OrderScores = [],
  ) {}

  predict(points: Float64Array): Prediction {
    const x = toUnit(this.box, points);
    const d = this.box.names.length;
    const values = evaluate(this.value, x, d, this.bins.length, false);
    return { values, errors: evaluate(this.error, x, d, this.bins.length, true), spread: new Float64Array(values.length) };
  }

  jacobian(point: Float64Array): Float64Array {
    const d = this.box.names.length;
    if (point.length !== d) throw new Error(`jacobian: expected one point of ${d} parameters, got ${point.length} numbers`);
    const g = monomialGradients(toUnit(this.box, point), d, this.value.exponents);
    const scale = unitScale(this.box);
    const M = this.value.exponents.length;
    const J = new Float64Array(this.bins.length * d);
    for (let b = 0; b < this.bins.length; b++) {
      for (let p = 0; p < d; p++) {
        let s = 0;
        for (let k = 0; k < M; k++) s += this.value.coefficients[b * M + k] * g[k * d + p];
        J[b * d + p] = s * scale[p];
      }
    }
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
      arrays: { value: this.value.coefficients, error: this.error.coefficients },
    });
  }
}

/** points (unit cube) × bins of one family; errors are magnitudes. */
function evaluate(t: PolyTerms, x: Float64Array, d: number, B: number, magnitude: boolean): Float64Array {
  const D = designMatrix(x, d, t.exponents);
  const M = t.exponents.length;
  const n = D.length / M;
  const out = new Float64Array(n * B);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let k = 0; k < M; k++) s += D[i * M + k] * t.coefficients[b * M + k];
      // Errors clamped at zero, as Professor evaluates its error polynomials.
      out[i * B + b] = magnitude ? Math.max(0, s) : s;
    }
  }
  return out;
}

/** Fits every usable bin of an ingest table (or a prepared training set). */
export function fitPolynomial(data: RunTable | TrainingSet, options: PolynomialOptions = {}): PolynomialSurrogate {
  const set = 'exclusions' in data ? data : trainingSet(data);
  const box = options.box ?? boxOfRuns(set.paramNames, set.params);
  const requested = options.order ?? 3;
  const scores = requested === 'auto' ? crossValidate(set, box, options) : [];
  const order = requested === 'auto' ? bestOrder(scores, set) : checkOrder(requested, set);
  const errorOrder = Math.min(options.errorOrder ?? Math.min(1, order), order);
  return new PolynomialSurrogate(box, set.bins, set.exclusions, set.runNames, fitTerms(set, box, order, 'values'), fitErrorTerms(set, box, errorOrder), scores);
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

function fitTerms(set: TrainingSet, box: ParamBox, order: number, which: 'values' | 'errors'): PolyTerms {
  const d = set.paramNames.length;
  const exponents = monomialExponents(d, order);
  const M = exponents.length;
  const B = set.bins.length;
  const A = designMatrix(toUnit(box, set.params), d, exponents);
  let C: Float64Array;
  try {
    C = leastSquares(A, set.runNames.length, M, set[which], B);
  } catch (e) {
    if (e instanceof RankDeficientError) throw new Error(`order ${order}: the ${set.runNames.length} runs do not determine the polynomial (${e.message}); sample more runs or lower the order`, { cause: e });
    throw e;
  }
  return { order, exponents, coefficients: transpose(C, M, B) };
}

function fitErrorTerms(set: TrainingSet, box: ParamBox, order: number): PolyTerms {
  if (order > 0) return fitTerms(set, box, order, 'errors');
  const B = set.bins.length;
  const R = set.runNames.length;
  const coefficients = Float64Array.from({ length: B }, (_, b) => columnMedian(set.errors, B, b, R));
  return { order: 0, exponents: monomialExponents(set.paramNames.length, 0), coefficients };
}


/** n × k row-major → k × n row-major. */
function transpose(m: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[j * n + i] = m[i * k + j];
  return out;
}

/**
 * Mean squared held-out pull (prediction − run)/σ_run over every bin and run,
 * per order whose coefficients every training fold can determine (the plain
 * mean squared residual when the runs carry no errors).
 */
function crossValidate(set: TrainingSet, box: ParamBox, options: PolynomialOptions): { order: number; score: number }[] {
  const R = set.runNames.length;
  const folds = Math.min(options.folds ?? 5, R);
  if (folds < 2) throw new Error(`order auto needs at least 2 runs to cross-validate, there are ${R}`);
  const fold = foldOf(R, folds, options.seed ?? 1);
  const out: { order: number; score: number }[] = [];
  for (let order = 0; order <= (options.maxOrder ?? 4); order++) {
    const smallest = Math.min(...Array.from({ length: folds }, (_, f) => fold.filter((x) => x !== f).length));
    if (smallest < numCoefficients(set.paramNames.length, order)) break;
    let sum = 0;
    let count = 0;
    let raw = 0;
    let rawCount = 0;
    for (let f = 0; f < folds; f++) {
      const train = subsetRuns(set, indicesWhere(fold, (x) => x !== f));
      const test = subsetRuns(set, indicesWhere(fold, (x) => x === f));
      const terms = determinedTerms(train, box, order);
      // A fold whose runs do not determine this order (a grid design, say): higher orders will not be either.
      if (!terms) return out;
      const model = new PolynomialSurrogate(box, set.bins, set.exclusions, train.runNames, terms, fitErrorTerms(train, box, 0));
      const pred = model.predict(test.params).values;
      for (let i = 0; i < pred.length; i++) {
        const sigma = test.errors[i];
        if (sigma > 0) {
          sum += ((pred[i] - test.values[i]) / sigma) ** 2;
          count++;
        }
        raw += (pred[i] - test.values[i]) ** 2;
      }
      rawCount += pred.length;
    }
    // Runs without errors (exact toy responses) are scored by their plain squared residuals.
    out.push({ order, score: count ? sum / count : raw / rawCount });
  }
  return out;
}

function determinedTerms(set: TrainingSet, box: ParamBox, order: number): PolyTerms | undefined {
  try {
    return fitTerms(set, box, order, 'values');
  } catch (e) {
    if (e instanceof Error && e.cause instanceof RankDeficientError) return undefined;
    throw e;
  }
}

function bestOrder(scores: OrderScores, set: TrainingSet): number {
  if (scores.length === 0) return checkOrder(0, set);
  return scores.reduce((a, b) => (b.score < a.score ? b : a)).order;
}

function indicesWhere(a: Int32Array, ok: (x: number) => boolean): number[] {
  const out: number[] = [];
  a.forEach((x, i) => ok(x) && out.push(i));
  return out;
}

/** Run i's fold: a seeded shuffle dealt round-robin, so folds differ in size by at most one. */
function foldOf(runs: number, folds: number, seed: number): Int32Array {
  const fold = new Int32Array(runs);
  permutation(new Random(seed, FOLD_STREAM), runs).forEach((r, i) => (fold[r] = i % folds));
  return fold;
}

/**
 * One family of per-bin polynomials (the values, or the MC errors) on the
 * unit cube: fitted by least squares over the runs, evaluated at many points.
 */
import { toUnit } from './box.js';
import { factoredLeastSquares, RankDeficientError } from './lsq.js';
import { designMatrix, monomialExponents } from './monomials.js';
import { columnMedian, type TrainingSet } from './training-set.js';
import type { ParamBox } from './types.js';

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

/** Fitted terms with the triangular factor R (M × M) of the runs' design matrix. */
export interface FittedTerms {
  readonly terms: PolyTerms;
  readonly R: Float64Array;
}

export function fitTerms(set: TrainingSet, box: ParamBox, order: number, which: 'values' | 'errors'): FittedTerms {
  const d = set.paramNames.length;
  const exponents = monomialExponents(d, order);
  const M = exponents.length;
  const B = set.bins.length;
  const A = designMatrix(toUnit(box, set.params), d, exponents);
  try {
    const { coefficients, R } = factoredLeastSquares(A, set.runNames.length, M, set[which], B);
    return { terms: { order, exponents, coefficients: transpose(coefficients, M, B) }, R };
  } catch (e) {
    if (e instanceof RankDeficientError) throw new Error(`order ${order}: the ${set.runNames.length} runs do not determine the polynomial (${e.message}); sample more runs or lower the order`, { cause: e });
    throw e;
  }
}

/** The error family: its own polynomial, or at order 0 each bin's median error over the runs. */
export function fitErrorTerms(set: TrainingSet, box: ParamBox, order: number): PolyTerms {
  if (order > 0) return fitTerms(set, box, order, 'errors').terms;
  const B = set.bins.length;
  const R = set.runNames.length;
  const coefficients = Float64Array.from({ length: B }, (_, b) => columnMedian(set.errors, B, b, R));
  return { order: 0, exponents: monomialExponents(set.paramNames.length, 0), coefficients };
}

/** points (unit cube, n × d) × bins of one family; errors are magnitudes. */
export function evaluateTerms(t: PolyTerms, x: Float64Array, d: number, columns: Int32Array, magnitude: boolean): Float64Array {
  const D = designMatrix(x, d, t.exponents);
  const M = t.exponents.length;
  const n = D.length / M;
  const C = columns.length;
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < C; j++) {
      const b = columns[j];
      let s = 0;
      for (let k = 0; k < M; k++) s += D[i * M + k] * t.coefficients[b * M + k];
      // Errors clamped at zero, as Professor evaluates its error polynomials.
      out[i * C + j] = magnitude ? Math.max(0, s) : s;
    }
  }
  return out;
}

/** n × k row-major → k × n row-major. */
function transpose(m: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[j * n + i] = m[i * k + j];
  return out;
}

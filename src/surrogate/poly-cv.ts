/**
 * k-fold cross-validation of per-bin polynomials over the runs: the score
 * that chooses an order, and each bin's discrepancy, the part of its held-out
 * residuals that neither the runs' MC errors nor the fit's own statistical
 * uncertainty explain (a response the polynomial cannot follow).
 */
import { permutation, Random } from '../generator/index.js';
import { allColumns, toUnit } from './box.js';
import { leverage, RankDeficientError } from './lsq.js';
import { designMatrix, numCoefficients } from './monomials.js';
import { evaluateTerms, fitTerms, type FittedTerms } from './poly-terms.js';
import { subsetRuns, type TrainingSet } from './training-set.js';
import type { HeldOut, ParamBox } from './types.js';

/** Random stream of the cross-validation folds. */
const FOLD_STREAM = 0xf01d;

export interface Folds {
  readonly count: number;
  readonly seed: number;
}

/** A held-out run as one fold's fit sees it: its row in the set, the fit's values there (B) and its leverage. */
type Visit = (run: number, predicted: Float64Array, leverage: number) => void;

/**
 * Fits `order` on all folds but one and visits every held-out run. Returns
 * false, visiting nothing, when some fold's runs cannot determine the order.
 */
function eachHeldOut(set: TrainingSet, box: ParamBox, order: number, folds: Folds, visit: Visit): boolean {
  const R = set.runNames.length;
  const fold = foldOf(R, folds.count, folds.seed);
  const d = set.paramNames.length;
  const B = set.bins.length;
  const smallest = Math.min(...Array.from({ length: folds.count }, (_, f) => fold.filter((x) => x !== f).length));
  if (smallest < numCoefficients(d, order)) return false;
  const fits: { fit: FittedTerms; test: number[] }[] = [];
  for (let f = 0; f < folds.count; f++) {
    const fit = determinedTerms(subsetRuns(set, indicesWhere(fold, (x) => x !== f)), box, order);
    // A fold whose runs do not determine this order (a grid design, say).
    if (!fit) return false;
    fits.push({ fit, test: indicesWhere(fold, (x) => x === f) });
  }
  for (const { fit, test } of fits) {
    const x = toUnit(box, subsetRuns(set, test).params);
    const pred = evaluateTerms(fit.terms, x, d, allColumns(B), false);
    const D = designMatrix(x, d, fit.terms.exponents);
    const M = fit.terms.exponents.length;
    test.forEach((run, i) => visit(run, pred.subarray(i * B, (i + 1) * B), leverage(fit.R, M, D, i * M)));
  }
  return true;
}

/**
 * Mean squared held-out pull (prediction − run)/σ_run over every bin and run,
 * per order whose coefficients every training fold can determine (the plain
 * mean squared residual when the runs carry no errors).
 */
export function orderScores(set: TrainingSet, box: ParamBox, maxOrder: number, folds: Folds): { order: number; score: number }[] {
  const B = set.bins.length;
  const out: { order: number; score: number }[] = [];
  for (let order = 0; order <= maxOrder; order++) {
    let sum = 0;
    let count = 0;
    let raw = 0;
    let rawCount = 0;
    const determined = eachHeldOut(set, box, order, folds, (run, pred) => {
      for (let b = 0; b < B; b++) {
        const residual = pred[b] - set.values[run * B + b];
        const sigma = set.errors[run * B + b];
        if (sigma > 0) {
          sum += (residual / sigma) ** 2;
          count++;
        }
        raw += residual ** 2;
        rawCount++;
      }
    });
    if (!determined) break;
    // Runs without errors (exact toy responses) are scored by their plain squared residuals.
    out.push({ order, score: count ? sum / count : raw / rawCount });
  }
  return out;
}

/**
 * Per bin, τ with τ² = mean over held-out runs of r² − σ_run²(1 + h), at least
 * zero: the variance of the held-out residual r beyond the run's own error and
 * the fit's (h the leverage); and every held-out run's residuals r (runs ×
 * bins, in run order). Undefined when the folds cannot determine the order.
 */
export function heldOutErrors(set: TrainingSet, box: ParamBox, order: number, folds: Folds): HeldOut | undefined {
  const B = set.bins.length;
  const excess = new Float64Array(B);
  const counts = new Float64Array(B);
  const misses = new Float64Array(set.values.length);
  const noise = new Float64Array(set.values.length);
  const determined = eachHeldOut(set, box, order, folds, (run, pred, h) => {
    for (let b = 0; b < B; b++) {
      const sigma = set.errors[run * B + b];
      const miss = pred[b] - set.values[run * B + b];
      misses[run * B + b] = miss;
      noise[run * B + b] = sigma * sigma * (1 + h);
      excess[b] += miss ** 2 - noise[run * B + b];
      counts[b]++;
    }
  });
  if (!determined) return undefined;
  return { discrepancy: excess.map((e, b) => Math.sqrt(Math.max(0, e / counts[b]))), misses, noise };
}

function determinedTerms(set: TrainingSet, box: ParamBox, order: number): FittedTerms | undefined {
  try {
    return fitTerms(set, box, order, 'values');
  } catch (e) {
    if (e instanceof Error && e.cause instanceof RankDeficientError) return undefined;
    throw e;
  }
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

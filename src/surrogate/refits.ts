/**
 * A surrogate's runs, with the same surrogate fitted again without any one of
 * them: what a tune needs to try its σ on runs the model never saw (see
 * tune/held-out-closure.ts). Polynomials offer it, since a refit is one linear
 * solve per bin; a network, which trains for seconds, offers the networks of
 * its folds instead when it trained them (network-folds.ts).
 */
import { fitPolynomial, type PolynomialOptions, type PolynomialSurrogate } from './polynomial.js';
import { subsetRuns, type TrainingSet } from './training-set.js';
import { binName, type Surrogate } from './types.js';

export interface HeldOutRefits {
  /** The runs the surrogate was fitted to, its bins in the surrogate's order. */
  readonly runs: TrainingSet;
  /** The surrogate fitted in the same box, the same way, to every run but `run` (a row of `runs`). */
  without(run: number): Surrogate;
}

/**
 * Refits of `fitted` without one run. An order chosen by cross-validation is
 * kept, not chosen again: the held-out runs test the model that was used.
 */
export function polynomialRefits(runs: TrainingSet, fitted: PolynomialSurrogate, options: PolynomialOptions = {}): HeldOutRefits {
  if (runs.bins.map(binName).join('\n') !== fitted.bins.map(binName).join('\n')) throw new Error(`held-out refits: the runs' ${runs.bins.length} bins are not the surrogate's ${fitted.bins.length}`);
  const R = runs.runNames.length;
  return {
    runs,
    without(run) {
      if (!Number.isInteger(run) || run < 0 || run >= R) throw new Error(`held-out refits: no run ${run} among ${R}`);
      const kept = Array.from({ length: R - 1 }, (_, i) => (i < run ? i : i + 1));
      return fitPolynomial(subsetRuns(runs, kept), { ...options, order: fitted.value.order, box: fitted.box });
    },
  };
}

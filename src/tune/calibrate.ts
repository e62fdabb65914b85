/**
 * The Δχ² of the eigentunes, calibrated by closure toys rather than fixed
 * (Professor uses 2 whatever the problem): pseudo-data are drawn from the
 * surrogate at the tune, θ*, within the χ²'s full errors, and each toy is
 * tuned again with its own covariance. The eigentune band of a toy, at Δχ²,
 * reaches √Δχ² σ_k along each eigenvector k of its covariance (in the
 * quadratic approximation the eigentunes themselves find exactly), so it
 * covers θ* when max_k z_k² ≤ Δχ², z_k the distance of θ* from the toy's tune
 * along k in units of σ_k. The calibrated Δχ² is the toys' 68 % quantile of
 * max_k z_k²: the band that covers the truth in 68 % of closure tests.
 *
 * When the surrogate kept its misses on held-out runs, each toy's data are
 * instead the prediction plus one of those misses, whole and of random sign
 * (the truth as far from the surrogate as it was from a run it never saw),
 * fluctuated by the data's own errors: the toys see what a χ² with per-bin
 * errors cannot, that the surrogate's error moves many bins together. The
 * same toys then give each parameter's σ scale, the 68 % quantile of
 * |θ̂_p − θ*_p|/σ̂_p: 1 when σ̂ is honest, a check reported with the tune.
 */
import { Chi2Objective, type Selection } from '../chi2/index.js';
import { Random } from '../generator/index.js';
import { quantileOfSorted, symmetricEigen } from '../linalg/index.js';
import { fitBest } from './fit.js';
import { uncertaintiesAt } from './uncertainty.js';

export interface Calibration {
  readonly deltaChi2: number;
  readonly toys: number;
  /** Held-out misses the toys drew from (0: they fluctuated by the χ²'s errors alone). */
  readonly misses: number;
  /** Per parameter (all P; 1 for fixed ones): the factor that would make σ̂ cover 68 % of the toys. */
  readonly sigmaScale: Float64Array;
  /** Coverage of θ* by each toy's Δχ² = 1 band, for comparison (a single parameter would give 68 %). */
  readonly coverageAtOne: number;
}

const TOY_STREAM = 0xca1b;
const COVERAGE = 0.6827;

export interface CalibrationOptions {
  readonly toys?: number;
  readonly seed?: number;
  readonly fixed?: Readonly<Record<string, number>>;
}

export function calibrateDeltaChi2(objective: Chi2Objective, best: Float64Array, free: readonly number[], options: CalibrationOptions = {}): Calibration {
  const toys = options.toys ?? 200;
  if (!Number.isInteger(toys) || toys < 10) throw new Error(`calibrating Δχ² needs at least 10 toys, got ${toys}`);
  const rng = new Random(options.seed ?? 1, TOY_STREAM);
  const at = objective.residuals(best);
  const P = best.length;
  const worst: number[] = [];
  const offsets: number[][] = Array.from({ length: P }, () => []);
  const draw = missDraw(objective, rng);
  for (let t = 0; t < toys; t++) {
    const shift = draw.next();
    const selection: Selection = { bins: objective.bins.map((fb, k) => ({ ...fb, data: at.values[k] + (shift ? shift[k] + fb.dataError * rng.gauss() : at.sigmas[k] * rng.gauss()) })), dropped: [] };
    const toy = new Chi2Objective(objective.surrogate, selection, { surrogateError: objective.surrogateError });
    // σ held at the tune: a toy's own minimum is too near it for re-holding them to matter, and it halves the cost.
    const fit = fitBest(toy, { starts: 0, extraStarts: [best], polish: false, ...(options.fixed ? { fixed: options.fixed } : {}) });
    const u = uncertaintiesAt(toy, fit.best, free);
    worst.push(maxWhitenedSquare(u.covariance, fit.best, best, free));
    // A toy whose fit leaves a parameter unconstrained (σ = ∞) or pinned (σ = 0) says nothing of its σ scale.
    for (const p of free) if (u.sigma[p] > 0 && Number.isFinite(u.sigma[p])) offsets[p].push(Math.abs(fit.best[p] - best[p]) / u.sigma[p]);
  }
  worst.sort((a, b) => a - b);
  const sigmaScale = Float64Array.from(offsets, (m) => (m.length ? quantileOfSorted(m.sort((a, b) => a - b), COVERAGE) : 1));
  return { deltaChi2: quantileOfSorted(worst, COVERAGE), toys, misses: draw.runs, sigmaScale, coverageAtOne: worst.filter((w) => w <= 1).length / toys };
}

/** Per toy, one held-out miss of the surrogate on the fitted bins, whole and of random sign; undefined without misses. */
function missDraw(objective: Chi2Objective, rng: Random): { runs: number; next(): Float64Array | undefined } {
  const misses = objective.surrogate.heldOut?.misses;
  const B = objective.surrogate.bins.length;
  const runs = misses ? Math.floor(misses.length / B) : 0;
  if (!misses || runs === 0) return { runs: 0, next: () => undefined };
  return {
    runs,
    next() {
      const r = Math.min(runs - 1, Math.floor(rng.uniform() * runs));
      const sign = rng.uniform() < 0.5 ? -1 : 1;
      // A bin the held-out run did not fill moves nothing in this draw.
      return Float64Array.from(objective.bins, (fb) => {
        const m = misses[r * B + fb.column];
        return Number.isFinite(m) ? sign * m : 0;
      });
    },
  };
}

/** max over eigen-directions k of the toy covariance of z_k², z_k = v_kᵀ(θ* − θ̂)/√λ_k. */
function maxWhitenedSquare(covariance: Float64Array, fitted: Float64Array, truth: Float64Array, free: readonly number[]): number {
  const P = fitted.length;
  const F = free.length;
  const Cf = Float64Array.from({ length: F * F }, (_, i) => covariance[free[Math.floor(i / F)] * P + free[i % F]]);
  const e = symmetricEigen(Cf, F);
  let worst = 0;
  for (let k = 0; k < F; k++) {
    if (!(e.values[k] > 0)) continue;
    let z = 0;
    free.forEach((p, a) => (z += e.vectors[a * F + k] * (truth[p] - fitted[p])));
    worst = Math.max(worst, (z * z) / e.values[k]);
  }
  return worst;
}


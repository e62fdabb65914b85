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
 * Given `resample`, each toy also tunes a surrogate fitted again to a
 * bootstrap resample of the runs (and its data fluctuate by the data's errors
 * only). Then the toys see what a χ² with per-bin errors cannot: that one
 * run's noise moves many bins together, and so the surrogate's error moves the
 * tune coherently. The same toys give each parameter's σ scale, the 68 %
 * quantile of |θ̂_p − θ*_p|/σ̂_p (1 when σ̂ is honest), by which the tune's σ
 * are then multiplied.
 */
import { Chi2Objective, type Selection } from '../chi2/index.js';
import { Random } from '../generator/index.js';
import type { Surrogate } from '../surrogate/index.js';
import { symmetricEigen } from '../linalg/index.js';
import { fitBest } from './fit.js';
import { uncertaintiesAt } from './uncertainty.js';

export interface Calibration {
  readonly deltaChi2: number;
  readonly toys: number;
  /** Whether each toy refitted the surrogate to resampled runs. */
  readonly resampled: boolean;
  /** Per parameter (all P; 1 for fixed ones): the factor that makes σ̂ cover 68 % of the toys. */
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
  /** The surrogate fitted again to a bootstrap resample of its runs, drawn with `rng`. */
  readonly resample?: (rng: Random) => Surrogate;
}

export function calibrateDeltaChi2(objective: Chi2Objective, best: Float64Array, free: readonly number[], options: CalibrationOptions = {}): Calibration {
  const toys = options.toys ?? 200;
  if (!Number.isInteger(toys) || toys < 10) throw new Error(`calibrating Δχ² needs at least 10 toys, got ${toys}`);
  const rng = new Random(options.seed ?? 1, TOY_STREAM);
  const at = objective.residuals(best);
  const P = best.length;
  const worst: number[] = [];
  const misses: number[][] = Array.from({ length: P }, () => []);
  for (let t = 0; t < toys; t++) {
    const surrogate = options.resample ? options.resample(rng) : objective.surrogate;
    // Resampled, the surrogate brings its own error; the data then fluctuate by theirs alone.
    const noise = (k: number) => (options.resample ? objective.bins[k].dataError : at.sigmas[k]);
    const selection: Selection = { bins: objective.bins.map((fb, k) => ({ ...fb, data: at.values[k] + noise(k) * rng.gauss() })), dropped: [] };
    const toy = new Chi2Objective(surrogate, selection, objective.options);
    const fit = fitBest(toy, { starts: 0, extraStarts: [best], ...(options.fixed ? { fixed: options.fixed } : {}) });
    const u = uncertaintiesAt(toy, fit.best, free);
    worst.push(maxWhitenedSquare(u.covariance, fit.best, best, free));
    // A toy whose fit leaves a parameter unconstrained (σ = ∞) or pinned (σ = 0) says nothing of its σ scale.
    for (const p of free) if (u.sigma[p] > 0 && Number.isFinite(u.sigma[p])) misses[p].push(Math.abs(fit.best[p] - best[p]) / u.sigma[p]);
  }
  worst.sort((a, b) => a - b);
  const sigmaScale = Float64Array.from(misses, (m) => (m.length ? quantile(m.sort((a, b) => a - b), COVERAGE) : 1));
  return { deltaChi2: quantile(worst, COVERAGE), toys, resampled: options.resample !== undefined, sigmaScale, coverageAtOne: worst.filter((w) => w <= 1).length / toys };
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

function quantile(sorted: readonly number[], q: number): number {
  const x = q * (sorted.length - 1);
  const i = Math.floor(x);
  return i + 1 < sorted.length ? sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

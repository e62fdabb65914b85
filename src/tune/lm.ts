/**
 * Levenberg–Marquardt for bounded least squares, min ½‖r(x)‖² with
 * lower ≤ x ≤ upper, on an analytic Jacobian. Our own rather than
 * ml-levenberg-marquardt's: that one fits y = f(x; p) to points with Jacobians
 * by finite differences only, while a surrogate gives exact Jacobians for free
 * and a χ² whose σ move with θ is no fixed-data curve fit.
 *
 * Steps solve (JᵀJ + λ·diag JᵀJ) δ = −Jᵀr (Marquardt's scaling, so the step
 * does not depend on the parameters' units) and are projected onto the box;
 * a parameter held at a bound by a gradient pointing outwards is left out of
 * the step, so the others still move freely.
 */
import { solvePositiveDefinite } from '../linalg/index.js';

export interface BoundedLeastSquares {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Residuals at x. */
  residuals(x: Float64Array): Float64Array;
  /** Residuals and their Jacobian (m × n, row-major) at x. */
  linearised(x: Float64Array): { residuals: Float64Array; jacobian: Float64Array };
}

export interface LmOptions {
  readonly maxIterations?: number;
  /**
   * Converged when the Gauss–Newton step from the current point would lower
   * ‖r‖² by less than this × ‖r‖²: the linearised problem has nothing
   * left to give. Default 1e-10. (A small gain from one damped step is no such
   * sign: with a large damping every step is small.)
   */
  readonly tolerance?: number;
}

export interface LmResult {
  readonly x: Float64Array;
  /** ‖r‖² at x. */
  readonly cost: number;
  readonly iterations: number;
  readonly converged: boolean;
}

const LAMBDA_MAX = 1e16;

export function levenbergMarquardt(problem: BoundedLeastSquares, start: Float64Array, options: LmOptions = {}): LmResult {
  const n = start.length;
  const tol = options.tolerance ?? 1e-10;
  let x = clip(Float64Array.from(start), problem.lower, problem.upper);
  let lambda = 1e-3;
  let iterations = 0;
  let { residuals, jacobian } = problem.linearised(x);
  let cost = sumSquares(residuals);
  // A χ² that is not a number anywhere near the start cannot be minimised; say so rather than stop "converged".
  if (!Number.isFinite(cost)) return { x, cost, iterations, converged: false };
  for (; iterations < (options.maxIterations ?? 200); iterations++) {
    const { A, g } = normalEquations(jacobian, residuals, n);
    const free = freeParameters(x, g, problem);
    if (free.length === 0 || gaussNewtonGain(A, g, free, n) <= tol * cost + 1e-300) return { x, cost, iterations, converged: true };
    let accepted = false;
    while (lambda < LAMBDA_MAX) {
      const next = trialPoint(x, A, g, free, lambda, problem);
      const trialCost = next ? sumSquares(problem.residuals(next)) : Infinity;
      if (next && trialCost < cost) {
        x = next;
        ({ residuals, jacobian } = problem.linearised(x));
        cost = sumSquares(residuals);
        lambda = Math.max(lambda / 3, 1e-12);
        accepted = true;
        break;
      }
      lambda *= 4;
    }
    // No step of any size lowers the cost: x is a minimum to working precision.
    if (!accepted) return { x, cost, iterations, converged: true };
  }
  return { x, cost, iterations, converged: false };
}

function normalEquations(J: Float64Array, r: Float64Array, n: number): { A: Float64Array; g: Float64Array } {
  const m = r.length;
  const A = new Float64Array(n * n);
  const g = new Float64Array(n);
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < n; i++) {
      const jki = J[k * n + i];
      if (jki === 0) continue;
      g[i] += jki * r[k];
      for (let j = i; j < n; j++) A[i * n + j] += jki * J[k * n + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[i * n + j] = A[j * n + i];
  return { A, g };
}

/** Parameters not pinned at a bound by a gradient that points out of the box. */
function freeParameters(x: Float64Array, g: Float64Array, p: BoundedLeastSquares): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const atLow = x[i] <= p.lower[i] && g[i] > 0;
    const atHigh = x[i] >= p.upper[i] && g[i] < 0;
    if (!atLow && !atHigh) out.push(i);
  }
  return out;
}

/** x + δ (projected on the box) with δ from the damped normal equations over the free parameters. */
function trialPoint(x: Float64Array, A: Float64Array, g: Float64Array, free: readonly number[], lambda: number, p: BoundedLeastSquares): Float64Array | undefined {
  const f = free.length;
  const Af = new Float64Array(f * f);
  const gf = new Float64Array(f);
  free.forEach((i, a) => {
    gf[a] = -g[i];
    free.forEach((j, b) => (Af[a * f + b] = A[i * x.length + j]));
    // A parameter the residuals do not depend on still gets a finite step, damped like the others.
    Af[a * f + a] += lambda * Math.max(A[i * x.length + i], 1e-12 * largestDiagonal(A, x.length));
  });
  const delta = solvePositiveDefinite(Af, f, gf);
  if (!delta) return undefined;
  const next = Float64Array.from(x);
  free.forEach((i, a) => (next[i] += delta[a]));
  return clip(next, p.lower, p.upper);
}

function largestDiagonal(A: Float64Array, n: number): number {
  let m = 1e-300;
  for (let i = 0; i < n; i++) m = Math.max(m, A[i * n + i]);
  return m;
}

function clip(x: Float64Array, lo: Float64Array, hi: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
  return x;
}

function sumSquares(r: Float64Array): number {
  let s = 0;
  for (const v of r) s += v * v;
  return s;
}

/**
 * The decrease of ‖r‖² the undamped step over the free parameters promises:
 * gᵀA⁻¹g with g = Jᵀr, A = JᵀJ (a hair of damping keeps a singular A solvable).
 */
function gaussNewtonGain(A: Float64Array, g: Float64Array, free: readonly number[], n: number): number {
  const f = free.length;
  const Af = Float64Array.from({ length: f * f }, (_, k) => A[free[Math.floor(k / f)] * n + free[k % f]]);
  for (let a = 0; a < f; a++) Af[a * f + a] += 1e-12 * Math.max(Af[a * f + a], 1e-300);
  const gf = Float64Array.from(free, (i) => g[i]);
  const step = solvePositiveDefinite(Af, f, gf);
  if (!step) return Infinity;
  return step.reduce((s, v, a) => s + v * gf[a], 0);
}

/**
 * The best point of a χ² in the surrogate's box: bounded Levenberg–Marquardt
 * from many starts (a digitally shifted Sobol' sequence over the box of the
 * free parameters, plus any given starts such as the inverse network's
 * proposal), keeping the lowest end point. Fixed parameters stay at their value.
 *
 * The χ²'s σ are held fixed while the minimiser moves (see Chi2Objective):
 * every start sees them at one anchor (the first given start, else the box's
 * centre), so their χ² compare; the best end point is then polished with the
 * σ held at it, again and again until it no longer moves.
 */
import type { Chi2Objective } from '../chi2/index.js';
import { sobolPoints } from '../campaign/index.js';
import { Random } from '../generator/index.js';
import { levenbergMarquardt, type BoundedLeastSquares } from './lm.js';

export interface FitOptions {
  /** Sobol' starts (default 16). */
  readonly starts?: number;
  /** Parameters held at a value (natural units), by name. */
  readonly fixed?: Readonly<Record<string, number>>;
  /** More starts (full points, natural units), tried before the Sobol' ones. */
  readonly extraStarts?: readonly Float64Array[];
  readonly seed?: number;
  readonly maxIterations?: number;
  /** Re-hold the σ at the best point and minimise again until it stays (default true). */
  readonly polish?: boolean;
}

/** Passes that re-hold the σ at the best point, and the move (share of the box) below which it has settled. */
const POLISH_PASSES = 20;
const SETTLED = 1e-7;

export interface StartOutcome {
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** With the σ held at the anchor, as the starts are ranked (the best point's own χ² is BestFit.chi2). */
  readonly chi2: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** `sobol` or `given` (an extra start). */
  readonly origin: 'sobol' | 'given';
}

export interface BestFit {
  readonly names: readonly string[];
  /** All parameters, natural units. */
  readonly best: Float64Array;
  readonly chi2: number;
  /** Indices of the free parameters. */
  readonly free: readonly number[];
  readonly starts: readonly StartOutcome[];
}

/** Random stream of the Sobol' shift. */
const START_STREAM = 0x57a7;

export function fitBest(objective: Chi2Objective, options: FitOptions = {}): BestFit {
  const box = objective.surrogate.box;
  const names = box.names;
  const fixed = options.fixed ?? {};
  for (const n of Object.keys(fixed)) if (!names.includes(n)) throw new Error(`fixed parameter ${n} is not one of the model's: ${names.join(', ')}`);
  const free = names.map((_, p) => p).filter((p) => !(names[p] in fixed));
  const base = Float64Array.from(names, (n, p) => fixed[n] ?? (box.low[p] + box.high[p]) / 2);
  const anchor = options.extraStarts?.length ? withFixed(options.extraStarts[0], names, fixed) : base;
  const problem = freeProblem(objective.frozenAt(anchor), base, free);
  const outcomes: StartOutcome[] = [];
  const run = (start: Float64Array, origin: 'sobol' | 'given') => {
    const r = levenbergMarquardt(problem, problem.unit(start), { maxIterations: options.maxIterations ?? 200 });
    outcomes.push({ start, end: problem.point(r.x), chi2: r.cost, iterations: r.iterations, converged: r.converged, origin });
  };
  for (const s of options.extraStarts ?? []) run(withFixed(s, names, fixed), 'given');
  const n = options.starts ?? 16;
  if (free.length > 0 && n > 0) {
    const unit = sobolPoints(n, free.length, new Random(options.seed ?? 1, START_STREAM));
    for (let i = 0; i < n; i++) {
      const start = Float64Array.from(base);
      free.forEach((p, k) => (start[p] = box.low[p] + unit[i * free.length + k] * (box.high[p] - box.low[p])));
      run(start, 'sobol');
    }
  } else if (outcomes.length === 0) run(base, 'given');
  // A start whose χ² is not a number never wins over one whose χ² is.
  const rank = (o: StartOutcome) => (Number.isFinite(o.chi2) ? o.chi2 : Infinity);
  const best = outcomes.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  if (!Number.isFinite(best.chi2)) throw new Error(`the χ² is not finite at any of the ${outcomes.length} starts (e.g. ${Array.from(best.start).join(', ')}); check the reference errors and the surrogate`);
  const point = options.polish === false ? best.end : polish(objective, best.end, base, free, options.maxIterations ?? 200);
  return { names, best: point, chi2: objective.value(point), free, starts: outcomes };
}

/** The fixed point of: hold the σ at x, minimise from x. */
function polish(objective: Chi2Objective, start: Float64Array, base: Float64Array, free: readonly number[], maxIterations: number): Float64Array {
  let x = start;
  for (let pass = 0; pass < POLISH_PASSES && free.length > 0; pass++) {
    const problem = freeProblem(objective.frozenAt(x), base, free);
    const u = problem.unit(x);
    const r = levenbergMarquardt(problem, u, { maxIterations });
    // A pass whose χ² is not a number keeps the point it started from.
    if (!Number.isFinite(r.cost)) break;
    x = problem.point(r.x);
    if (r.x.every((v, k) => Math.abs(v - u[k]) < SETTLED)) break;
  }
  return x;
}

function withFixed(point: Float64Array, names: readonly string[], fixed: Readonly<Record<string, number>>): Float64Array {
  return Float64Array.from(point, (v, p) => fixed[names[p]] ?? v);
}

/** The χ² residuals as a problem in the free parameters scaled to [0, 1] over the box. */
function freeProblem(objective: Chi2Objective, base: Float64Array, free: readonly number[]): BoundedLeastSquares & { point(u: Float64Array): Float64Array; unit(x: Float64Array): Float64Array } {
  const box = objective.surrogate.box;
  const P = box.names.length;
  const point = (u: Float64Array) => {
    const x = Float64Array.from(base);
    free.forEach((p, k) => (x[p] = box.low[p] + u[k] * (box.high[p] - box.low[p])));
    return x;
  };
  return {
    unit: (x) => Float64Array.from(free, (p) => (x[p] - box.low[p]) / (box.high[p] - box.low[p])),
    lower: new Float64Array(free.length),
    upper: new Float64Array(free.length).fill(1),
    point,
    residuals: (u) => objective.residuals(point(u)).residuals,
    linearised: (u) => {
      const { residuals, jacobian } = objective.jacobian(point(u));
      const m = residuals.length;
      const J = new Float64Array(m * free.length);
      for (let k = 0; k < m; k++) free.forEach((p, c) => (J[k * free.length + c] = jacobian[k * P + p] * (box.high[p] - box.low[p])));
      return { residuals, jacobian: J };
    },
  };
}

/**
 * Bounded minimisation in the unit box [0, 1]^F, derivative-free (the
 * objectives are sums over events through a network: smooth, but with no
 * gradient at hand): golden-section search for one free parameter,
 * Nelder–Mead with coordinates clamped to the box for several, restarted once
 * from its best point with a small simplex so that a collapsed simplex cannot
 * stop it short.
 */

export interface BoxMinimum {
  readonly u: Float64Array;
  readonly value: number;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Golden-section search of f on [0, 1] down to an interval of `tolerance`; the ends count as candidates. */
function golden(f: (u: Float64Array) => number, tolerance: number): BoxMinimum {
  const at = (x: number) => f(Float64Array.of(x));
  let [a, b] = [0, 1];
  let [c, d] = [b - GOLDEN * (b - a), a + GOLDEN * (b - a)];
  let [fc, fd] = [at(c), at(d)];
  while (b - a > tolerance) {
    if (fc <= fd) {
      [b, d, fd] = [d, c, fc];
      c = b - GOLDEN * (b - a);
      fc = at(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + GOLDEN * (b - a);
      fd = at(d);
    }
  }
  const candidates = [{ x: (a + b) / 2, v: at((a + b) / 2) }, { x: 0, v: at(0) }, { x: 1, v: at(1) }];
  const best = candidates.reduce((p, q) => (q.v < p.v ? q : p));
  return { u: Float64Array.of(best.x), value: best.v };
}

const clampUnit = (u: Float64Array): Float64Array => u.map((v) => Math.min(1, Math.max(0, v)));

/** One Nelder–Mead run from `start` with initial steps `step` (standard coefficients 1, 2, ½, ½). */
function nelderMead(f: (u: Float64Array) => number, start: Float64Array, step: number, tolerance: number, maxEvaluations: number): BoxMinimum {
  const F = start.length;
  const vertices = [clampUnit(start)];
  for (let i = 0; i < F; i++) {
    const v = Float64Array.from(start);
    v[i] += v[i] + step <= 1 ? step : -step;
    vertices.push(clampUnit(v));
  }
  let simplex = vertices.map((u) => ({ u, value: f(u) }));
  for (let evaluations = F + 1; evaluations < maxEvaluations; ) {
    simplex.sort((p, q) => p.value - q.value);
    const [best, worst] = [simplex[0], simplex[F]];
    const size = Math.max(...simplex.map((s) => Math.max(...s.u.map((x, i) => Math.abs(x - best.u[i])))));
    if (size < tolerance) break;
    const centroid = new Float64Array(F);
    for (const s of simplex.slice(0, F)) s.u.forEach((x, i) => (centroid[i] += x / F));
    const along = (t: number) => clampUnit(centroid.map((c, i) => c + t * (worst.u[i] - c)));
    const trial = (t: number) => (evaluations++, { u: along(t), value: f(along(t)) });
    const reflected = trial(-1);
    let next = reflected;
    if (reflected.value < best.value) {
      const expanded = trial(-2);
      if (expanded.value < reflected.value) next = expanded;
    } else if (reflected.value >= simplex[F - 1].value) {
      const contracted = trial(0.5);
      if (contracted.value < worst.value) next = contracted;
      else {
        simplex = simplex.map((s, k) => (k === 0 ? s : (evaluations++, { u: s.u.map((x, i) => (x + best.u[i]) / 2), value: f(s.u.map((x, i) => (x + best.u[i]) / 2)) })));
        continue;
      }
    }
    simplex[F] = next;
  }
  simplex.sort((p, q) => p.value - q.value);
  return simplex[0];
}

/** The minimum of f over [0, 1]^F from `start`, each coordinate to about `tolerance`. */
export function minimiseInBox(f: (u: Float64Array) => number, start: Float64Array, tolerance: number): BoxMinimum {
  if (start.length === 0) return { u: start, value: f(start) };
  if (start.length === 1) return golden(f, tolerance);
  const first = nelderMead(f, start, 0.2, tolerance, 400 * start.length);
  const second = nelderMead(f, first.u, 0.02, tolerance, 400 * start.length);
  return second.value <= first.value ? second : first;
}

/**
 * Confines the thrust axis to a cone around a seed axis, so that thrust.ts
 * can skip most (usually all) of the exact search.
 *
 * Write f(n) = Σ|p_l·n| and LB = f(n_s) for the unit seed n_s (any; a local
 * maximum makes Q_⊥ below vanish). A unit n at angle θ ∈ [0, π/2] from ±n_s
 * (f is even) is n = cos θ n_s + sin θ m with m ⊥ n_s, and two bounds hold:
 *
 * 1. f(n) ≤ LB cos θ + G sin θ, with G ≥ max_{m ⊥ n_s} Σ|p_l·m| (the exact
 *    thrust major about n_s), from |a cos θ + b sin θ| ≤ |a| cos θ + |b| sin θ.
 *    It falls below LB for tan(θ/2) > G/LB: good far from n_s.
 * 2. With s_l = sign(p_l·n_s), |x| = s x + 2 max(0, −s x) gives
 *    f(n) = LB cos θ + sin θ m·Q + 2 Σ max(0, −s_l p_l·n), Q = Σ s_l p_l,
 *    and the last terms vanish until θ passes the elevation α_l of p_l above
 *    the plane ⊥ n_s, after which they are ≤ 2|p_l| sin(θ − α_l). So
 *    f(n) ≤ h(θ) = LB cos θ + |Q_⊥| sin θ + 2 Σ_{α_l < θ} |p_l| sin(θ − α_l):
 *    good near n_s, where f falls like cos θ until momenta change side.
 *
 * Between consecutive elevations h(θ) = A cos θ + B sin θ, so the largest θ
 * at which both bounds still reach LB, ρ, is found per interval with no
 * search. Every n with f(n) ≥ LB, in particular the optimal axis, lies
 * within ρ of ±n_s.
 */

/** Where the thrust axis can be, relative to a seed axis. */
export class SeedCone {
  /** Angle ρ (rad) around ±seed outside which Σ|p·n| < Σ|p·seed|. */
  rho = 0;
  /** Smallest elevation (rad) of a momentum above the plane ⊥ seed: the seed's distance to the nearest circle. */
  minElevation = 0;
  /** Inputs set by the caller before compute(): LB = Σ|p·seed| and G (GeV). */
  lb = 0;
  g = 0;
  // Momenta below the cone's edge: sin α, |p·n_s| = |p| sin α, |p_⊥| = |p| cos α.
  private sinA: Float64Array;
  private along: Float64Array;
  private across: Float64Array;

  constructor(capacity = 64) {
    this.sinA = new Float64Array(capacity);
    this.along = new Float64Array(capacity);
    this.across = new Float64Array(capacity);
  }

  /** Computes rho and minElevation for the first n momenta and the unit seed axis. */
  compute(px: Float64Array, py: Float64Array, pz: Float64Array, n: number, axis: Float64Array): void {
    if (this.sinA.length < n) this.grow(n);
    const { lb, g, sinA, along, across } = this;
    const cap = Math.min(2 * Math.atan(g / lb), Math.PI / 2);
    const sinCap = Math.sin(cap);
    const ax = axis[0], ay = axis[1], az = axis[2];
    let qx = 0, qy = 0, qz = 0, minSin = 1, m = 0;
    for (let l = 0; l < n; l++) {
      const x = px[l], y = py[l], z = pz[l];
      const p2 = x * x + y * y + z * z;
      if (p2 === 0) continue;
      const c = x * ax + y * ay + z * az;
      if (c >= 0) { qx += x; qy += y; qz += z; } else { qx -= x; qy -= y; qz -= z; }
      const p = Math.sqrt(p2), s = Math.abs(c) / p;
      if (s < minSin) minSin = s;
      if (s >= sinCap) continue;
      sinA[m] = s;
      along[m] = Math.abs(c);
      // Far from the axis by construction, so no cancellation here.
      across[m] = Math.sqrt(Math.max(0, p2 - c * c));
      m++;
    }
    const qa = qx * ax + qy * ay + qz * az;
    const ux = qx - qa * ax, uy = qy - qa * ay, uz = qz - qa * az;
    const qPerp = Math.sqrt(ux * ux + uy * uy + uz * uz);
    this.minElevation = Math.asin(minSin);
    this.sortBelow(m);
    // On [lo, hi], h = A cos θ + B sin θ ≥ LB ⇔ |θ − atan2(B, A)| ≤ acos(LB / |(A, B)|);
    // B ≥ 0 keeps that angle in [0, π], so the solutions form one interval.
    let A = lb, B = qPerp, lo = 0, rho = 0;
    for (let k = 0; k <= m; k++) {
      const hi = k < m ? Math.min(Math.asin(sinA[k]), cap) : cap;
      const r = Math.sqrt(A * A + B * B);
      if (r >= lb && hi >= lo) {
        const phi = Math.atan2(B, A), delta = Math.acos(Math.min(1, lb / r));
        const top = Math.min(hi, phi + delta);
        if (top >= Math.max(lo, phi - delta) && top > rho) rho = top;
      }
      if (k < m) { A -= 2 * along[k]; B += 2 * across[k]; lo = hi; }
    }
    this.rho = rho;
  }

  /** Insertion sort by elevation: few momenta lie below the cone's edge. */
  private sortBelow(m: number): void {
    const { sinA, along, across } = this;
    for (let i = 1; i < m; i++) {
      const s = sinA[i], a = along[i], c = across[i];
      let j = i - 1;
      while (j >= 0 && sinA[j] > s) {
        sinA[j + 1] = sinA[j]; along[j + 1] = along[j]; across[j + 1] = across[j];
        j--;
      }
      sinA[j + 1] = s; along[j + 1] = a; across[j + 1] = c;
    }
  }

  private grow(n: number): void {
    const cap = Math.max(n, 2 * this.sinA.length);
    this.sinA = new Float64Array(cap);
    this.along = new Float64Array(cap);
    this.across = new Float64Array(cap);
  }
}

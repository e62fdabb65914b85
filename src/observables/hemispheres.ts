/**
 * Hemisphere observables (Rivet's `Hemispheres`): the event is split by the
 * plane ⊥ an axis (the thrust axis) into the hemisphere with p·n > 0 and the
 * one with p·n < 0; a particle exactly in the plane counts half in each, as
 * in Rivet. Jet masses are scaled by the visible energy squared, E_vis =
 * Σ E_i; broadenings by 2 Σ|p_i| over the whole event.
 */

/** Hemisphere masses and broadenings for one event; reuse one instance per event loop. */
export class Hemispheres {
  /** Visible energy Σ E_i, GeV. */
  evis = 0;
  /** Larger hemisphere invariant mass squared M²_high, GeV² (rounding-level negatives clamped to 0). */
  mass2High = 0;
  /** Smaller hemisphere invariant mass squared M²_low, GeV². */
  mass2Low = 0;
  /** Heavy jet mass ρ_H = M²_high / E_vis² (Rivet's scaledM2high). 0 when E_vis = 0. */
  heavyJetMass = 0;
  /** Light jet mass ρ_L = M²_low / E_vis² (Rivet's scaledM2low). */
  lightJetMass = 0;
  /** Jet mass difference (M²_high − M²_low) / E_vis² (Rivet's scaledM2diff). */
  jetMassDifference = 0;
  /** Wide jet broadening B_W = max over hemispheres of Σ_hem |p × n| / (2 Σ|p|) (Rivet's Bmax). */
  wideBroadening = 0;
  /** Narrow jet broadening B_N, the smaller of the two (Rivet's Bmin). */
  narrowBroadening = 0;
  /** Total jet broadening B_T = B_W + B_N (Rivet's Bsum). */
  totalBroadening = 0;

  /**
   * Computes all results for the first n particles (momenta and energies in
   * GeV) about the unit axis, normally the thrust axis. Allocation-free;
   * returns this.
   */
  compute(px: Float64Array, py: Float64Array, pz: Float64Array, e: Float64Array, n: number,
    axis: ArrayLike<number>): this {
    const ax = axis[0], ay = axis[1], az = axis[2];
    let eA = 0, xA = 0, yA = 0, zA = 0, bA = 0;
    let eB = 0, xB = 0, yB = 0, zB = 0, bB = 0;
    let sumP = 0;
    for (let i = 0; i < n; i++) {
      const x = px[i], y = py[i], z = pz[i], en = e[i];
      const p2 = x * x + y * y + z * z;
      const para = x * ax + y * ay + z * az;
      sumP += Math.sqrt(p2);
      // |p − (p·n) n| rather than sqrt(|p|² − (p·n)²), which loses half the digits for p nearly ∥ n.
      const tx = x - para * ax, ty = y - para * ay, tz = z - para * az;
      const trans = Math.sqrt(tx * tx + ty * ty + tz * tz);
      if (para > 0) { eA += en; xA += x; yA += y; zA += z; bA += trans; }
      else if (para < 0) { eB += en; xB += x; yB += y; zB += z; bB += trans; }
      else {
        eA += 0.5 * en; xA += 0.5 * x; yA += 0.5 * y; zA += 0.5 * z; bA += 0.5 * trans;
        eB += 0.5 * en; xB += 0.5 * x; yB += 0.5 * y; zB += 0.5 * z; bB += 0.5 * trans;
      }
    }
    const evis = eA + eB;
    const m2A = Math.max(0, eA * eA - xA * xA - yA * yA - zA * zA);
    const m2B = Math.max(0, eB * eB - xB * xB - yB * yB - zB * zB);
    this.evis = evis;
    this.mass2High = Math.max(m2A, m2B);
    this.mass2Low = Math.min(m2A, m2B);
    const e2 = evis * evis;
    const fm = e2 > 0 ? 1 / e2 : 0;
    this.heavyJetMass = this.mass2High * fm;
    this.lightJetMass = this.mass2Low * fm;
    this.jetMassDifference = (this.mass2High - this.mass2Low) * fm;
    const fb = sumP > 0 ? 1 / (2 * sumP) : 0;
    this.wideBroadening = Math.max(bA, bB) * fb;
    this.narrowBroadening = Math.min(bA, bB) * fb;
    this.totalBroadening = (bA + bB) * fb;
    return this;
  }
}

/** One-off convenience (allocates): hemisphere observables about the unit axis. */
export function computeHemispheres(px: Float64Array, py: Float64Array, pz: Float64Array, e: Float64Array,
  axis: ArrayLike<number>, n = px.length): Hemispheres {
  return new Hemispheres().compute(px, py, pz, e, n, axis);
}

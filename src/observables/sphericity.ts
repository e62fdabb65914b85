/**
 * Sphericity tensor S^{ab} = Σ p_i^a p_i^b / Σ |p_i|² (quadratic in the
 * momenta, Rivet's `Sphericity` with its default regulator r = 2): its
 * eigenvalues λ1 ≥ λ2 ≥ λ3 (summing to 1), eigenvectors, sphericity,
 * aplanarity and planarity. Not infrared safe, but what the LEP analyses
 * (e.g. ALEPH 1996) histogram.
 */
import { symmetricEigen3 } from './eigen3.js';

/** Sphericity tensor results for one set of momenta; reuse one instance per event loop. */
export class Sphericity {
  /** S = 3/2 (λ2 + λ3) ∈ [0, 1]: 0 for two back-to-back particles, 1 for isotropic events. */
  sphericity = 0;
  /** A = 3/2 λ3 ∈ [0, 1/2]: 0 for planar events. */
  aplanarity = 0;
  /** P = λ2 − λ3 (Rivet's planarity). */
  planarity = 0;
  /** Eigenvalues λ1 ≥ λ2 ≥ λ3 ≥ 0 (rounding-level negatives clamped to 0), summing to 1; all 0 with no momentum. */
  readonly lambda = new Float64Array(3);
  /**
   * Unit eigenvector of λ1: the "sphericity axis" (event axis). Eigenvectors
   * are defined up to sign; the largest component is made positive.
   */
  readonly axis1 = new Float64Array([0, 0, 1]);
  /**
   * Unit eigenvector of λ2. Beware the naming: Rivet calls this the
   * sphericity "major" axis, and ALEPH's p_T^in is p·axis2.
   */
  readonly axis2 = new Float64Array([1, 0, 0]);
  /** Unit eigenvector of λ3 (Rivet's "minor" axis, normal to the event plane); p_T^out is p·axis3. */
  readonly axis3 = new Float64Array([0, 1, 0]);
  /** The normalised tensor S as (xx, yy, zz, xy, xz, yz). */
  readonly tensor = new Float64Array(6);
  private readonly vectors = new Float64Array(9);

  /** Computes all results from the first n momenta (GeV; results are scale invariant). Allocation-free; returns this. */
  compute(px: Float64Array, py: Float64Array, pz: Float64Array, n: number): this {
    let xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
    for (let i = 0; i < n; i++) {
      const x = px[i], y = py[i], z = pz[i];
      xx += x * x; yy += y * y; zz += z * z;
      xy += x * y; xz += x * z; yz += y * z;
    }
    const norm = xx + yy + zz;
    if (!(norm > 0)) return this.empty();
    const f = 1 / norm;
    const l = this.lambda, v = this.vectors, t = this.tensor;
    t[0] = xx * f; t[1] = yy * f; t[2] = zz * f; t[3] = xy * f; t[4] = xz * f; t[5] = yz * f;
    symmetricEigen3(t, l, v);
    for (let k = 0; k < 3; k++) if (l[k] < 0) l[k] = 0;
    this.axis1[0] = v[0]; this.axis1[1] = v[1]; this.axis1[2] = v[2];
    this.axis2[0] = v[3]; this.axis2[1] = v[4]; this.axis2[2] = v[5];
    this.axis3[0] = v[6]; this.axis3[1] = v[7]; this.axis3[2] = v[8];
    this.sphericity = 1.5 * (l[1] + l[2]);
    this.aplanarity = 1.5 * l[2];
    this.planarity = l[1] - l[2];
    return this;
  }

  private empty(): this {
    this.sphericity = this.aplanarity = this.planarity = 0;
    this.lambda.fill(0);
    this.tensor.fill(0);
    this.axis1.set([0, 0, 1]);
    this.axis2.set([1, 0, 0]);
    this.axis3.set([0, 1, 0]);
    return this;
  }
}

/** One-off convenience (allocates): sphericity tensor results of the first n momenta. */
export function computeSphericity(px: Float64Array, py: Float64Array, pz: Float64Array, n = px.length): Sphericity {
  return new Sphericity().compute(px, py, pz, n);
}

/**
 * The linearised momentum tensor θ^{ab} = Σ p_i^a p_i^b / |p_i| / Σ |p_i|
 * (Rivet's `ParisiTensor`), infrared and collinear safe, and the C and D
 * parameters built from its eigenvalues λ1, λ2, λ3:
 *   C = 3 (λ1λ2 + λ2λ3 + λ3λ1),  D = 27 λ1λ2λ3.
 * No diagonalisation is needed: λ1λ2 + λ2λ3 + λ3λ1 is the sum of the
 * principal 2×2 minors of θ and λ1λ2λ3 its determinant. Since tr θ = 1 this
 * also equals C = 3/2 (1 − tr θ²), but the minors avoid relying on the trace
 * being exactly 1 after rounding.
 */

/** C and D parameters for one set of momenta; reuse one instance per event loop. */
export class LinearisedTensor {
  /** C ∈ [0, 1]: 0 for two back-to-back (or collinear) particles, 3/4 for a symmetric planar three-particle star. */
  cParameter = 0;
  /** D ∈ [0, 1]: 0 for planar events. */
  dParameter = 0;
  /** The normalised tensor θ as (xx, yy, zz, xy, xz, yz); all 0 with no momentum. */
  readonly tensor = new Float64Array(6);

  /** Computes C, D and θ from the first n momenta (GeV; results are scale invariant). Allocation-free; returns this. */
  compute(px: Float64Array, py: Float64Array, pz: Float64Array, n: number): this {
    let xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0, sum = 0;
    for (let i = 0; i < n; i++) {
      const x = px[i], y = py[i], z = pz[i];
      const p = Math.sqrt(x * x + y * y + z * z);
      if (p === 0) continue;
      const w = 1 / p;
      sum += p;
      xx += x * x * w; yy += y * y * w; zz += z * z * w;
      xy += x * y * w; xz += x * z * w; yz += y * z * w;
    }
    const t = this.tensor;
    if (!(sum > 0)) {
      t.fill(0);
      this.cParameter = this.dParameter = 0;
      return this;
    }
    const f = 1 / sum;
    xx *= f; yy *= f; zz *= f; xy *= f; xz *= f; yz *= f;
    t[0] = xx; t[1] = yy; t[2] = zz; t[3] = xy; t[4] = xz; t[5] = yz;
    const minors = xx * yy - xy * xy + xx * zz - xz * xz + yy * zz - yz * yz;
    const det = xx * (yy * zz - yz * yz) - xy * (xy * zz - yz * xz) + xz * (xy * yz - yy * xz);
    // θ is positive semi-definite: negatives can only be rounding.
    this.cParameter = Math.max(0, 3 * minors);
    this.dParameter = Math.max(0, 27 * det);
    return this;
  }
}

/** One-off convenience (allocates): C and D parameters of the first n momenta. */
export function computeLinearised(px: Float64Array, py: Float64Array, pz: Float64Array, n = px.length): LinearisedTensor {
  return new LinearisedTensor().compute(px, py, pz, n);
}

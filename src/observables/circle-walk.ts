/**
 * The exact search shared by thrust (3D) and thrust major (2D): one half
 * turn around a great circle of the unit sphere, visiting every arc between
 * consecutive crossings with the other particles' circles.
 *
 * Why this finds the maximum of Σ|p_l·n|: for fixed signs ε the sum
 * n·Σ ε_l p_l is largest along Σ ε_l p_l, and ε_l = sign(p_l·n) is constant
 * on each cell of the arrangement of great circles {n : p_l·n = 0}. Every
 * cell borders some circle C_i = {n : p_i·n = 0}; on an arc of C_i all
 * signs except those of p_i (and momenta parallel to it) are fixed, and the
 * two cells either side of the arc take the two signs of p_i. Walking C_i
 * with the crossings sorted by angle therefore sees every cell bordering
 * C_i, with one flip per crossing. Any sign vector at all gives a lower
 * bound, |Σ ε p| ≤ Σ|p·n̂| with n̂ along Σ ε p, so extra states visited at
 * coincident crossings (degenerate, planar events) never overshoot.
 */

/**
 * Momenta within this angle² of the pole are parallel to it (their own
 * circle is this one): they take the pole's sign instead of crossing.
 */
const PARALLEL2 = 1e-24;

/** Scratch and results of circle walks; one instance serves every walk of an event loop. */
export class CircleWalk {
  /** Orthonormal basis (u, v) of the plane ⊥ w of the last walk. */
  ux = 0;
  uy = 0;
  uz = 0;
  vx = 0;
  vy = 0;
  vz = 0;
  /** Unit pole w of the circle to walk: set before walk(). */
  wx = 0;
  wy = 0;
  wz = 1;
  /** The last walk's score (see walk). */
  score = 0;
  /** Best Σ ε p of the last walk in the (u, v, w) basis; in 2D mode bestC is 0. */
  bestA = 0;
  bestB = 0;
  bestC = 0;
  // Sums at φ = 0 and the pole's total |p·w| from the last projection.
  private A0 = 0;
  private B0 = 0;
  private C0 = 0;
  private pole = 0;
  /** Per crossing: change of (A, B, C) when its sign flips, and its pseudo-angle. */
  private da!: Float64Array;
  private db!: Float64Array;
  private dc!: Float64Array;
  private key!: Float64Array;
  private bucket!: Int32Array;
  private count!: Int32Array;
  /** Crossings in walking order, and their keys. */
  private ord!: Int32Array;
  private sk!: Float64Array;

  constructor(capacity = 64) {
    this.allocate(Math.max(1, capacity));
  }

  /** Grows the scratch arrays to hold n particles. */
  ensure(n: number): void {
    if (this.da.length < n) this.allocate(Math.max(n, 2 * this.da.length));
  }

  /**
   * Walks the circle ⊥ the unit vector (wx, wy, wz). With `withPole` (3D
   * thrust) the score is max |Σ ε p|² over the cells bordering the circle;
   * without it (thrust major in the plane ⊥ w) max |Σ ε p_⊥|², p_⊥ the part
   * of p in that plane. Leaves the score in `score` and the sum in
   * bestA/B/C. (Numbers travel through fields: V8 boxes doubles passed to
   * or returned from calls it does not inline, an allocation per call.)
   */
  walk(px: Float64Array, py: Float64Array, pz: Float64Array, n: number, withPole: boolean): void {
    this.basis();
    const m = this.project(px, py, pz, n);
    this.sortCrossings(m);
    const { da, db, dc, ord } = this;
    let A = this.A0, B = this.B0, C = this.C0;
    const pole = this.pole;
    const poleWeight = withPole ? 1 : 0;
    let t = (Math.abs(C) + pole) * poleWeight;
    let best = A * A + B * B + t * t;
    let bA = A, bB = B, bC = C;
    for (let q = 0; q < m; q++) {
      const o = ord[q];
      A += da[o]; B += db[o]; C += dc[o];
      t = (Math.abs(C) + pole) * poleWeight;
      const score = A * A + B * B + t * t;
      if (score > best) { best = score; bA = A; bB = B; bC = C; }
    }
    this.bestA = bA;
    this.bestB = bB;
    this.bestC = withPole ? (bC >= 0 ? bC + pole : bC - pole) : 0;
    this.score = best;
  }

  /**
   * Components (a, b, c) of each momentum in the (u, v, w) basis; the sums
   * at φ = 0 (n = u) and, per crossing, the flip and the pseudo-angle
   * 1 + s·b / (|a| + |b|) ∈ [0, 2], monotonic in the crossing angle φ ∈ [0, π]
   * (no trigonometry). a = 0 needs no special case: the particle then starts
   * with s = −1 and flips at φ = 0 (b > 0) or only at φ = π (b < 0).
   * Returns the number of crossings.
   */
  private project(px: Float64Array, py: Float64Array, pz: Float64Array, n: number): number {
    const { ux, uy, uz, vx, vy, vz, wx, wy, wz, da, db, dc, key } = this;
    let A = 0, B = 0, C = 0, pole = 0, m = 0;
    for (let l = 0; l < n; l++) {
      const x = px[l], y = py[l], z = pz[l];
      const a = x * ux + y * uy + z * uz;
      const b = x * vx + y * vy + z * vz;
      const c = x * wx + y * wy + z * wz;
      const r2 = a * a + b * b;
      if (r2 <= PARALLEL2 * (r2 + c * c)) { pole += Math.abs(c); continue; }
      // Arithmetic rather than a ternary: V8 compiles the latter to an unpredictable branch.
      const s = 2 * +(a > 0) - 1;
      const aa = Math.abs(a), sb = s * b, sc = s * c;
      A += aa; B += sb; C += sc;
      da[m] = -2 * aa; db[m] = -2 * sb; dc[m] = -2 * sc;
      key[m] = 1 + sb / (aa + Math.abs(b));
      m++;
    }
    this.A0 = A; this.B0 = B; this.C0 = C; this.pole = pole;
    return m;
  }

  /**
   * Orders the m crossings by pseudo-angle into ord: a counting sort into
   * 2m buckets, then insertion sort for the few out of order within a bucket.
   * A plain comparison sort mispredicts a branch per element on random keys,
   * which dominated the walk's cost.
   */
  private sortCrossings(m: number): void {
    const { key, bucket, count, ord, sk } = this;
    const nb = 2 * m;
    for (let b = 0; b <= nb; b++) count[b] = 0;
    for (let q = 0; q < m; q++) {
      const b = (key[q] * m) | 0;
      bucket[q] = b;
      count[b]++;
    }
    let run = 0;
    for (let b = 0; b <= nb; b++) {
      const c = count[b];
      count[b] = run;
      run += c;
    }
    for (let q = 0; q < m; q++) {
      const p = count[bucket[q]]++;
      ord[p] = q; sk[p] = key[q];
    }
    for (let i = 1; i < m; i++) {
      const k = sk[i];
      if (sk[i - 1] <= k) continue;
      const o = ord[i];
      let j = i - 1;
      while (j >= 0 && sk[j] > k) { sk[j + 1] = sk[j]; ord[j + 1] = ord[j]; j--; }
      sk[j + 1] = k; ord[j + 1] = o;
    }
  }

  /** Orthonormal basis of the plane ⊥ w (Duff et al. 2017): accurate for every w, no helper axis to choose. */
  private basis(): void {
    const { wx, wy, wz } = this;
    const sign = wz >= 0 ? 1 : -1;
    const a = -1 / (sign + wz);
    const b = wx * wy * a;
    this.ux = 1 + sign * wx * wx * a;
    this.uy = sign * b;
    this.uz = -sign * wx;
    this.vx = b;
    this.vy = sign + wy * wy * a;
    this.vz = -wy;
  }

  private allocate(cap: number): void {
    this.da = new Float64Array(cap);
    this.db = new Float64Array(cap);
    this.dc = new Float64Array(cap);
    this.key = new Float64Array(cap);
    this.bucket = new Int32Array(cap);
    this.count = new Int32Array(2 * cap + 1);
    this.ord = new Int32Array(cap);
    this.sk = new Float64Array(cap);
  }
}

/**
 * Exclusive Durham (k_T) clustering for e+e−, E-scheme recombination (jets
 * are summed four-vectors), as FastJet's ee_kt_algorithm used by Rivet:
 *   y_ij = 2 min(E_i², E_j²) (1 − cos θ_ij) / E_vis²,  E_vis = Σ E of the inputs,
 * merging the pair with the smallest y_ij until two jets remain.
 *
 * Cost O(n²) in practice instead of the naive O(n³): y_ij factorises into
 * min(E_i², E_j²) × a geometric distance, so the minimal pair is always a
 * jet and its geometric nearest neighbour (take the softer of the pair: its
 * nearest neighbour k has d_ik ≤ d_ij and min(E_i, E_k) ≤ E_i). Each jet
 * keeps its nearest neighbour; after a merge the others compare with the
 * new jet, and a jet that pointed at the merged pair rescans (O(n)) only
 * when the new jet is farther than its old neighbour (all the rest were).
 *
 * 1 − cos θ is evaluated as |n̂_i − n̂_j|² / 2, accurate for small angles
 * where 1 − n̂_i·n̂_j cancels. A jet with zero 3-momentum has no direction;
 * it gets n̂ = 0, i.e. 1 − cos θ = 1/2 to everything.
 */

/** Durham jet resolutions for one event; reuse one instance per event loop. */
export class Durham {
  /**
   * y_23: the largest merging y while 3 or more jets remain, i.e. the
   * largest y_cut giving ≥ 3 jets (FastJet's exclusive_ymerge_max(2), what
   * Rivet's LEP analyses histogram). Equals the 3 → 2 merging y when the
   * sequence is monotonic. 0 for fewer than 3 particles or E_vis = 0.
   */
  y23 = 0;
  /** y_34 = exclusive_ymerge_max(3); 0 for fewer than 4 particles. */
  y34 = 0;
  /** y_45 = exclusive_ymerge_max(4); 0 for fewer than 5 particles. */
  y45 = 0;
  /** Visible energy Σ E_i, GeV. */
  evis = 0;
  private n = 0;
  private ym: Float64Array;
  private ymMax: Float64Array;
  private jx: Float64Array;
  private jy: Float64Array;
  private jz: Float64Array;
  private je: Float64Array;
  private nx: Float64Array;
  private ny: Float64Array;
  private nz: Float64Array;
  private e2: Float64Array;
  private nnDist: Float64Array;
  /** min(E_i², E_nn²) × nnDist: the jet's candidate merging distance, GeV². */
  private dmin: Float64Array;
  private nn: Int32Array;

  constructor(capacity = 64) {
    this.ym = new Float64Array(capacity + 1);
    this.ymMax = new Float64Array(capacity + 1);
    this.jx = new Float64Array(capacity);
    this.jy = new Float64Array(capacity);
    this.jz = new Float64Array(capacity);
    this.je = new Float64Array(capacity);
    this.nx = new Float64Array(capacity);
    this.ny = new Float64Array(capacity);
    this.nz = new Float64Array(capacity);
    this.e2 = new Float64Array(capacity);
    this.nnDist = new Float64Array(capacity);
    this.dmin = new Float64Array(capacity);
    this.nn = new Int32Array(capacity);
  }

  /**
   * Clusters the first n particles (momenta and energies in GeV) down to two
   * jets. Allocation-free once the scratch has grown to n; returns this.
   */
  compute(px: Float64Array, py: Float64Array, pz: Float64Array, e: Float64Array, n: number): this {
    if (this.jx.length < n) this.grow(n);
    this.n = n;
    let evis = 0;
    for (let i = 0; i < n; i++) evis += e[i];
    this.evis = evis;
    this.ym.fill(0, 0, n + 1);
    this.ymMax.fill(0, 0, n + 1);
    if (n >= 3 && evis > 0) this.cluster(px, py, pz, e, n);
    // Read directly, not through yMergeMax(): no boxed doubles per event.
    const ymMax = this.ymMax;
    this.y23 = n > 2 ? ymMax[2] : 0;
    this.y34 = n > 3 ? ymMax[3] : 0;
    this.y45 = n > 4 ? ymMax[4] : 0;
    return this;
  }

  /**
   * y at which k + 1 jets became k (FastJet's exclusive_ymerge(k)), for
   * 2 ≤ k < n; 0 otherwise.
   */
  yMerge(k: number): number {
    return k >= 2 && k < this.n ? this.ym[k] : 0;
  }

  /** max of yMerge(j) over j ≥ k (FastJet's exclusive_ymerge_max(k)), for k ≥ 2; 0 when k ≥ n. */
  yMergeMax(k: number): number {
    return k >= 2 && k < this.n ? this.ymMax[k] : 0;
  }

  private cluster(px: Float64Array, py: Float64Array, pz: Float64Array, e: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) {
      this.jx[i] = px[i]; this.jy[i] = py[i]; this.jz[i] = pz[i]; this.je[i] = e[i];
      this.setDirection(i);
      this.nn[i] = -1;
      this.nnDist[i] = Infinity;
    }
    this.initNeighbours(n);
    for (let m = n; m > 2; m--) this.mergeStep(m);
    let run = 0;
    for (let k = n - 1; k >= 2; k--) {
      run = Math.max(run, this.ym[k]);
      this.ymMax[k] = run;
    }
  }

  /** All pairs once, updating both ends: n(n−1)/2 distances. */
  private initNeighbours(n: number): void {
    const { nx, ny, nz, nn, nnDist } = this;
    for (let i = 0; i < n; i++) {
      const xi = nx[i], yi = ny[i], zi = nz[i];
      // Row minimum in registers: only the column side goes through memory.
      let best = nnDist[i], bj = nn[i];
      for (let j = i + 1; j < n; j++) {
        const dx = xi - nx[j], dy = yi - ny[j], dz = zi - nz[j];
        const d = 0.5 * (dx * dx + dy * dy + dz * dz);
        if (d < best) { best = d; bj = j; }
        if (d < nnDist[j]) { nnDist[j] = d; nn[j] = i; }
      }
      nnDist[i] = best;
      nn[i] = bj;
    }
    for (let i = 0; i < n; i++) this.setNeighbour(i, nn[i]);
  }

  /**
   * Makes j the neighbour of k at the distance already in nnDist[k]. (Doubles
   * go through the typed arrays: a call V8 does not inline would box them.)
   */
  private setNeighbour(k: number, j: number): void {
    const ek = this.e2[k], ej = this.e2[j];
    this.nn[k] = j;
    this.dmin[k] = (ek < ej ? ek : ej) * this.nnDist[k];
  }

  /** Merges the closest pair of the m jets, recording y into ym[m − 1]. */
  private mergeStep(m: number): void {
    const dmin = this.dmin;
    let bi = 0, bd = Infinity;
    for (let i = 0; i < m; i++) {
      const d = dmin[i];
      if (d < bd) { bd = d; bi = i; }
    }
    const bj = this.nn[bi];
    const a = bi < bj ? bi : bj, b = bi < bj ? bj : bi;
    this.jx[a] += this.jx[b]; this.jy[a] += this.jy[b]; this.jz[a] += this.jz[b]; this.je[a] += this.je[b];
    this.setDirection(a);
    const last = m - 1;
    if (b !== last) this.moveJet(last, b);
    if (last > 2) this.updateNeighbours(a, b, last, last);
    this.ym[last] = 2 * bd / (this.evis * this.evis);
  }

  /**
   * After jets a and b merged into a and jet `last` moved into slot b: every
   * jet compares with the new jet a; one that pointed at a or b rescans
   * unless the new jet is at least as close as its old neighbour was.
   */
  private updateNeighbours(a: number, b: number, last: number, m: number): void {
    const { nx, ny, nz, nn, nnDist } = this;
    const xa = nx[a], ya = ny[a], za = nz[a];
    // The distances to a are all computed here anyway: a's own neighbour comes for free.
    let bestA = Infinity, bjA = -1;
    for (let k = 0; k < m; k++) {
      if (k === a) continue;
      const v = nn[k];
      const dx = nx[k] - xa, dy = ny[k] - ya, dz = nz[k] - za;
      const d = 0.5 * (dx * dx + dy * dy + dz * dz);
      if (d < bestA) { bestA = d; bjA = k; }
      if (v === a || v === b) {
        if (d <= nnDist[k]) { nnDist[k] = d; this.setNeighbour(k, a); }
        else this.nearest(k, m);
        continue;
      }
      if (v === last) nn[k] = b;
      if (d < nnDist[k]) { nnDist[k] = d; this.setNeighbour(k, a); }
    }
    nnDist[a] = bestA;
    this.setNeighbour(a, bjA);
  }

  private nearest(k: number, m: number): void {
    const { nx, ny, nz } = this;
    const xk = nx[k], yk = ny[k], zk = nz[k];
    let best = Infinity, bj = -1;
    for (let j = 0; j < m; j++) {
      if (j === k) continue;
      const dx = xk - nx[j], dy = yk - ny[j], dz = zk - nz[j];
      const d = 0.5 * (dx * dx + dy * dy + dz * dz);
      if (d < best) { best = d; bj = j; }
    }
    this.nnDist[k] = best;
    this.setNeighbour(k, bj);
  }

  private setDirection(i: number): void {
    const x = this.jx[i], y = this.jy[i], z = this.jz[i];
    const p = Math.sqrt(x * x + y * y + z * z);
    const f = p > 0 ? 1 / p : 0;
    this.nx[i] = x * f; this.ny[i] = y * f; this.nz[i] = z * f;
    this.e2[i] = this.je[i] * this.je[i];
  }

  private moveJet(from: number, to: number): void {
    this.jx[to] = this.jx[from]; this.jy[to] = this.jy[from]; this.jz[to] = this.jz[from];
    this.je[to] = this.je[from];
    this.nx[to] = this.nx[from]; this.ny[to] = this.ny[from]; this.nz[to] = this.nz[from];
    this.e2[to] = this.e2[from];
    this.nn[to] = this.nn[from];
    this.nnDist[to] = this.nnDist[from];
    this.dmin[to] = this.dmin[from];
  }

  private grow(n: number): void {
    const cap = Math.max(n, 2 * this.jx.length);
    this.ym = new Float64Array(cap + 1);
    this.ymMax = new Float64Array(cap + 1);
    for (const k of ['jx', 'jy', 'jz', 'je', 'nx', 'ny', 'nz', 'e2', 'nnDist', 'dmin'] as const) this[k] = new Float64Array(cap);
    this.nn = new Int32Array(cap);
  }
}

/** One-off convenience (allocates): Durham clustering of the first n particles. */
export function clusterDurham(px: Float64Array, py: Float64Array, pz: Float64Array, e: Float64Array,
  n = px.length): Durham {
  return new Durham(n).compute(px, py, pz, e, n);
}

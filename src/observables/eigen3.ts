/**
 * Eigen-decomposition of real symmetric 3×3 matrices by cyclic Jacobi
 * rotations. Chosen over the closed-form (trigonometric) solution because
 * Jacobi keeps eigenvalues accurate to ~1e-16 × ‖A‖ and eigenvectors
 * orthonormal even for (near-)degenerate eigenvalues, where the analytic
 * route loses digits; a 3×3 converges in a handful of sweeps.
 */

/** Sweeps are quadratically convergent; this is only a guard against pathological input (NaN). */
const MAX_SWEEPS = 50;

// Module-level scratch: the solver is synchronous, so one copy suffices and calls never allocate.
const A = new Float64Array(9);
const V = new Float64Array(9);

/**
 * Eigenvalues and unit eigenvectors of the symmetric matrix given as
 * m = (xx, yy, zz, xy, xz, yz), i.e. [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]].
 * (An array rather than six numbers: V8 boxes doubles passed to a call it
 * does not inline.)
 *
 * @param values receives λ1 ≥ λ2 ≥ λ3 in values[0..2].
 * @param vectors receives the eigenvector of values[k] in vectors[3k..3k+2];
 *   each is unit length with its largest component positive (eigenvectors
 *   are only defined up to sign), and together they are orthonormal.
 */
export function symmetricEigen3(m: ArrayLike<number>, values: Float64Array, vectors: Float64Array): void {
  A[0] = m[0]; A[1] = m[3]; A[2] = m[4];
  A[3] = m[3]; A[4] = m[1]; A[5] = m[5];
  A[6] = m[4]; A[7] = m[5]; A[8] = m[2];
  V.fill(0);
  V[0] = V[4] = V[8] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    if (A[1] === 0 && A[2] === 0 && A[5] === 0) break;
    rotate(0, 1);
    rotate(0, 2);
    rotate(1, 2);
  }
  sortInto(values, vectors);
}

/** One Jacobi rotation zeroing A[p][q] (Numerical Recipes' formulation, stable for any angle). */
function rotate(p: number, q: number): void {
  const apq = A[3 * p + q];
  if (apq === 0) return;
  const app = A[4 * p], aqq = A[4 * q];
  const g = 100 * Math.abs(apq);
  // Already negligible against both diagonal entries: zero it rather than rotate by ~0.
  if (Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
    A[3 * p + q] = A[3 * q + p] = 0;
    return;
  }
  const theta = (aqq - app) / (2 * apq);
  const at = Math.abs(theta);
  let t = at > 1e150 ? 1 / (2 * at) : 1 / (at + Math.sqrt(1 + at * at));
  if (theta < 0) t = -t;
  const c = 1 / Math.sqrt(1 + t * t);
  const s = t * c;
  const tau = s / (1 + c);
  A[4 * p] = app - t * apq;
  A[4 * q] = aqq + t * apq;
  A[3 * p + q] = A[3 * q + p] = 0;
  const r = 3 - p - q;
  const arp = A[3 * r + p], arq = A[3 * r + q];
  A[3 * r + p] = A[3 * p + r] = arp - s * (arq + arp * tau);
  A[3 * r + q] = A[3 * q + r] = arq + s * (arp - arq * tau);
  for (let k = 0; k < 3; k++) {
    const vp = V[3 * k + p], vq = V[3 * k + q];
    V[3 * k + p] = vp - s * (vq + vp * tau);
    V[3 * k + q] = vq + s * (vp - vq * tau);
  }
}

/** Diagonal of A descending into values, matching columns of V into vectors. */
function sortInto(values: Float64Array, vectors: Float64Array): void {
  let i0 = 0, i1 = 1, i2 = 2;
  if (A[4 * i0] < A[4 * i1]) { const t = i0; i0 = i1; i1 = t; }
  if (A[4 * i1] < A[4 * i2]) { const t = i1; i1 = i2; i2 = t; }
  if (A[4 * i0] < A[4 * i1]) { const t = i0; i0 = i1; i1 = t; }
  column(i0, 0, values, vectors);
  column(i1, 1, values, vectors);
  column(i2, 2, values, vectors);
}

function column(src: number, dst: number, values: Float64Array, vectors: Float64Array): void {
  values[dst] = A[4 * src];
  let x = V[src], y = V[3 + src], z = V[6 + src];
  const ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
  const lead = ax >= ay && ax >= az ? x : ay >= az ? y : z;
  if (lead < 0) { x = -x; y = -y; z = -z; }
  vectors[3 * dst] = x;
  vectors[3 * dst + 1] = y;
  vectors[3 * dst + 2] = z;
}

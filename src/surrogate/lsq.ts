/**
 * Linear least squares for many right-hand sides at once: min ‖A c − y‖ for
 * each column y of Y, by one Householder QR of A (m × n, m ≥ n). Every bin of a
 * polynomial surrogate shares the design matrix, so the factorisation is paid
 * once however many bins there are. QR rather than the normal equations: the
 * monomial design matrices of order 3-4 are ill-conditioned enough that
 * squaring the condition number would cost digits.
 */

export class RankDeficientError extends Error {}

/**
 * A: m × n row-major; Y: m × k row-major. Returns C: n × k row-major. Throws
 * RankDeficientError when a column of A is (numerically) a combination of
 * the others, i.e. the points do not determine every coefficient.
 */
export function leastSquares(A: Float64Array, m: number, n: number, Y: Float64Array, k: number): Float64Array {
  return factoredLeastSquares(A, m, n, Y, k).coefficients;
}

/**
 * As {@link leastSquares}, also returning the triangular factor R (n × n,
 * row-major) of A = QR, from which the covariance of the coefficients,
 * (AᵀA)⁻¹ = R⁻¹R⁻ᵀ, and the leverage of any new point follow.
 */
export function factoredLeastSquares(A: Float64Array, m: number, n: number, Y: Float64Array, k: number): { coefficients: Float64Array; R: Float64Array } {
  if (m < n) throw new RankDeficientError(`${m} equations cannot determine ${n} coefficients`);
  const R = Float64Array.from(A);
  const Z = Float64Array.from(Y);
  const v = new Float64Array(m);
  const scale = Math.max(1e-300, maxAbs(A));
  for (let j = 0; j < n; j++) {
    const norm = householder(R, m, n, j, v);
    if (norm <= 1e-12 * scale * Math.sqrt(m)) throw new RankDeficientError(`the design matrix has rank < ${n}: coefficient ${j} is not determined by the points`);
    reflect(R, m, n, j, v, j + 1);
    reflect(Z, m, k, j, v, 0);
    R[j * n + j] = -Math.sign(R[j * n + j] || 1) * norm;
    for (let i = j + 1; i < m; i++) R[i * n + j] = 0;
  }
  return { coefficients: backSubstitute(R, n, Z, k), R: R.slice(0, n * n) };
}

/**
 * The leverage h = xᵀ(AᵀA)⁻¹x = ‖R⁻ᵀx‖² of a point with monomials x (length n):
 * the variance of the fitted value there in units of the runs' variance.
 */
export function leverage(R: Float64Array, n: number, x: Float64Array, offset = 0): number {
  const u = new Float64Array(n);
  let h = 0;
  for (let i = 0; i < n; i++) {
    let s = x[offset + i];
    for (let j = 0; j < i; j++) s -= R[j * n + i] * u[j];
    u[i] = s / R[i * n + i];
    h += u[i] * u[i];
  }
  return h;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const x of a) m = Math.max(m, Math.abs(x));
  return m;
}

/** The Householder vector v (rows j…m−1) that zeroes column j below the diagonal; returns ‖column‖. */
function householder(R: Float64Array, m: number, n: number, j: number, v: Float64Array): number {
  let norm2 = 0;
  for (let i = j; i < m; i++) norm2 += R[i * n + j] ** 2;
  const norm = Math.sqrt(norm2);
  const a = R[j * n + j];
  const alpha = a >= 0 ? -norm : norm;
  for (let i = j; i < m; i++) v[i] = R[i * n + j];
  v[j] = a - alpha;
  let vv = 0;
  for (let i = j; i < m; i++) vv += v[i] ** 2;
  const inv = vv > 0 ? 1 / Math.sqrt(vv) : 0;
  for (let i = j; i < m; i++) v[i] *= inv;
  // Keep the diagonal entry's sign with the reflection: written back by the caller as −sign(a)·‖col‖.
  R[j * n + j] = a;
  return norm;
}

/** M ← (I − 2 v vᵀ) M on rows j…m−1, columns from `from` (M: m × w). */
function reflect(M: Float64Array, m: number, w: number, j: number, v: Float64Array, from: number): void {
  for (let c = from; c < w; c++) {
    let dot = 0;
    for (let i = j; i < m; i++) dot += v[i] * M[i * w + c];
    dot *= 2;
    for (let i = j; i < m; i++) M[i * w + c] -= dot * v[i];
  }
}

/** Solves R C = Z[0:n] (R upper triangular, n × n block of an m × n array). */
function backSubstitute(R: Float64Array, n: number, Z: Float64Array, k: number): Float64Array {
  const C = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    for (let i = n - 1; i >= 0; i--) {
      let s = Z[i * k + c];
      for (let j = i + 1; j < n; j++) s -= R[i * n + j] * C[j * k + c];
      C[i * k + c] = s / R[i * n + i];
    }
  }
  return C;
}

/**
 * Small dense symmetric matrices as the rest of mctune holds them (row-major
 * Float64Array, n × n), decomposed by ml-matrix: eigenvalues and vectors,
 * functions of the spectrum (inverse, pseudo-inverse, square root), Cholesky.
 * The sizes a tune meets (parameters, runs: n ≲ 500) make these cheap.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface Eigen {
  /** Eigenvalues in descending order. */
  readonly values: Float64Array;
  /** Eigenvectors as columns, in the order of `values`: vectors[i * n + k] is component i of vector k. */
  readonly vectors: Float64Array;
}

/** The symmetric part (A + Aᵀ)/2 as an ml-matrix: products like JᵀJ are symmetric only to rounding. */
function toMatrix(A: Float64Array, n: number): Matrix {
  if (A.length !== n * n) throw new Error(`expected an ${n} × ${n} matrix, got ${A.length} numbers`);
  return Matrix.from1DArray(n, n, Array.from({ length: n * n }, (_, k) => {
    const i = Math.floor(k / n);
    const j = k % n;
    return (A[i * n + j] + A[j * n + i]) / 2;
  }));
}

/** Eigenvalues and eigenvectors of the symmetric matrix A (n × n); A is not modified. */
export function symmetricEigen(A: Float64Array, n: number): Eigen {
  const e = new EigenvalueDecomposition(toMatrix(A, n), { assumeSymmetric: true });
  const lambda = e.realEigenvalues;
  const V = e.eigenvectorMatrix;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => lambda[j] - lambda[i]);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    for (let i = 0; i < n; i++) vectors[i * n + k] = V.get(i, src);
  });
  return { values: Float64Array.from(order, (i) => lambda[i]), vectors };
}

/** V f(Λ) Vᵀ for a function of the eigenvalues. */
export function spectralMap(e: Eigen, n: number, f: (lambda: number) => number): Float64Array {
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const fk = f(e.values[k]);
    if (fk === 0) continue;
    for (let i = 0; i < n; i++) {
      const vik = e.vectors[i * n + k] * fk;
      for (let j = 0; j < n; j++) out[i * n + j] += vik * e.vectors[j * n + k];
    }
  }
  return out;
}

/**
 * The inverse of a symmetric positive semi-definite matrix with eigenvalues
 * below `rcond` × the largest treated as zero (a pseudo-inverse): directions
 * the data do not constrain get no weight rather than an infinite one.
 */
export function symmetricPseudoInverse(A: Float64Array, n: number, rcond = 1e-12): { inverse: Float64Array; rank: number } {
  const e = symmetricEigen(A, n);
  const cut = n > 0 ? rcond * Math.max(0, e.values[0]) : 0;
  const kept = (l: number) => l > cut && l > 0;
  return { inverse: spectralMap(e, n, (l) => (kept(l) ? 1 / l : 0)), rank: e.values.filter(kept).length };
}

/** Lower-triangular L (n × n, row-major) with A = L Lᵀ; throws when A is not positive definite. */
export function cholesky(A: Float64Array, n: number): Float64Array {
  const c = new CholeskyDecomposition(toMatrix(A, n));
  if (!c.isPositiveDefinite()) throw new Error('the matrix is not positive definite');
  const L = c.lowerTriangularMatrix;
  return Float64Array.from({ length: n * n }, (_, k) => L.get(Math.floor(k / n), k % n));
}

/** The solution x of A x = b for symmetric positive definite A, or undefined when A is not. */
export function solvePositiveDefinite(A: Float64Array, n: number, b: Float64Array): Float64Array | undefined {
  const c = new CholeskyDecomposition(toMatrix(A, n));
  if (!c.isPositiveDefinite()) return undefined;
  const x = c.solve(Matrix.columnVector(Array.from(b)));
  return Float64Array.from({ length: n }, (_, i) => x.get(i, 0));
}

/**
 * Monomials of the unit-cube coordinates x ∈ [0,1]^d up to a total order n,
 * in the order Professor writes coefficients: graded by total degree
 * (constant, the d linear terms, then degree 2, …), and within a degree the
 * exponent vectors in the order {@link exponentsOfDegree} gives.
 */

/** C(d + n, n): the number of coefficients of a polynomial of order n in d variables. */
export function numCoefficients(dim: number, order: number): number {
  let c = 1;
  for (let i = 1; i <= order; i++) c = (c * (dim + i)) / i;
  return Math.round(c);
}

/** Exponent vectors (each of length `dim`) of every monomial of order ≤ `order`, in coefficient order. */
export function monomialExponents(dim: number, order: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let deg = 0; deg <= order; deg++) out.push(...exponentsOfDegree(dim, deg));
  return out;
}

/**
 * The exponent vectors of total degree `deg`, the first variable's exponent
 * highest first: for d = 2, degree 2 gives (2,0), (1,1), (0,2).
 */
export function exponentsOfDegree(dim: number, deg: number): Int32Array[] {
  if (dim === 0) return deg === 0 ? [new Int32Array(0)] : [];
  const out: Int32Array[] = [];
  for (let first = deg; first >= 0; first--) {
    for (const rest of exponentsOfDegree(dim - 1, deg - first)) {
      const e = new Int32Array(dim);
      e[0] = first;
      e.set(rest, 1);
      out.push(e);
    }
  }
  return out;
}

/**
 * The monomials at each point: points (n × d, unit cube, row-major) → n × M
 * design matrix, M = exps.length.
 */
export function designMatrix(x: Float64Array, dim: number, exps: readonly Int32Array[]): Float64Array {
  const n = dim === 0 ? 0 : x.length / dim;
  const order = Math.max(0, ...exps.map((e) => e.reduce((a, b) => a + b, 0)));
  const M = exps.length;
  const out = new Float64Array(n * M);
  const pow = new Float64Array(dim * (order + 1));
  for (let i = 0; i < n; i++) {
    powers(x, i * dim, dim, order, pow);
    for (let k = 0; k < M; k++) {
      const e = exps[k];
      let v = 1;
      for (let q = 0; q < dim; q++) v *= pow[q * (order + 1) + e[q]];
      out[i * M + k] = v;
    }
  }
  return out;
}

/**
 * ∂monomial_k/∂x_p at one point (unit cube): M × d row-major.
 */
export function monomialGradients(x: Float64Array, dim: number, exps: readonly Int32Array[]): Float64Array {
  const order = Math.max(0, ...exps.map((e) => e.reduce((a, b) => a + b, 0)));
  const pow = new Float64Array(dim * (order + 1));
  powers(x, 0, dim, order, pow);
  const out = new Float64Array(exps.length * dim);
  exps.forEach((e, k) => {
    for (let p = 0; p < dim; p++) {
      if (e[p] === 0) continue;
      let v = e[p] * pow[p * (order + 1) + e[p] - 1];
      for (let q = 0; q < dim; q++) if (q !== p) v *= pow[q * (order + 1) + e[q]];
      out[k * dim + p] = v;
    }
  });
  return out;
}

/** pow[q·(order+1) + j] = x_q^j for the point starting at x[at]. */
function powers(x: Float64Array, at: number, dim: number, order: number, pow: Float64Array): void {
  for (let q = 0; q < dim; q++) {
    let v = 1;
    for (let j = 0; j <= order; j++) {
      pow[q * (order + 1) + j] = v;
      v *= x[at + q];
    }
  }
}

import { describe, expect, it } from 'vitest';
import { cholesky, spectralMap, symmetricEigen, symmetricPseudoInverse } from '../../src/linalg/index.js';

/** A symmetric positive definite 3 × 3 matrix with known eigenvalues 6, 3, 1 (built as Q diag Qᵀ). */
function known(): { A: Float64Array; values: number[] } {
  const c = Math.cos(0.3);
  const s = Math.sin(0.3);
  const Q = [c, -s, 0, s * Math.cos(0.7), c * Math.cos(0.7), -Math.sin(0.7), s * Math.sin(0.7), c * Math.sin(0.7), Math.cos(0.7)];
  const values = [6, 3, 1];
  const A = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) A[i * 3 + j] += Q[i * 3 + k] * values[k] * Q[j * 3 + k];
  return { A, values };
}

describe('symmetric matrices', () => {
  it('eigenvalues come out descending, and A v = λ v for each vector', () => {
    const { A, values } = known();
    const e = symmetricEigen(A, 3);
    values.forEach((v, k) => expect(e.values[k]).toBeCloseTo(v, 12));
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let Av = 0;
        for (let j = 0; j < 3; j++) Av += A[i * 3 + j] * e.vectors[j * 3 + k];
        expect(Av).toBeCloseTo(e.values[k] * e.vectors[i * 3 + k], 12);
      }
    }
  });

  it('the pseudo-inverse inverts a full-rank matrix and drops a null direction', () => {
    const { A } = known();
    const { inverse, rank } = symmetricPseudoInverse(A, 3);
    expect(rank).toBe(3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect([0, 1, 2].reduce((s, k) => s + A[i * 3 + k] * inverse[k * 3 + j], 0)).toBeCloseTo(i === j ? 1 : 0, 12);
    const singular = Float64Array.from([1, 1, 1, 1]);
    const p = symmetricPseudoInverse(singular, 2);
    expect(p.rank).toBe(1);
    // The pseudo-inverse of [[1,1],[1,1]] is [[1,1],[1,1]]/4.
    p.inverse.forEach((x) => expect(x).toBeCloseTo(0.25, 12));
  });

  it('spectral square root squares back; Cholesky factors multiply back, and refuses an indefinite matrix', () => {
    const { A } = known();
    const root = spectralMap(symmetricEigen(A, 3), 3, Math.sqrt);
    const L = cholesky(A, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        expect([0, 1, 2].reduce((s, k) => s + root[i * 3 + k] * root[k * 3 + j], 0)).toBeCloseTo(A[i * 3 + j], 12);
        expect([0, 1, 2].reduce((s, k) => s + L[i * 3 + k] * L[j * 3 + k], 0)).toBeCloseTo(A[i * 3 + j], 12);
      }
    }
    expect(L[1]).toBe(0);
    expect(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
  });
});

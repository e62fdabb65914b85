import { describe, expect, it } from 'vitest';
import { symmetricEigen3 } from '../../src/observables/index.js';
import { gauss } from '../helpers/random.js';
import { randomRotation, rng } from './fixtures.js';

type Sym = [number, number, number, number, number, number]; // xx, yy, zz, xy, xz, yz

function solve(m: Sym): { values: Float64Array; vectors: Float64Array } {
  const values = new Float64Array(3), vectors = new Float64Array(9);
  symmetricEigen3(m, values, vectors);
  return { values, vectors };
}

function full(m: Sym): number[][] {
  const [xx, yy, zz, xy, xz, yz] = m;
  return [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]];
}

/** R diag(l) Rᵀ. */
function compose(R: number[], l: number[]): Sym {
  const a = (i: number, j: number) => R[3 * i] * l[0] * R[3 * j] + R[3 * i + 1] * l[1] * R[3 * j + 1] + R[3 * i + 2] * l[2] * R[3 * j + 2];
  return [a(0, 0), a(1, 1), a(2, 2), a(0, 1), a(0, 2), a(1, 2)];
}

function check(m: Sym, tol = 1e-13): Float64Array {
  const { values, vectors } = solve(m);
  const A = full(m);
  const scale = Math.max(1e-300, ...A.flat().map(Math.abs));
  expect(values[0]).toBeGreaterThanOrEqual(values[1]);
  expect(values[1]).toBeGreaterThanOrEqual(values[2]);
  expect(values[0] + values[1] + values[2]).toBeCloseTo(m[0] + m[1] + m[2], 12);
  for (let k = 0; k < 3; k++) {
    const v = [vectors[3 * k], vectors[3 * k + 1], vectors[3 * k + 2]];
    for (let i = 0; i < 3; i++) {
      const Av = A[i][0] * v[0] + A[i][1] * v[1] + A[i][2] * v[2];
      expect(Math.abs(Av - values[k] * v[i])).toBeLessThan(tol * scale);
    }
    for (let j = 0; j < 3; j++) {
      const d = v[0] * vectors[3 * j] + v[1] * vectors[3 * j + 1] + v[2] * vectors[3 * j + 2];
      expect(Math.abs(d - (j === k ? 1 : 0))).toBeLessThan(1e-14);
    }
  }
  return values;
}

describe('symmetricEigen3', () => {
  it('diagonal, zero and rank-one matrices', () => {
    expect(Array.from(check([3, 1, 2, 0, 0, 0]))).toEqual([3, 2, 1]);
    expect(Array.from(check([0, 0, 0, 0, 0, 0]))).toEqual([0, 0, 0]);
    const v = [1, 2, 2];
    const l = check([v[0] * v[0], v[1] * v[1], v[2] * v[2], v[0] * v[1], v[0] * v[2], v[1] * v[2]]);
    expect(l[0]).toBeCloseTo(9, 13);
    expect(Math.abs(l[1])).toBeLessThan(1e-14);
  });

  it('random symmetric matrices: A v = λ v, orthonormal, sorted', () => {
    const r = rng(3);
    for (let k = 0; k < 500; k++) check([gauss(r), gauss(r), gauss(r), gauss(r), gauss(r), gauss(r)]);
  });

  it('known spectra in random frames, including exact and near degeneracies, to 1e-12', () => {
    const r = rng(4);
    const spectra = [[0.7, 0.2, 0.1], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3], [0.6, 0.4 + 1e-9, 0.4], [1, 0, 0], [0.5, 0.25, 0.25]];
    for (const s of spectra) {
      for (let k = 0; k < 50; k++) {
        const values = check(compose(randomRotation(r), s));
        for (let i = 0; i < 3; i++) expect(Math.abs(values[i] - s[i])).toBeLessThan(1e-14);
      }
    }
  });

  it('eigenvectors are unit with their largest component positive', () => {
    const r = rng(5);
    const { vectors } = solve(compose(randomRotation(r), [0.6, 0.3, 0.1]));
    for (let k = 0; k < 3; k++) {
      const v = [vectors[3 * k], vectors[3 * k + 1], vectors[3 * k + 2]];
      const lead = v.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
      expect(lead).toBeGreaterThan(0);
    }
  });
});

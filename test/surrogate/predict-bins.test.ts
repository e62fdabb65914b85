import { describe, expect, it } from 'vitest';
import { fitNetwork, fitPolynomial, type Surrogate } from '../../src/surrogate/index.js';
import { syntheticTable } from './fixtures.js';

const table = syntheticTable({
  names: ['StringZ:aLund', 'StringZ:bLund'],
  low: [0.3, 0.5],
  high: [1.0, 1.5],
  runs: 40,
  response: (p) => [10 + 4 * Math.sin(2 * p[0]) * p[1], 5 * Math.exp(-p[0]) + p[1] * p[1], 3 + p[0] * p[1], 1 + p[0]],
  relError: 0.02,
  seed: 9,
});
const points = Float64Array.from([0.4, 0.7, 0.9, 1.3, 0.65, 1.0]);
/** Some bins, out of order, one twice. */
const columns = Int32Array.from([3, 0, 2, 0]);

/** Column b of every point's row of a points × B array. */
function pick(all: Float64Array, B: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (const b of columns) out.push(all[i * B + b]);
  return out;
}

function expectSameAsWhole(model: Surrogate): void {
  if (!model.predictBins || !model.jacobianBins) throw new Error(`${model.kind} surrogate should predict on some bins`);
  const B = model.bins.length;
  const whole = model.predict(points);
  const some = model.predictBins(points, columns);
  expect(Array.from(some.values)).toEqual(pick(whole.values, B, 3));
  expect(Array.from(some.errors)).toEqual(pick(whole.errors, B, 3));
  expect(Array.from(some.spread)).toEqual(pick(whole.spread, B, 3));
  const at = points.subarray(2, 4);
  const J = model.jacobian(at);
  const rows = Array.from(columns, (b) => Array.from(J.subarray(b * 2, b * 2 + 2)));
  expect(Array.from(model.jacobianBins(at, columns))).toEqual(rows.flat());
}

describe('a surrogate on some of its bins', () => {
  it('is a polynomial\'s prediction and Jacobian on those bins, exactly', () => {
    expectSameAsWhole(fitPolynomial(table, { order: 2 }));
  });

  it('is a network ensemble\'s prediction and Jacobian on those bins, exactly', async () => {
    expectSameAsWhole(await fitNetwork(table, { epochs: 50, ensemble: 2, threads: 1, seed: 3, backend: 'cpu' }));
  }, 60_000);
});

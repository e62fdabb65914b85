import { describe, expect, it } from 'vitest';
import { parseCampaign, parseWeightLine, type WeightSpec } from '../../src/campaign/index.js';
import { Chi2Objective, selectBins } from '../../src/chi2/index.js';
import { fitPolynomial } from '../../src/surrogate/index.js';
import { fitBest, uncertaintiesAt } from '../../src/tune/index.js';
import { adaptivePoints, binInfluence } from '../../src/loop/adaptive.js';
import { syntheticTable } from '../surrogate/fixtures.js';

const config = parseCampaign(
  `name: a
parameters:
  StringZ:aLund: { range: [0.3, 1.0] }
  StringZ:bLund: { range: [0.5, 1.5] }
analyses: [ALEPH_1996_S3486095]
reference: []
runs: 10
events: 100
`,
  'a.yaml',
);

describe('adaptive placement of runs', () => {
  it('puts new runs where the surrogate is least sure of the bins that move the tune', () => {
    // Runs only where aLund < 0.6: beyond, the polynomial extrapolates and its leverage grows.
    const table = syntheticTable({ names: ['StringZ:aLund', 'StringZ:bLund'], low: [0.3, 0.5], high: [0.6, 1.5], runs: 40, response: (p) => [5 + 3 * p[0] + p[1] * p[1], 2 + p[0] * p[1], 4 - p[1]], relError: 0.01, seed: 2 });
    const box = { names: ['StringZ:aLund', 'StringZ:bLund'], low: [0.3, 0.5], high: [1.0, 1.5] };
    const model = fitPolynomial(table, { order: 2, box: { names: box.names, low: Float64Array.from(box.low), high: Float64Array.from(box.high) } });
    const at = Float64Array.from([0.45, 1.0]);
    const data = { values: model.predict(at).values, errors: Float64Array.from([0.05, 0.02, 0.04]) };
    const objective = new Chi2Objective(model, selectBins(model.bins, data, [parseWeightLine('/TEST 1') as WeightSpec]));
    const fit = fitBest(objective, { starts: 4 });
    const influence = binInfluence(objective, fit.best, uncertaintiesAt(objective, fit.best, fit.free).covariance, fit.free);
    expect(influence.every((x) => x > 0)).toBe(true);
    const points = adaptivePoints(config, objective, influence, box, 10, 1);
    expect(points).toHaveLength(10);
    for (const p of points) {
      expect(p['StringZ:aLund']).toBeGreaterThanOrEqual(0.3);
      expect(p['StringZ:aLund']).toBeLessThanOrEqual(1.0);
    }
    // Uniform placement would put 4/7 of them beyond 0.6; the surrogate's doubt puts (nearly) all there.
    expect(points.filter((p) => p['StringZ:aLund'] > 0.6).length).toBeGreaterThanOrEqual(8);
    // And they do not pile up: no two closer than a tenth of the box.
    for (let i = 0; i < 10; i++) for (let j = 0; j < i; j++) expect(Math.hypot((points[i]['StringZ:aLund'] - points[j]['StringZ:aLund']) / 0.7, points[i]['StringZ:bLund'] - points[j]['StringZ:bLund'])).toBeGreaterThan(0.1);
  });
});

import { describe, expect, it } from 'vitest';
import { chi2BarsSpec, comparisonRows, correlationSpec, effectiveSampleSize, heldOutPulls, histogramComparisonSpec, pullSummaries, relativeSensitivity, reweightRows, sensitivitySpec, trajectoriesSpec, trajectoryRows, weightDistributionSpec, weightHistogramRows, type HistogramComparison } from '../../src/plots/index.js';
import { gauss as normal, rng as seededRandom } from '../helpers/random.js';

/** A spec's JSON, for looking at its structure without typing vega-lite's unions here. */
type Json = Record<string, unknown>;
const json = (spec: unknown): Json => JSON.parse(JSON.stringify(spec)) as Json;
const rowsOf = (spec: Json): Json[] => (spec.data as { values: Json[] }).values;
/** Every mark type in a (nested) spec, in order. */
function marks(spec: unknown): string[] {
  if (Array.isArray(spec)) return spec.flatMap(marks);
  if (typeof spec !== 'object' || spec === null) return [];
  const s = spec as Json;
  const own = typeof s.mark === 'string' ? [s.mark] : typeof s.mark === 'object' && s.mark !== null ? [(s.mark as { type: string }).type] : [];
  return [...own, ...['layer', 'vconcat', 'hconcat', 'spec'].flatMap((k) => marks(s[k]))];
}

function comparison(bins: number, random: () => number): HistogramComparison {
  const lows = Array.from({ length: bins }, (_, i) => i * 0.1);
  const data = lows.map(() => 1 + 10 * random());
  return {
    title: 'test',
    xLabel: '1 − T',
    lows,
    highs: lows.map((l) => l + 0.1),
    data: { values: data, down: data.map((d) => 0.05 * d) },
    prediction: { values: data.map((d) => d * (0.9 + 0.2 * random())), down: data.map(() => 0.1), up: data.map(() => 0.2) },
    envelope: { min: data.map((d) => d * 0.5), max: data.map((d) => d * 1.5) },
  };
}

describe('histogramComparisonSpec', () => {
  it('has one row per bin, a main and a ratio panel, and every series as its own mark', () => {
    const random = seededRandom(1);
    for (const bins of [1, 7, 23]) {
      const c = comparison(bins, random);
      const spec = json(histogramComparisonSpec(c));
      expect(rowsOf(spec)).toHaveLength(bins);
      expect(spec.vconcat).toHaveLength(2);
      const kinds = marks(spec);
      expect(kinds.filter((m) => m === 'rect')).toHaveLength(4); // envelope and band, in both panels
      expect(kinds.filter((m) => m === 'point')).toHaveLength(2);
      expect(JSON.stringify(spec)).toContain('1 − T');
    }
  });

  it('puts ratios to the data beside the values', () => {
    const c = comparison(9, seededRandom(2));
    comparisonRows(c).forEach((row, i) => {
      expect(row.tuneRatio).toBeCloseTo(c.prediction!.values[i] / c.data!.values[i], 12);
      expect(row.dataRatio).toBe(1);
      expect(row.bandHigh).toBeCloseTo(c.prediction!.values[i] + 0.2, 12);
      expect(row.bandLow).toBeCloseTo(c.prediction!.values[i] - 0.1, 12);
    });
  });

  it('leaves NaN out of the rows and has no ratio panel without data', () => {
    const c = comparison(4, seededRandom(3));
    const spec = json(histogramComparisonSpec({ ...c, data: undefined, prediction: { values: [1, NaN, 3, 4] } }));
    expect(spec.vconcat).toHaveLength(1);
    expect(rowsOf(spec).filter((r) => 'tune' in r)).toHaveLength(3);
    expect(marks(spec)).not.toContain('point');
  });

  it('uses a log axis only for positive values spanning decades', () => {
    const c = comparison(3, seededRandom(4));
    const big = { ...c, data: { values: [1e4, 10, 0.1] }, prediction: undefined, envelope: undefined };
    expect(JSON.stringify(histogramComparisonSpec(big))).toContain('"type":"log"');
    expect(JSON.stringify(histogramComparisonSpec({ ...big, data: { values: [1e4, 0, 0.1] } }))).not.toContain('"type":"log"');
  });

  it('names the plot and series whose length is wrong', () => {
    const c = comparison(5, seededRandom(5));
    expect(() => histogramComparisonSpec({ ...c, envelope: { min: [1, 2], max: c.envelope!.max } })).toThrow(/test: envelope min has 2 values, expected one per bin \(5\)/);
  });
});

describe('chi2BarsSpec', () => {
  it('has a bar per histogram, largest χ² first', () => {
    const random = seededRandom(6);
    const hs = Array.from({ length: 8 }, (_, i) => ({ path: `/A/d0${i}`, chi2: 30 * random(), bins: 5 + i }));
    const rows = rowsOf(json(chi2BarsSpec(hs)));
    expect(rows).toHaveLength(8);
    const chi2 = rows.map((r) => r.chi2 as number);
    expect(chi2).toEqual([...hs.map((h) => h.chi2)].sort((a, b) => b - a));
    expect(marks(chi2BarsSpec(hs))).toEqual(['bar', 'tick']);
  });
});

describe('trajectoriesSpec', () => {
  it('has a row per iteration and parameter with value ± σ, one panel per parameter', () => {
    const names = ['a', 'b', 'c'];
    const iterations = [0, 1, 2, 3].map((it) => ({ iteration: it, best: new Map(names.map((n, p) => [n, p + it / 10])), sigma: new Map(names.map((n) => [n, 0.5 / (it + 1)])) }));
    const rows = trajectoryRows(iterations, names);
    expect(rows).toHaveLength(12);
    const row = rows.find((r) => r.iteration === 2 && r.parameter === 'b')!;
    expect(row.high).toBeCloseTo(1.2 + 0.5 / 3, 12);
    expect(row.low).toBeCloseTo(1.2 - 0.5 / 3, 12);
    const spec = json(trajectoriesSpec(iterations, names));
    expect((spec.facet as Json).row).toMatchObject({ field: 'parameter' });
    expect(marks(spec)).toEqual(['area', 'rule', 'line', 'point']);
  });

  it("draws a closure campaign's truth as a dashed line, only for the parameters that have one", () => {
    const names = ['a', 'b'];
    const iterations = [0, 1].map((it) => ({ iteration: it, best: new Map(names.map((n) => [n, it])), sigma: new Map(names.map((n) => [n, 0.1])) }));
    const spec = json(trajectoriesSpec(iterations, names, 'p', new Map([['a', 0.5]])));
    expect(marks(spec)).toEqual(['area', 'rule', 'line', 'point', 'rule']);
    const rows = rowsOf(spec);
    expect(rows.filter((r) => r.parameter === 'a').map((r) => [r.truth, r.truthKnown])).toEqual([[0.5, 1], [0.5, 1]]);
    // Without a truth, the row carries its own value, drawn invisibly, so that its panel's scale is unchanged.
    expect(rows.filter((r) => r.parameter === 'b').map((r) => [r.truth, r.truthKnown])).toEqual([[0, 0], [1, 0]]);
  });
});

describe('correlationSpec', () => {
  it('has P² cells with their values and refuses a matrix of the wrong size', () => {
    const rows = rowsOf(json(correlationSpec(['a', 'b', 'c'], [1, 0.5, -0.2, 0.5, 1, 0.1, -0.2, 0.1, 1])));
    expect(rows).toHaveLength(9);
    expect(rows.find((r) => r.row === 'a' && r.column === 'c')!.correlation).toBe(-0.2);
    expect(() => correlationSpec(['a', 'b'], [1, 0, 0])).toThrow(/expected 2 × 2 correlations, got 3/);
  });
});

describe('relativeSensitivity', () => {
  it('is the fraction a bin moves per fraction a parameter moves, for a linear model', () => {
    const random = seededRandom(7);
    const B = 6;
    const P = 3;
    const jacobian = Float64Array.from({ length: B * P }, () => random() - 0.5);
    const point = Float64Array.from({ length: P }, () => 0.5 + random());
    const offset = Float64Array.from({ length: B }, () => 2 + random());
    const model = (theta: ArrayLike<number>, b: number) => offset[b] + Array.from(theta).reduce((s, t, p) => s + jacobian[b * P + p] * t, 0);
    const values = Float64Array.from({ length: B }, (_, b) => model(point, b));
    const bins = Array.from({ length: B }, (_, i) => ({ path: '/A/d01', index: i }));
    const S = relativeSensitivity({ names: ['x', 'y', 'z'], bins, jacobian, values, point });
    for (let b = 0; b < B; b++) {
      for (let p = 0; p < P; p++) {
        const moved = Float64Array.from(point);
        moved[p] *= 1.001;
        expect(S[b * P + p]).toBeCloseTo((model(moved, b) / values[b] - 1) / 0.001, 8);
      }
    }
    const spec = json(sensitivitySpec({ names: ['x', 'y', 'z'], bins, jacobian, values, point }));
    expect(rowsOf(spec)).toHaveLength(B * P);
  });
});

describe('heldOutPulls', () => {
  it('divides each miss by its stated scale, so misses drawn with that scale have RMS ≈ 1', () => {
    const random = seededRandom(8);
    const runs = 400;
    const bins = Array.from({ length: 5 }, (_, i) => ({ path: i < 3 ? '/A/d01' : '/A/d02', index: i }));
    const B = bins.length;
    const discrepancy = Float64Array.from({ length: B }, () => random());
    const noise = Float64Array.from({ length: runs * B }, () => 0.1 + random());
    const misses = Float64Array.from({ length: runs * B }, (_, k) => normal(random) * Math.sqrt(noise[k] + discrepancy[k % B] ** 2));
    const pulls = heldOutPulls({ bins, misses, noise, discrepancy });
    expect(pulls[7]).toBeCloseTo(misses[7] / Math.sqrt(noise[7] + discrepancy[2] ** 2), 12);
    const summary = pullSummaries({ bins, misses, noise, discrepancy }, pulls);
    expect(summary.map((s) => s.path)).toEqual(['/A/d01', '/A/d02']);
    expect(summary.map((s) => s.count)).toEqual([3 * runs, 2 * runs]);
    for (const s of summary) {
      expect(s.rms).toBeGreaterThan(0.9);
      expect(s.rms).toBeLessThan(1.1);
    }
  });
});

describe('reweighting plots', () => {
  it('effectiveSampleSize is N for equal weights and 1 for one non-zero weight', () => {
    expect(effectiveSampleSize(new Float64Array(250).fill(0.3))).toBeCloseTo(250, 9);
    expect(effectiveSampleSize([0, 0, 5, 0])).toBe(1);
  });

  it('counts every positive weight once and puts the ESS in the title', () => {
    const random = seededRandom(9);
    const weights = Float64Array.from({ length: 1000 }, () => Math.exp(random() * 3 - 1.5));
    weights[3] = 0;
    const { rows, skipped } = weightHistogramRows(weights, 25);
    expect(rows).toHaveLength(25);
    expect(rows.reduce((s, r) => s + (r.count as number), 0)).toBe(999);
    expect(skipped).toBe(1);
    const spec = json(weightDistributionSpec(weights));
    expect(JSON.stringify(spec.title)).toContain(`ESS ${effectiveSampleSize(weights).toFixed(0)} of 1000`);
  });

  it('has the ratio of every series to θ₀', () => {
    const lows = [0, 1, 2];
    const rows = reweightRows({ title: 't', xLabel: 'x', lows, highs: [1, 2, 3], nominal: { values: [2, 4, 8] }, reweighted: { values: [3, 4, 4], down: [1, 1, 1] }, target: { values: [2, 2, 2] } });
    expect(rows.map((r) => r.reweightedRatio)).toEqual([1.5, 1, 0.5]);
    expect(rows.map((r) => r.targetRatio)).toEqual([1, 0.5, 0.25]);
    expect(rows.map((r) => r.reweightedLow)).toEqual([2, 3, 3]);
  });
});

import { describe, expect, it } from 'vitest';
import { chi2BarsSpec, correlationSpec, histogramComparisonSpec, renderPlot, renderSvg, reweightComparisonSpec, scopeSvgIds, sensitivitySpec, surrogateValidationSpec, svgToPixels, svgToPng, trajectoriesSpec, weightDistributionSpec, type PlotSpec } from '../../src/plots/index.js';
import { rng } from '../helpers/random.js';
import { decodePng, greyVariance } from './png.js';
import { countMarks, danglingReferences } from './svg.js';

const random = rng(11);
const BINS = 12;
const lows = Array.from({ length: BINS }, (_, i) => i / BINS);
const highs = lows.map((l) => l + 1 / BINS);
const values = lows.map((l) => Math.exp(-3 * l) * (1 + 0.1 * random()));
const names = ['alpha', 'beta', 'gamma'];
const bins = lows.map((_, i) => ({ path: i < 6 ? '/A/d01-x01-y01' : '/A/d02-x01-y01', index: i % 6 }));

/** Each builder with its inputs, and the data marks its SVG must hold (mark type → at least this many items). */
const CASES: { name: string; spec: PlotSpec; expected: Record<string, number> }[] = [
  {
    name: 'comparison',
    spec: histogramComparisonSpec({ title: 'd01', xLabel: '1 − T', lows, highs, data: { values, down: values.map((v) => 0.05 * v) }, prediction: { values: values.map((v) => 1.02 * v), down: values.map((v) => 0.03 * v) }, envelope: { min: values.map((v) => 0.7 * v), max: values.map((v) => 1.3 * v) } }),
    expected: { rect: 4 * BINS, rule: 4 * BINS, symbol: 2 * BINS },
  },
  { name: 'chi2', spec: chi2BarsSpec([{ path: '/A/d01', chi2: 12, bins: 10 }, { path: '/A/d02', chi2: 3, bins: 4 }]), expected: { rect: 2 } },
  { name: 'trajectories', spec: trajectoriesSpec([0, 1, 2].map((iteration) => ({ iteration, best: new Map(names.map((n) => [n, random()])), sigma: new Map(names.map((n) => [n, 0.1])) })), names), expected: { symbol: 9, line: 3, area: 3 } },
  { name: 'correlation', spec: correlationSpec(names, [1, 0.2, 0.1, 0.2, 1, -0.4, 0.1, -0.4, 1]), expected: { rect: 9, text: 9 } },
  { name: 'sensitivity', spec: sensitivitySpec({ names, bins, jacobian: Float64Array.from({ length: BINS * 3 }, () => random() - 0.5), values, point: [1, 2, 3] }), expected: { rect: BINS * 3 } },
  { name: 'validation', spec: surrogateValidationSpec({ bins, misses: Float64Array.from({ length: 5 * BINS }, () => random() - 0.5), noise: new Float64Array(5 * BINS).fill(0.1) }), expected: { rect: 10, line: 1 } },
  { name: 'reweight', spec: reweightComparisonSpec({ title: 'rw', xLabel: 'x_p', lows, highs, nominal: { values }, reweighted: { values: values.map((v) => 1.1 * v), down: values.map((v) => 0.02 * v) }, target: { values: values.map((v) => 1.08 * v) } }), expected: { rule: 4 * BINS } },
  { name: 'weights', spec: weightDistributionSpec(Float64Array.from({ length: 500 }, () => Math.exp(random() - 0.5)), { bins: 20 }), expected: { rect: 1 } },
];

describe('renderSvg and svgToPng', () => {
  it.each(CASES)('$name renders without warnings to an SVG with its marks and a non-blank PNG', async ({ spec, expected }) => {
    const warnings: string[] = [];
    const { svg, png } = await renderPlot(spec, { onWarning: (m) => warnings.push(m), scale: 1 });
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    const marks = countMarks(svg);
    for (const [mark, atLeast] of Object.entries(expected)) expect(marks.get(mark) ?? 0, mark).toBeGreaterThanOrEqual(atLeast);
    const image = decodePng(png);
    expect(image.width).toBeGreaterThan(100);
    expect(greyVariance(image)).toBeGreaterThan(0);
  });

  it('draws every data row: one symbol per data point', async () => {
    for (const n of [3, 17]) {
      const edges = Array.from({ length: n }, (_, i) => i);
      const spec = histogramComparisonSpec({ title: 'n', xLabel: 'x', lows: edges, highs: edges.map((e) => e + 1), data: { values: edges.map(() => 1 + random()) } });
      // Main and ratio panel each show the data points.
      expect(countMarks(await renderSvg(spec)).get('symbol')).toBe(2 * n);
    }
  });

  it('a blank SVG gives a blank PNG (so the variance check can fail)', () => {
    const blank = '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="40"><rect width="50" height="40" fill="#fff"/></svg>';
    expect(greyVariance(decodePng(svgToPng(blank)))).toBe(0);
    const pixels = svgToPixels(blank, { scale: 1 });
    expect([pixels.width, pixels.height, pixels.pixels.length]).toEqual([50, 40, 50 * 40 * 4]);
  });

  it('names the plot a spec that does not compile belongs to', async () => {
    const broken = { title: 'broken plot', data: { values: [] }, mark: 'point', encoding: { x: { field: 'a', type: 'nominal' } }, vconcat: 3 } as unknown as PlotSpec;
    await expect(renderSvg(broken)).rejects.toThrow(/broken plot/);
  });
});

describe('scopeSvgIds', () => {
  it('prefixes every id and every reference to it, leaving none dangling', async () => {
    const svg = await renderSvg(CASES[0].spec);
    const scoped = scopeSvgIds(svg, 'p7');
    expect(danglingReferences(scoped)).toEqual([]);
    const ids = [...scoped.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(id.startsWith('p7-')).toBe(true);
    const twoPlots = scoped + scopeSvgIds(svg, 'p8');
    const all = [...twoPlots.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(all).size).toBe(all.length);
    expect(() => scopeSvgIds(svg, '1bad')).toThrow(/prefix/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  Binning,
  Estimate0D,
  Estimate1D,
  Profile1D,
  Scatter2D,
  estimateToScatter,
  profileToEstimate,
  quadratureTotals,
  scatterToEstimate,
} from '../../src/histo/index.js';
import { rng } from '../helpers/random.js';

describe('quadratureTotals', () => {
  it('adds sources in quadrature per side, a same-sign source counting on one side only', () => {
    const src = (dn: number, up: number) => ({ label: `${dn}/${up}`, dn: Float64Array.of(dn), up: Float64Array.of(up) });
    const t = quadratureTotals([src(-3, 3), src(-4, 1), src(0.5, 2), src(NaN, NaN)], 1);
    expect(t.dn[0]).toBeCloseTo(5, 12); // √(9 + 16), the (0.5, 2) source shifts only up
    expect(t.up[0]).toBeCloseTo(Math.sqrt(9 + 1 + 4), 12);
  });

  it('gives Estimate0D and Estimate1D totals', () => {
    const e0 = new Estimate0D('/T/e0', 2, [{ label: 'stat', dn: Float64Array.of(-0.3), up: Float64Array.of(0.4) }]);
    expect(e0.totalErrors()).toEqual({ dn: 0.3, up: 0.4 });
    const e1 = new Estimate1D('/T/e1', Binning.fromEdges([0, 1, 2]), Float64Array.of(NaN, 1, 2, NaN), [
      { label: 'a', dn: Float64Array.of(NaN, -1, -2, NaN), up: Float64Array.of(NaN, 1, 2, NaN) },
      { label: 'b', dn: Float64Array.of(NaN, -1, -2, NaN), up: Float64Array.of(NaN, 1, 2, NaN) },
    ]);
    expect([...e1.symmetricErrors()].map((v) => v / Math.SQRT2)).toEqual([1, 2].map((v) => expect.closeTo(v, 12) as unknown));
    expect(() => new Estimate1D('/T/x', Binning.fromEdges([0, 1]), new Float64Array(2))).toThrow(/expected 3 with flows/);
    expect(
      () =>
        new Estimate1D('/T/x', Binning.fromEdges([0, 1]), undefined, [
          { label: 's', dn: new Float64Array(3), up: new Float64Array(3) },
          { label: 's', dn: new Float64Array(3), up: new Float64Array(3) },
        ]),
    ).toThrow(/appears twice/);
  });
});

describe('Profile1D', () => {
  it('gives the weighted mean of y per bin with its standard error', () => {
    const r = rng(3);
    const p = new Profile1D('/T/p', Binning.fromEdges([0, 1, 2]));
    const ys: number[][] = [[], []];
    for (let i = 0; i < 1000; i++) {
      const x = 2 * r();
      const y = 10 * x + r();
      p.fill(x, y);
      ys[x < 1 ? 0 : 1].push(y);
    }
    const e = profileToEstimate(p);
    ys.forEach((v, b) => {
      const m = v.reduce((a, c) => a + c, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, c) => a + (c - m) ** 2, 0) / (v.length - 1));
      expect(e.values[b + 1]).toBeCloseTo(m, 9);
      expect(e.source('stats')!.up[b + 1]).toBeCloseTo(sd / Math.sqrt(v.length), 9);
    });
  });
});

describe('scatterToEstimate / estimateToScatter', () => {
  function scatter(points: number[][]): Scatter2D {
    const s = new Scatter2D('/REF/T/s', points.length);
    points.forEach(([x, xd, xu, y, yd, yu], i) => {
      s.x[i] = x;
      s.xErrDn[i] = xd;
      s.xErrUp[i] = xu;
      s.y[i] = y;
      s.yErrDn[i] = yd;
      s.yErrUp[i] = yu;
    });
    return s;
  }

  it('makes bins from the x errors, snapping edges that differ in the last bits, keeping gaps', () => {
    const s = scatter([
      [0.0175, 0.0025, 0.0025, 5, 0.1, 0.2],
      [0.0225, 0.0025, 0.0025, 4, 0.1, 0.1],
      [0.045, 0.005, 0.005, 3, 0.3, 0.3],
    ]);
    const { estimate, offCentre } = scatterToEstimate(s);
    expect(offCentre).toEqual([]);
    expect(estimate.binning.highs[0]).toBe(estimate.binning.lows[1]);
    expect(estimate.binning.isContiguous()).toBe(false);
    expect([...estimate.binValues()]).toEqual([5, 4, 3]);
    expect(estimate.source('total')!.dn[1]).toBe(-0.1);
    expect(estimate.source('total')!.up[1]).toBe(0.2);
  });

  it('reports points whose x is not the bin centre, and refuses overlapping points naming the point', () => {
    expect(scatterToEstimate(scatter([[1, 0.5, 1, 0, 0, 0], [3, 0.5, 0.5, 0, 0, 0]])).offCentre).toEqual([0]);
    // DELPHI_1996_S3430090 d49 has points like these: [2.15, 2.35] then [2.34, 2.45]
    const overlapping = scatter([[2.25, 0.1, 0.1, 1, 0, 0], [2.395, 0.055, 0.055, 1, 0, 0]]);
    expect(() => scatterToEstimate(overlapping)).toThrow(/\/REF\/T\/s: cannot make bins of point 1/);
  });

  it('turns an estimate back into points with total errors', () => {
    const s = scatter([[0.5, 0.5, 0.5, 2, 0.2, 0.3], [1.5, 0.5, 0.5, 1, 0.1, 0.1]]);
    const back = estimateToScatter(scatterToEstimate(s).estimate);
    for (const k of ['x', 'xErrDn', 'xErrUp', 'y', 'yErrDn', 'yErrUp'] as const) expect([...back[k]]).toEqual([...s[k]]);
  });
});

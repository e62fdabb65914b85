import { describe, expect, it } from 'vitest';
import { Binning, Histo1D, histoToDensity } from '../../src/histo/index.js';
import { gauss, rng } from '../helpers/random.js';

/** Samples filled into every test histogram: x ~ N(1, 0.7²), weights in [0.5, 1.5). */
function sample(n: number, seed: number): { x: number[]; w: number[] } {
  const r = rng(seed);
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(1 + 0.7 * gauss(r));
    w.push(0.5 + r());
  }
  return { x, w };
}

const edges = [0, 0.25, 0.5, 1, 1.5, 2, 3];

function filled(n = 20000, seed = 7): { h: Histo1D; x: number[]; w: number[] } {
  const { x, w } = sample(n, seed);
  const h = new Histo1D('/T/h', Binning.fromEdges(edges));
  x.forEach((xi, i) => h.fill(xi, w[i]));
  return { h, x, w };
}

describe('Histo1D.fill statistics', () => {
  it('matches per-bin sums and flows computed directly from the sample', () => {
    const { h, x, w } = filled();
    for (let b = -1; b <= edges.length - 1; b++) {
      const inBin = (xi: number) =>
        b === -1 ? xi < edges[0] : b === edges.length - 1 ? xi >= edges[edges.length - 1] : xi >= edges[b] && xi < edges[b + 1];
      let sw = 0;
      let sw2 = 0;
      let swx = 0;
      let n = 0;
      x.forEach((xi, i) => {
        if (!inBin(xi)) return;
        sw += w[i];
        sw2 += w[i] ** 2;
        swx += w[i] * xi;
        n++;
      });
      const s = b + 1;
      expect(h.sumw[s]).toBeCloseTo(sw, 9);
      expect(h.sumw2[s]).toBeCloseTo(sw2, 9);
      expect(h.sumwx[s]).toBeCloseTo(swx, 9);
      expect(h.numEntries[s]).toBe(n);
    }
    expect(h.numEntries[0] + h.numEntries[edges.length]).toBeGreaterThan(0); // both flows are exercised
  });

  it('gives the weighted mean, unbiased standard deviation and integrals of the sample', () => {
    const { h, x, w } = filled();
    const W = w.reduce((a, b) => a + b, 0);
    const W2 = w.reduce((a, b) => a + b * b, 0);
    const mean = x.reduce((a, xi, i) => a + w[i] * xi, 0) / W;
    // two-pass variance with the effective-entries correction, independent of the running sums
    const m2 = x.reduce((a, xi, i) => a + w[i] * (xi - mean) ** 2, 0);
    const variance = m2 / (W - W2 / W);
    expect(h.mean()).toBeCloseTo(mean, 10);
    expect(h.variance()).toBeCloseTo(variance, 9);
    expect(h.stdDev()).toBeCloseTo(Math.sqrt(variance), 9);
    expect(h.stdErr()).toBeCloseTo(Math.sqrt(variance / ((W * W) / W2)), 10);
    expect(h.integral(true)).toBeCloseTo(W, 8);
    const inside = x.reduce((a, xi, i) => a + (xi >= 0 && xi < 3 ? w[i] : 0), 0);
    expect(h.integral(false)).toBeCloseTo(inside, 8);
    // the sample mean must also agree with the generating value within its own statistical error
    expect(Math.abs(h.mean() - 1)).toBeLessThan(5 * h.stdErr());
  });

  it('reduces to the textbook sample variance for unit weights', () => {
    const h = Histo1D.uniform('/T/u', 4, 0, 4);
    for (const v of [0.5, 1.5, 1.5, 2.5, 3.5]) h.fill(v);
    expect(h.mean()).toBeCloseTo(1.9, 12);
    expect(h.variance()).toBeCloseTo(1.3, 12); // Σ(x−1.9)² / (5−1) = 5.2 / 4
  });

  it('sends fills in a gap to the total only, and refuses NaN', () => {
    const h = new Histo1D('/T/g', Binning.fromBounds(Float64Array.of(0, 2), Float64Array.of(1, 3)));
    h.fill(1.5, 2);
    expect(h.sumW()).toBe(2);
    expect(h.integral(true)).toBe(0);
    expect(() => h.fill(NaN)).toThrow(/NaN/);
  });
});

describe('Histo1D transformations', () => {
  it('scales weights (Σw² by f²) and records ScaledBy', () => {
    const { h } = filled(2000);
    const before = h.clone();
    h.scaleW(3);
    expect(h.sumw[2]).toBeCloseTo(3 * before.sumw[2], 12);
    expect(h.sumw2[2]).toBeCloseTo(9 * before.sumw2[2], 12);
    expect(h.numEntries[2]).toBe(before.numEntries[2]);
    expect(h.mean()).toBeCloseTo(before.mean(), 12);
    expect(h.annotations.get('ScaledBy')).toBe('3');
  });

  it('normalises to a given area, with or without flows', () => {
    const { h } = filled(2000);
    h.normalize(5, false);
    expect(h.integral(false)).toBeCloseTo(5, 12);
    h.normalize(1);
    expect(h.integral(true)).toBeCloseTo(1, 12);
    expect(() => Histo1D.uniform('/T/e', 2, 0, 1).normalize()).toThrow(/zero integral/);
  });

  it('adds histograms of the same binning as if filled together, and refuses other binnings', () => {
    const a = filled(3000, 1).h;
    const b = filled(3000, 2).h;
    const { x, w } = sample(3000, 1);
    const s2 = sample(3000, 2);
    const both = new Histo1D('/T/h', Binning.fromEdges(edges));
    [...x, ...s2.x].forEach((xi, i) => both.fill(xi, [...w, ...s2.w][i]));
    a.add(b);
    for (let s = 0; s < edges.length + 1; s++) {
      expect(a.sumw[s]).toBeCloseTo(both.sumw[s], 9);
      expect(a.sumwx2[s]).toBeCloseTo(both.sumwx2[s], 9);
    }
    expect(a.mean()).toBeCloseTo(both.mean(), 12);
    expect(() => a.add(Histo1D.uniform('/T/h', 6, 0, 3))).toThrow(/bin 0 high differs/);
  });

  it('rebins by merging adjacent bins exactly as filling a coarser histogram would', () => {
    const { h, x, w } = filled(5000);
    h.rebinBy(2);
    expect([...h.binning.lows]).toEqual([0, 0.5, 1.5]);
    expect([...h.binning.highs]).toEqual([0.5, 1.5, 3]);
    const coarse = new Histo1D('/T/c', Binning.fromEdges([0, 0.5, 1.5, 3]));
    x.forEach((xi, i) => coarse.fill(xi, w[i]));
    for (let s = 0; s < 5; s++) {
      expect(h.sumw[s]).toBeCloseTo(coarse.sumw[s], 9);
      expect(h.numEntries[s]).toBe(coarse.numEntries[s]);
    }
  });
});

describe('histoToDensity', () => {
  it('divides by the bin width and gives √Σw²/width as the statistical error', () => {
    const { h } = filled(4000);
    const e = histoToDensity(h);
    for (let i = 0; i < h.numBins; i++) {
      const width = edges[i + 1] - edges[i];
      expect(e.values[i + 1]).toBeCloseTo(h.sumw[i + 1] / width, 12);
      expect(e.source('stats')!.up[i + 1]).toBeCloseTo(Math.sqrt(h.sumw2[i + 1]) / width, 12);
      expect(e.source('stats')!.dn[i + 1]).toBeCloseTo(-Math.sqrt(h.sumw2[i + 1]) / width, 12);
    }
    expect(Number.isNaN(e.values[0])).toBe(true);
  });
});

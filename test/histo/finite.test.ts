import { describe, expect, it } from 'vitest';
import { Binning, Counter, describeNonFinite, Estimate1D, firstNonFinite, Histo1D, isUnfilled, Profile1D, Scatter2D } from '../../src/histo/index.js';

const binning = Binning.fromEdges([0, 1, 2, 4]);

describe('firstNonFinite', () => {
  it('is undefined for filled histograms and finds a NaN bin with its edges and running sum', () => {
    const h = new Histo1D('/A/h', binning);
    for (const x of [0.5, 1.5, 3]) h.fill(x, 2);
    expect(firstNonFinite(h)).toBeUndefined();
    h.sums('sumwx2')[2] = NaN;
    const bad = firstNonFinite(h)!;
    expect(bad).toEqual({ path: '/A/h', where: 'bin 2 [1, 2)', quantity: 'sumwx2', value: NaN });
    expect(describeNonFinite(bad)).toBe('/A/h: bin 2 [1, 2): sumwx2 is NaN');
  });

  it('checks flows and totals of fillable objects', () => {
    const p = new Profile1D('/A/p', binning);
    p.fill(-1, 1, 1);
    p.sums('sumwy')[0] = Infinity;
    expect(firstNonFinite(p)).toMatchObject({ where: 'underflow', quantity: 'sumwy', value: Infinity });
    const h = new Histo1D('/A/h', binning);
    h.total[h.sumIndex('sumw2')] = -Infinity;
    expect(firstNonFinite(h)).toMatchObject({ where: 'total', quantity: 'sumw2' });
    const c = new Counter('/A/c');
    c.sumw = NaN;
    expect(firstNonFinite(c)).toMatchObject({ where: 'total', quantity: 'sumw' });
  });

  it('accepts NaN where YODA means "unknown" (estimate flows, sources that do not apply) but not infinite errors', () => {
    const values = new Float64Array([NaN, 1, 2, 3, NaN]);
    const dn = new Float64Array([NaN, -0.1, NaN, -0.1, NaN]);
    const up = new Float64Array([NaN, 0.1, NaN, 0.1, NaN]);
    const e = new Estimate1D('/A/e', binning, values, [{ label: 'stat', dn, up }]);
    expect(firstNonFinite(e)).toBeUndefined();
    up[3] = Infinity;
    expect(firstNonFinite(e)).toMatchObject({ where: 'bin 3 [2, 4)', quantity: 'error stat (up)' });
    up[3] = 0.1;
    values[2] = NaN;
    expect(firstNonFinite(e)).toMatchObject({ where: 'bin 2 [1, 2)', quantity: 'value' });
  });

  it('names the point of a scatter', () => {
    const s = new Scatter2D('/A/s', 3);
    s.y[1] = NaN;
    expect(firstNonFinite(s)).toMatchObject({ where: 'point 2', quantity: 'y' });
  });
});

describe('isUnfilled', () => {
  it('is true only for fillable objects with no entries at all, flows included', () => {
    const h = new Histo1D('/A/h', binning);
    expect(isUnfilled(h)).toBe(true);
    h.fill(10);
    expect(isUnfilled(h)).toBe(false);
    expect(isUnfilled(new Counter('/A/c'))).toBe(true);
    expect(isUnfilled(new Estimate1D('/A/e', binning))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { Binning, BinningError } from '../../src/histo/index.js';

describe('Binning.fromEdges / fromBounds', () => {
  it('builds contiguous bins from edges', () => {
    const b = Binning.fromEdges([0, 1, 3, 6]);
    expect(b.size).toBe(3);
    expect([...b.lows]).toEqual([0, 1, 3]);
    expect([...b.highs]).toEqual([1, 3, 6]);
    expect(b.isContiguous()).toBe(true);
    expect([...b.edges()]).toEqual([0, 1, 3, 6]);
  });

  it('allows gaps but refuses overlaps, unsorted and empty bins, naming the bin', () => {
    const gap = Binning.fromBounds(Float64Array.of(0, 2), Float64Array.of(1, 3));
    expect(gap.isContiguous()).toBe(false);
    expect(() => gap.edges()).toThrow(/gaps/);
    const overlap = () => Binning.fromBounds(Float64Array.of(0, 0.5), Float64Array.of(1, 2));
    expect(overlap).toThrow(BinningError);
    expect(overlap).toThrow(/bin 1 .* overlaps bin 0/);
    expect(() => Binning.fromBounds(Float64Array.of(1, 0), Float64Array.of(2, 0.5))).toThrow(/not sorted/);
    expect(() => Binning.fromEdges([0, 1, 1])).toThrow(/bin 1 has low edge 1 not below high edge 1/);
    expect(() => Binning.fromEdges([0, NaN])).toThrow(/non-finite/);
  });
});

describe('Binning.locate', () => {
  const b = Binning.fromBounds(Float64Array.of(0, 1, 5), Float64Array.of(1, 2, 6));
  it('finds bins with [low, high) semantics, flows and gaps', () => {
    expect(b.locate(-0.1)).toBe(-1);
    expect(b.locate(0)).toBe(0);
    expect(b.locate(0.999)).toBe(0);
    expect(b.locate(1)).toBe(1);
    expect(b.locate(3)).toBe(-2);
    expect(b.locate(5)).toBe(2);
    expect(b.locate(6)).toBe(3);
  });

  it('agrees with a linear scan on many bins', () => {
    const edges = Array.from({ length: 1001 }, (_, i) => i * i * 1e-3);
    const many = Binning.fromEdges(edges);
    for (let k = 0; k < 5000; k++) {
      const x = (k / 5000) * 1100 - 50;
      const linear = x < 0 ? -1 : x >= edges[1000] ? 1000 : edges.findIndex((e, i) => x >= e && x < edges[i + 1]);
      expect(many.locate(x)).toBe(linear);
    }
  });
});

describe('Binning.merge and firstDifference', () => {
  it('merges adjacent bins and refuses to merge across gaps', () => {
    const b = Binning.fromEdges([0, 1, 2, 3, 4]).merge(1, 3);
    expect([...b.lows]).toEqual([0, 1, 3]);
    expect([...b.highs]).toEqual([1, 3, 4]);
    const gap = Binning.fromBounds(Float64Array.of(0, 2), Float64Array.of(1, 3));
    expect(() => gap.merge(0, 2)).toThrow(/gap/);
  });

  it('compares edges with a relative tolerance, including edges at zero', () => {
    const a = Binning.fromEdges([0, 0.1, 0.2]);
    expect(a.firstDifference(Binning.fromEdges([1e-9, 0.1 + 1e-9, 0.2]), 1e-6)).toBeNull();
    expect(a.firstDifference(Binning.fromEdges([0, 0.1001, 0.2]), 1e-6)).toEqual({ bin: 0, edge: 'high', a: 0.1, b: 0.1001 });
    expect(a.firstDifference(Binning.fromEdges([0, 0.1, 0.2, 0.3]))).toEqual({ bin: 2, edge: 'count', a: 2, b: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import { parseWeightLine, type WeightSpec } from '../../src/campaign/index.js';
import { binWeight, runEnvelope, selectBins, SelectionError } from '../../src/chi2/index.js';
import type { BinRef } from '../../src/surrogate/index.js';

const specs = (...lines: string[]): WeightSpec[] => lines.map((l) => parseWeightLine(l)).filter((s): s is WeightSpec => s !== undefined);
/** Bins i = 0…4 of /A/d01 with edges [i, i+1), and one bin of /A/d02. */
const BINS: BinRef[] = [...Array.from({ length: 5 }, (_, i) => ({ path: '/A/d01-x01-y01', index: i, xlow: i, xhigh: i + 1 })), { path: '/A/d02-x01-y01', index: 0, xlow: 0, xhigh: 1 }];

describe('weights of bins', () => {
  it('the last matching line wins; bin and x ranges narrow a line to its bins; weight 0 drops them', () => {
    const s = specs('/A/d01 1', '/A/d01#1:3 2', '/A/d01@3.5 0', '/A/d0 0.5');
    expect(BINS.map((b) => binWeight(s, b))).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const t = specs('/A/d0 0.5', '/A/d01 1', '/A/d01#1:3 2', '/A/d01@3.5 0', '/A/d01@1:2 3');
    // @1:2 overlaps bin [1, 2) only: touching an end is not overlapping.
    expect(BINS.map((b) => binWeight(t, b))).toEqual([1, 3, 2, 0, 1, 0.5]);
    expect(binWeight(specs('/B/d01 1'), BINS[0])).toBeUndefined();
  });
});

describe('selecting the fitted bins', () => {
  const values = Float64Array.from([1, 2, 3, 4, 5, 6]);
  const errors = Float64Array.from([0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);

  it('keeps weighted bins with data, drops those without, naming them', () => {
    const v = Float64Array.from(values);
    v[2] = NaN;
    const s = selectBins(BINS, { values: v, errors }, specs('/A/d01 2', '/A/d01#4 0'));
    expect(s.bins.map((b) => [b.column, b.data, b.dataError, b.weight])).toEqual([[0, 1, 0.1, 2], [1, 2, 0.1, 2], [3, 4, 0.1, 2]]);
    expect(s.dropped).toEqual([{ bin: '/A/d01-x01-y01#2', reason: 'no reference data for this bin' }]);
  });

  it('refuses a fitted bin whose data have no error, unless a weight line leaves it out', () => {
    const e = Float64Array.from(errors);
    e[1] = 0;
    expect(() => selectBins(BINS, { values, errors: e }, specs('/A/d01 1'))).toThrow(SelectionError);
    expect(() => selectBins(BINS, { values, errors: e }, specs('/A/d01 1'))).toThrow(/zero \(or no finite\) error in 1 fitted bin\(s\): \/A\/d01-x01-y01#1; .*PATH#n:m 0/);
    e[1] = Infinity;
    expect(() => selectBins(BINS, { values, errors: e }, specs('/A/d01 1'))).toThrow(/no finite\) error in 1 fitted bin/);
    expect(selectBins(BINS, { values, errors: e }, specs('/A/d01 1', '/A/d01#1 0')).bins).toHaveLength(4);
  });

  it('drops bins whose data lie outside the runs\' envelope when asked', () => {
    // Two runs, six bins: the data of bin 0 (1) lie below both runs' values there.
    const runs = Float64Array.from([1.5, 1, 3, 3, 4, 5, 2, 3, 2, 5, 6, 7]);
    const envelope = runEnvelope(runs, 2, 6);
    expect(Array.from(envelope.low)).toEqual([1.5, 1, 2, 3, 4, 5]);
    const s = selectBins(BINS, { values, errors }, specs('/A 1'), { envelope });
    expect(s.bins.map((b) => b.column)).toEqual([1, 2, 3, 4, 5]);
    expect(s.dropped[0]).toEqual({ bin: '/A/d01-x01-y01#0', reason: "the data (1) lie outside the runs' envelope [1.5, 2]" });
  });

  it('says so when nothing is left to fit', () => {
    expect(() => selectBins(BINS, { values: new Float64Array(6).fill(NaN), errors }, specs('/A/d02 1'))).toThrow(/no bin is left to fit: .*\/A\/d02-x01-y01#0: no reference data/);
  });
});

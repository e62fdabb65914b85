import { describe, expect, it } from 'vitest';
import { Binning, Counter, Estimate1D, Histo1D, Scatter2D, scatterToEstimate } from '../../src/histo/index.js';
import { BinningMismatchError, isBookkeeping, matchReference, refPathOf, mcPathOf } from '../../src/reference/index.js';
import { readYodaFileSync } from '../../src/yoda/index.js';
import { haveShared, lepDir } from '../helpers/shared.js';

function refScatter(path: string, edges: number[]): Scatter2D {
  const s = new Scatter2D(path, edges.length - 1, [['IsRef', '1']]);
  for (let i = 0; i < edges.length - 1; i++) {
    s.x[i] = 0.5 * (edges[i] + edges[i + 1]);
    s.xErrDn[i] = s.xErrUp[i] = 0.5 * (edges[i + 1] - edges[i]);
    s.y[i] = i + 1;
  }
  return s;
}

describe('reference paths', () => {
  it('maps between MC and /REF paths and spots bookkeeping objects', () => {
    expect(refPathOf('/A/d01-x01-y01')).toBe('/REF/A/d01-x01-y01');
    expect(mcPathOf('/REF/A/d01-x01-y01')).toBe('/A/d01-x01-y01');
    expect(['/RAW/A/h', '/_EVTCOUNT', '/A/_aux', '/A/h[MUR2]'].every(isBookkeeping)).toBe(true);
    expect(isBookkeeping('/A/d01-x01-y01')).toBe(false);
  });
});

describe('matchReference', () => {
  it('pairs histograms with reference scatters by path and edges (within tolerance), as densities', () => {
    const edges = [0, 0.1, 0.3, 0.7];
    const h = new Histo1D('/A/d01-x01-y01', Binning.fromEdges(edges.map((e) => e * (1 + 1e-9))));
    h.fill(0.2, 4);
    const extra = Histo1D.uniform('/A/d09-x01-y01', 2, 0, 1);
    const raw = Histo1D.uniform('/RAW/A/d01-x01-y01', 2, 0, 1);
    const m = matchReference([h, extra, raw, new Counter('/_EVTCOUNT')], [refScatter('/REF/A/d01-x01-y01', edges), refScatter('/REF/A/d02-x01-y01', edges)]);
    expect(m.pairs.map((p) => p.path)).toEqual(['/A/d01-x01-y01']);
    expect(m.pairs[0].mc.values[2]).toBeCloseTo(4 / 0.2, 6);
    expect(m.pairs[0].ref.values[2]).toBe(2);
    expect(m.mcOnly).toEqual(['/A/d09-x01-y01']);
    expect(m.refOnly).toEqual(['/REF/A/d02-x01-y01']);
  });

  it('refuses a binning mismatch, naming both paths and the first differing edge', () => {
    const h = new Histo1D('/A/d01-x01-y01', Binning.fromEdges([0, 0.1, 0.35, 0.7]));
    const call = () => matchReference([h], [refScatter('/REF/A/d01-x01-y01', [0, 0.1, 0.3, 0.7])]);
    expect(call).toThrow(BinningMismatchError);
    expect(call).toThrow('binning of /A/d01-x01-y01 does not match /REF/A/d01-x01-y01: bin 1 high edge 0.35 vs 0.3');
    const fewer = new Estimate1D('/A/d01-x01-y01', Binning.fromEdges([0, 0.1, 0.3]));
    expect(() => matchReference([fewer], [refScatter('/REF/A/d01-x01-y01', [0, 0.1, 0.3, 0.7])])).toThrow(/2 bins vs 3/);
  });

  it.skipIf(!haveShared)('pairs every ALEPH reference object with an MC histogram booked from it', () => {
    const ref = readYodaFileSync(`${lepDir}ALEPH_1996_S3486095.yoda`);
    // booked the way an analysis books: the reference's bins, checked and snapped
    const mc = ref.objects.map((o) => new Histo1D(mcPathOf(o.path), scatterToEstimate(o as Scatter2D).estimate.binning));
    const m = matchReference(mc, ref.objects);
    expect(m.pairs).toHaveLength(67);
    expect(m.mcOnly).toEqual([]);
    expect(m.refOnly).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Counter, Estimate0D, Estimate1D, Histo1D, Profile1D, Scatter2D } from '../../src/histo/index.js';
import { formatYoda, parseYoda } from '../../src/yoda/index.js';

const read = (text: string) => parseYoda(new TextEncoder().encode(text), 'golden.yoda');

/** As YODA 1.0–1.5 wrote it: `# BEGIN` wrappers, key=value annotations, no `---`. */
const V1 = `# BEGIN YODA_HISTO1D /OLD/h
Path=/OLD/h
Title=Old histogram
Type=Histo1D
# Mean: 1.5
# Area: 3
# ID\t ID\t sumw\t sumw2\t sumwx\t sumwx2\t numEntries
Total   \tTotal   \t4.0\t4.0\t5.0\t8.0\t4
Underflow\tUnderflow\t1.0\t1.0\t-1.0\t1.0\t1
Overflow\tOverflow\t0\t0\t0\t0\t0
# xlow\t xhigh\t sumw\t sumw2\t sumwx\t sumwx2\t numEntries
0.0\t1.0\t1.0\t1.0\t0.5\t0.25\t1
1.0\t3.0\t2.0\t2.0\t5.5\t7.75\t2
# END YODA_HISTO1D

# BEGIN YODA_SCATTER2D /OLD/s
Path=/OLD/s
Type=Scatter2D
# xval\t xerr-\t xerr+\t yval\t yerr-\t yerr+
1\t0.5\t0.5\t10\t1\t2
# END YODA_SCATTER2D

BEGIN YODA_COUNTER /OLD/c
Path=/OLD/c
# sumW\t sumW2\t numEntries
3\t5\t3
END YODA_COUNTER
`;

/** YODA 2 text, one object of each type it writes. */
const V3 = `BEGIN YODA_HISTO1D_V3 /NEW/h
Path: /NEW/h
Title: ~
Type: Histo1D
---
# Mean: 1.000000e+00
# Integral: 4.000000e+00
Edges(A1): [0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00]
MaskedBins: [2]
# sumW       \tsumW2        \tsumW(A1)     \tsumW2(A1)    \tnumEntries
1\t1\t-1\t1\t1
1\t1\t0.5\t0.25\t1
0\t0\t0\t0\t0
2\t2\t5\t12.5\t2
0\t0\t0\t0\t0
END YODA_HISTO1D_V3

BEGIN YODA_PROFILE1D_V3 /NEW/p
Path: /NEW/p
Type: Profile1D
---
Edges(A1): [0, 1]
# sumW\t sumW2\t sumW(A1)\t sumW2(A1)\t sumW(B)\t sumW2(B)\t sumW(A1,B)\t numEntries
0\t0\t0\t0\t0\t0\t0\t0
2\t2\t1\t0.5\t6\t20\t3\t2
0\t0\t0\t0\t0\t0\t0\t0
END YODA_PROFILE1D_V3

BEGIN YODA_ESTIMATE1D_V3 /REF/NEW/e
IsRef: 1
Path: /REF/NEW/e
Title: A reference
Type: Estimate1D
---
Edges(A1): [0.0, 0.5, 1.0]
ErrorLabels: ["stat", "sys"]
# value\terrDn(1)\terrUp(1)\terrDn(2)\terrUp(2)
nan\t---\t---\t---\t---
5.0\t-0.3\t0.3\t-0.4\t0.1
4.0\t-0.2\t0.2\t---\t---
nan\t---\t---\t---\t---
END YODA_ESTIMATE1D_V3

BEGIN YODA_ESTIMATE0D_V3 /NEW/sigma
Path: /NEW/sigma
Type: Estimate0D
---
ErrorLabels: ["stat"]
# value\terrDn(1)\terrUp(1)
4.25e+01\t-1.5\t1.5
END YODA_ESTIMATE0D_V3

BEGIN YODA_COUNTER_V3 /_EVTCOUNT
Path: /_EVTCOUNT
Type: Counter
---
# sumW\t sumW2\t numEntries
1.0e+04\t1.0e+04\t10000
END YODA_COUNTER_V3

BEGIN YODA_SCATTER2D_V3 /NEW/s
Path: /NEW/s
Type: Scatter2D
---
# xval\t xerr-\t xerr+\t yval\t yerr-\t yerr+
1\t1\t1\t2\t0.1\t0.1
END YODA_SCATTER2D_V3
`;

describe('YODA 1 (unversioned) files', () => {
  const doc = read(V1);
  it('reads # BEGIN wrappers, key=value annotations and the Total/Underflow/Overflow rows', () => {
    expect(doc.objects.map((o) => `${o.kind} ${o.path}`)).toEqual(['Histo1D /OLD/h', 'Scatter2D /OLD/s', 'Counter /OLD/c']);
    const h = doc.get('/OLD/h') as Histo1D;
    expect(h.title).toBe('Old histogram');
    expect([...h.binning.lows]).toEqual([0, 1]);
    expect([...h.sumw]).toEqual([1, 1, 2, 0]);
    expect([...h.sumwx2]).toEqual([1, 0.25, 7.75, 0]);
    expect(h.total[0]).toBe(4);
    expect(h.mean()).toBe(1.25);
    expect((doc.get('/OLD/s') as Scatter2D).yErrUp[0]).toBe(2);
    expect((doc.get('/OLD/c') as Counter).sumw2).toBe(5);
  });

  it('is written as V2 with Key: value annotations and read back equal', () => {
    const v2 = formatYoda(doc.objects);
    expect(v2).toContain('BEGIN YODA_HISTO1D_V2 /OLD/h\nPath: /OLD/h\nTitle: Old histogram\nType: Histo1D\n---');
    expect(formatYoda(read(v2).objects)).toBe(v2);
  });
});

describe('YODA 2 (V3) files', () => {
  const doc = read(V3);
  it('reads histograms with masked bins as gaps, underflow first and overflow last', () => {
    const h = doc.get('/NEW/h') as Histo1D;
    expect([...h.binning.lows]).toEqual([0, 2]);
    expect([...h.binning.highs]).toEqual([1, 3]);
    expect([...h.sumw]).toEqual([1, 1, 2, 0]);
    expect(h.total[0]).toBe(4);
  });

  it('reads profiles with the Σwxy column', () => {
    const p = doc.get('/NEW/p') as Profile1D;
    expect(p.sumwxy[1]).toBe(3);
    expect(p.means()[0]).toBe(3);
  });

  it('reads estimates with labelled, signed, possibly absent errors', () => {
    const e = doc.get('/REF/NEW/e') as Estimate1D;
    expect(e.isRef).toBe(true);
    expect(e.sources.map((s) => s.label)).toEqual(['stat', 'sys']);
    expect([...e.binValues()]).toEqual([5, 4]);
    expect(e.source('sys')!.dn[1]).toBe(-0.4);
    expect(e.source('sys')!.dn[2]).toBeNaN();
    const t = e.totalErrors();
    expect(t.dn[0]).toBeCloseTo(0.5, 12);
    expect(t.up[1]).toBeCloseTo(0.2, 12);
    const s = doc.get('/NEW/sigma') as Estimate0D;
    expect(s.value).toBe(42.5);
    expect(s.totalErrors().up).toBe(1.5);
    expect((doc.get('/_EVTCOUNT') as Counter).numEntries).toBe(10000);
    expect((doc.get('/NEW/s') as Scatter2D).numPoints).toBe(1);
  });

  it('writes back the same objects, gaps as MaskedBins, absent errors as ---', () => {
    const out = formatYoda(doc.objects, { version: 3 });
    expect(out).toContain('MaskedBins: [2]');
    expect(out).toContain('ErrorLabels: ["stat", "sys"]');
    expect(out).toContain('4.000000e+00\t-2.000000e-01\t2.000000e-01\t---\t---');
    expect(formatYoda(read(out).objects, { version: 3 })).toBe(out);
  });
});

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AnalysisRun, REFERENCE_DIR, loadAnalysis } from '../../src/analyses/index.js';
import { Generator } from '../../src/generator/index.js';
import { EventRecord } from '../../src/event/index.js';
import { histoToDensity } from '../../src/histo/index.js';
import { readYodaFileSync } from '../../src/yoda/index.js';

const ALEPH = loadAnalysis('ALEPH_1996_S3486095');

function densities(events: number): Map<string, Float64Array> {
  const run = new AnalysisRun(ALEPH);
  const g = new Generator({ seed: 77 });
  const r = new EventRecord();
  for (let i = 0; i < events; i++) {
    g.next(r);
    run.analyze(r);
  }
  return new Map(run.finalize().map((h) => [h.path.split('/').pop()!, histoToDensity(h).binValues()]));
}

describe('distributions at the defaults have the physical shapes', () => {
  const d = densities(5000);

  it('1−T peaks at small values with a long tail', () => {
    const t = d.get('d03-x01-y01')!;
    const peak = t.indexOf(Math.max(...t));
    // Edges: 0, 0.005, 0.01, …: the peak lies below 1−T = 0.04 and the density
    // at 0.2–0.25 is more than 10 times lower but not zero.
    expect(peak).toBeLessThan(8);
    expect(t[18]).toBeGreaterThan(0);
    expect(t[18] * 10).toBeLessThan(t[peak]);
  });

  it('ln(1/x_p) is hump-shaped: a maximum inside the range, falling on both sides', () => {
    const xi = d.get('d17-x01-y01')!;
    const peak = xi.indexOf(Math.max(...xi));
    expect(peak).toBeGreaterThan(5);
    expect(peak).toBeLessThan(xi.length - 5);
    // At both ends of the measured range it has fallen below half its maximum.
    expect(xi[0] * 2).toBeLessThan(xi[peak]);
    expect(xi[xi.length - 1] * 2).toBeLessThan(xi[peak]);
  });
});

describe('shipped pseudo-data', () => {
  const doc = readYodaFileSync(join(REFERENCE_DIR, 'pseudodata', 'ALEPH_1996_S3486095.yoda'));

  it('has a /REF estimate with statistical errors for every histogram of the analysis, with its binning', () => {
    for (const o of ALEPH.observables) {
      const e = doc.get(`/REF/ALEPH_1996_S3486095/${o.id}`);
      expect(e?.kind, o.id).toBe('Estimate1D');
      if (e?.kind !== 'Estimate1D') continue;
      expect(e.binning.firstDifference(o.binning, 1e-12), o.id).toBeNull();
      const err = e.symmetricErrors();
      e.binValues().forEach((v, i) => {
        expect(Number.isFinite(v), o.id).toBe(true);
        if (v > 0) expect(err[i], `${o.id} bin ${i}`).toBeGreaterThan(0);
      });
    }
  });

  it('was made with 2 million events: the mean multiplicity error is σ/√(2·10⁶)', () => {
    const e = doc.get('/REF/ALEPH_1996_S3486095/d19-x01-y01');
    if (e?.kind !== 'Estimate1D') throw new Error('missing d19');
    // σ(N_ch) is about 6: the error must be near 6/√(2e6) ≈ 0.0042.
    const err = e.symmetricErrors()[0];
    expect(err).toBeGreaterThan(0.003);
    expect(err).toBeLessThan(0.006);
  });
});

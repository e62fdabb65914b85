import { describe, expect, it } from 'vitest';
import { AnalysisRun, loadAnalysis, parseAnalysis, statisticalEstimates } from '../../src/analyses/index.js';
import { EventRecord, Status } from '../../src/event/index.js';
import { Generator } from '../../src/generator/index.js';

const ALEPH = loadAnalysis('ALEPH_1996_S3486095');

function byId<T extends { path: string }>(hs: T[], id: string): T {
  const h = hs.find((x) => x.path.endsWith(`/${id}`));
  if (!h) throw new Error(id);
  return h;
}

/** Charged pions along ±z with the given momenta (GeV), plus the two beams. */
function pions(...pz: number[]): EventRecord {
  const r = new EventRecord();
  r.push(-11, 3, Status.beam, -1, 0, 0, 45.6, 45.6, 0.000511);
  r.push(11, -3, Status.beam, -1, 0, 0, -45.6, 45.6, 0.000511);
  const m = 0.13957;
  pz.forEach((p, i) => r.push(i % 2 ? -211 : 211, i % 2 ? -3 : 3, Status.final, -1, 0, 0, p, Math.hypot(p, m), m));
  return r;
}

describe('AnalysisRun', () => {
  it('normalises as the definition says: unit area, mean charged multiplicity, per event', () => {
    const run = new AnalysisRun(ALEPH);
    const g = new Generator({ seed: 8 });
    const r = new EventRecord();
    let nch = 0;
    const N = 400;
    for (let i = 0; i < N; i++) {
      g.next(r);
      for (let k = 0; k < r.n; k++) if (r.status[k] === Status.final && r.charge3[k] !== 0) nch++;
      run.analyze(r);
    }
    const hs = run.finalize();
    expect(byId(hs, 'd03-x01-y01').integral(true)).toBeCloseTo(1, 12);
    expect(byId(hs, 'd09-x01-y01').integral(true)).toBeCloseTo(nch / N, 10);
    // The mean multiplicity is the single bin's content.
    expect(byId(hs, 'd19-x01-y01').sumw[1]).toBeCloseTo(nch / N, 10);
    // d18: fractions of events, scaled by the bin width 2 as the reference is.
    expect(byId(hs, 'd18-x01-y01').integral(true)).toBeCloseTo(2, 10);
  });

  it('fills event shapes of a two-particle event at T = 1 and vetoes events below min-charged', () => {
    const def = parseAnalysis(
      `name: T\nmin-charged: 2\nobservables:\n  - id: d01-x01-y01\n    observable: one-minus-thrust\n    per-event: 1\n    edges: [0, 0.01, 0.5]\n  - id: d02-x01-y01\n    observable: xp\n    per-event: 1\n    edges: [0, 0.5, 1.0001]\n`,
      't.yaml',
    );
    const run = new AnalysisRun(def);
    run.analyze(pions(30, -30));
    run.analyze(pions(20));
    expect(run.events).toBe(2);
    expect(run.vetoed).toBe(1);
    const [thrust, xp] = run.finalize();
    // Σw over events includes the vetoed one, as Rivet's sumOfWeights does.
    expect(thrust.sumw[1]).toBeCloseTo(0.5, 12);
    expect(xp.sumw[2]).toBeCloseTo(1, 12);
  });

  it('merging two runs equals one run over both event sets', () => {
    const a = new AnalysisRun(ALEPH);
    const b = new AnalysisRun(ALEPH);
    const all = new AnalysisRun(ALEPH);
    const g = new Generator({ seed: 21 });
    const r = new EventRecord();
    for (let i = 0; i < 200; i++) {
      g.next(r);
      (i % 2 ? a : b).analyze(r);
      all.analyze(r);
    }
    a.merge(b);
    const merged = a.finalize();
    all.finalize().forEach((h, i) => {
      const m = merged[i];
      for (let k = 0; k < h.sumw.length; k++) expect(m.sumw[k]).toBeCloseTo(h.sumw[k], 12);
    });
  });

  it('pseudo-data errors of a mean are the standard error of the mean', () => {
    const run = new AnalysisRun(ALEPH);
    const g = new Generator({ seed: 4 });
    const r = new EventRecord();
    const counts: number[] = [];
    for (let i = 0; i < 300; i++) {
      g.next(r);
      let c = 0;
      for (let k = 0; k < r.n; k++) if (r.status[k] === Status.final && r.charge3[k] !== 0) c++;
      counts.push(c);
      run.analyze(r);
    }
    const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
    const variance = counts.reduce((s, c) => s + (c - mean) ** 2, 0) / counts.length;
    const est = statisticalEstimates(run).find((e) => e.path.endsWith('/d19-x01-y01'))!;
    expect(est.binValues()[0]).toBeCloseTo(mean, 10);
    expect(est.symmetricErrors()[0]).toBeCloseTo(Math.sqrt(variance / counts.length), 10);
  });
});

import { describe, expect, it } from 'vitest';
import { ECM, Generator, SettingError } from '../../src/generator/index.js';
import { EventRecord, Status } from '../../src/event/index.js';

function columns(r: EventRecord): number[][] {
  const n = r.n;
  return [r.px, r.py, r.pz, r.e, r.m, r.pid, r.charge3, r.status, r.parent].map((c) => Array.from(c.subarray(0, n)));
}

describe('Generator', () => {
  it('one seed gives the same events bit for bit', () => {
    const a = new Generator({ seed: 5, settings: { 'StringZ:aLund': 0.8 } });
    const b = new Generator({ seed: 5, settings: { 'StringZ:aLund': 0.8 } });
    const ra = new EventRecord();
    const rb = new EventRecord();
    for (let i = 0; i < 200; i++) {
      a.next(ra);
      b.next(rb);
      expect(columns(ra)).toEqual(columns(rb));
    }
  });

  it('different streams give different events', () => {
    const ra = new EventRecord();
    const rb = new EventRecord();
    new Generator({ seed: 5, stream: 0 }).next(ra);
    new Generator({ seed: 5, stream: 1 }).next(rb);
    expect(columns(ra)).not.toEqual(columns(rb));
  });

  it('conserves four-momentum (1e-9 relative) and charge in every event; decays keep mothers', () => {
    const g = new Generator({ seed: 17 });
    const r = new EventRecord();
    for (let ev = 0; ev < 3000; ev++) {
      g.next(r);
      let px = 0, py = 0, pz = 0, e = 0, q = 0;
      for (let i = 0; i < r.n; i++) {
        if (r.status[i] !== Status.final) continue;
        px += r.px[i];
        py += r.py[i];
        pz += r.pz[i];
        e += r.e[i];
        q += r.charge3[i];
        const m2 = r.e[i] ** 2 - r.px[i] ** 2 - r.py[i] ** 2 - r.pz[i] ** 2;
        expect(Math.abs(m2 - r.m[i] ** 2)).toBeLessThan(1e-9 * r.e[i] ** 2 + 1e-12);
      }
      const worst = Math.max(Math.abs(px), Math.abs(py), Math.abs(pz), Math.abs(e - ECM)) / ECM;
      expect(worst).toBeLessThan(1e-9);
      expect(q).toBe(0);
      // The two beams come first; every decayed particle has daughters after it.
      expect([r.status[0], r.status[1]]).toEqual([Status.beam, Status.beam]);
      for (let i = 2; i < r.n; i++) if (r.parent[i] >= 0) expect(r.status[r.parent[i]]).toBe(Status.decayed);
    }
    expect(g.stats.vetoed / g.stats.events).toBeLessThan(0.05);
  });

  it('only particles stable on detector scales remain in the final state', () => {
    const stable = new Set([22, 11, 12, 13, 14, 211, 321, 130, 2212, 2112]);
    const g = new Generator({ seed: 2 });
    const r = new EventRecord();
    for (let ev = 0; ev < 500; ev++) {
      g.next(r);
      for (let i = 2; i < r.n; i++) if (r.status[i] === Status.final) expect(stable.has(Math.abs(r.pid[i])), String(r.pid[i])).toBe(true);
    }
  });

  it('mean charged multiplicity at the defaults lies in [19, 23] (LEP: 20.9)', () => {
    const g = new Generator({ seed: 1 });
    const r = new EventRecord();
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let ev = 0; ev < n; ev++) {
      g.next(r);
      let c = 0;
      for (let i = 0; i < r.n; i++) if (r.status[i] === Status.final && r.charge3[i] !== 0) c++;
      s += c;
      s2 += c * c;
    }
    const mean = s / n;
    const err = Math.sqrt((s2 / n - mean * mean) / n);
    expect(mean - 5 * err).toBeGreaterThan(19);
    expect(mean + 5 * err).toBeLessThan(23);
  });

  it('refuses unknown or out-of-range settings before generating anything', () => {
    expect(() => new Generator({ settings: { 'StringZ:aLund': 5 } })).toThrow(SettingError);
    expect(() => new Generator({ settings: { 'Foo:bar': 1 } })).toThrow(/unknown setting 'Foo:bar'/);
  });
});

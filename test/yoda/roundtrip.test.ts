import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import {
  Binning,
  Counter,
  Estimate0D,
  Estimate1D,
  Histo1D,
  Profile1D,
  Scatter2D,
  type AnyObject,
} from '../../src/histo/index.js';
import { diffDocuments, formatYoda, parseYoda, numericContents, YodaDocument } from '../../src/yoda/index.js';
import { rng, gauss } from '../helpers/random.js';

const enc = new TextEncoder();

/** One object of every kind, with awkward numbers: gaps, NaN, −0, extremes, long mantissas. */
function objects(): AnyObject[] {
  const r = rng(99);
  const gapped = Binning.fromBounds(Float64Array.of(0, 0.1, 0.5), Float64Array.of(0.1, 0.3, 1));
  const h = new Histo1D('/ANA/h_gapped', gapped, [['Title', 'a "title": with colon']]);
  for (let i = 0; i < 1000; i++) h.fill(gauss(r) * 0.4 + 0.3, 0.1 + r());
  const u = Histo1D.uniform('/ANA/h_uniform', 10, -1, 1);
  for (let i = 0; i < 1000; i++) u.fill(gauss(r), 1e-300 + r() * 1e-3);
  const p = new Profile1D('/ANA/p', Binning.fromEdges([0, 1, 2, 4]));
  for (let i = 0; i < 500; i++) p.fill(4 * r() - 0.5, gauss(r), r());
  const c = new Counter('/ANA/_EVTCOUNT');
  for (let i = 0; i < 10; i++) c.fill(0.1 * i);
  const s = new Scatter2D('/REF/ANA/s', 3, [['IsRef', '1']]);
  s.x.set([0.1 + 0.2, 5e-324, 1.7976931348623157e308]);
  s.y.set([-0, Number.NaN, 1 / 3]);
  s.yErrUp.set([Infinity, 0, 2 / 3]);
  const e0 = new Estimate0D('/ANA/e0', Math.PI, [{ label: 'stat', dn: Float64Array.of(-0.1), up: Float64Array.of(0.2) }]);
  const e1 = new Estimate1D('/REF/ANA/e1', gapped, Float64Array.of(NaN, 1, 2, 3, NaN), [
    { label: 'stat', dn: Float64Array.of(NaN, -0.1, -0.2, -0.3, NaN), up: Float64Array.of(NaN, 0.1, 0.2, 0.3, NaN) },
    { label: 'sys,corr', dn: Float64Array.of(NaN, 0.05, NaN, -0.01, NaN), up: Float64Array.of(NaN, 0.07, NaN, 0.02, NaN) },
  ]);
  return [h, u, p, c, s, e0, e1];
}

/** Every number of `a` read back bit for bit in `b`, except the named sums (a format without a column for them). */
function expectIdentical(a: AnyObject[], b: YodaDocument, lacking: string[] = []): void {
  expect(b.objects.map((o) => o.path)).toEqual(a.map((o) => o.path));
  a.forEach((o, k) => {
    const ca = numericContents(o);
    const cb = numericContents(b.objects[k]);
    expect(cb.map(([n]) => n)).toEqual(ca.map(([n]) => n));
    ca.forEach(([name, xs], j) => {
      const ys = Array.from(cb[j][1]);
      if (lacking.includes(name)) {
        expect(ys.every((y) => y === 0), `${o.path} ${name} reads as zeros`).toBe(true);
        return;
      }
      Array.from(xs).forEach((x, i) => expect(Object.is(x, ys[i]), `${o.path} ${name}[${i}]: ${x} vs ${ys[i]}`).toBe(true));
    });
    expect(b.objects[k].title).toBe(o.title);
  });
}

describe('writing and reading back', () => {
  it('V3 keeps every object and number exactly, gaps included', () => {
    const objs = objects();
    const doc = parseYoda(enc.encode(formatYoda(objs, { version: 3 })), 'rt.yoda');
    expectIdentical(objs, doc);
    expect((doc.get('/ANA/h_gapped') as Histo1D).binning.isContiguous()).toBe(false);
  });

  it('V2 keeps every object it has a form for (profiles lose Σwxy, which V2 has no column for), and refuses estimates', () => {
    const objs = objects().filter((o) => o.kind !== 'Estimate0D' && o.kind !== 'Estimate1D');
    expectIdentical(objs, parseYoda(enc.encode(formatYoda(objs)), 'rt.yoda'), ['sumwxy', 'total sumwxy']);
    expect(() => formatYoda(objects())).toThrow(/\/ANA\/e0: a Estimate0D has no YODA 1 \(V2\) form/);
  });

  it('V2 → V3 → V2 → V3 is lossless, and the V2 text is stable', () => {
    const objs = objects().filter((o) => o.kind !== 'Estimate0D' && o.kind !== 'Estimate1D');
    const v2 = formatYoda(objs);
    const v3 = formatYoda(parseYoda(enc.encode(v2), 'a').objects, { version: 3 });
    const v2b = formatYoda(parseYoda(enc.encode(v3), 'b').objects);
    expect(v2b).toBe(v2);
    expect(diffDocuments(parseYoda(enc.encode(v2), 'a'), parseYoda(enc.encode(v2b), 'b')).every((d) => d.maxRelDiff === 0)).toBe(true);
  });

  it('reads gzipped text the same as plain text', () => {
    const text = formatYoda(objects(), { version: 3 });
    const plain = parseYoda(enc.encode(text), 'x.yoda');
    const gz = parseYoda(gzipSync(text), 'x.yoda.gz');
    expect(diffDocuments(plain, gz).every((d) => d.maxRelDiff === 0)).toBe(true);
  });

  it('diff finds a changed number and its place', () => {
    const objs = objects();
    const a = parseYoda(enc.encode(formatYoda(objs, { version: 3 })), 'a');
    (objs[0] as Histo1D).sumw[2] *= 1.001;
    const b = parseYoda(enc.encode(formatYoda(objs, { version: 3 })), 'b');
    const d = diffDocuments(a, b).find((x) => x.path === '/ANA/h_gapped')!;
    expect(d.maxRelDiff).toBeCloseTo(0.001 / 1.001, 9);
    expect(d.where).toBe('sumw[2]');
  });
});

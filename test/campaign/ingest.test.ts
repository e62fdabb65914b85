import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INGEST_FILE, ingestRuns, loadIngested, type RunTable } from '../../src/campaign/ingest.js';
import { formatParams, writeStatus, type RunStatus } from '../../src/campaign/run-dirs.js';
import { writeFileAtomicSync } from '../../src/fsutil/index.js';
import { Binning, Counter, Histo1D, Scatter2D, toEstimate1D, type AnyObject } from '../../src/histo/index.js';
import { formatYoda, readYodaFileSync } from '../../src/yoda/index.js';
import { noiseFromHalves, readRunNoise, RUN_NOISE_FILE, writeRunNoise } from '../../src/campaign/run-noise.js';

const H2_EDGES = [0, 1, 3, 10];

/** A run's output: two histograms of different binning, a scatter with a gap, and objects ingest must skip. */
function runObjects(a: number, opts: { h2Edges?: number[]; noH2?: boolean } = {}): AnyObject[] {
  const h1 = Histo1D.uniform('/ANA/h1', 5, 0, 1);
  for (let i = 0; i < 20; i++) h1.fill((i * 0.37 * a) % 1, 1 + (i % 3) * a);
  const h2 = new Histo1D('/ANA/h2', Binning.fromEdges(opts.h2Edges ?? H2_EDGES));
  for (let i = 0; i < 15; i++) h2.fill(i * 0.6 + a, 0.5 + a);
  const s = new Scatter2D('/ANA/s1', 2);
  // Bins [0, 1) and [2, 4): a gap, so the table cannot store edges alone.
  s.x.set([0.5, 3]);
  s.xErrDn.set([0.5, 1]);
  s.xErrUp.set([0.5, 1]);
  s.y.set([a, 2 * a]);
  s.yErrDn.set([0.1, 0.3]);
  s.yErrUp.set([0.2, 0.3]);
  const ref = new Scatter2D('/REF/ANA/h1', 1);
  ref.x.set([0.5]);
  ref.xErrDn.set([0.5]);
  ref.xErrUp.set([0.5]);
  const raw = Histo1D.uniform('/RAW/ANA/h1', 5, 0, 1);
  const evt = new Counter('/_EVTCOUNT');
  evt.fill(20);
  return opts.noH2 ? [h1, s, ref, raw, evt] : [h1, h2, s, ref, raw, evt];
}

interface RunSpec {
  params?: Record<string, number>;
  yoda?: string | null;
  status?: RunStatus | null;
}

function newCampaign(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mctune-ingest-'));
  mkdirSync(join(dir, 'runs'));
  return dir;
}

function runDir(campaign: string, name: string): string {
  return join(campaign, 'runs', name);
}

function writeRun(campaign: string, name: string, a: number, spec: RunSpec = {}): void {
  const dir = runDir(campaign, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'params.dat'), formatParams(spec.params ?? { 'StringZ:aLund': a, 'StringZ:bLund': 1 + a / 10 }));
  const yoda = spec.yoda === undefined ? formatYoda(runObjects(a)) : spec.yoda;
  if (yoda !== null) writeFileAtomicSync(join(dir, 'Rivet.yoda'), yoda);
  const status = spec.status === undefined ? { state: 'done' as const, attempts: 1 } : spec.status;
  if (status) writeStatus(dir, status);
}

/** Three good runs (a Professor one without status.json among them). */
function threeRuns(): string {
  const c = newCampaign();
  writeRun(c, '0000', 0.3);
  writeRun(c, '0001', 0.55, { status: null });
  writeRun(c, '0002', 0.8);
  return c;
}

function bytesOf(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function expectSameTable(a: RunTable, b: RunTable): void {
  expect(b.paramNames).toEqual(a.paramNames);
  expect(b.runNames).toEqual(a.runNames);
  expect(b.numBins).toBe(a.numBins);
  expect(b.problems).toEqual(a.problems);
  for (const k of ['params', 'values', 'errors'] as const) expect(bytesOf(b[k]).equals(bytesOf(a[k]))).toBe(true);
  expect(b.objects.map((o) => [o.path, o.offset, o.numBins, [...o.binning.lows], [...o.binning.highs]])).toEqual(
    a.objects.map((o) => [o.path, o.offset, o.numBins, [...o.binning.lows], [...o.binning.highs]]),
  );
}

/** Loads twice: the first load must rebuild for `reason`, the second must come from the cache. */
function expectStaleThenFresh(campaign: string, reason: RegExp): RunTable {
  const stale = loadIngested(campaign);
  expect(stale.fromCache).toBe(false);
  expect(stale.staleReason).toMatch(reason);
  const fresh = loadIngested(campaign);
  expect(fresh.fromCache).toBe(true);
  expect(fresh.staleReason).toBeUndefined();
  expectSameTable(stale.table, fresh.table);
  return fresh.table;
}

describe('ingest cache', () => {
  it('holds toEstimate1D values and symmetric errors bin for bin, and params.dat', () => {
    const c = threeRuns();
    const t = ingestRuns(c);
    expect(t.runNames).toEqual(['0000', '0001', '0002']);
    expect(t.paramNames).toEqual(['StringZ:aLund', 'StringZ:bLund']);
    expect([...t.params]).toEqual([0.3, 1.03, 0.55, 1.055, 0.8, 1.08]);
    expect(t.objects.map((o) => [o.path, o.offset, o.numBins])).toEqual([
      ['/ANA/h1', 0, 5],
      ['/ANA/h2', 5, 3],
      ['/ANA/s1', 8, 2],
    ]);
    expect(t.numBins).toBe(10);
    expect(t.problems).toEqual([]);

    t.runNames.forEach((name, r) => {
      const doc = readYodaFileSync(join(runDir(c, name), 'Rivet.yoda'));
      for (const o of t.objects) {
        const e = toEstimate1D(doc.get(o.path)!)!;
        const row = r * t.numBins + o.offset;
        expect([...t.values.subarray(row, row + o.numBins)]).toEqual([...e.binValues()]);
        expect([...t.errors.subarray(row, row + o.numBins)]).toEqual([...e.symmetricErrors()]);
        expect(o.binning.equals(e.binning, 0)).toBe(true);
      }
    });

    // Hand-checked numbers for run 0002 (a = 0.8): h2 bin [3, 10) gets fills at x = 0.8 + 0.6 i for i = 4…14,
    // 11 fills of weight 1.3, so density 14.3 / 7 and error √(11·1.69) / 7.
    const h2 = t.objects[1];
    const at = 2 * t.numBins + h2.offset + 2;
    expect(t.values[at]).toBeCloseTo(14.3 / 7, 12);
    expect(t.errors[at]).toBeCloseTo(Math.sqrt(11 * 1.69) / 7, 12);
    // The scatter's asymmetric y errors 0.1/0.2 become σ = 0.15; its gap survives.
    expect(t.errors[2 * t.numBins + 8]).toBeCloseTo(0.15, 15);
    expect([...t.objects[2].binning.lows]).toEqual([0, 2]);
    expect([...t.objects[2].binning.highs]).toEqual([1, 4]);
  });

  it('round trip: the cache gives bitwise identical arrays, viewed in place', () => {
    const c = threeRuns();
    const first = loadIngested(c);
    expect(first).toMatchObject({ fromCache: false, staleReason: 'no cache yet' });
    const again = loadIngested(c);
    expect(again.fromCache).toBe(true);
    expectSameTable(first.table, again.table);
    // Views into the whole file's bytes (header included), not a copy of the numbers.
    const size = statSync(join(c, INGEST_FILE)).size;
    const t = again.table;
    expect(t.values.buffer).toBe(t.params.buffer);
    expect(t.errors.buffer).toBe(t.params.buffer);
    expect(t.values.buffer.byteLength).toBeGreaterThanOrEqual(size);
  });

  it('a rewritten output, edited params, added or removed run, changed status each make the cache stale', () => {
    const c = threeRuns();
    loadIngested(c);

    writeFileAtomicSync(join(runDir(c, '0001'), 'Rivet.yoda'), formatYoda(runObjects(0.61)));
    let t = expectStaleThenFresh(c, /^run 0001: Rivet\.yoda changed$/);
    expect(t.values[t.numBins + 8]).toBe(0.61);

    // Size and mtime kept identical: the rename gives a new inode, which is what must give it away
    // (timestamps alone can tie within the file system's clock granularity).
    const yoda = join(runDir(c, '0002'), 'Rivet.yoda');
    const T = 1_700_000_000; // whole seconds: utimes reproduces them exactly
    utimesSync(yoda, T, T);
    expectStaleThenFresh(c, /^run 0002: Rivet\.yoda changed$/);
    const text = readFileSync(yoda, 'utf8');
    // The scatter's first y, 0.8 → 0.9: same length.
    writeFileAtomicSync(yoda, text.replace('\t8.000000e-01\t1.000000e-01\t', '\t9.000000e-01\t1.000000e-01\t'));
    const text2 = readFileSync(yoda, 'utf8');
    expect(text2).not.toBe(text);
    expect(text2.length).toBe(text.length);
    utimesSync(yoda, T, T);
    expect(statSync(yoda, { bigint: true }).mtimeNs).toBe(BigInt(T) * 1_000_000_000n);
    t = expectStaleThenFresh(c, /^run 0002: Rivet\.yoda changed$/);
    expect(t.values[2 * t.numBins + 8]).toBe(0.9);

    // A different length, so an in-place edit is seen even with a tied mtime.
    writeFileSync(join(runDir(c, '0002'), 'params.dat'), 'StringZ:aLund 0.85\nStringZ:bLund 1.08\n');
    t = expectStaleThenFresh(c, /^run 0002: params\.dat changed$/);
    expect(t.params[2 * 2]).toBe(0.85);

    writeRun(c, '0003', 0.4);
    t = expectStaleThenFresh(c, /^run 0003 added$/);
    expect(t.runNames).toEqual(['0000', '0001', '0002', '0003']);

    rmSync(runDir(c, '0001'), { recursive: true });
    t = expectStaleThenFresh(c, /^run 0001 removed$/);
    expect(t.runNames).toEqual(['0000', '0002', '0003']);

    writeStatus(runDir(c, '0000'), { state: 'failed', attempts: 2, reason: 'killed' });
    t = expectStaleThenFresh(c, /^run 0000: status\.json changed$/);
    expect(t.runNames).toEqual(['0002', '0003']);
    expect(t.problems).toEqual([{ name: '0000', reason: 'failed: killed' }]);
    // The first included run now decides the parameter order and the table starts with its row.
    expect(t.params[0]).toBe(0.85);
  });

  it('runs without output, failed, unfinished or with other parameters are reported and left out', () => {
    const c = threeRuns();
    writeRun(c, '0003', 0.5, { yoda: null, status: null });
    writeRun(c, '0004', 0.5, { status: { state: 'failed', attempts: 3, reason: 'generator crashed' } });
    writeRun(c, '0005', 0.5, { status: { state: 'running', attempts: 2 } });
    writeRun(c, '0006', 0.5, { params: { 'StringZ:aLund': 0.5, 'StringPT:sigma': 0.3 } });
    const t = ingestRuns(c);
    expect(t.runNames).toEqual(['0000', '0001', '0002']);
    expect(t.values.length).toBe(3 * t.numBins);
    expect(t.problems).toEqual([
      { name: '0003', reason: 'no YODA output' },
      { name: '0004', reason: 'failed: generator crashed' },
      { name: '0005', reason: 'state is running, not done' },
      { name: '0006', reason: "parameters differ from run 0000's: lacks StringZ:bLund; has extra StringPT:sigma" },
    ]);
    expect(loadIngested(c).table.problems).toEqual(t.problems);
  });

  it('a run whose histogram has other bins is left out, naming the object; a missing object is NaN', () => {
    const c = newCampaign();
    writeRun(c, '0000', 0.3, { yoda: formatYoda(runObjects(0.3, { noH2: true })) });
    writeRun(c, '0001', 0.4);
    writeRun(c, '0002', 0.5, { yoda: formatYoda(runObjects(0.5, { h2Edges: [0, 1, 4, 10] })) });
    const t = ingestRuns(c);
    expect(t.runNames).toEqual(['0000', '0001']);
    expect(t.problems).toEqual([
      { name: '0002', reason: "/ANA/h2: binning differs from run 0001's (bin 1 high edge 4 vs 3)" },
    ]);
    // h2 is first seen in run 0001, after h1 and s1.
    expect(t.objects.map((o) => o.path)).toEqual(['/ANA/h1', '/ANA/s1', '/ANA/h2']);
    const h2 = t.objects[2];
    expect([...t.values.subarray(h2.offset, h2.offset + 3)]).toEqual([NaN, NaN, NaN]);
    expect(Number.isFinite(t.values[t.numBins + h2.offset])).toBe(true);
  });

  it('a truncated, garbage, foreign-version or unparsable cache is rebuilt without throwing', () => {
    const c = threeRuns();
    const good = loadIngested(c).table;
    const file = join(c, INGEST_FILE);
    const bytes = readFileSync(file);
    const cases: [Buffer, RegExp][] = [
      [bytes.subarray(0, bytes.length - 8), /header implies/],
      [bytes.subarray(0, 20), /truncated in its header/],
      [bytes.subarray(0, 5), /bad magic/],
      [Buffer.from('garbage bytes, not a cache at all'), /bad magic/],
      [Buffer.concat([bytes.subarray(0, 8), Buffer.from([99, 0, 0, 0]), bytes.subarray(12)]), /version 99/],
      [Buffer.concat([bytes.subarray(0, 16), Buffer.from('}'), bytes.subarray(17)]), /header unreadable/],
    ];
    for (const [content, reason] of cases) {
      writeFileSync(file, content);
      const r = loadIngested(c);
      expect(r.fromCache).toBe(false);
      expect(r.staleReason).toMatch(reason);
      expectSameTable(good, r.table);
      expect(loadIngested(c).fromCache).toBe(true);
    }
  });

  it('an empty campaign gives an empty table', () => {
    const c = newCampaign();
    const t = loadIngested(c).table;
    expect([t.runNames.length, t.numBins, t.objects.length, t.values.length]).toEqual([0, 0, 0, 0]);
    expect(loadIngested(c).fromCache).toBe(true);
  });

  it('carries the runs\' noise draws, NaN for a run without one, through the cache; a broken draw leaves its run out, naming the file', () => {
    const c = threeRuns();
    expect(loadIngested(c).table.noise).toBeUndefined();
    const h1 = Float64Array.from([0.1, -0.2, 0.3, NaN, 0.5]);
    writeRunNoise(runDir(c, '0000'), { events: [10, 10], objects: new Map([['/ANA/h1', h1], ['/ANA/s1', Float64Array.from([1, 2])], ['/ANA/h2', Float64Array.from([9])]]) });
    const t = expectStaleThenFresh(c, /^run 0000: noise\.json added$/);
    const noise = t.noise ?? new Float64Array();
    expect(noise.length).toBe(3 * t.numBins);
    // h1 and s1 in place; h2's draw has the wrong bin count and is left out; runs 0001 and 0002 brought none.
    expect(Array.from(noise.subarray(0, t.numBins))).toEqual([0.1, -0.2, 0.3, NaN, 0.5, NaN, NaN, NaN, 1, 2]);
    expect(noise.subarray(t.numBins).every(Number.isNaN)).toBe(true);

    writeFileSync(join(runDir(c, '0002'), RUN_NOISE_FILE), '{"format": "mctune-run-noise", "version": 1, "events": [3], "objects": {}}');
    const broken = loadIngested(c).table;
    expect(broken.runNames).toEqual(['0000', '0001']);
    expect(broken.problems[0].name).toBe('0002');
    expect(broken.problems[0].reason).toContain(`${join(runDir(c, '0002'), RUN_NOISE_FILE)}: expected "events": [n_A, n_B]`);
  });
});

describe('run noise draws', () => {
  it('scale the halves\' difference to one whole run\'s noise, unequal halves too', () => {
    const a = new Map([['/A/h', [1, 2]]]);
    const b = new Map([['/A/h', [0, 2]]]);
    expect(Array.from(noiseFromHalves(a, b, [5, 5]).objects.get('/A/h') ?? [])).toEqual([0.5, 0]);
    // √(n_A n_B)/n: the difference of halves of 2 and 8 events has (1/2 + 1/8)·10 = 6.25 times the whole run's variance.
    expect(noiseFromHalves(a, b, [2, 8]).objects.get('/A/h')?.[0]).toBeCloseTo(0.4, 15);
    expect(() => noiseFromHalves(a, b, [0, 8])).toThrow(/both halves need events/);
  });

  it('round-trip through noise.json, and a file that is not one is refused naming the file and what was expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-noise-'));
    writeRunNoise(dir, { events: [4, 6], objects: new Map([['/A/h', Float64Array.from([0.25, NaN, -1e-300])]]) });
    const back = readRunNoise(dir);
    expect(back?.events).toEqual([4, 6]);
    expect(Array.from(back?.objects.get('/A/h') ?? [])).toEqual([0.25, NaN, -1e-300]);
    expect(readRunNoise(mkdtempSync(join(tmpdir(), 'mctune-noise-')))).toBeUndefined();
    const file = join(dir, RUN_NOISE_FILE);
    for (const [text, expected] of [
      ['{"format": "mctune-run-noise", "vers', 'not valid JSON'],
      ['[1, 2]', 'expected "format": "mctune-run-noise"'],
      ['{"format": "mctune-run-noise", "version": 2, "events": [1, 1], "objects": {}}', 'format version 2, this mctune reads 1'],
      ['{"format": "mctune-run-noise", "version": 1, "events": [1, 1], "objects": {"/A/h": [1, "x"]}}', 'object /A/h: expected an array of numbers or null'],
    ]) {
      writeFileSync(file, text);
      expect(() => readRunNoise(dir)).toThrow(`${file}: ${expected}`);
    }
  });
});

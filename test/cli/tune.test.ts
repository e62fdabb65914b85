/** `mctune tune`: a small built-in campaign tuned to the shipped pseudo-data through its polynomial surrogate. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readYodaFileSync } from '../../src/yoda/index.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';
import { cli } from '../helpers/cli.js';

const pseudo = fileURLToPath(new URL('../../reference-data/pseudodata/ALEPH_1996_S3486095.yoda', import.meta.url));
let dir: string;
let file: string;
/** The first tune of the campaign (which had no surrogate yet), and its results.yaml as written then. */
let first: { code: number; out: string; err: string };
let firstResults: string;

interface Results {
  best: Record<string, number>;
  sigma: Record<string, number>;
  sigmaSandwich: Record<string, number>;
  heldOutClosure?: { runs: number; applied: boolean; scale: Record<string, number> };
  correlation: Record<string, Record<string, number>>;
  chi2: number;
  ndf: number;
  fittedBins: number;
  surrogateError: string;
  histograms: { path: string; bins: number; chi2: number }[];
  deltaChi2: { value: number; how: string; toys?: number };
  eigentunes: { name: string; deltaChi2: number; clipped: boolean; point: Record<string, number> }[];
  starts: { origin: string; chi2: number; end: number[] }[];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mctune-tune-'));
  const extra = `weights:\n  - /ALEPH_1996_S3486095/d01-x01-y01 1\n  - /ALEPH_1996_S3486095/d17-x01-y01 1\n  - /ALEPH_1996_S3486095/d19-x01-y01 1\nsurrogate: { kind: polynomial, order: 2 }\ntune: { starts: 6, toys: 40 }\n`;
  file = writeBuiltinCampaign(dir, { name: 'c', runs: 24, events: 400, extra });
  writeFileSync(file, readFileSync(file, 'utf8').replace('reference: []', `reference: [${JSON.stringify(pseudo)}]`));
  const r = await cli('run', file, '--dir', join(dir, 'c'), '-j', '2');
  expect(r.code, r.err).toBe(0);
  first = await cli('tune', file, '--dir', join(dir, 'c'));
  firstResults = readFileSync(join(dir, 'c', 'tune', 'results.yaml'), 'utf8');
}, 120_000);

describe('mctune tune', () => {
  it('builds the missing surrogate, tunes it, and writes results, predictions and eigentunes', () => {
    const r = first;
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/polynomial surrogate of order 2/);
    expect(r.out).toMatch(/tune \(6 starts, \S+ s\): χ²\/Ndf = \S+\/\d+ = \S+ over \d+ bins\n {2}TimeShower:alphaSvalue +\S+ ± \S+\n {2}StringZ:aLund/);
    expect(r.out).toMatch(/eigentunes at Δχ² = \S+ \(calibrated on 40 closure toys/);
    const out = join(dir, 'c', 'tune');
    const res = parse(firstResults) as Results;
    const names = ['TimeShower:alphaSvalue', 'StringZ:aLund'];
    expect(Object.keys(res.best)).toEqual(names);
    expect(res.best['TimeShower:alphaSvalue']).toBeGreaterThan(0.11);
    expect(res.best['TimeShower:alphaSvalue']).toBeLessThan(0.15);
    for (const n of names) expect(res.sigma[n]).toBeGreaterThan(0);
    // A polynomial's σ is scaled by the closure on the campaign's own runs (those inside the box's 10 % margins).
    expect(r.out).toMatch(/σ scaled by a closure on \d+ of the campaign's runs, each tuned by the surrogate fitted without it/);
    expect(res.heldOutClosure?.applied).toBe(true);
    expect(res.heldOutClosure?.runs).toBeGreaterThanOrEqual(10);
    expect(res.heldOutClosure?.runs).toBeLessThan(24);
    for (const n of names) expect(res.sigma[n]).toBeCloseTo(res.sigmaSandwich[n] * (res.heldOutClosure?.scale[n] ?? NaN), 12);
    expect(res.correlation['StringZ:aLund']['StringZ:aLund']).toBeCloseTo(1, 12);
    // Only the three weighted histograms are fitted; Ndf = bins − 2 free parameters.
    expect(res.histograms.map((h) => h.path).sort()).toEqual(['/ALEPH_1996_S3486095/d01-x01-y01', '/ALEPH_1996_S3486095/d17-x01-y01', '/ALEPH_1996_S3486095/d19-x01-y01']);
    expect(res.ndf).toBe(res.fittedBins - 2);
    expect(res.chi2).toBeCloseTo(res.histograms.reduce((s, h) => s + h.chi2, 0), 8);
    expect(res.surrogateError).toBe('own');
    expect(res.starts).toHaveLength(6);
    // The best start's end, polished with the σ held at it, is the best point (to a small share of the box).
    const lowest = res.starts.reduce((a, b) => (b.chi2 < a.chi2 ? b : a));
    names.forEach((n, p) => expect(Math.abs(lowest.end[p] - res.best[n])).toBeLessThan(0.02 * Math.abs(res.best[n])));
    expect(res.deltaChi2).toMatchObject({ how: 'calibrated', toys: 40 });
    expect(res.eigentunes.map((e) => e.name)).toEqual(['eigentune-01+', 'eigentune-01-', 'eigentune-02+', 'eigentune-02-']);
    for (const e of res.eigentunes) if (!e.clipped) expect(e.deltaChi2).toBeCloseTo(res.deltaChi2.value, 6);
    // Later tunes of this campaign (2 free parameters again) leave the same four eigentune files.
    expect(readdirSync(join(out, 'eigentunes')).sort()).toEqual(res.eigentunes.map((e) => `${e.name}.yoda`).sort());
    const predictions = readYodaFileSync(join(out, 'predictions.yoda'));
    expect(predictions.has('/ALEPH_1996_S3486095/d01-x01-y01')).toBe(true);
    expect(existsSync(join(out, 'eigentune-band.yoda'))).toBe(true);
  });

  it('takes a given Δχ², reuses the saved surrogate, and replaces the results', async () => {
    const r = await cli('tune', file, '--dir', join(dir, 'c'), '--delta-chi2', '1', '--starts', '2');
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(/polynomial surrogate of order/);
    const res = parse(readFileSync(join(dir, 'c', 'tune', 'results.yaml'), 'utf8')) as Results;
    expect(res.deltaChi2).toEqual({ value: 1, how: 'given' });
    expect(res.starts).toHaveLength(2);
  }, 60_000);

  it('refuses reference data binned unlike the runs, naming both objects and the first differing bin', async () => {
    const moved = join(dir, 'moved-edge.yoda');
    // The first histogram's third edge 0.01 → 0.012: bin 1 becomes [0.005, 0.012), bin 2 [0.012, 0.015).
    writeFileSync(moved, readFileSync(pseudo, 'utf8').replace('Edges(A1): [0.000000e+00, 5.000000e-03, 1.000000e-02,', 'Edges(A1): [0.000000e+00, 5.000000e-03, 1.200000e-02,'));
    const other = join(dir, 'moved.yaml');
    writeFileSync(other, readFileSync(file, 'utf8').replace(JSON.stringify(pseudo), JSON.stringify(moved)));
    const before = readFileSync(join(dir, 'c', 'tune', 'results.yaml'), 'utf8');
    const r = await cli('tune', other, '--dir', join(dir, 'c'), '--delta-chi2', '1');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/the reference \/REF\/ALEPH_1996_S3486095\/d01-x01-y01 does not have the binning of the runs' \/ALEPH_1996_S3486095\/d01-x01-y01: bin 1 is \[0\.005, 0\.01\) in the runs and \[0\.005, 0\.012\) in the reference/);
    expect(readFileSync(join(dir, 'c', 'tune', 'results.yaml'), 'utf8')).toBe(before);
  });

  it('says so when no run has finished', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mctune-tune-empty-'));
    const f = writeBuiltinCampaign(empty, { name: 'e', runs: 4, events: 100 });
    expect((await cli('sample', f, '--dir', join(empty, 'e'))).code).toBe(0);
    const r = await cli('tune', f, '--dir', join(empty, 'e'));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/no finished runs/);
    expect(existsSync(join(empty, 'e', 'tune'))).toBe(false);
  });

  it('mctune eigentunes redoes the eigentunes at another Δχ² from the stored best point', async () => {
    const r = await cli('eigentunes', file, '--dir', join(dir, 'c'), '--delta-chi2', '4');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/eigentunes at Δχ² = 4 \(given\):\n {2} 1\+ +\S+ σ {2}Δχ² 4/);
    const res = parse(readFileSync(join(dir, 'c', 'tune', 'results.yaml'), 'utf8')) as Results;
    const earlier = parse(firstResults) as Results;
    expect(res.deltaChi2).toEqual({ value: 4, how: 'given' });
    expect(res.starts).toHaveLength(1);
    for (const n of Object.keys(earlier.best)) expect(res.best[n]).toBeCloseTo(earlier.best[n], 6);
    for (const e of res.eigentunes) if (!e.clipped) expect(e.deltaChi2).toBeCloseTo(4, 6);
  });

  it('refuses a bad Δχ² and an unknown surrogate kind', async () => {
    const bad = await cli('tune', file, '--dir', join(dir, 'c'), '--delta-chi2', '-1');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--delta-chi2 must be a positive number, got '-1'/);
    expect((await cli('tune', file, '--dir', join(dir, 'c'), '--surrogate', 'spline')).code).toBe(2);
  });
});

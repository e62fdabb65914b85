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

interface Results {
  best: Record<string, number>;
  sigma: Record<string, number>;
  correlation: Record<string, Record<string, number>>;
  chi2: number;
  ndf: number;
  fittedBins: number;
  surrogateError: string;
  histograms: { path: string; bins: number; chi2: number }[];
  deltaChi2: { value: number; how: string; toys?: number };
  eigentunes: { name: string; deltaChi2: number; clipped: boolean; point: Record<string, number> }[];
  starts: { origin: string; chi2: number }[];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mctune-tune-'));
  const extra = `weights:\n  - /ALEPH_1996_S3486095/d01-x01-y01 1\n  - /ALEPH_1996_S3486095/d17-x01-y01 1\n  - /ALEPH_1996_S3486095/d19-x01-y01 1\nsurrogate: { kind: polynomial, order: 2 }\ntune: { starts: 6, toys: 40 }\n`;
  file = writeBuiltinCampaign(dir, { name: 'c', runs: 24, events: 400, extra });
  writeFileSync(file, readFileSync(file, 'utf8').replace('reference: []', `reference: [${JSON.stringify(pseudo)}]`));
  const r = await cli('run', file, '--dir', join(dir, 'c'), '-j', '2');
  expect(r.code, r.err).toBe(0);
}, 120_000);

describe('mctune tune', () => {
  it('builds the missing surrogate, tunes it, and writes results, predictions and eigentunes', async () => {
    const r = await cli('tune', file, '--dir', join(dir, 'c'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/polynomial surrogate of order 2/);
    expect(r.out).toMatch(/tune \(6 starts, \S+ s\): χ²\/Ndf = \S+\/\d+ = \S+ over \d+ bins\n {2}TimeShower:alphaSvalue +\S+ ± \S+\n {2}StringZ:aLund/);
    expect(r.out).toMatch(/eigentunes at Δχ² = \S+ \(calibrated on 40 closure toys/);
    const out = join(dir, 'c', 'tune');
    const res = parse(readFileSync(join(out, 'results.yaml'), 'utf8')) as Results;
    const names = ['TimeShower:alphaSvalue', 'StringZ:aLund'];
    expect(Object.keys(res.best)).toEqual(names);
    expect(res.best['TimeShower:alphaSvalue']).toBeGreaterThan(0.11);
    expect(res.best['TimeShower:alphaSvalue']).toBeLessThan(0.15);
    for (const n of names) expect(res.sigma[n]).toBeGreaterThan(0);
    expect(res.correlation['StringZ:aLund']['StringZ:aLund']).toBeCloseTo(1, 12);
    // Only the three weighted histograms are fitted; Ndf = bins − 2 free parameters.
    expect(res.histograms.map((h) => h.path).sort()).toEqual(['/ALEPH_1996_S3486095/d01-x01-y01', '/ALEPH_1996_S3486095/d17-x01-y01', '/ALEPH_1996_S3486095/d19-x01-y01']);
    expect(res.ndf).toBe(res.fittedBins - 2);
    expect(res.chi2).toBeCloseTo(res.histograms.reduce((s, h) => s + h.chi2, 0), 8);
    expect(res.surrogateError).toBe('own');
    expect(res.starts).toHaveLength(6);
    expect(Math.min(...res.starts.map((s) => s.chi2))).toBeCloseTo(res.chi2, 8);
    expect(res.deltaChi2).toMatchObject({ how: 'calibrated', toys: 40 });
    expect(res.eigentunes.map((e) => e.name)).toEqual(['eigentune-01+', 'eigentune-01-', 'eigentune-02+', 'eigentune-02-']);
    for (const e of res.eigentunes) if (!e.clipped) expect(e.deltaChi2).toBeCloseTo(res.deltaChi2.value, 6);
    expect(readdirSync(join(out, 'eigentunes')).sort()).toEqual(res.eigentunes.map((e) => `${e.name}.yoda`).sort());
    const predictions = readYodaFileSync(join(out, 'predictions.yoda'));
    expect(predictions.has('/ALEPH_1996_S3486095/d01-x01-y01')).toBe(true);
    expect(existsSync(join(out, 'eigentune-band.yoda'))).toBe(true);
  }, 120_000);

  it('takes a given Δχ², reuses the saved surrogate, and replaces the results', async () => {
    const r = await cli('tune', file, '--dir', join(dir, 'c'), '--delta-chi2', '1', '--starts', '2');
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(/polynomial surrogate of order/);
    const res = parse(readFileSync(join(dir, 'c', 'tune', 'results.yaml'), 'utf8')) as Results;
    expect(res.deltaChi2).toEqual({ value: 1, how: 'given' });
    expect(res.starts).toHaveLength(2);
  }, 60_000);

  it('refuses a bad Δχ² and an unknown surrogate kind', async () => {
    const bad = await cli('tune', file, '--dir', join(dir, 'c'), '--delta-chi2', '-1');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--delta-chi2 must be a positive number, got '-1'/);
    expect((await cli('tune', file, '--dir', join(dir, 'c'), '--surrogate', 'spline')).code).toBe(2);
  });
});

/**
 * Nothing corrupt reaches the run table: external generators whose output is
 * NaN, whose HepMC3 overflows the histogram sums, or whose HepMC3 lacks the
 * decayed hadrons, and runs whose params.dat was tampered with, each end with
 * the problem named in `status`, and the ingest cache holds nothing from them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignStatus, loadIngested, parameterNames, readCampaignFile, readStatus, runsDirOf, sampleRuns, type CampaignConfig } from '../../src/campaign/index.js';
import { runLocal, type CampaignResult } from '../../src/pool/index.js';
import { writeFakeCampaign, writeFinalStateHepMC } from '../helpers/campaigns.js';
import { cli } from '../helpers/cli.js';

async function runFake(behaviour: Record<string, string>, extra: { output?: 'yoda' | 'hepmc'; goodOutput?: string; retries?: number; runs?: number; extraArgs?: string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mctune-corrupt-'));
  const file = await writeFakeCampaign(dir, { behaviour, runs: extra.runs ?? 3, retries: extra.retries ?? 1, timeout: 60, ...extra });
  const config = readCampaignFile(file);
  sampleRuns(config, dir);
  const result = await runLocal(config, dir, { workers: 2 });
  return { dir, config, result };
}

const reasonOf = (dir: string, run: string) => readStatus(join(runsDirOf(dir), run))?.reason ?? '';

describe('an external generator writing NaN into a YODA bin', () => {
  let c: { dir: string; config: CampaignConfig; result: CampaignResult };
  beforeAll(async () => {
    c = await runFake({ '0001': 'nan' });
  }, 60_000);

  it('fails that run, naming the object, the bin and the quantity', () => {
    expect(c.result.failed.map((f) => f.name)).toEqual(['0001']);
    expect(reasonOf(c.dir, '0001')).toMatch(/non-finite value in the output: \/ALEPH_1996_S3486095\/d01-x01-y01: bin 3 \[0\.01, 0\.015\): sumw is NaN/);
    const st = campaignStatus(c.dir, parameterNames(c.config)).find((r) => r.name === '0001');
    expect(st).toMatchObject({ state: 'failed' });
    expect(st?.reason).toMatch(/sumw is NaN/);
  });

  it('is named by mctune status', async () => {
    const r = await cli('status', c.config.file, '--dir', c.dir);
    expect(r.out).toMatch(/^0001 +failed .*non-finite value in the output: \/ALEPH_1996_S3486095\/d01-x01-y01: bin 3 \[0\.01, 0\.015\): sumw is NaN$/m);
    expect(r.out).toMatch(/3 runs: 2 done, 0 running, 0 pending, 1 failed/);
  });

  it('keeps the run out of the ingest cache, which holds only finite numbers', () => {
    const { table } = loadIngested(c.dir, { parameters: parameterNames(c.config) });
    expect(table.runNames).toEqual(['0000', '0002']);
    expect(table.problems.map((p) => p.name)).toEqual(['0001']);
    expect(table.values.every((v) => Number.isFinite(v))).toBe(true);
  });
});

describe('a HepMC3 output whose weights overflow the histogram sums', () => {
  it('fails the run with the overflowing bin named instead of writing infinities', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-corrupt-'));
    const hepmc = join(dir, 'huge-weights.hepmc');
    await writeFinalStateHepMC(hepmc, 20, 3, 1e308);
    const c = await runFake({}, { output: 'hepmc', goodOutput: hepmc, runs: 1, retries: 0 });
    expect(c.result.failed.map((f) => f.name)).toEqual(['0000']);
    expect(reasonOf(c.dir, '0000')).toBe('non-finite value in the output: the sum of event weights is Infinity');
    expect(loadIngested(c.dir).table.runNames).toEqual([]);
  }, 60_000);
});

describe('a HepMC3 output that holds only final-state particles', () => {
  let c: { dir: string; config: CampaignConfig; result: CampaignResult };
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-corrupt-'));
    const hepmc = join(dir, 'final-state.hepmc');
    await writeFinalStateHepMC(hepmc, 100, 5);
    c = await runFake({}, { output: 'hepmc', goodOutput: hepmc, runs: 2 });
  }, 60_000);

  it('finishes the runs with a warning naming the histograms nobody filled', () => {
    expect(c.result.done.sort()).toEqual(['0000', '0001']);
    const st = readStatus(join(runsDirOf(c.dir), '0000'))!;
    // π0 (111) decays in every generator: with no decayed hadrons in the record its spectrum stays empty.
    const pi0 = '/ALEPH_1996_S3486095/d29-x01-y01';
    expect(st.warnings?.[0]).toMatch(/histograms have no entries: .*\/ALEPH_1996_S3486095\/d\d\d-x01-y01/);
    expect(st.warnings?.[0]).toContain(pi0);
    expect(readFileSync(join(runsDirOf(c.dir), '0000', 'run.log'), 'utf8')).toMatch(/warning: \d+ histograms have no entries/);
  });

  it('shows the warning in mctune status', async () => {
    const r = await cli('status', c.config.file, '--dir', c.dir);
    expect(r.out).toMatch(/^0000 +done .*warning: \d+ histograms have no entries: .*\/ALEPH_1996_S3486095\/d29-x01-y01/m);
  });

  it('leaves histograms empty in every run out of ingest, saying why', () => {
    const { table } = loadIngested(c.dir, { parameters: parameterNames(c.config) });
    expect(table.runNames).toEqual(['0000', '0001']);
    const pi0 = table.excluded.find((o) => o.path === '/ALEPH_1996_S3486095/d29-x01-y01');
    expect(pi0?.reason).toMatch(/no entries in any of the 2 runs: it counts identified hadrons \(PDG 111\); hadrons that decay are missing when the generator's event record holds only final-state particles/);
    expect(table.objects.some((o) => o.path === pi0?.path)).toBe(false);
    // Charged-particle histograms are filled and kept.
    expect(table.objects.some((o) => o.path === '/ALEPH_1996_S3486095/d01-x01-y01')).toBe(true);
    for (let r = 0; r < table.runNames.length; r++) {
      for (const o of table.objects) {
        const row = table.values.subarray(r * table.numBins + o.offset, r * table.numBins + o.offset + o.numBins);
        expect(row.every((v) => Number.isFinite(v)), o.path).toBe(true);
      }
    }
  });
});

describe('a campaign with a tampered params.dat', () => {
  it('runs the others, reports the tampered run in status, and keeps it out of the ingest cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-corrupt-'));
    const file = await writeFakeCampaign(dir, { behaviour: {}, runs: 3, retries: 0, timeout: 60 });
    const config = readCampaignFile(file);
    sampleRuns(config, dir);
    writeFileSync(join(runsDirOf(dir), '0001', 'params.dat'), 'StringZ:alund 0.5\n');
    const result = await runLocal(config, dir, { workers: 2 });
    expect(result.done.sort()).toEqual(['0000', '0002']);
    expect(result.invalid).toEqual([{ name: '0001', reason: expect.stringMatching(/params\.dat: parameters differ from the campaign's: lacks StringZ:aLund; has extra StringZ:alund/) as string }]);
    expect(readFileSync(join(runsDirOf(dir), '0001', 'invocations'), { encoding: 'utf8', flag: 'a+' })).toBe('');
    const st = campaignStatus(dir, parameterNames(config));
    expect(st.map((r) => `${r.name} ${r.state}`)).toEqual(['0000 done', '0001 invalid', '0002 done']);
    const shown = await cli('status', file, '--dir', dir);
    expect(shown.out).toMatch(/^0001 +invalid .*params\.dat: parameters differ from the campaign's: lacks StringZ:aLund; has extra StringZ:alund$/m);
    expect(shown.out).toMatch(/3 runs: 2 done, 0 running, 0 pending, 0 failed, 1 invalid/);
    const { table } = loadIngested(dir, { parameters: parameterNames(config) });
    expect(table.runNames).toEqual(['0000', '0002']);
    expect(table.problems[0]).toMatchObject({ name: '0001', reason: expect.stringMatching(/lacks StringZ:aLund/) as string });
  }, 60_000);
});

describe('an external generator failing the same way every time', () => {
  it('is not retried once the failure repeats, and its own message is in the reason', async () => {
    const c = await runFake({ '0000': 'pythia-abort' }, { runs: 1, retries: 5, extraArgs: ['--note', 'two words'] });
    const st = readStatus(join(runsDirOf(c.dir), '0000'))!;
    expect(st.state).toBe('failed');
    expect(st.attempts).toBe(2);
    expect(st.reason).toMatch(/generator exited with code 1; generator's last output: .*PYTHIA Abort from Pythia::next: reached end of Les Houches Events File \(the same in two attempts in a row; not retried\)$/);
    // The command as run, pasteable into a shell: the argument with a space stays one word.
    expect(readFileSync(join(runsDirOf(c.dir), '0000', 'run.log'), 'utf8')).toMatch(/mctune: command: \S+ \S+fake-generator\.mjs \S+\/runs\/0000 \S+\.partial \d+ \S+params\.dat 10000 --note 'two words'\n/);
  }, 60_000);
});

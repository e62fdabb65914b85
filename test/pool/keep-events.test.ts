/**
 * What a campaign keeps of a HepMC3-writing generator's events once they are
 * analysed: gzipped (the default) or nothing; and the `{events}` placeholder
 * that hands the campaign's events per run to the generator.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRunDir, readCampaignFile, readStatus, runsDirOf, sampleRuns, writeStatus } from '../../src/campaign/index.js';
import { EVENTS_FILE, expandCommand, recoverCampaign, runLocal } from '../../src/pool/index.js';
import { runBuiltin } from '../../src/pool/builtin-run.js';
import { FAKE_HEPMC_EVENTS, writeFakeCampaign } from '../helpers/campaigns.js';

async function hepmcCampaign(extra: string): Promise<{ dir: string; runs: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'mctune-keep-events-'));
  const config = readCampaignFile(await writeFakeCampaign(dir, { behaviour: {}, runs: 2, retries: 0, timeout: 60, output: 'hepmc', extra: `events: 1234\n${extra}` }));
  sampleRuns(config, dir);
  const result = await runLocal(config, dir, { workers: 2 });
  expect(result.failed).toEqual([]);
  return { dir, runs: result.done.sort().map((r) => join(runsDirOf(dir), r)) };
}

describe('keep-events', () => {
  it('gzip (the default): each run keeps its events as events.hepmc.gz, the same bytes the generator wrote, and nothing else', async () => {
    const { dir, runs } = await hepmcCampaign('');
    const written = readFileSync(join(dir, 'good', 'events.hepmc'));
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(readStatus(run)).toMatchObject({ state: 'done', events: FAKE_HEPMC_EVENTS });
      expect(gunzipSync(readFileSync(join(run, EVENTS_FILE))).equals(written)).toBe(true);
      expect(readdirSync(run).filter((f) => f.startsWith('.') || /hepmc/.test(f))).toEqual([EVENTS_FILE]);
      expect(existsSync(join(run, 'out.yoda'))).toBe(true);
    }
  }, 60_000);

  it('false: the events are deleted once analysed; the run keeps its YODA', async () => {
    const { runs } = await hepmcCampaign('keep-events: false\n');
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(readStatus(run)).toMatchObject({ state: 'done', events: FAKE_HEPMC_EVENTS });
      expect(readdirSync(run).filter((f) => f.startsWith('.') || /hepmc/.test(f))).toEqual([]);
      expect(existsSync(join(run, 'out.yoda'))).toBe(true);
    }
  }, 60_000);

  it('a run stopped after its YODA but before its events were kept is not counted as finished', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-keep-events-'));
    const run = createRunDir(join(dir, 'runs'), 0, { 'StringZ:aLund': 0.5 });
    await runBuiltin({ runDir: run.dir, runName: 'x', params: {}, seed: 1, stream: 1, events: 50, analyses: ['ALEPH_1996_S3486095'] });
    writeStatus(run.dir, { state: 'running', attempts: 1, startedAt: 'x' });
    const opts = { analyses: ['ALEPH_1996_S3486095'], parameters: ['StringZ:aLund'], keepsEvents: true };
    expect(recoverCampaign(dir, opts)).toMatchObject({ adopted: [], resumed: ['0000'] });
    writeStatus(run.dir, { state: 'running', attempts: 1, startedAt: 'x' });
    writeFileSync(join(run.dir, EVENTS_FILE), '');
    expect(recoverCampaign(dir, opts)).toMatchObject({ adopted: ['0000'], resumed: [] });
  });
});

describe('{events}', () => {
  it('is substituted like the other placeholders, inside an argument too', () => {
    expect(expandCommand(['gen', '-n', '{events}', 'Main:numberOfEvents={events}', '{out}'], { params: 'p.dat', seed: 7, events: 20000, out: 'o', rundir: 'r' })).toEqual([
      'gen',
      '-n',
      '20000',
      'Main:numberOfEvents=20000',
      'o',
    ]);
  });

  it("hands the campaign's events per run to the generator", async () => {
    const { runs } = await hepmcCampaign('keep-events: false\n');
    for (const run of runs) expect(readFileSync(join(run, 'run.log'), 'utf8')).toMatch(/fake generator: run \d{4} seed \d+ events 1234 /);
  }, 60_000);
});

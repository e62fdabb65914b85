/**
 * The local engine under conditions that used to take a whole campaign down or
 * leave a misleading result behind: a run whose bookkeeping cannot be written,
 * a step after the analysis that fails, and many workers on one stop signal.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCampaignFile, readStatus, runsDirOf, sampleRuns } from '../../src/campaign/index.js';
import { EVENTS_FILE, LOG_FILE, runLocal } from '../../src/pool/index.js';
import { writeFakeCampaign } from '../helpers/campaigns.js';

async function fakeCampaign(runs: number, output: 'yoda' | 'hepmc' = 'yoda') {
  const dir = mkdtempSync(join(tmpdir(), 'mctune-robust-'));
  const config = readCampaignFile(await writeFakeCampaign(dir, { behaviour: {}, runs, retries: 0, timeout: 60, output }));
  sampleRuns(config, dir);
  return { dir, config };
}

describe('the local engine', () => {
  it('fails a run whose log cannot be written, naming it, and finishes the others', async () => {
    const { dir, config } = await fakeCampaign(3);
    // run.log as a folder: every append to it fails.
    mkdirSync(join(runsDirOf(dir), '0001', LOG_FILE));
    const result = await runLocal(config, dir, { workers: 2 });
    expect(result.done.sort()).toEqual(['0000', '0002']);
    expect(result.failed.map((f) => f.name)).toEqual(['0001']);
    expect(result.failed[0]?.reason).toMatch(/EISDIR.*0001\/run\.log/);
  }, 60_000);

  it('leaves no out.yoda when a step after the analysis fails (the events cannot be kept)', async () => {
    const { dir, config } = await fakeCampaign(2, 'hepmc');
    // A folder where the gzipped events must go: the rename into place fails after the YODA was written.
    mkdirSync(join(runsDirOf(dir), '0000', EVENTS_FILE));
    const result = await runLocal(config, dir, { workers: 2 });
    expect(result.done).toEqual(['0001']);
    expect(result.failed.map((f) => f.name)).toEqual(['0000']);
    const run0 = join(runsDirOf(dir), '0000');
    expect(readStatus(run0)?.state).toBe('failed');
    expect(existsSync(join(run0, 'out.yoda'))).toBe(false);
    expect(readdirSync(run0).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 60_000);

  it('runs a dozen workers on one stop signal without a listener-leak warning', async () => {
    const { dir, config } = await fakeCampaign(12);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const result = await runLocal(config, dir, { workers: 12, signal: new AbortController().signal });
      expect(result.done).toHaveLength(12);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  }, 60_000);
});

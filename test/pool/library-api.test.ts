/** The README's library example: run a campaign from a script, then load its table. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaign, pool } from '../../src/index.js';

describe('campaigns from a script', () => {
  it('samples, runs and ingests through the public API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-api-'));
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'parameters:\n  StringZ:aLund: { range: [0.3, 1.0] }\n  StringZ:bLund: { range: [0.5, 1.5] }\nanalyses: [ALEPH_1996_S3486095]\nreference: []\nruns: 3\nevents: 300\n');
    const config = campaign.readCampaignFile(file);
    campaign.sampleRuns(config, join(dir, 'c'));
    const seen: string[] = [];
    const r = await pool.runLocal(config, join(dir, 'c'), { workers: 2, onEvent: (e) => seen.push(e.type) });
    expect(r.done.sort()).toEqual(['0000', '0001', '0002']);
    expect(seen.filter((t) => t === 'finished')).toHaveLength(3);
    const { table, fromCache } = campaign.loadIngested(join(dir, 'c'));
    expect(fromCache).toBe(false);
    expect(table.paramNames).toEqual(['StringZ:aLund', 'StringZ:bLund']);
    expect(table.runNames).toEqual(['0000', '0001', '0002']);
    const runs = campaign.scanRunDirs(campaign.runsDirOf(join(dir, 'c'))).runs;
    runs.forEach((run, i) => expect([table.params[2 * i], table.params[2 * i + 1]]).toEqual([run.params['StringZ:aLund'], run.params['StringZ:bLund']]));
    expect(table.values).toHaveLength(3 * table.numBins);
    expect(table.values.every((v) => Number.isFinite(v))).toBe(true);
    expect(campaign.loadIngested(join(dir, 'c')).fromCache).toBe(true);
  }, 60_000);
});

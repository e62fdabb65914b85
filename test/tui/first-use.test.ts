/**
 * The reweighting screen's reweighter, trained on first use over the
 * campaign's ranges with its progress told, then kept: a second opening loads
 * it without training, and a training stopped after its samples reuses them.
 */
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCampaignFile } from '../../src/campaign/index.js';
import { EVENT_RECIPE, trainGeneratedReweighter } from '../../src/reweighting/index.js';
import { reweightOpener } from '../../src/tui/index.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';

const SMALL = { events: 1500, points: 2, epochs: 2, seed: 3 };

describe('a reweighter trained on first use', () => {
  it('is trained over the campaign\'s ranges with progress, kept, and loaded the next time without training', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-first-use-'));
    const config = readCampaignFile(writeBuiltinCampaign(dir, { name: 'c', runs: 4, events: 100 }));
    const rw = join(dir, 'c', 'reweighter');
    const messages: string[] = [];
    const source = await reweightOpener(rw, undefined, config, SMALL)((m) => messages.push(m));
    try {
      expect(source.parameters.map((p) => [p.name, p.lo, p.hi])).toEqual([['TimeShower:alphaSvalue', 0.11, 0.15], ['StringZ:aLund', 0.4, 0.9]]);
      expect(messages[0]).toMatch(/generating sample 1 of 3/);
      expect(messages.some((m) => /pass 1 of at most 2/.test(m))).toBe(true);
      expect(source.histogram(source.parameters.map((p) => p.theta0), 0).ess).toBeGreaterThan(0);
    } finally {
      source.dispose();
    }
    expect(readdirSync(join(rw, 'samples')).sort()).toEqual(['baseline.arrow', 'target-0.arrow', 'target-1.arrow']);
    const again: string[] = [];
    const second = await reweightOpener(rw, undefined, config, SMALL)((m) => again.push(m));
    second.dispose();
    expect(again).toEqual([]);
  }, 120_000);

  it('uses samples made by an earlier training again', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mctune-first-use-')), 'rw');
    const options = { out, ranges: [{ name: 'StringZ:aLund', lo: 0.5, hi: 0.8 }], baseSettings: {}, points: 2, events: 1000, sampling: 'sobol' as const, seed: 2, recipe: EVENT_RECIPE, train: { epochs: 1, seed: 1 } };
    const first: boolean[] = [];
    (await trainGeneratedReweighter({ ...options, onSample: (_, __, reused) => first.push(reused) })).reweighter.dispose();
    const second: boolean[] = [];
    (await trainGeneratedReweighter({ ...options, onSample: (_, __, reused) => second.push(reused) })).reweighter.dispose();
    expect(first).toEqual([false, false, false]);
    expect(second).toEqual([true, true, true]);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
    // A save killed after moving the samples aside (the folder is replaced whole) and before moving them back:
    // (a pid that is no process: 2³¹ − 1 lies above any Linux pid_max)
    const aside = join(out, '..', `.rw.samples-aside-${2 ** 31 - 1}`);
    renameSync(join(out, 'samples'), aside);
    rmSync(out, { recursive: true });
    const third: boolean[] = [];
    (await trainGeneratedReweighter({ ...options, onSample: (_, __, reused) => third.push(reused) })).reweighter.dispose();
    expect(third).toEqual([true, true, true]);
    expect(existsSync(aside)).toBe(false);
  }, 120_000);
});

/**
 * `mctune start`: the loop on a campaign (the shipped demo by default), ending
 * with the tune beside the campaign's truth; a second start finds it done.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCampaignFile } from '../../src/campaign/index.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';
import { cli } from '../helpers/cli.js';

const pseudo = fileURLToPath(new URL('../../reference-data/pseudodata/ALEPH_1996_S3486095.yoda', import.meta.url));
const demo = fileURLToPath(new URL('../../tunes/demo.yaml', import.meta.url));

describe('mctune start', () => {
  it('runs the demo campaign by default, whose parameters carry the pseudo-data\'s truth', async () => {
    expect((await cli('start', '--help')).out).toContain(demo);
    const truth = Object.fromEntries(readCampaignFile(demo).parameters.map((p) => [p.name, p.truth]));
    expect(truth).toEqual({ 'TimeShower:alphaSvalue': 0.128, 'StringZ:aLund': 0.6, 'StringZ:bLund': 0.9, 'StringPT:sigma': 0.31, 'StringFlav:probStoUD': 0.2 });
  });

  it('tunes a campaign and prints each parameter ± σ beside its truth, and again at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-start-'));
    const extra = `weights:\n  - /ALEPH_1996_S3486095/d01-x01-y01 1\n  - /ALEPH_1996_S3486095/d17-x01-y01 1\nsurrogate: { kind: polynomial, order: 2 }\ntune: { starts: 4, toys: 20 }\niterations: { count: 2 }\n`;
    const file = writeBuiltinCampaign(dir, { name: 'c', seed: 3, runs: 12, events: 600, extra });
    const text = readFileSync(file, 'utf8')
      .replace('reference: []', `reference: [${JSON.stringify(pseudo)}]`)
      .replace('range: [0.11, 0.15] }', 'range: [0.11, 0.15], truth: 0.128 }');
    writeFileSync(file, text);
    const first = await cli('start', '--campaign', file, '--dir', join(dir, 'c'), '-j', '2');
    expect(first.code, first.err).toBe(0);
    const row = (name: string) => first.out.split('\n').find((l) => l.trimStart().startsWith(name)) ?? '';
    const [value, sigma, truth, pull] = row('TimeShower:alphaSvalue').split(/\s+(?:± )?/).slice(2).map(Number);
    expect(truth).toBe(0.128);
    expect(pull).toBeCloseTo((value - 0.128) / sigma, 1);
    // A parameter without a truth has no truth column.
    expect(row('StringZ:aLund').split(/\s+(?:± )?/).slice(2)).toHaveLength(2);
    expect(first.out).toMatch(/c: (converged|stopped without converging) after [12] iterations? /);
    expect(first.out).toContain(`report: ${join(dir, 'c', 'report', 'index.html')}`);
    expect(readFileSync(join(dir, 'c', 'report', 'index.html'), 'utf8')).toContain('TimeShower:alphaSvalue');
    const again = await cli('start', '--campaign', file, '--dir', join(dir, 'c'));
    expect(again.code, again.err).toBe(0);
    expect(again.err).not.toMatch(/runs to do/);
    expect(again.out.split('\n').slice(2)).toEqual(first.out.split('\n').slice(2));
  }, 120_000);
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseParams, writeStatus } from '../../src/campaign/index.js';
import { cli } from '../helpers/cli.js';

const demo = fileURLToPath(new URL('../../tunes/demo.yaml', import.meta.url));


function readRunParams(run: string): Record<string, number> {
  return parseParams(readFileSync(join(run, 'params.dat'), 'utf8'), run);
}

describe('mctune sample / status', () => {
  it('samples the demo campaign into Professor run directories and extends it without overwriting, saying what it added', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-camp-'));
    const a = await cli('sample', demo, '--dir', dir);
    expect(a.code).toBe(0);
    expect(a.out).toBe(`demo.yaml: added 60 runs (lhs), 0000…0059; 60 runs in ${join(dir, 'runs')} now\n`);
    const first = readFileSync(join(dir, 'runs/0000/params.dat'), 'utf8');
    expect(first.split('\n').filter(Boolean)).toHaveLength(5);
    const b = await cli('sample', demo, '--dir', dir, '--runs', '3');
    expect(b.out).toContain('added 3 runs (lhs), 0060…0062; 63 runs in');
    expect(readFileSync(join(dir, 'runs/0000/params.dat'), 'utf8')).toBe(first);
    expect((await cli('sample', demo, '--dir', dir, '--runs', '1')).out).toContain('added 1 run (lhs), 0063; 64 runs in');
    const none = await cli('sample', demo, '--dir', dir, '--runs', '0');
    expect(none.code).toBe(0);
    expect(none.out).toContain('added no runs; 64 runs in');
  });

  it('status lists every run with its state, attempts, time, parameters and reason; --json too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-camp-'));
    await cli('sample', demo, '--dir', dir, '--runs', '3');
    writeStatus(join(dir, 'runs/0001'), { state: 'failed', attempts: 2, reason: 'exit code 1', startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:01:05.000Z' });
    writeStatus(join(dir, 'runs/0002'), { state: 'done', attempts: 1, events: 1000, seconds: 12.5 });
    writeFileSync(join(dir, 'runs/0002/out.yoda'), '');
    const params = readRunParams(join(dir, 'runs/0001'));
    const s = await cli('status', demo, '--dir', dir);
    expect(s.code).toBe(0);
    const lines = s.out.split('\n');
    expect(lines[0]).toMatch(/^RUN\s+STATE\s+ATTEMPTS\s+TIME\s+TimeShower:alphaSvalue\s+.*REASON$/);
    expect(lines[1]).toMatch(/^0000\s+pending\s+0\s+-\s+\d/);
    const failed = lines.find((l) => l.startsWith('0001'))!;
    expect(failed).toMatch(/^0001\s+failed\s+2\s+1m05s\s+.*exit code 1$/);
    // Parameters to 6 significant digits, in the campaign's order.
    expect(failed).toContain(`  ${Number(params['TimeShower:alphaSvalue'].toPrecision(6))}  `);
    expect(lines.find((l) => l.startsWith('0002'))).toMatch(/^0002\s+done\s+1\s+13s\s/);
    expect(s.out).toContain('3 runs: 1 done, 0 running, 1 pending, 1 failed');
    const j = JSON.parse((await cli('status', demo, '--dir', dir, '--json')).out) as { counts: Record<string, number>; runs: Array<Record<string, unknown>> };
    expect(j.counts).toEqual({ pending: 1, running: 0, done: 1, failed: 1, invalid: 0 });
    expect(j.runs[1]).toEqual({ name: '0001', state: 'failed', attempts: 2, reason: 'exit code 1', params, seconds: 65 });
    expect(j.runs[2]).toMatchObject({ name: '0002', state: 'done', seconds: 12.5, events: 1000 });
  });

  it('a bad campaign file fails with file:line and the key', async () => {
    const r = await cli('sample', join(fileURLToPath(new URL('../../', import.meta.url)), 'package.json'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/package\.json:\d+: /);
  });
});

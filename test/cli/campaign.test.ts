import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { writeStatus } from '../../src/campaign/index.js';

const demo = fileURLToPath(new URL('../../tunes/demo.yaml', import.meta.url));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('mctune sample / status', () => {
  it('samples the demo campaign into Professor run directories, extends without overwriting, and reports states', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-camp-'));
    const a = await cli('sample', demo, '--dir', dir);
    expect(a.code).toBe(0);
    expect(a.out).toContain('60 runs (lhs)');
    const first = readFileSync(join(dir, 'runs/0000/params.dat'), 'utf8');
    expect(first.split('\n').filter(Boolean)).toHaveLength(5);
    const b = await cli('sample', demo, '--dir', dir, '--runs', '3');
    expect(b.out).toContain('0060…0062');
    expect(readFileSync(join(dir, 'runs/0000/params.dat'), 'utf8')).toBe(first);
    writeStatus(join(dir, 'runs/0061'), { state: 'failed', attempts: 2, reason: 'exit code 1' });
    const s = await cli('status', demo, '--dir', dir);
    expect(s.out).toContain('0061  failed    exit code 1');
    expect(s.out).toContain('63 runs: 0 done, 0 running, 62 pending, 1 failed');
  });

  it('a bad campaign file fails with file:line and the key', async () => {
    const r = await cli('sample', join(fileURLToPath(new URL('../../', import.meta.url)), 'package.json'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/package\.json:\d+: /);
  });
});

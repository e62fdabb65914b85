/**
 * Ending long commands early, on the real executable: Ctrl-C (SIGINT),
 * SIGTERM, SIGHUP and a closed stderr pipe (`2>&1 | head`) end with one line
 * (none for the pipe), the shell's exit code and no file left behind, the
 * temp files of the HepMC3 writer included.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanRunDirs, readStatus, runsDirOf } from '../../src/campaign/index.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';

const BIN = fileURLToPath(new URL('../../bin/mctune.js', import.meta.url));

interface Started {
  p: ChildProcess;
  /** stderr so far. */
  err(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Started {
  const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d: Buffer) => void (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => p.on('exit', (code, signal) => res({ code, signal })));
  return { p, err: () => err, exit };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

describe('generate ended early', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s while writing HepMC3: exit %i, one line, no file left', async (signal, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-stop-'));
    const g = start(['generate', '-n', '10000000', '-o', join(dir, 'out.yoda'), '--hepmc', join(dir, 'events.hepmc')]);
    // The header comes once the stop handlers are in place (the output-path probe, also a temp name, is gone by then);
    // the HepMC3 temp file is there once events are being written.
    await until('the header and the HepMC3 temp file', () => g.err().includes('10000000 events') && readdirSync(dir).some((f) => f.includes('.tmp-')));
    g.p.kill(signal);
    expect(await g.exit).toEqual({ code, signal: null });
    const lines = g.err().split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^mctune generate: 10000000 events/);
    expect(lines.slice(1)).toEqual([`mctune: stopped by ${signal}; nothing written`]);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('SIGINT while only generating (a loop that never waits for I/O) is seen too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-stop-'));
    const g = start(['generate', '-n', '10000000', '-o', join(dir, 'out.yoda')]);
    await until('the header line', () => g.err().includes('10000000 events'));
    g.p.kill('SIGINT');
    expect(await g.exit).toEqual({ code: 130, signal: null });
    expect(g.err()).toMatch(/\nmctune: stopped by SIGINT; nothing written\n$/);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('a closed stderr pipe (`2>&1 | head -1`) ends it quietly with exit 141 and no file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-pipe-'));
    // 10 % of the events come soon: the progress line that follows the header finds the pipe closed.
    const g = start(['generate', '-n', '200000', '-o', join(dir, 'out.yoda'), '--hepmc', join(dir, 'events.hepmc')]);
    await until('the header line', () => g.err().length > 0);
    g.p.stderr!.destroy();
    expect(await g.exit).toEqual({ code: 141, signal: null });
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});

describe('run ended early', () => {
  it('SIGHUP is handled like Ctrl-C: runs in flight pending again, exit 129', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-hup-'));
    const file = writeBuiltinCampaign(dir, { name: 'c', runs: 2, events: 400000 });
    const r = start(['run', file, '--dir', join(dir, 'c'), '-j', '2']);
    const runs = () => scanRunDirs(runsDirOf(join(dir, 'c'))).runs;
    await until('a running run', () => runs().some((x) => readStatus(x.dir)?.state === 'running'));
    r.p.kill('SIGHUP');
    expect(await r.exit).toEqual({ code: 129, signal: null });
    expect(r.err()).toMatch(/stopping \(SIGHUP\): runs in flight go back to pending/);
    for (const x of runs()) {
      expect(readStatus(x.dir)).toEqual({ state: 'pending', attempts: 0 });
      expect(readdirSync(x.dir).filter((f) => f.startsWith('.'))).toEqual([]);
    }
    expect(existsSync(join(dir, 'c', '.mctune-run.lock'))).toBe(false);
  }, 60_000);

  it('a closed stderr pipe stops it like Ctrl-C, quietly, with exit 141', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-pipe-'));
    const file = writeBuiltinCampaign(dir, { name: 'c', runs: 3, events: 20000 });
    const r = start(['run', file, '--dir', join(dir, 'c'), '-j', '1']);
    await until('the first line', () => r.err().includes('\n'));
    r.p.stderr!.destroy();
    // The line of the first finished run finds the pipe closed: the run after it goes back to pending.
    expect(await r.exit).toEqual({ code: 141, signal: null });
    const states = scanRunDirs(runsDirOf(join(dir, 'c'))).runs.map((x) => readStatus(x.dir)!.state);
    expect(states).toContain('pending');
    expect(states).not.toContain('running');
    for (const x of scanRunDirs(runsDirOf(join(dir, 'c'))).runs) expect(readdirSync(x.dir).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(existsSync(join(dir, 'c', '.mctune-run.lock'))).toBe(false);
  }, 120_000);
});

/**
 * kill -9 of `mctune run` at several moments of a 40-run campaign, then a
 * restart: every run completes, no run finished before a kill is run again,
 * and no run directory ever holds a partial output under a result's name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanRunDirs, readStatus, runsDirOf, yodaOutputs } from '../../src/campaign/index.js';
import { readYodaFileSync } from '../../src/yoda/index.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';

const BIN = fileURLToPath(new URL('../../bin/mctune.js', import.meta.url));
const RUNS = 40;

function startRun(file: string, dir: string): ChildProcess {
  return spawn(process.execPath, [BIN, 'run', file, '--dir', dir, '-j', '2', '--no-ingest'], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function doneRuns(dir: string): Map<string, { finishedAt: string; ino: number; mtimeMs: number }> {
  const out = new Map<string, { finishedAt: string; ino: number; mtimeMs: number }>();
  for (const r of scanRunDirs(runsDirOf(dir)).runs) {
    const s = readStatus(r.dir);
    if (s?.state !== 'done') continue;
    const st = statSync(join(r.dir, 'out.yoda'));
    out.set(r.name, { finishedAt: s.finishedAt!, ino: st.ino, mtimeMs: st.mtimeMs });
  }
  return out;
}

/** Every file that looks like a result must be a complete, readable one. */
function expectNoPartialOutputs(dir: string): void {
  for (const r of scanRunDirs(runsDirOf(dir)).runs) {
    for (const f of yodaOutputs(r.dir)) expect(() => readYodaFileSync(f), f).not.toThrow();
  }
}

async function waitFor(cond: () => boolean, what: string, seconds: number): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > seconds * 1000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const exited = (p: ChildProcess) => new Promise<number | null>((res) => p.on('exit', (code) => res(code)));

describe('kill -9 and resume', () => {
  it('completes all 40 runs across three kills without redoing any finished run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-kill-'));
    const file = writeBuiltinCampaign(dir, { name: 'kill', seed: 11, runs: RUNS, events: 1500 });
    const seen = new Map<string, { finishedAt: string; ino: number; mtimeMs: number }>();
    for (const threshold of [6, 16, 27]) {
      const p = startRun(file, dir);
      const code = exited(p);
      await waitFor(() => doneRuns(dir).size >= threshold, `${threshold} runs done`, 60);
      p.kill('SIGKILL');
      expect(await code).toBe(null);
      const now = doneRuns(dir);
      expect(now.size, 'the kill came before the campaign ended').toBeLessThan(RUNS);
      for (const [name, before] of seen) expect(now.get(name), `run ${name} kept as it was`).toEqual(before);
      for (const [name, v] of now) seen.set(name, v);
      expectNoPartialOutputs(dir);
    }
    const p = startRun(file, dir);
    let stderr = '';
    p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited(p), stderr).toBe(0);
    const final = doneRuns(dir);
    expect(final.size).toBe(RUNS);
    for (const [name, before] of seen) expect(final.get(name), `run ${name} never redone`).toEqual(before);
    let cutOff = 0;
    for (const r of scanRunDirs(runsDirOf(dir)).runs) {
      expect(readdirSync(r.dir).filter((f) => f.startsWith('.')), `temp files in ${r.name}`).toEqual([]);
      const log = readFileSync(join(r.dir, 'run.log'), 'utf8').split('\n');
      // Completed at most once in the log: normally, or recovered by a restart when the kill fell between
      // the output's rename and the status write. (A kill between the status write and the log line
      // leaves none; status.json is the record, and the checks above cover those runs.)
      const completions = log.flatMap((l, i) => (/: done: |output was complete/.test(l) ? [i] : []));
      expect(completions.length, `completions of ${r.name}`).toBeLessThanOrEqual(1);
      // Nothing was attempted after that.
      if (completions.length) expect(log.slice(completions[0] + 1).filter((l) => /: attempt \d+/.test(l)), `attempts after ${r.name} completed`).toEqual([]);
      const interrupted = log.filter((l) => /stopped during this attempt/.test(l)).length;
      cutOff += interrupted;
    }
    expect(cutOff, 'the kills hit runs in flight').toBeGreaterThan(0);
    const [, todo, already] = /(\d+) runs to do, (\d+) done already/.exec(stderr)!.map(Number);
    expect(already).toBeGreaterThanOrEqual(seen.size);
    expect(todo + already).toBe(RUNS);
  }, 180_000);
});

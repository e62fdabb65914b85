/**
 * `mctune run`, `run-one` and `generate --params` from the command line:
 * Ctrl-C stops cleanly (resuming is tested with kill -9 in test/pool); an external generator
 * writing HepMC3 (here mctune itself) is analysed into each run's YODA.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listRunDirs, readStatus, runsDirOf } from '../../src/campaign/index.js';
import { readYodaFileSync } from '../../src/yoda/index.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';

const BIN = fileURLToPath(new URL('../../bin/mctune.js', import.meta.url));

describe('mctune run', () => {
  it('stops on Ctrl-C with the runs in flight pending again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-sigint-'));
    const file = writeBuiltinCampaign(dir, { name: 'c', runs: 4, events: 400000 });
    const p = spawn(process.execPath, [BIN, 'run', file, '--dir', join(dir, 'c'), '-j', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = new Promise<number | null>((res) => p.on('exit', (c) => res(c)));
    const runs = () => listRunDirs(runsDirOf(join(dir, 'c')));
    // Wait until both workers are generating.
    for (let i = 0; i < 500 && !(runs().length === 4 && runs().filter((r) => readStatus(r.dir)?.state === 'running').length === 2); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    p.kill('SIGINT');
    expect(await code, err).toBe(130);
    expect(err).toMatch(/stopping: runs in flight go back to pending/);
    expect(err).toMatch(/0 runs done, 0 failed, 4 left pending/);
    for (const r of runs()) {
      expect(readStatus(r.dir)).toEqual({ state: 'pending', attempts: 0 });
      if (existsSync(join(r.dir, 'run.log'))) expect(readFileSync(join(r.dir, 'run.log'), 'utf8')).toMatch(/interrupted; the run is pending again/);
      expect(readdirSync(r.dir).filter((f) => f.startsWith('.') || f.endsWith('.yoda'))).toEqual([]);
    }
    expect(runs().filter((r) => existsSync(join(r.dir, 'run.log')))).toHaveLength(2);
    expect(existsSync(join(dir, 'c', '.mctune-run.lock'))).toBe(false);
  }, 60_000);

  it('runs an external generator writing HepMC3 and analyses its events into each run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-hepmc-'));
    const file = writeBuiltinCampaign(dir, {
      name: 'c',
      runs: 3,
      events: 300,
      extra: `generator:
  kind: command
  command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(BIN)}, generate, --params, '{params}', --seed, '{seed}', -n, '300', --hepmc, '{out}']
  output: hepmc
  timeout: 120
`,
    });
    const r = spawnSync(process.execPath, [BIN, 'run', file, '--dir', join(dir, 'c'), '-j', '2'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3 runs done, 0 failed/);
    for (const run of listRunDirs(runsDirOf(join(dir, 'c')))) {
      expect(readStatus(run.dir)).toMatchObject({ state: 'done', events: 300 });
      const doc = readYodaFileSync(join(run.dir, 'out.yoda'));
      expect(doc.has('/ALEPH_1996_S3486095/d01-x01-y01')).toBe(true);
      expect(readFileSync(join(run.dir, 'events.hepmc'), 'utf8')).toMatch(/^HepMC::Version/);
      // The generator got this run's settings, as its log shows.
      const log = readFileSync(join(run.dir, 'run.log'), 'utf8');
      expect(log).toContain(`StringZ:aLund=${run.params['StringZ:aLund']}`);
    }
  }, 120_000);

  it('run-one reports a finished run and refuses a failed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-runone-'));
    const file = writeBuiltinCampaign(dir, { name: 'c', runs: 1, events: 200 });
    expect(spawnSync(process.execPath, [BIN, 'sample', file, '--dir', join(dir, 'c')]).status).toBe(0);
    const run = join(dir, 'c', 'runs', '0000');
    const a = spawnSync(process.execPath, [BIN, 'run-one', run], { encoding: 'utf8' });
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/done, 200 events/);
    const b = spawnSync(process.execPath, [BIN, 'run-one', run], { encoding: 'utf8' });
    expect(b.stderr).toMatch(/already done/);
    writeFileSync(join(run, 'status.json'), JSON.stringify({ state: 'failed', attempts: 2, reason: 'boom' }));
    const c = spawnSync(process.execPath, [BIN, 'run-one', run], { encoding: 'utf8' });
    expect(c.status).toBe(1);
    expect(c.stderr).toMatch(/failed earlier \(boom\)/);
  }, 60_000);
});

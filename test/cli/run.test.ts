/**
 * `mctune run`, `run-one` and `generate --params` from the command line:
 * Ctrl-C stops cleanly (resuming is tested with kill -9 in test/pool); an external generator
 * writing HepMC3 (here mctune itself) is analysed into each run's YODA.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanRunDirs, readStatus, runsDirOf } from '../../src/campaign/index.js';
import { readYodaFileSync } from '../../src/yoda/index.js';
import { writeBuiltinCampaign, writeFakeCampaign } from '../helpers/campaigns.js';
import { cli } from '../helpers/cli.js';


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
    const runs = () => scanRunDirs(runsDirOf(join(dir, 'c'))).runs;
    // Wait until both workers are generating.
    for (let i = 0; i < 500 && !(runs().length === 4 && runs().filter((r) => readStatus(r.dir)?.state === 'running').length === 2); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    p.kill('SIGINT');
    expect(await code, err).toBe(130);
    expect(err).toMatch(/stopping \(SIGINT\): runs in flight go back to pending/);
    expect(err).toMatch(/0 runs done, 0 failed, 4 left pending/);
    for (const r of runs()) {
      expect(readStatus(r.dir)).toEqual({ state: 'pending', attempts: 0 });
      if (existsSync(join(r.dir, 'run.log'))) expect(readFileSync(join(r.dir, 'run.log'), 'utf8')).toMatch(/interrupted; the run is pending again/);
      expect(readdirSync(r.dir).filter((f) => f.startsWith('.') || f.endsWith('.yoda'))).toEqual([]);
    }
    expect(runs().filter((r) => existsSync(join(r.dir, 'run.log')))).toHaveLength(2);
    expect(existsSync(join(dir, 'c', '.mctune-run.lock'))).toBe(false);
  }, 60_000);

  it("runs the README's external-generator template (mctune writing HepMC3) and analyses its events into each run", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-hepmc-'));
    // The README's template, with `mctune` spelled as this checkout's binary.
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const template = /`\[mctune, generate, ([^`]*)\]`/.exec(readme)?.[1];
    expect(template, 'the README names a generate template').toBeDefined();
    const file = writeBuiltinCampaign(dir, {
      name: 'c',
      runs: 3,
      events: 300,
      extra: `generator:
  kind: command
  command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(BIN)}, generate, ${String(template)}]
  output: hepmc
  timeout: 120
`,
    });
    const r = spawnSync(process.execPath, [BIN, 'run', file, '--dir', join(dir, 'c'), '-j', '2'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3 runs done, 0 failed/);
    expect(r.stderr).not.toMatch(/warning/);
    for (const run of scanRunDirs(runsDirOf(join(dir, 'c'))).runs) {
      expect(readStatus(run.dir)).toMatchObject({ state: 'done', events: 300 });
      const doc = readYodaFileSync(join(run.dir, 'out.yoda'));
      expect(doc.has('/ALEPH_1996_S3486095/d01-x01-y01')).toBe(true);
      expect(gunzipSync(readFileSync(join(run.dir, 'events.hepmc.gz'))).toString('utf8')).toMatch(/^HepMC::Version/);
      // The generator got this run's settings and the campaign's events, as its log shows.
      const log = readFileSync(join(run.dir, 'run.log'), 'utf8');
      expect(log).toContain(`StringZ:aLund=${run.params['StringZ:aLund']}`);
      expect(log).toMatch(/mctune generate: 300 events/);
    }
  }, 120_000);

  it('warns on stderr when a command template does not pass {events} on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-noevents-'));
    const file = writeBuiltinCampaign(dir, { name: 'c', runs: 1, events: 300, extra: `generator: { kind: command, command: [gen, '{out}'], output: hepmc }\n` });
    const r = spawnSync(process.execPath, [BIN, 'sample', file, '--dir', join(dir, 'c')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${file}:10: warning: generator.command: the template has no {events}, so the campaign's events (300) are not passed on`);
  });

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

  it('exits 1 while any run is failed, also on a re-run with nothing left to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-failed-'));
    const file = await writeFakeCampaign(dir, { behaviour: { '0001': 'exit' }, runs: 2, retries: 0, timeout: 30 });
    const first = await cli('run', file, '--dir', join(dir, 'c'));
    expect(first.err).toMatch(/1 runs done, 1 failed in/);
    expect(first.code).toBe(1);
    const again = await cli('run', file, '--dir', join(dir, 'c'));
    expect(again.err).toMatch(/0 runs to do, 1 done already, 1 failed earlier/);
    expect(again.err).toMatch(/0 runs done, 0 failed, 1 failed earlier \(mctune status lists them; --retry-failed tries them again\)/);
    expect(again.code).toBe(1);
  }, 60_000);

  it('-j above the number of cores warns and uses the cores, unless --oversubscribe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-cores-'));
    const file = await writeFakeCampaign(dir, { behaviour: {}, runs: 1, retries: 0, timeout: 30 });
    const cores = availableParallelism();
    const capped = await cli('run', file, '--dir', join(dir, 'a'), '-j', String(cores + 7), '--no-ingest');
    expect(capped.code, capped.err).toBe(0);
    expect(capped.err).toContain(`warning: -j ${cores + 7} is more than the ${cores} cores of this machine; using ${cores} workers (--oversubscribe to use ${cores + 7})`);
    expect(capped.err).toMatch(new RegExp(`; ${cores} workers\n`));
    const forced = await cli('run', file, '--dir', join(dir, 'b'), '-j', String(cores + 1), '--oversubscribe', '--no-ingest');
    expect(forced.code, forced.err).toBe(0);
    expect(forced.err).not.toContain('warning');
    expect(forced.err).toMatch(new RegExp(`; ${cores + 1} workers\n`));
  }, 60_000);
});

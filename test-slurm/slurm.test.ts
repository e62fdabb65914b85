/**
 * A small campaign through a real Slurm (single node, started by
 * scripts/slurm-local.sh): `mctune run --engine slurm` submits job arrays whose
 * tasks run `mctune run-one`, resubmits a failing run, then ingests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStatus, runsDirOf, scanRunDirs } from '../src/campaign/index.js';
import { writeBuiltinCampaign, writeFakeCampaign } from '../test/helpers/campaigns.js';

const BIN = fileURLToPath(new URL('../bin/mctune.js', import.meta.url));
// Slurm's tasks read and write the campaign, so it must live where the node sees it: here, the same machine.
const ROOT = fileURLToPath(new URL('../test-slurm/.work/', import.meta.url));

function mctune(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 280_000 });
  return { code: r.status, stderr: r.stderr };
}

beforeAll(() => {
  let nodes: string;
  try {
    nodes = execFileSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' });
  } catch (e) {
    throw new Error(`Slurm is not running here (${(e as Error).message.split('\n')[0]}); start it with: bash scripts/slurm-local.sh`, { cause: e });
  }
  if (!/idle|mixed|allocated/.test(nodes)) throw new Error(`no usable Slurm node (sinfo says: ${nodes.trim()}); see scripts/slurm-local.sh`);
  execFileSync('mkdir', ['-p', ROOT]);
});

describe('mctune run --engine slurm on a real Slurm', () => {
  it('runs a built-in campaign as a job array and ingests it', () => {
    const dir = mkdtempSync(join(ROOT, 'builtin-'));
    const file = writeBuiltinCampaign(dir, { name: 'slurm-builtin', seed: 3, runs: 6, events: 1000 });
    const r = mctune(['run', file, '--dir', join(dir, 'c'), '--engine', 'slurm', '--poll', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/submitted Slurm job \d+: 6 array tasks/);
    const runs = scanRunDirs(runsDirOf(join(dir, 'c'))).runs;
    expect(runs.map((x) => readStatus(x.dir)?.state)).toEqual(Array(6).fill('done'));
    expect(r.stderr).toMatch(/6 runs × \d+ bins/);
    // Every task left Slurm's own output beside the campaign, and ran mctune run-one.
    const outs = readdirSync(join(dir, 'c', 'slurm')).filter((f) => f.endsWith('.out'));
    expect(outs).toHaveLength(6);
    expect(readFileSync(join(dir, 'c', 'slurm', outs[0]), 'utf8')).toMatch(/done, 1000 events/);
  }, 300_000);

  it('resubmits failing and killed runs up to the retry limit, then marks them failed', async () => {
    const dir = mkdtempSync(join(ROOT, 'failing-'));
    const file = await writeFakeCampaign(dir, { behaviour: { '0001': 'exit', '0002': 'flaky', '0003': 'kill-parent' }, runs: 4, retries: 1, timeout: 60 });
    const r = mctune(['run', file, '--dir', join(dir, 'c'), '--engine', 'slurm', '--poll', '1']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.match(/submitted Slurm job/g)).toHaveLength(2);
    const st = (n: string) => readStatus(join(runsDirOf(join(dir, 'c')), n))!;
    expect(st('0000')).toMatchObject({ state: 'done', attempts: 1 });
    expect(st('0001')).toMatchObject({ state: 'failed', attempts: 2 });
    expect(st('0001').reason).toMatch(/^generator exited with code 3; generator's last output: .*fake generator: giving up$/);
    expect(st('0002')).toMatchObject({ state: 'done', attempts: 2 });
    // Its task was killed under it: Slurm's own verdict explains the lost attempt.
    expect(st('0003')).toMatchObject({ state: 'done', attempts: 2 });
    expect(readFileSync(join(runsDirOf(join(dir, 'c')), '0003', 'run.log'), 'utf8')).toMatch(/batch task \d+_3 ended without finishing the run: FAILED/);
  }, 300_000);
});

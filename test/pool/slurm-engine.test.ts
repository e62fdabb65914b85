/**
 * The Slurm engine's logic on stand-in sbatch/squeue/sacct commands (run
 * everywhere; `npm run test:slurm` runs the real thing): rounds of job arrays,
 * resubmission of runs with attempts left, tasks that die without settling
 * their run, and the array script's quoting.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCampaignFile, readStatus, runsDirOf, sampleRuns } from '../../src/campaign/index.js';
import { arrayScript, runSlurm, type CampaignEvent, type CampaignResult } from '../../src/pool/index.js';
import { writeFakeCampaign } from '../helpers/campaigns.js';

const FAKE_SLURM = fileURLToPath(new URL('./fixtures/fake-slurm', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/mctune.js', import.meta.url));
const BEHAVIOUR = { '0000': 'good', '0001': 'flaky', '0002': 'exit', '0003': 'kill-parent' };

describe('array script', () => {
  it('passes run directories with quotes, spaces and $() through verbatim', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-script-'));
    const nasty = [join(dir, `it's a "run" $(touch ${join(dir, 'pwned')})`), join(dir, 'plain`date`\\n')];
    const script = join(dir, 'job.sh');
    writeFileSync(script, arrayScript({ jobName: 'mctune-x y', runDirs: nasty, mctune: ['/usr/bin/printf', '%s\\n'], campaignFile: join(dir, "c'1.yaml"), minutes: 61.2, maxParallel: 3, sbatchOptions: ['--partition=short'] }));
    const text = readFileSync(script, 'utf8');
    expect(text).toMatch(/^#SBATCH --array=0-1%3$/m);
    expect(text).toMatch(/^#SBATCH --time=62$/m);
    expect(text).toMatch(/^#SBATCH --job-name=mctune-x_y$/m);
    expect(text).toMatch(/^#SBATCH --partition=short$/m);
    nasty.forEach((d, i) => {
      const out = execFileSync('bash', [script], { env: { PATH: process.env.PATH!, SLURM_ARRAY_TASK_ID: String(i) }, encoding: 'utf8' });
      expect(out.split('\n').slice(0, -1)).toEqual(['run-one', '--campaign', join(dir, "c'1.yaml"), d]);
    });
    expect(readdirSync(dir)).not.toContain('pwned');
  });

  it('refuses an sbatch option that would add lines to the script', () => {
    expect(() => arrayScript({ jobName: 'j', runDirs: ['/r'], mctune: ['m'], campaignFile: 'c', minutes: 1, sbatchOptions: ['--x\nrm -rf /'] })).toThrow(/spans lines/);
  });
});

describe('Slurm engine on stand-in commands', () => {
  let dir: string;
  let result: CampaignResult;
  const events: CampaignEvent[] = [];
  const oldPath = process.env.PATH;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mctune-fake-slurm-'));
    const state = join(dir, 'slurm-state');
    mkdirSync(state);
    process.env.FAKE_SLURM_DIR = state;
    process.env.PATH = `${FAKE_SLURM}${delimiter}${oldPath ?? ''}`;
    const config = readCampaignFile(await writeFakeCampaign(dir, { behaviour: BEHAVIOUR, runs: 4, retries: 1, timeout: 30 }));
    sampleRuns(config, dir);
    result = await runSlurm(config, dir, { pollSeconds: 0.1, mctune: [process.execPath, BIN], onEvent: (e) => events.push(e) });
  }, 120_000);

  afterAll(() => {
    process.env.PATH = oldPath;
  });

  const status = (run: string) => readStatus(join(runsDirOf(dir), run))!;

  it('resubmits runs with attempts left, in a second array', () => {
    const submitted = events.filter((e): e is Extract<CampaignEvent, { type: 'submitted' }> => e.type === 'submitted');
    expect(submitted.map((s) => s.runs)).toEqual([
      ['0000', '0001', '0002', '0003'],
      ['0001', '0002', '0003'],
    ]);
    expect(result.done.sort()).toEqual(['0000', '0001', '0003']);
    expect(status('0001')).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('marks a run failed with its reason once its attempts are spent', () => {
    expect(result.failed.map((f) => f.name)).toEqual(['0002']);
    // The generator's own last words come with the reason.
    expect(result.failed[0].reason).toMatch(/^generator exited with code 3; generator's last output: .*fake generator: giving up$/);
    expect(status('0002')).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('counts a task that died without settling its run as a failed attempt', () => {
    const first = events.find((e) => e.type === 'finished' && e.run === '0003');
    expect(first).toMatchObject({ outcome: { state: 'pending', reason: expect.stringMatching(/batch task \d+_3 ended without finishing the run: FAILED \(NonZeroExitCode\) \(see slurm\/\d+_3\.out\)/) as unknown } });
    expect(status('0003')).toMatchObject({ state: 'done', attempts: 2 });
    expect(readFileSync(join(runsDirOf(dir), '0003', 'run.log'), 'utf8')).toMatch(/ended without finishing/);
  });

  it('leaves no partial outputs and releases the campaign', () => {
    for (const run of Object.keys(BEHAVIOUR)) expect(readdirSync(join(runsDirOf(dir), run)).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readdirSync(dir)).not.toContain('.mctune-run.lock');
    expect(readdirSync(join(dir, 'slurm')).filter((f) => f.endsWith('.sh'))).toHaveLength(2);
  });
});

/**
 * External generators that go wrong in each of the ways they do in practice:
 * every bad run is marked failed with the right reason after its retries, and
 * the campaign finishes the good runs.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCampaign, readCampaignFile, readRunTree, readStatus, runsDirOf, sampleRuns } from '../../src/campaign/index.js';
import { runLocal, type CampaignEvent, type CampaignResult } from '../../src/pool/index.js';
import { processAlive, writeFakeCampaign } from '../helpers/campaigns.js';

const BEHAVIOUR = { '0000': 'exit', '0001': 'hang', '0002': 'garbage', '0003': 'nothing', '0004': 'good', '0005': 'flaky', '0006': 'good' };
const TIMEOUT_S = 1.5;

let dir: string;
let result: CampaignResult;
const events: CampaignEvent[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mctune-failures-'));
  const file = await writeFakeCampaign(dir, { behaviour: BEHAVIOUR, runs: 7, retries: 1, timeout: TIMEOUT_S });
  const config = readCampaignFile(file);
  sampleRuns(config, dir);
  process.env.MCTUNE_TEST_NOT_PASSED = 'secret';
  result = await runLocal(config, dir, { workers: 4, onEvent: (e) => events.push(e) });
}, 60_000);

const status = (run: string) => readStatus(join(runsDirOf(dir), run))!;
const log = (run: string) => readFileSync(join(runsDirOf(dir), run, 'run.log'), 'utf8');

describe('a campaign with failing external generators', () => {
  it.each([
    ['0000', /generator exited with code 3/],
    ['0001', new RegExp(`timed out after ${TIMEOUT_S} s`)],
    ['0002', /output is not valid YODA: .*\.out\.yoda\.[\w-]+\.partial:2:/],
    ['0003', /generator wrote no output/],
  ])('run %s is failed with the right reason after every attempt', (run, reason) => {
    const s = status(run);
    expect(s.state).toBe('failed');
    expect(s.reason).toMatch(reason);
    expect(s.attempts).toBe(2);
    expect(readFileSync(join(runsDirOf(dir), run, 'invocations'), 'utf8')).toBe('xx');
    expect(result.failed.find((f) => f.name === run)?.reason).toMatch(reason);
  });

  it('finishes the good runs, including one that succeeds on its retry', () => {
    expect(result.done.sort()).toEqual(['0004', '0005', '0006']);
    expect(status('0005')).toMatchObject({ state: 'done', attempts: 2 });
    expect(status('0004')).toMatchObject({ state: 'done', attempts: 1 });
    const tree = readRunTree(runsDirOf(dir));
    expect(tree.runs.map((r) => r.name)).toEqual(['0004', '0005', '0006']);
    expect(tree.problems.map((p) => p.name)).toEqual(['0000', '0001', '0002', '0003']);
    expect(result.interrupted).toBe(false);
  });

  it('leaves no partial output anywhere', () => {
    for (const run of Object.keys(BEHAVIOUR)) {
      expect(readdirSync(join(runsDirOf(dir), run)).filter((f) => f.startsWith('.'))).toEqual([]);
    }
  });

  it('kills the whole process group of a generator that hangs', () => {
    const pid = Number(readFileSync(join(runsDirOf(dir), '0001', 'grandchild.pid'), 'utf8'));
    expect(processAlive(pid)).toBe(false);
  });

  it('runs the command in the run directory with only the environment the campaign gives', () => {
    const text = log('0004');
    expect(text).toContain(`cwd: ${join(runsDirOf(dir), '0004')}`);
    const env = /env: (.*)/.exec(text)![1].split(',');
    expect(env).toContain('FAKE_BEHAVIOUR');
    expect(env).toContain('PATH');
    expect(env).not.toContain('MCTUNE_TEST_NOT_PASSED');
    // What the generator printed and mctune's own lines, in order, per attempt.
    expect(log('0000')).toMatch(/attempt 1 of 2[\s\S]*giving up\n[\s\S]*failed: generator exited with code 3; generator's last output: .*giving up; will retry\n[\s\S]*attempt 2 of 2[\s\S]*failed: generator exited with code 3; .*giving up\n/);
  });

  it('reports each run as it finishes', () => {
    const finished = events.filter((e) => e.type === 'finished');
    // 4 failing runs × 2 attempts, 1 flaky × 2, 2 good × 1.
    expect(finished).toHaveLength(12);
    expect(events[0]).toMatchObject({ type: 'start', todo: 7, done: 0 });
  });

  it('does not run anything again when the campaign is run once more', async () => {
    const again = await runLocal(readCampaignFile(join(dir, 'c.yaml')), dir, { workers: 2 });
    expect(again.done).toEqual([]);
    expect(again.failed).toEqual([]);
    expect(readFileSync(join(runsDirOf(dir), '0004', 'invocations'), 'utf8')).toBe('x');
    expect(existsSync(join(dir, '.mctune-run.lock'))).toBe(false);
  });
});

describe('a built-in run past its timeout', () => {
  it('is stopped in its worker thread and marked failed; the pool goes on with the next run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-builtin-timeout-'));
    const file = join(dir, 'c.yaml');
    const text = `
parameters:
  StringZ:aLund: { range: [0.3, 1.0] }
generator: { kind: builtin, timeout: 0.5 }
analyses: [ALEPH_1996_S3486095]
reference: []
runs: 2
events: 5000000
retries: 0
`;
    writeFileSync(file, text);
    const config = parseCampaign(text, file);
    sampleRuns(config, dir);
    const seen: CampaignEvent[] = [];
    const r = await runLocal(config, dir, { workers: 1, onEvent: (e) => seen.push(e) });
    expect(r.failed).toEqual([
      { name: '0000', reason: 'timed out after 0.5 s' },
      { name: '0001', reason: 'timed out after 0.5 s' },
    ]);
    expect(readStatus(join(runsDirOf(dir), '0001'))).toMatchObject({ state: 'failed', attempts: 1 });
    // One worker: the second run starts only once the first has been stopped.
    const order = seen.filter((e) => e.type === 'attempt' || e.type === 'finished').map((e) => `${e.type} ${'run' in e ? e.run : ''}`);
    expect(order).toEqual(['attempt 0000', 'finished 0000', 'attempt 0001', 'finished 0001']);
    // Stopped part way: neither run got near its 5M events.
    const progress = seen.flatMap((e) => (e.type === 'progress' ? [e.events] : []));
    expect(Math.max(0, ...progress)).toBeLessThan(5_000_000);
    expect(r.events).toBe(0);
  }, 30_000);
});

/** Bringing a campaign back after a crash, the campaign lock, and `run-one` on a batch node. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignStatus, createRunDir, parseCampaign, readStatus, writeStatus } from '../../src/campaign/index.js';
import { attemptRun, inProcess, LockHeldError, lockCampaign, recoverCampaign, runOne, writeCampaignPointer, LOCK_FILE, RUN_LOCK_FILE } from '../../src/pool/index.js';
import { runBuiltin } from '../../src/pool/builtin-run.js';
import { processAlive } from '../helpers/campaigns.js';

const ANALYSES = ['ALEPH_1996_S3486095'];
const PARAMS = ['StringZ:aLund'];

function campaignDir(): string {
  return mkdtempSync(join(tmpdir(), 'mctune-recover-'));
}

async function goodOutput(runDir: string): Promise<void> {
  await runBuiltin({ runDir, runName: 'x', params: {}, seed: 1, stream: 1, events: 50, analyses: ANALYSES });
}

describe('recoverCampaign', () => {
  it('sorts runs into done, failed and to-do, and repairs what a kill left', async () => {
    const dir = campaignDir();
    const runs = join(dir, 'runs');
    const p = { 'StringZ:aLund': 0.5 };
    const professorDone = createRunDir(runs, 0, p);
    const professorTodo = createRunDir(runs, 1, p);
    const killedMidRun = createRunDir(runs, 2, p);
    const killedAfterRename = createRunDir(runs, 3, p);
    const failed = createRunDir(runs, 4, p);
    const doneButDeleted = createRunDir(runs, 5, p);
    // Professor runs carry no status.json.
    rmSync(join(professorDone.dir, 'status.json'));
    rmSync(join(professorTodo.dir, 'status.json'));
    writeFileSync(join(professorDone.dir, 'Rivet.yoda'), '');
    writeStatus(killedMidRun.dir, { state: 'running', attempts: 1, startedAt: 'x' });
    writeFileSync(join(killedMidRun.dir, '.out.yoda.partial'), 'BEGIN YODA_HISTO1D_V2 /half');
    writeFileSync(join(killedMidRun.dir, '.out.yoda.tmp-123-abcd'), 'half');
    writeStatus(killedAfterRename.dir, { state: 'running', attempts: 2, startedAt: 'y' });
    await goodOutput(killedAfterRename.dir);
    writeStatus(failed.dir, { state: 'failed', attempts: 2, reason: 'boom' });
    writeStatus(doneButDeleted.dir, { state: 'done', attempts: 1 });

    const rec = recoverCampaign(dir, { analyses: ANALYSES, parameters: PARAMS });
    expect(rec.todo.map((r) => r.name)).toEqual(['0001', '0002', '0005']);
    expect(rec).toMatchObject({ done: 2, failed: 1, resumed: ['0002'], adopted: ['0003'] });
    expect(readStatus(killedMidRun.dir)).toEqual({ state: 'pending', attempts: 0 });
    expect(existsSync(join(killedMidRun.dir, '.out.yoda.partial'))).toBe(false);
    expect(existsSync(join(killedMidRun.dir, '.out.yoda.tmp-123-abcd'))).toBe(false);
    expect(readStatus(killedAfterRename.dir)).toMatchObject({ state: 'done', attempts: 2, startedAt: 'y' });
    expect(readStatus(doneButDeleted.dir)).toEqual({ state: 'pending', attempts: 0 });

    const retry = recoverCampaign(dir, { analyses: ANALYSES, parameters: PARAMS, retryFailed: true });
    expect(retry.todo.map((r) => r.name)).toEqual(['0001', '0002', '0004', '0005']);
    expect(readStatus(failed.dir)).toEqual({ state: 'pending', attempts: 0 });
  });
});

describe('run directories whose params.dat is not the campaign\'s', () => {
  it('are left out with the reason, never run, and do not stop the other runs', () => {
    const dir = campaignDir();
    const runs = join(dir, 'runs');
    const names = ['StringZ:aLund', 'StringZ:bLund'];
    const good = createRunDir(runs, 0, { 'StringZ:aLund': 0.5, 'StringZ:bLund': 0.9 });
    const extra = createRunDir(runs, 1, { 'StringZ:aLund': 0.5, 'StringZ:bLund': 0.9, 'StringPT:sigma': 0.3 });
    const missing = createRunDir(runs, 2, { 'StringZ:aLund': 0.5 });
    const renamed = createRunDir(runs, 3, { 'StringZ:alund': 0.5, 'StringZ:bLund': 0.9 });
    const unreadable = createRunDir(runs, 4, { 'StringZ:aLund': 0.5, 'StringZ:bLund': 0.9 });
    writeFileSync(join(unreadable.dir, 'params.dat'), 'StringZ:aLund 0.5\nStringZ:bLund oops\n');
    const noParams = createRunDir(runs, 5, { 'StringZ:aLund': 0.5, 'StringZ:bLund': 0.9 });
    rmSync(join(noParams.dir, 'params.dat'));

    const rec = recoverCampaign(dir, { analyses: ANALYSES, parameters: names });
    expect(rec.todo.map((r) => r.name)).toEqual([good.name]);
    const reasons = Object.fromEntries(rec.invalid.map((r) => [r.name, r.reason]));
    expect(Object.keys(reasons)).toEqual(['0001', '0002', '0003', '0004', '0005']);
    expect(reasons['0001']).toMatch(/params\.dat: parameters differ from the campaign's: has extra StringPT:sigma/);
    expect(reasons['0002']).toMatch(/lacks StringZ:bLund/);
    expect(reasons['0003']).toMatch(/lacks StringZ:aLund; has extra StringZ:alund/);
    expect(reasons['0004']).toMatch(/params\.dat:2: StringZ:bLund: 'oops' is not a number/);
    expect(reasons['0005']).toMatch(/params\.dat: missing/);
    // Status reports them too, and nothing was written into them.
    const st = campaignStatus(dir, names);
    expect(st.filter((r) => r.state === 'invalid').map((r) => r.name)).toEqual(['0001', '0002', '0003', '0004', '0005']);
    expect(readStatus(extra.dir)).toEqual({ state: 'pending', attempts: 0 });
    expect([missing, renamed].every((r) => existsSync(r.dir))).toBe(true);
  });
});

describe('orphaned external generators', () => {
  it('stops the process group a killed campaign left in a run directory, and nothing else', async () => {
    const dir = campaignDir();
    const orphanRun = createRunDir(join(dir, 'runs'), 0, { 'StringZ:aLund': 0.5 });
    const reusedPidRun = createRunDir(join(dir, 'runs'), 1, { 'StringZ:aLund': 0.6 });
    const orphan = spawn('sleep', ['60'], { cwd: orphanRun.dir, detached: true, stdio: 'ignore' });
    // A process with a recorded pid that works elsewhere: the pid was reused, it is not ours.
    const stranger = spawn('sleep', ['60'], { cwd: tmpdir(), detached: true, stdio: 'ignore' });
    const host = (await import('node:os')).hostname();
    writeStatus(orphanRun.dir, { state: 'running', attempts: 1, pid: orphan.pid!, host });
    writeStatus(reusedPidRun.dir, { state: 'running', attempts: 1, pid: stranger.pid!, host });
    try {
      const rec = recoverCampaign(dir, { analyses: ANALYSES, parameters: PARAMS });
      expect(rec.resumed).toEqual(['0000', '0001']);
      await new Promise((r) => setTimeout(r, 100));
      expect(processAlive(orphan.pid!)).toBe(false);
      expect(processAlive(stranger.pid!)).toBe(true);
      expect(readFileSync(join(orphanRun.dir, 'run.log'), 'utf8')).toMatch(/stopped generator process group \d+ left running/);
    } finally {
      stranger.kill('SIGKILL');
      orphan.kill('SIGKILL');
    }
  });
});

describe('recovery and run locks', () => {
  it('leaves a run that a live process is executing alone, and takes over the lock of a dead one', async () => {
    const dir = campaignDir();
    const runs = join(dir, 'runs');
    const busy = createRunDir(runs, 0, { 'StringZ:aLund': 0.5 });
    const stale = createRunDir(runs, 1, { 'StringZ:aLund': 0.6 });
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    try {
      for (const [run, pid] of [[busy, other.pid], [stale, dead.pid]] as const) {
        writeStatus(run.dir, { state: 'running', attempts: 1, startedAt: 'x' });
        writeFileSync(join(run.dir, RUN_LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: 'then' }));
        writeFileSync(join(run.dir, '.out.yoda.123-x.partial'), 'half');
      }
      const rec = recoverCampaign(dir, { analyses: ANALYSES, parameters: PARAMS });
      expect(rec.busy).toEqual(['0000']);
      expect(rec.todo.map((r) => r.name)).toEqual(['0001']);
      // The busy run is untouched: still running, its partial output still there, its lock still held.
      expect(readStatus(busy.dir)).toMatchObject({ state: 'running', attempts: 1 });
      expect(existsSync(join(busy.dir, '.out.yoda.123-x.partial'))).toBe(true);
      expect(existsSync(join(busy.dir, RUN_LOCK_FILE))).toBe(true);
      expect(readStatus(stale.dir)).toEqual({ state: 'pending', attempts: 0 });
      expect(existsSync(join(stale.dir, RUN_LOCK_FILE))).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('an attempt does not redo a run another process finished meanwhile', async () => {
    const dir = campaignDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'parameters:\n  StringZ:aLund: { range: [0.3, 1.0] }\nanalyses: [ALEPH_1996_S3486095]\nreference: []\nruns: 1\nevents: 100\n');
    const config = parseCampaign(readFileSync(file, 'utf8'), file);
    const run = createRunDir(join(dir, 'runs'), 0, { 'StringZ:aLund': 0.5 });
    await goodOutput(run.dir);
    writeStatus(run.dir, { state: 'done', attempts: 1, events: 50, seconds: 1 });
    const before = statSync(join(run.dir, 'out.yoda')).mtimeMs;
    const o = await attemptRun(config, run, inProcess);
    expect(o).toMatchObject({ state: 'done', events: 50 });
    expect(readStatus(run.dir)).toMatchObject({ state: 'done', attempts: 1 });
    expect(statSync(join(run.dir, 'out.yoda')).mtimeMs).toBe(before);
  });

  it('a lock that cannot be read is held while fresh and taken over once old; our own pid counts only for locks we hold', () => {
    const dir = campaignDir();
    const file = join(dir, LOCK_FILE);
    writeFileSync(file, '{"pid": 12');
    expect(() => lockCampaign(dir)).toThrow(LockHeldError);
    const old = new Date(Date.now() - 3600_000);
    utimesSync(file, old, old);
    lockCampaign(dir)();
    // A lock with this pid left by an earlier process (a container's pid 1 after a restart) is stale.
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname(), since: 'before a restart' }));
    const release = lockCampaign(dir);
    expect(() => lockCampaign(dir)).toThrow(LockHeldError);
    release();
    expect(existsSync(file)).toBe(false);
  });
});

describe('lockCampaign', () => {
  it('admits one engine at a time and takes over a lock whose process is gone', async () => {
    const dir = campaignDir();
    const release = lockCampaign(dir);
    expect(() => lockCampaign(dir)).toThrow(LockHeldError);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    // A lock left by a process killed with -9.
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: (await import('node:os')).hostname(), since: 'then' }));
    const again = lockCampaign(dir);
    expect((JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number }).pid).toBe(process.pid);
    again();
  });
});

describe('runOne', () => {
  const text = `
parameters:
  StringZ:aLund: { range: [0.3, 1.0] }
analyses: [ALEPH_1996_S3486095]
reference: []
runs: 1
events: 300
`;

  it('runs a pending run from its directory alone, then never again', async () => {
    const dir = campaignDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, text);
    writeCampaignPointer(dir, file);
    const run = createRunDir(join(dir, 'runs'), 0, { 'StringZ:aLund': 0.5 });
    const first = await runOne(run.dir);
    expect(first).toMatchObject({ state: 'done', events: 300 });
    expect(readStatus(run.dir)).toMatchObject({ state: 'done', attempts: 1, events: 300 });
    expect(await runOne(run.dir)).toEqual({ state: 'already-done' });
    expect(readStatus(run.dir)).toMatchObject({ attempts: 1 });
  });

  it('stops cooperatively on a signal and leaves the run pending, attempt not counted', async () => {
    const dir = campaignDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, text.replace('events: 300', 'events: 1000000'));
    const run = createRunDir(join(dir, 'runs'), 0, { 'StringZ:aLund': 0.5 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const o = await runOne(run.dir, parseCampaign(readFileSync(file, 'utf8'), file), stop.signal);
    expect(o).toMatchObject({ state: 'interrupted' });
    expect(readStatus(run.dir)).toEqual({ state: 'pending', attempts: 0 });
    expect(existsSync(join(run.dir, 'out.yoda'))).toBe(false);
  });

  it('refuses a run that another process is executing, and changes nothing in it', async () => {
    const dir = campaignDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, text);
    const run = createRunDir(join(dir, 'runs'), 0, { 'StringZ:aLund': 0.5 });
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    const gone = new Promise((r) => other.on('exit', r));
    try {
      writeFileSync(join(run.dir, RUN_LOCK_FILE), JSON.stringify({ pid: other.pid, host: hostname(), since: 'now' }));
      const o = await runOne(run.dir, file);
      expect(o).toMatchObject({ state: 'interrupted', kind: 'locked' });
      expect((o as { reason: string }).reason).toMatch(new RegExp(`the run is being executed by process ${String(other.pid)} on this host`));
      expect(readStatus(run.dir)).toEqual({ state: 'pending', attempts: 0 });
      expect(existsSync(join(run.dir, 'run.log'))).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
    // Once that process is gone (and reaped) its lock is stale and the run goes ahead.
    await gone;
    expect(await runOne(run.dir, file)).toMatchObject({ state: 'done' });
    expect(existsSync(join(run.dir, RUN_LOCK_FILE))).toBe(false);
  });

  it("refuses a run whose params.dat is not the campaign's instead of running it with a default", async () => {
    const dir = campaignDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, text);
    const run = createRunDir(join(dir, 'runs'), 0, { 'StringZ:bLund': 0.5 });
    expect(await runOne(run.dir, file)).toEqual({ state: 'invalid', reason: expect.stringMatching(/params\.dat: parameters differ from the campaign's: lacks StringZ:aLund; has extra StringZ:bLund/) as string });
    expect(readStatus(run.dir)).toEqual({ state: 'pending', attempts: 0 });
  });

  it('says how to name the campaign when the directory does not record it', async () => {
    const dir = campaignDir();
    const run = createRunDir(join(dir, 'runs'), 0, { 'StringZ:aLund': 0.5 });
    await expect(runOne(run.dir)).rejects.toThrow(/campaign\.json: missing; give the campaign file with --campaign FILE/);
  });
});

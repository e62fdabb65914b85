/**
 * One engine per campaign, and one process per run, at a time: a lock file
 * holding the owner's pid and host. A lock left by a process that no longer
 * exists (killed with -9, a crashed machine) is taken over, so a restart never
 * needs a manual clean-up.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = '.mctune-run.lock';
/** In a run directory while a process executes the run (a dot-name: never taken for a result). */
export const RUN_LOCK_FILE = '.mctune-attempt.lock';

export class LockHeldError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
    host: string,
    what = 'the campaign is being run',
  ) {
    super(`${file}: ${what} by process ${pid} on ${host === hostname() ? 'this host' : `host ${host}`}; wait for it, or stop it first`);
    this.name = 'LockHeldError';
  }
}

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the campaign's lock; returns the function that releases it. */
export function lockCampaign(campaignDir: string): () => void {
  return takeLock(join(campaignDir, LOCK_FILE), 'the campaign is being run');
}

/** Takes a run's own lock, so no two processes (an engine and a stray `run-one`) execute it at once. */
export function lockRun(runDir: string): () => void {
  return takeLock(join(runDir, RUN_LOCK_FILE), 'the run is being executed');
}

function takeLock(file: string, what: string): () => void {
  const mine: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let tries = 0; ; tries++) {
    try {
      writeFileSync(file, JSON.stringify(mine) + '\n', { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw e;
      let held: LockInfo | undefined;
      try {
        held = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
      } catch {
        held = undefined; // Half-written by a killed process: stale.
      }
      // A lock from another host may be live (shared file system): never steal it.
      if (held && (held.host !== mine.host || alive(held.pid))) throw new LockHeldError(file, held.pid, held.host, what);
      rmSync(file, { force: true });
    }
  }
  return () => {
    try {
      const held = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
      if (held.pid === mine.pid && held.host === mine.host) rmSync(file, { force: true });
    } catch {
      // Gone already.
    }
  };
}

/**
 * One engine per campaign at a time: a lock file holding the owner's pid and
 * host. A lock left by a process that no longer exists (killed with -9, a
 * crashed machine) is taken over, so a restart never needs a manual clean-up.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = '.mctune-run.lock';

export class CampaignLockedError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(`${file}: the campaign is being run by process ${pid} on this host; wait for it, or stop it first`);
    this.name = 'CampaignLockedError';
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
  const file = join(campaignDir, LOCK_FILE);
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
      if (held && (held.host !== mine.host || alive(held.pid))) throw new CampaignLockedError(file, held.pid);
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

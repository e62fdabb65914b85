/**
 * One engine per campaign, and one process per run, at a time: a lock file
 * holding the owner's pid and host. A lock left by a process that no longer
 * exists (killed with -9, a crashed machine) is taken over, so a restart never
 * needs a manual clean-up.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    super(
      host === hostname()
        ? `${file}: ${what} by ${pid > 0 ? `process ${pid}` : 'another process'} on this host; wait for it, or stop it first`
        : `${file}: ${what} by process ${pid} on host ${host}; wait for it, or stop it first (if that host is gone, delete this file)`,
    );
    this.name = 'LockHeldError';
  }
}

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/**
 * Whether what a process with this pid left behind (a temp folder named by its
 * pid) is free to clean up or take back: that process is gone, or the pid is
 * ours, which can only be an earlier process that had it (a container's pid 1),
 * since this one finishes its own work before it looks.
 */
export function leftByGoneProcess(pid: number): boolean {
  return pid === process.pid || !processAlive(pid);
}

/** Whether a process with this pid exists (one we may not signal counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds: a lock with our pid that is not among them was left by an earlier process that had it (a container's pid 1). */
const heldHere = new Set<string>();
/** An unreadable lock younger than this may be one being replaced right now; older, it is debris. */
const UNREADABLE_STALE_MS = 60_000;

/** Takes the campaign's lock; returns the function that releases it. */
export function lockCampaign(campaignDir: string): () => void {
  return takeLock(join(campaignDir, LOCK_FILE), 'the campaign is being run');
}

/** Takes a run's own lock, so no two processes (an engine and a stray `run-one`) execute it at once. */
export function lockRun(runDir: string): () => void {
  return takeLock(join(runDir, RUN_LOCK_FILE), 'the run is being executed');
}

/** Removes a run's lock whatever holds it: for a batch task known to have ended (its node may be gone). */
export function clearRunLock(runDir: string): void {
  rmSync(join(runDir, RUN_LOCK_FILE), { force: true });
}

function takeLock(file: string, what: string): () => void {
  const mine: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const text = JSON.stringify(mine) + '\n';
  for (let tries = 0; tries < 3; tries++) {
    if (createLockFile(file, text)) {
      heldHere.add(file);
      return () => releaseLock(file, mine);
    }
    const held = readLock(file);
    if (held === 'gone') continue;
    if (held === 'unreadable' ? lockAgeMs(file) < UNREADABLE_STALE_MS : isLive(held, mine, file)) {
      throw held === 'unreadable' ? new LockHeldError(file, 0, mine.host, what) : new LockHeldError(file, held.pid, held.host, what);
    }
    removeIfUnchanged(file, held);
  }
  throw new LockHeldError(file, 0, mine.host, what);
}

/** Creates the lock with its content in one step (a hard link to a written temp file), or returns false when one exists. */
function createLockFile(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp-new`;
  writeFileSync(tmp, text);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function readLock(file: string): LockInfo | 'unreadable' | 'gone' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host, since: String(v.since) } : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** A lock from another host may be live (shared file system): never taken over. */
function isLive(held: LockInfo, mine: LockInfo, file: string): boolean {
  if (held.host !== mine.host) return true;
  if (held.pid === mine.pid) return heldHere.has(file);
  return processAlive(held.pid);
}

function lockAgeMs(file: string): number {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? Date.now() - s.mtimeMs : Infinity;
}

/** Removes a stale lock unless someone replaced it since it was read (two processes taking over the same stale lock). */
function removeIfUnchanged(file: string, seen: LockInfo | 'unreadable'): void {
  const now = readLock(file);
  if (now === 'gone') return;
  const same = seen === 'unreadable' ? now === 'unreadable' : now !== 'unreadable' && now.pid === seen.pid && now.host === seen.host && now.since === seen.since;
  if (same) rmSync(file, { force: true });
}

function releaseLock(file: string, mine: LockInfo): void {
  heldHere.delete(file);
  const held = readLock(file);
  if (held !== 'gone' && held !== 'unreadable' && held.pid === mine.pid && held.host === mine.host && held.since === mine.since) rmSync(file, { force: true });
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Moves the finished folder `tmp` to `dir`, replacing what was there. The old
 * folder is moved aside first and removed only once the new one is in place,
 * so a crash leaves one whole folder at `dir`, never a mix of both.
 */
export function replaceDirSync(tmp: string, dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(tmp, dir);
    return;
  }
  const old = join(dirname(dir), `.${basename(dir)}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
  renameSync(dir, old);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Put the old folder back rather than leave nothing at its place.
    renameSync(old, dir);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeError } from './errors.js';
import { tempPathFor } from './temp.js';

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

/**
 * Writes `files` (name → contents) as the folder `dir`, replacing it whole
 * through replaceDirSync. On failure the temp folder is removed, whatever was
 * at `dir` stays, and the error (a WriteError) names `dir`.
 */
export function writeDirSync(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  const tmp = tempPathFor(dir);
  try {
    mkdirSync(tmp, { recursive: true });
    // Plain writes, flushed to disk: the folder is what is swapped in whole, and a
    // failure must name `dir`, not a file of its temp folder.
    for (const [name, data] of Object.entries(files)) writeFileSync(join(tmp, name), data, { flush: true });
    replaceDirSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw writeError(dir, e);
  }
}

import { rename, unlink, writeFile, open } from 'node:fs/promises';
import { renameSync, unlinkSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { writeError } from './errors.js';
import { removeOnExit, tempPathFor } from './temp.js';

/**
 * Writes a file so that readers see either the old content or the complete new
 * one, never a partial file: data goes to a temp file, is flushed to disk, and
 * is renamed over the target. Errors name the target, never the temp file; a
 * process that exits half-way removes the temp file.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(target);
  const forget = removeOnExit(tmp);
  try {
    await writeFile(tmp, data);
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw writeError(target, e);
  } finally {
    forget();
  }
}

export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(target);
  const forget = removeOnExit(tmp);
  try {
    writeFileSync(tmp, data);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file was never created
    }
    throw writeError(target, e);
  } finally {
    forget();
  }
}

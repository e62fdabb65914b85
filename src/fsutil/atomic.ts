import { rename, unlink, open, type FileHandle } from 'node:fs/promises';
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
  const temp = await openTempFor(target);
  try {
    await temp.fh.writeFile(data);
  } catch (e) {
    await temp.discard();
    throw writeError(target, e);
  }
  await temp.commit();
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

/** A file being written beside its target: its temp path, open handle, and the undo of its removal on exit. */
export interface TempFile {
  readonly tmp: string;
  readonly fh: FileHandle;
  readonly forget: () => void;
  /** Flushes to disk, closes and renames onto the target; on failure removes the temp file and throws naming the target. */
  readonly commit: () => Promise<void>;
  /** Closes (unless already closed) and removes the temp file; the target is left as it was. Never throws. */
  readonly discard: (closeHandle?: boolean) => Promise<void>;
}

/**
 * Opens a fresh temp file beside `target` for a streaming writer that renames
 * it onto the target when done; removed if the process exits first.
 */
export async function openTempFor(target: string): Promise<TempFile> {
  const tmp = tempPathFor(target);
  const forget = removeOnExit(tmp);
  let fh: FileHandle;
  try {
    fh = await open(tmp, 'wx');
  } catch (e) {
    forget();
    throw writeError(target, e);
  }
  const discard = async (closeHandle = true): Promise<void> => {
    if (closeHandle) await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    forget();
  };
  const commit = async (): Promise<void> => {
    try {
      await fh.sync();
      await fh.close();
      await rename(tmp, target);
    } catch (e) {
      await discard();
      throw writeError(target, e);
    }
    forget();
  };
  return { tmp, fh, forget, commit, discard };
}

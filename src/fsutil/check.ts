import { closeSync, openSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { WriteError, writeError } from './errors.js';
import { tempPathFor } from './temp.js';

/**
 * Checks, before any work is done, that `path` can be written as a result
 * file: not a folder, in a folder that exists, and that lets us create a file
 * (tried with a temp file beside it, which is what the final write does).
 * Throws a {@link WriteError} naming `path`.
 */
export function checkOutputPath(path: string): void {
  if (path === '') throw new WriteError(path, 'cannot write: empty file name', undefined);
  const stat = statOf(path);
  if (stat?.isDirectory()) throw new WriteError(path, 'cannot write: it is a folder, expected a file name', 'EISDIR');
  const dir = dirname(path);
  const dirStat = statOf(dir);
  if (!dirStat) throw new WriteError(path, `cannot write: folder ${dir} does not exist`, 'ENOENT');
  if (!dirStat.isDirectory()) throw new WriteError(path, `cannot write: ${dir} is not a folder`, 'ENOTDIR');
  const probe = tempPathFor(path);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (e) {
    throw writeError(path, e);
  }
  unlinkSync(probe);
}

/** The file's stat, or undefined when nothing is there (or a part of the path is not a folder). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw writeError(path, e);
  }
}

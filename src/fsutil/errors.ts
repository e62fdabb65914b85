/**
 * File-system errors in the words of the file the user named. Node's own
 * messages name the syscall and the path it was given, which for an atomic
 * write is an internal temp name (`ENOENT … '.ingest.cache.tmp-…'`).
 */
import { FileError } from '../diagnostics/index.js';

/** What a write of `path` ran into; `code` is Node's (ENOENT, ENOSPC, …) when there is one. */
export class WriteError extends FileError {
  constructor(
    path: string,
    detail: string,
    readonly code: string | undefined,
    options?: { cause: unknown },
  ) {
    super(path, 0, detail);
    this.name = 'WriteError';
    if (options) this.cause = options.cause;
  }
}

const MEANING: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

/** `e` (from writing `path` or a temp file for it) as a {@link WriteError} naming `path`. */
export function writeError(path: string, e: unknown): WriteError {
  if (e instanceof WriteError) return e;
  const code = typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
  // Without a known code, keep Node's words but not the path it names (a temp file).
  const plain = e instanceof Error ? e.message.replace(/,\s*\w+\s+'[^']*'(\s*->\s*'[^']*')?$/, '') : String(e);
  const detail = code && MEANING[code] ? `${MEANING[code]} (${code})` : plain;
  return new WriteError(path, `cannot write: ${detail}`, code, { cause: e });
}

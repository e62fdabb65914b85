/**
 * Temp files that must not outlive the process: an atomic write or a HepMC3
 * writer registers its temp name, and one exit hook removes whatever is still
 * registered, so a command ended by Ctrl-C or a closed pipe leaves no litter.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const live = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const p of live) {
    try {
      rmSync(p, { force: true });
    } catch {
      // already gone, or not ours to remove any more
    }
  }
  live.clear();
}

/** Removes `path` if the process exits while it is registered; the returned function unregisters it. */
export function removeOnExit(path: string): () => void {
  if (!hooked) {
    hooked = true;
    process.on('exit', removeAll);
  }
  live.add(path);
  return () => void live.delete(path);
}

/**
 * Temp name beside the target (same filesystem, so the rename is atomic); the
 * dot hides it from globs and marks it as partial, the random part keeps
 * concurrent writers of the same target apart.
 */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PARTIAL_MARK } from './job.js';

/** Temp files an interrupted or failed attempt left: generator outputs and atomic-write temps. */
export function partialFiles(runDir: string): string[] {
  return readdirSync(runDir)
    .filter((f) => f.startsWith('.') && (f.endsWith(PARTIAL_MARK) || f.includes('.tmp-')))
    .map((f) => join(runDir, f));
}

export function removePartials(runDir: string): void {
  for (const f of partialFiles(runDir)) rmSync(f, { force: true, recursive: true });
}

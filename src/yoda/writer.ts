import { gzipSync } from 'node:zlib';
import type { AnyObject } from '../histo/index.js';
import { writeFileAtomic } from '../fsutil/index.js';
import { v2Lines } from './write-v2.js';
import { v3Lines } from './write-v3.js';

/** 2 = YODA 1 text (`_V2`, the default: what most Rivet installs read); 3 = YODA 2 text (`_V3`). */
export type YodaVersion = 2 | 3;

export interface WriteOptions {
  /** Format version. Default: 2. */
  version?: YodaVersion;
}

/** One object as YODA text, from BEGIN to END and its newline. */
export function formatObject(o: AnyObject, opts: WriteOptions = {}): string {
  const lines = (opts.version ?? 2) === 3 ? v3Lines(o) : v2Lines(o);
  return lines.join('\n') + '\n';
}

/** Objects separated by blank lines, as YODA writes them. */
export function formatYoda(objects: Iterable<AnyObject>, opts: WriteOptions = {}): string {
  const blocks: string[] = [];
  for (const o of objects) blocks.push(formatObject(o, opts));
  return blocks.join('\n');
}

/**
 * Writes objects to a YODA file atomically (readers never see a partial file);
 * gzipped when the name ends in `.gz`.
 */
export async function writeYodaFile(path: string, objects: Iterable<AnyObject>, opts: WriteOptions = {}): Promise<void> {
  const text = formatYoda(objects, opts);
  await writeFileAtomic(path, path.endsWith('.gz') ? gzipSync(text) : text);
}

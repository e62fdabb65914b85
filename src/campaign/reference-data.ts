/** A campaign's reference data: every object of its reference files (YODA, or HEPData YAML tables). */
import { readFileSync } from 'node:fs';
import type { AnyObject } from '../histo/index.js';
import { parseHepDataTable } from '../hepdata/index.js';
import { readYodaFileSync } from '../yoda/index.js';

export function readReferenceObjects(files: readonly string[]): AnyObject[] {
  return files.flatMap((file) => (/\.ya?ml$/i.test(file) ? parseHepDataTable(readFileSync(file, 'utf8'), file) : readYodaFileSync(file).objects));
}

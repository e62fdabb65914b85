import { existsSync, readFileSync } from 'node:fs';

/**
 * A JSON file's parsed contents, or undefined when there is no such file;
 * text that does not parse throws naming the file. What the value must hold
 * is the caller's to check.
 */
export function readJsonIfPresent(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
}

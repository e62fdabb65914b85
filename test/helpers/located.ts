import { expect } from 'vitest';
import type { FileError } from '../../src/diagnostics/index.js';

/** The error names `file` and `line` (0: the file as a whole) and says what was expected. */
export function expectLocated(e: FileError, file: string, line: number, ...detail: RegExp[]): void {
  const prefix = line > 0 ? `${file}:${line}: ` : `${file}: `;
  expect(e.file).toBe(file);
  expect(e.line).toBe(line);
  expect(e.message.slice(0, prefix.length)).toBe(prefix);
  for (const d of detail) expect(e.message).toMatch(d);
}

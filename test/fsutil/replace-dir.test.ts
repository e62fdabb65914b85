import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceDirSync } from '../../src/fsutil/index.js';

function folderWith(root: string, name: string, text: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'f.txt'), text);
  return dir;
}

describe('replaceDirSync', () => {
  it('moves a new folder into place, making its parents', () => {
    const root = mkdtempSync(join(tmpdir(), 'mctune-replace-'));
    const target = join(root, 'a', 'b', 'model');
    replaceDirSync(folderWith(root, 'tmp', 'new'), target);
    expect(readFileSync(join(target, 'f.txt'), 'utf8')).toBe('new');
    expect(existsSync(join(root, 'tmp'))).toBe(false);
  });

  it('replaces an old folder whole and leaves nothing of it beside', () => {
    const root = mkdtempSync(join(tmpdir(), 'mctune-replace-'));
    const target = folderWith(root, 'model', 'old');
    writeFileSync(join(target, 'stale.txt'), 'only in the old one');
    replaceDirSync(folderWith(root, 'tmp', 'new'), target);
    expect(readdirSync(target)).toEqual(['f.txt']);
    expect(readFileSync(join(target, 'f.txt'), 'utf8')).toBe('new');
    expect(readdirSync(root)).toEqual(['model']);
  });

  it('keeps the old folder when the new one cannot be moved in', () => {
    const root = mkdtempSync(join(tmpdir(), 'mctune-replace-'));
    const target = folderWith(root, 'model', 'old');
    expect(() => replaceDirSync(join(root, 'missing'), target)).toThrow(/ENOENT/);
    expect(readFileSync(join(target, 'f.txt'), 'utf8')).toBe('old');
    expect(readdirSync(root)).toEqual(['model']);
  });
});

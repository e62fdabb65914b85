import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceDirSync, WriteError, writeDirSync } from '../../src/fsutil/index.js';

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

describe('writeDirSync', () => {
  it('writes the files as the folder, replacing an old one whole', () => {
    const root = mkdtempSync(join(tmpdir(), 'mctune-writedir-'));
    const target = folderWith(root, 'model', 'old');
    writeDirSync(target, { 'a.json': '{}\n', 'w.bin': Uint8Array.from([1, 2, 3]) });
    expect(readdirSync(target).sort()).toEqual(['a.json', 'w.bin']);
    expect([...readFileSync(join(target, 'w.bin'))]).toEqual([1, 2, 3]);
    expect(readdirSync(root)).toEqual(['model']);
  });

  it('on a failure keeps the old folder, leaves no temp folder and names the folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'mctune-writedir-'));
    const target = folderWith(root, 'model', 'old');
    // A name inside a subfolder that is never made cannot be written.
    const write = () => writeDirSync(target, { 'a.json': '{}', 'missing/b.json': '{}' });
    expect(write).toThrow(WriteError);
    expect(write).toThrow(target);
    expect(readFileSync(join(target, 'f.txt'), 'utf8')).toBe('old');
    expect(readdirSync(root)).toEqual(['model']);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSealedDir, writeSealedDir, type SealedKind } from '../../src/fsutil/index.js';

const KIND: SealedKind = { format: 'mctune-thing', version: 3, noun: 'thing', remedy: 'make it again' };
const fail = (file: string, detail: string): never => {
  throw new Error(`${file}: ${detail}`);
};

function sealed(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'mctune-sealed-')), 'm');
  writeSealedDir(dir, KIND, { size: 4 }, Uint8Array.of(1, 2, 3, 4));
  return dir;
}

describe('sealed model folders', () => {
  it('reads back the fields and the weights it wrote', () => {
    const got = readSealedDir(sealed(), KIND, fail);
    expect(got.header.size).toBe(4);
    expect(got.header.format).toBe('mctune-thing');
    expect([...got.weights]).toEqual([1, 2, 3, 4]);
  });

  it('refuses a changed weight byte, another version or format, and missing files, naming the file', () => {
    const flipped = sealed();
    writeFileSync(join(flipped, 'weights.bin'), Uint8Array.of(1, 2, 3, 5));
    expect(() => readSealedDir(flipped, KIND, fail)).toThrow(`${join(flipped, 'weights.bin')}: corrupt (its checksum does not match model.json)`);
    const dir = sealed();
    expect(() => readSealedDir(dir, { ...KIND, version: 4 }, fail)).toThrow(`${join(dir, 'model.json')}: thing format version 3; this mctune reads version 4 (make it again)`);
    expect(() => readSealedDir(dir, { ...KIND, format: 'other' }, fail)).toThrow(/not an mctune thing \(format "mctune-thing"; expected "other"\)/);
    const header = readFileSync(join(dir, 'model.json'), 'utf8');
    writeFileSync(join(dir, 'model.json'), '[1, 2]');
    expect(() => readSealedDir(dir, KIND, fail)).toThrow(/not an mctune thing \(format undefined/);
    writeFileSync(join(dir, 'model.json'), header);
    rmSync(join(dir, 'weights.bin'));
    expect(() => readSealedDir(dir, KIND, fail)).toThrow(`${join(dir, 'weights.bin')}: missing`);
    rmSync(join(dir, 'model.json'));
    expect(() => readSealedDir(dir, KIND, fail)).toThrow(`${join(dir, 'model.json')}: missing; ${dir} is not a saved thing`);
  });
});

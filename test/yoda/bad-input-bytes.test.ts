/**
 * Malformed YODA input at the byte level: binary data, CRLF line endings and
 * gzip; the message names the file, the line and what was expected.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readYodaFile, readYodaFileSync } from '../../src/yoda/index.js';
import { expectLocated } from '../helpers/located.js';
import { rng } from '../helpers/random.js';
import { caught, caughtAsync, enc, estimate1D, expectBad, histo1D, lastLine, lineOf, row, scatter2D, SCATTER_ROWS, swap, yoda } from './malformed.js';

describe('binary data', () => {
  /** 1-based line of the first line holding a NUL or invalid UTF-8, computed without the reader. */
  function firstBinaryLine(bytes: Uint8Array): number {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let line = 1;
    let start = 0;
    for (;;) {
      let nl = bytes.indexOf(10, start);
      if (nl < 0) nl = bytes.length;
      const slice = bytes.subarray(start, nl);
      let bad = slice.includes(0);
      try {
        strict.decode(slice);
      } catch {
        bad = true;
      }
      if (bad) return line;
      if (nl === bytes.length) throw new Error('test bug: no binary data');
      start = nl + 1;
      line++;
    }
  }

  const concat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

  it('NUL bytes in an otherwise valid data row', () => {
    const bad = `${SCATTER_ROWS[2].slice(0, 20)}\0\0\0\0${SCATTER_ROWS[2].slice(20)}`;
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[2], bad));
    expectBad(text, lineOf(text, bad), /binary data: expected YODA text \(UTF-8 without NUL bytes\)/);
  });

  it('random bytes with NULs after valid blocks (a write cut short): the line of the first bad byte', () => {
    const r = rng(20240611);
    const junk = Uint8Array.from({ length: 512 }, () => Math.floor(r() * 256));
    junk[100] = 0;
    const good = enc.encode(yoda(scatter2D(), histo1D()));
    const bytes = concat(good, junk);
    const line = firstBinaryLine(bytes);
    expect(line).toBeGreaterThan(lastLine(yoda(scatter2D(), histo1D())));
    expectBad(bytes, line, /binary data/);
  });

  it('a whole file of random bytes', () => {
    const r = rng(7);
    const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(r() * 256));
    expectBad(bytes, firstBinaryLine(bytes), /binary data/);
  });

  it('invalid UTF-8 (a Latin-1 title) after valid multi-byte UTF-8: the line of the first bad byte', () => {
    const good = swap(scatter2D(), 'Title: ~', 'Title: η → π⁺π⁻ (UTF-8)');
    const latin = 'Title: Sphéricité';
    const text = yoda(good, swap(histo1D(), 'Title: ', latin));
    const at = text.indexOf(latin);
    const bytes = concat(enc.encode(text.slice(0, at)), Buffer.from(latin, 'latin1'), enc.encode(text.slice(at + latin.length)));
    expectBad(bytes, lineOf(text, latin), /binary data: expected YODA text/);
  });

  it('a truncated UTF-8 sequence at the end of a line', () => {
    const text = yoda(scatter2D(), histo1D());
    const at = text.indexOf('\n', text.indexOf('Type: Histo1D'));
    const bytes = concat(enc.encode(text.slice(0, at)), Uint8Array.of(0xe2, 0x86), enc.encode(text.slice(at)));
    expectBad(bytes, lineOf(text, 'Type: Histo1D'), /binary data/);
  });
});

describe('line endings', () => {
  it('CRLF files: errors still name the right line', () => {
    const bad = row(7.5e-3, 2.5e-3, 2.5e-3, 23.33, 0.254951);
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[1], bad));
    expectBad(text.replace(/\n/g, '\r\n'), lineOf(text, bad), /expected 6 columns/);
  });
});

describe('gzip (real files)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mctune-bad-yoda-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const put = (name: string, bytes: Uint8Array | string): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  /** Both readers must refuse the file with the same location and detail. */
  async function expectBadFile(path: string, line: number, ...detail: RegExp[]): Promise<void> {
    expectLocated(await caughtAsync(() => readYodaFile(path)), path, line, ...detail);
    expectLocated(caught(() => readYodaFileSync(path)), path, line, ...detail);
  }

  it('a valid gzipped file is read (sanity check for the cases below)', async () => {
    const path = put('good.yoda.gz', gzipSync(yoda(scatter2D(), histo1D())));
    expect((await readYodaFile(path)).size).toBe(2);
  });

  it('x.yoda.gz that is plain text', async () => {
    const path = put('x.yoda.gz', yoda(scatter2D(), histo1D()));
    await expectBadFile(path, 0, /named \.gz but is not gzip data/, /1f 8b/);
  });

  it('an empty x.yoda.gz', async () => {
    await expectBadFile(put('empty.yoda.gz', ''), 0, /named \.gz but is not gzip data/);
  });

  it('the gzip magic bytes followed by garbage', async () => {
    const r = rng(99);
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i === 0 ? 0x1f : i === 1 ? 0x8b : Math.floor(r() * 256)));
    await expectBadFile(put('garbage.yoda.gz', bytes), 0, /corrupt gzip data/);
  });

  it('the gzip magic bytes followed by garbage, in a file not named .gz', async () => {
    await expectBadFile(put('garbage.yoda', Uint8Array.of(0x1f, 0x8b, 0x41, 0x42, 0x43, 0x0a)), 0, /corrupt gzip data/);
  });

  it('a gzip stream cut short', async () => {
    const gz = gzipSync(yoda(scatter2D(), histo1D(), estimate1D()));
    await expectBadFile(put('cut.yoda.gz', gz.subarray(0, Math.floor(gz.length / 2))), 0, /corrupt gzip data/);
  });

  it('a bad row inside a gzipped file: the line is counted in the decompressed text', async () => {
    const bad = '1.0 abc 3.0 4.0 5.0 6.0';
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[1], bad));
    await expectBadFile(put('bad-row.yoda.gz', gzipSync(text)), lineOf(text, bad), /column 2 \(xerr-\): expected a number, found 'abc'/);
  });

  it('binary data inside a gzipped file: the line of the first bad byte in the decompressed text', async () => {
    const bad = `${SCATTER_ROWS[0]}\0`;
    const text = yoda(histo1D(), swap(scatter2D(), SCATTER_ROWS[0], bad));
    await expectBadFile(put('nul.yoda.gz', gzipSync(text)), lineOf(text, bad), /binary data/);
  });
});

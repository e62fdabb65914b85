/**
 * Write errors name the file the user knows, never the temp file an atomic
 * write goes through, and say what went wrong (the code kept for scripts).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputPath, writeFileAtomic, writeFileAtomicSync, WriteError } from '../../src/fsutil/index.js';
import { ingestRuns, INGEST_FILE, sampleRuns, parseCampaign } from '../../src/campaign/index.js';
import { HepMC3Writer } from '../../src/hepmc/index.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'mctune-fs-'));

function caught(f: () => unknown): WriteError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WriteError);
    return e as WriteError;
  }
  throw new Error('expected a WriteError');
}

async function rejected(p: Promise<unknown>): Promise<WriteError> {
  const e: unknown = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(WriteError);
  return e as WriteError;
}

describe('atomic writes: errors name the target', () => {
  it('a folder that was removed (ENOENT)', async () => {
    const gone = join(fresh(), 'gone');
    mkdirSync(gone);
    rmSync(gone, { recursive: true });
    const target = join(gone, 'out.yoda');
    for (const e of [caught(() => writeFileAtomicSync(target, 'x')), await rejected(writeFileAtomic(target, 'x'))]) {
      expect(e.message).toBe(`${target}: cannot write: its folder does not exist (ENOENT)`);
      expect(e.code).toBe('ENOENT');
      expect(e.message).not.toContain('.tmp-');
    }
  });

  it('a path through a regular file (ENOTDIR)', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), '');
    const target = join(dir, 'file', 'out.yoda');
    const e = await rejected(writeFileAtomic(target, 'x'));
    expect(e.message).toBe(`${target}: cannot write: a part of its path is not a folder (ENOTDIR)`);
  });

  it('a target that is a folder: the rename fails, the message names the target and no temp file is left', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'out.yoda'));
    const e = caught(() => writeFileAtomicSync(join(dir, 'out.yoda'), 'x'));
    expect(e.message).toMatch(new RegExp(`^${join(dir, 'out.yoda')}: cannot write: it is a folder \\(EISDIR\\)$`));
    expect(readdirSync(dir)).toEqual(['out.yoda']);
  });

  it('the ingest cache: `ingest.cache` named, not `.ingest.cache.tmp-…`', () => {
    const dir = fresh();
    const config = parseCampaign('name: c\nparameters:\n  StringZ:aLund: { range: [0.3, 1.0] }\nanalyses: [ALEPH_1996_S3486095]\nreference: []\nruns: 1\n', join(dir, 'c.yaml'));
    sampleRuns(config, dir);
    mkdirSync(join(dir, INGEST_FILE));
    expect(() => ingestRuns(dir)).toThrow(new RegExp(`^${join(dir, INGEST_FILE)}: cannot write: it is a folder \\(EISDIR\\)$`));
  });

  it('the HepMC3 writer: opening in a missing folder names the events file', async () => {
    const target = join(fresh(), 'no', 'events.hepmc');
    const e = await rejected(HepMC3Writer.open(target));
    expect(e.message).toBe(`${target}: cannot write: its folder does not exist (ENOENT)`);
  });
});

describe('checkOutputPath: before any work', () => {
  it.each([
    ['a missing folder', (d: string) => join(d, 'missing', 'out.yoda'), /out\.yoda: cannot write: folder .*missing does not exist$/],
    ['a folder as the file', (d: string) => d, /: cannot write: it is a folder, expected a file name$/],
    ['a path through a file', (d: string) => (writeFileSync(join(d, 'f'), ''), join(d, 'f', 'out.yoda')), /out\.yoda: cannot write: .*\/f is not a folder$/],
  ])('%s is refused, naming the path', (_, path, msg) => {
    const dir = fresh();
    const target = path(dir);
    expect(() => checkOutputPath(target)).toThrow(msg);
    expect(() => checkOutputPath(target)).toThrow(target);
  });

  it('a writable path passes and leaves nothing behind', () => {
    const dir = fresh();
    checkOutputPath(join(dir, 'out.yoda'));
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'out.yoda'))).toBe(false);
  });
});

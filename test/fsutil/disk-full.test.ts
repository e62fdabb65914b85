/**
 * A full disk (ENOSPC) while writing results: the error names the file, the
 * temp file is gone. The file system is stood in for by a mock that fails
 * every write (a file handle's too) to a file whose name contains "full", as a full
 * disk does.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/fsutil/index.js';
import { HepMC3Writer } from '../../src/hepmc/index.js';
import { EventRecord } from '../../src/event/index.js';
import { writeYodaFile } from '../../src/yoda/index.js';
import { Counter } from '../../src/histo/index.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  const full = (p: unknown) => String(p).includes('full');
  return {
    ...real,
    writeFile: (p: Parameters<typeof real.writeFile>[0], ...rest: [Parameters<typeof real.writeFile>[1]]) => (full(p) ? Promise.reject(enospc()) : real.writeFile(p, ...rest)),
    open: async (p: Parameters<typeof real.open>[0], flags?: string) => {
      const fh = await real.open(p, flags);
      if (full(p)) Object.assign(fh, { write: () => Promise.reject(enospc()), writeFile: () => Promise.reject(enospc()) });
      return fh;
    },
  };
});

describe('disk full', () => {
  it('an atomic write names the file and leaves no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-full-'));
    await expect(writeFileAtomic(join(dir, 'full.yoda'), 'x')).rejects.toThrow(`${join(dir, 'full.yoda')}: cannot write: no space left on the device (ENOSPC)`);
    const c = new Counter('/A/c');
    await expect(writeYodaFile(join(dir, 'full2.yoda'), [c])).rejects.toThrow(/full2\.yoda: cannot write: no space left on the device \(ENOSPC\)$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the HepMC3 writer names the events file; abort() leaves nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-full-'));
    const path = join(dir, 'full.hepmc');
    const w = await HepMC3Writer.open(path);
    const ev = new EventRecord();
    let error: unknown;
    try {
      // The writer buffers 1 MiB before it writes: enough events to reach the disk.
      for (let i = 0; i < 100_000; i++) {
        ev.eventNumber = i;
        await w.write(ev);
      }
      await w.close();
    } catch (e) {
      error = e;
      await w.abort();
    }
    expect(String(error)).toContain(`${path}: cannot write: no space left on the device (ENOSPC)`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

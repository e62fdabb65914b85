import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunDir, formatParams, scanRunDirs, parseParams, readRunTree, readStatus } from '../../src/campaign/run-dirs.js';
import { FileError } from '../../src/diagnostics/index.js';
import { expectLocated } from '../helpers/located.js';

const HISTO = (v: number) => `BEGIN YODA_HISTO1D_V2 /ANA/d01-x01-y01
Path: /ANA/d01-x01-y01
Type: Histo1D
---
# Mean: 0.5
# Area: ${v}
# ID	 ID	 sumw	 sumw2	 sumwx	 sumwx2	 numEntries
Total   	Total   	${v}	${v}	${v / 2}	${v / 4}	${v}
Underflow	Underflow	0	0	0	0	0
Overflow	Overflow	0	0	0	0	0
# xlow	 xhigh	 sumw	 sumw2	 sumwx	 sumwx2	 numEntries
0	1	${v}	${v}	${v / 2}	${v / 4}	${v}
END YODA_HISTO1D_V2
`;

describe('Professor run directories', () => {
  it('reads a hand-written tree: good runs are loaded, the run without YODA is reported and left out', () => {
    const root = mkdtempSync(join(tmpdir(), 'mctune-prof-'));
    for (const [name, a, yoda] of [['0000', 0.5, true], ['0001', 0.6, false], ['0002', 0.7, true]] as const) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'params.dat'), `StringZ:aLund ${a}\nStringZ:bLund 0.9\n`);
      if (yoda) writeFileSync(join(root, name, 'Rivet.yoda'), HISTO(10 * a));
    }
    // A half-written output under a temp name must not count.
    writeFileSync(join(root, '0001', '.Rivet.yoda.tmp-1-abcd'), 'BEGIN YODA_HISTO1D_V2 /ANA/d01');
    const tree = readRunTree(root);
    expect(tree.runs.map((r) => [r.name, r.params['StringZ:aLund']])).toEqual([
      ['0000', 0.5],
      ['0002', 0.7],
    ]);
    expect(tree.runs[0].yoda.get('/ANA/d01-x01-y01')?.kind).toBe('Histo1D');
    expect(tree.problems).toEqual([{ name: '0001', reason: 'no YODA output' }]);
  });

  it('reports an unreadable YODA file with its file:line reason', () => {
    const root = mkdtempSync(join(tmpdir(), 'mctune-prof-'));
    mkdirSync(join(root, '0000'));
    writeFileSync(join(root, '0000', 'params.dat'), 'a:b 1\n');
    writeFileSync(join(root, '0000', 'out.yoda'), 'BEGIN YODA_HISTO1D_V2 /A/h\nPath: /A/h\n');
    const tree = readRunTree(root);
    expect(tree.runs).toHaveLength(0);
    expect(tree.problems[0].reason).toMatch(/out\.yoda:\d+: /);
  });

  it('creates runs atomically with params.dat and a pending status, never overwriting', () => {
    const root = mkdtempSync(join(tmpdir(), 'mctune-runs-'));
    const r = createRunDir(root, 3, { 'StringZ:aLund': 0.1 + 0.2, 'StringZ:bLund': 1 });
    expect(r.name).toBe('0003');
    expect(readFileSync(join(r.dir, 'params.dat'), 'utf8')).toBe('StringZ:aLund 0.30000000000000004\nStringZ:bLund 1\n');
    expect(readStatus(r.dir)).toEqual({ state: 'pending', attempts: 0 });
    expect(scanRunDirs(root).runs[0].params['StringZ:aLund']).toBe(0.1 + 0.2);
    expect(() => createRunDir(root, 3, { a: 1 })).toThrow(/run exists already/);
    // Filled under a dot-name and renamed: nothing else is left beside the run.
    expect(readdirSync(root)).toEqual(['0003']);
    // A half-made run left by a killed sampler is invisible to readers.
    mkdirSync(join(root, '.0004.tmp-abc'));
    expect(scanRunDirs(root).runs.map((x) => x.name)).toEqual(['0003']);
  });

  it('params.dat round trip and located errors', () => {
    const p = { 'TimeShower:alphaSvalue': 0.1365, 'StringZ:aLund': 1e-7 };
    expect(parseParams(formatParams(p), 'p')).toEqual(p);
    const err = (text: string): FileError => {
      try {
        parseParams(text, 'params.dat');
      } catch (e) {
        return e as FileError;
      }
      throw new Error('expected an error');
    };
    expectLocated(err('a:b 1\nc:d\n'), 'params.dat', 2, /expected "Name value"/);
    expectLocated(err('a:b x\n'), 'params.dat', 1, /'x' is not a number/);
    expectLocated(err('a:b 1\na:b 2\n'), 'params.dat', 2, /listed twice/);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { yodaCommands } from '../../src/cli/commands/yoda.js';
import { Binning, Estimate1D, Histo1D, Scatter2D } from '../../src/histo/index.js';
import { writeYodaFile } from '../../src/yoda/index.js';
import { haveShared, lepDir } from '../helpers/shared.js';
import { cli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shipped = join(root, 'reference-data/ALEPH_1996_S3486095.yoda');


describe('help', () => {
  it('lists every command, and each command describes every option', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const c of yodaCommands) {
      expect(top.out).toContain(`yoda ${c.name}`);
      const h = await cli('yoda', c.name, '--help');
      expect(h.code).toBe(0);
      expect(h.out).toContain(`Usage: mctune yoda ${c.name} ${c.args}`);
      for (const o of c.options) expect(h.out).toContain(`--${o.name}`);
    }
    expect((await cli('start', '--help')).out).toContain('--campaign');
    expect((await cli('survey', '--help')).out).toContain('--dir');
  });

  it('reports misuse with exit code 2 and a pointer to --help', async () => {
    const bad = await cli('yoda', 'ls', '--jsn', shipped);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown option '--jsn'\n\(Did you mean --json\?\)\nRun 'mctune yoda ls --help' for usage/);
    expect((await cli('yoda', 'convert', 'a')).err).toContain("missing required argument 'OUT'");
    expect((await cli('yoda', 'convert', 'a', 'b', 'c')).err).toContain('too many arguments');
    expect((await cli('yoda', 'convert', 'a', 'b', '--format', 'v4')).err).toContain("argument 'v4' is invalid. Allowed choices are v2, v3");
    expect((await cli('nope')).err).toContain("unknown command 'nope'");
  });
});

describe('yoda ls', () => {
  const files = haveShared
    ? [
        ['ALEPH_1996_S3486095', 67, 774],
        ['DELPHI_1996_S3430090', 104, 1301],
        ['OPAL_2004_S6132243', 116, 880],
      ] as const
    : [];
  for (const [name, objects, points] of files) {
    it(`--json counts ${name}: ${objects} objects, ${points} points`, async () => {
      const r = await cli('yoda', 'ls', '--json', `${lepDir}${name}.yoda`);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out) as { objects: number; points: number; items: Array<{ path: string; type: string; bins: number }> };
      expect(j.objects).toBe(objects);
      expect(j.points).toBe(points);
      expect(j.items[0]).toEqual({ path: `/REF/${name}/d01-x01-y01`, type: 'Scatter2D', bins: expect.any(Number) as unknown });
    });
  }

  it('prints a table of the shipped reference file', async () => {
    const r = await cli('yoda', 'ls', shipped);
    expect(r.out).toMatch(/\/REF\/ALEPH_1996_S3486095\/d01-x01-y01\s+Scatter2D\s+23/);
    expect(r.out).toContain('67 objects, 774 bins/points');
  });

  it('fails with exit code 1 and file:line on a malformed file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-cli-'));
    const bad = join(dir, 'bad.yoda');
    writeFileSync(bad, 'BEGIN YODA_SCATTER2D_V2 /A/s\nPath: /A/s\n---\n1 2 3\nEND YODA_SCATTER2D_V2\n');
    const r = await cli('yoda', 'ls', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}:4: expected 6 columns`);
  });
});

describe('yoda convert / diff / cat', () => {
  it('converts to V3 and back without changing a number, and diff says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-cli-'));
    const v3 = join(dir, 'a.yoda.gz');
    const v2 = join(dir, 'b.yoda');
    expect((await cli('yoda', 'convert', shipped, v3, '--format', 'v3')).code).toBe(0);
    expect(readFileSync(v3).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await cli('yoda', 'convert', v3, v2)).code).toBe(0);
    const d = await cli('yoda', 'diff', shipped, v2);
    expect(d.code).toBe(0);
    expect(d.out).toContain('67 objects compared; largest relative difference 0');
    expect(readFileSync(v2, 'utf8')).toBe(readFileSync(shipped, 'utf8'));
  });

  it('converts scatters to estimates only when asked, reporting what it cannot convert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-cli-'));
    const out = join(dir, 'e.yoda');
    const r = await cli('yoda', 'convert', shipped, out, '--format', 'v3', '--scatters-as-estimates');
    expect(r.code).toBe(0);
    const ls = JSON.parse((await cli('yoda', 'ls', '--json', out)).out) as { items: Array<{ type: string }> };
    expect(ls.items.every((i) => i.type === 'Estimate1D')).toBe(true);
    const v2 = await cli('yoda', 'convert', out, join(dir, 'f.yoda'));
    expect(v2.code).toBe(1);
    expect(v2.err).toContain('has no YODA 1 (V2) form');
    expect(existsSync(join(dir, 'f.yoda'))).toBe(false);
    expect((await cli('yoda', 'convert', out, join(dir, 'f.yoda'), '--estimates-as-scatters')).code).toBe(0);
  });

  it('diff finds a changed value and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-cli-'));
    const changed = join(dir, 'c.yoda');
    writeFileSync(changed, readFileSync(shipped, 'utf8').replace('1.236000e+01', '1.237000e+01'));
    const d = await cli('yoda', 'diff', shipped, changed, '--json');
    expect(d.code).toBe(1);
    const rows = JSON.parse(d.out) as Array<{ path: string; maxRelDiff: number; where: string }>;
    const hit = rows.find((x) => x.maxRelDiff > 0)!;
    expect(hit.path).toBe('/REF/ALEPH_1996_S3486095/d01-x01-y01');
    expect(hit.where).toBe('y[0]');
    expect(hit.maxRelDiff).toBeCloseTo(0.01 / 12.37, 12);
  });

  it('cat prints one object, and names near misses for a wrong path', async () => {
    const r = await cli('yoda', 'cat', shipped, '/REF/ALEPH_1996_S3486095/d02-x01-y01', '--format', 'v3');
    expect(r.out.startsWith('BEGIN YODA_SCATTER2D_V3 /REF/ALEPH_1996_S3486095/d02-x01-y01\n')).toBe(true);
    const miss = await cli('yoda', 'cat', shipped, '/ALEPH_1996_S3486095/d02-x01-y01');
    expect(miss.code).toBe(1);
    expect(miss.err).toContain('did you mean /REF/ALEPH_1996_S3486095/d02-x01-y01');
  });
});

describe('installed entry point', () => {
  it.skipIf(!existsSync(join(root, 'dist/cli/index.js')))('bin/mctune.js runs the built CLI', () => {
    const out = execFileSync(process.execPath, [join(root, 'bin/mctune.js'), 'yoda', 'ls', '--json', shipped], { encoding: 'utf8' });
    expect((JSON.parse(out) as { objects: number }).objects).toBe(67);
    const start = execFileSync(process.execPath, [join(root, 'bin/mctune.js'), 'survey'], { encoding: 'utf8' });
    expect(start).toContain('ALEPH_1996_S3486095.yoda: 67 objects, 774 bins');
    // The generator at its defaults differs from the pseudo-data's truth point: χ²/bins well above 1.
    const m = /38 histograms, 562 bins: χ²\/bins = (\d+\.\d+)/.exec(start);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(2);
  });
});

describe('yoda ls / cat: non-finite values', () => {
  async function fileWithNonFinite(): Promise<string> {
    const h = new Histo1D('/A/h', Binning.fromEdges([0, 0.1, 0.2, 0.3]));
    h.fill(0.05, 1);
    h.fill(0.15, Infinity);
    const s = new Scatter2D('/A/s', 2);
    s.x.set([0.5, 1.5]);
    s.y.set([1, NaN]);
    const e = new Estimate1D('/A/e', Binning.fromEdges([0, 1, 2]), Float64Array.from([NaN, 1, 2, NaN]), [
      { label: 'stat', dn: Float64Array.from([NaN, -1, -Infinity, NaN]), up: Float64Array.from([NaN, 1, NaN, NaN]) },
    ]);
    const fine = new Histo1D('/A/fine', Binning.fromEdges([0, 1]));
    fine.fill(0.5);
    const file = join(mkdtempSync(join(tmpdir(), 'mctune-nan-')), 'nan.yoda');
    await writeYodaFile(file, [h, s, e, fine], { version: 3 });
    return file;
  }

  it('ls warns on stderr, naming each object and bin; unknown flows and `---` errors are no warning', async () => {
    const r = await cli('yoda', 'ls', await fileWithNonFinite());
    expect(r.code).toBe(0);
    const warnings = r.err.split('\n').filter(Boolean);
    expect(warnings).toEqual([
      'warning: /A/h: non-finite value in bin 2 [0.1, 0.2): sumw = Infinity, sumw2 = Infinity, sumwx = Infinity, sumwx2 = Infinity; total: sumw = Infinity, sumw2 = Infinity, sumwx = Infinity, sumwx2 = Infinity',
      'warning: /A/s: non-finite value in point 2: y = NaN',
      'warning: /A/e: non-finite value in bin 2 [1, 2): error stat (down) = -Infinity',
    ]);
    expect(r.out).toContain('4 objects');
  });

  it('cat warns about the object it prints only', async () => {
    const file = await fileWithNonFinite();
    expect((await cli('yoda', 'cat', file, '/A/s')).err).toBe('warning: /A/s: non-finite value in point 2: y = NaN\n');
    expect((await cli('yoda', 'cat', file, '/A/fine')).err).toBe('');
  });
});

describe('survey', () => {
  it('prints the x ranges of the survey without float noise', async () => {
    const r = await cli('survey', '--events', '0');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\/REF\/ALEPH_1996_S3486095\/d08-x01-y01 .* x ∈ \[0, 0\.6\]/);
    expect(r.out).toMatch(/d17-x01-y01 .* x ∈ \[0\.2, 5\.4\]/);
    const ranges = r.out.match(/x ∈ \[[^\]]*\]/g)!;
    expect(ranges.length).toBeGreaterThan(30);
    for (const range of ranges) expect(range).not.toMatch(/\d{9}/);
  });
});

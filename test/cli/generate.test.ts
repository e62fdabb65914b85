import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYodaFileSync } from '../../src/yoda/index.js';
import { cli } from '../helpers/cli.js';


const dir = mkdtempSync(join(tmpdir(), 'mctune-gen-'));

describe('mctune generate / analyse', () => {
  it('generates, analyses and writes the ALEPH histograms; a HepMC3 copy of the events gives identical histograms', async () => {
    const direct = join(dir, 'direct.yoda');
    const events = join(dir, 'events.hepmc');
    const r = await cli('generate', '--set', 'StringZ:aLund=0.7', '--events', '300', '--seed', '4', '--analysis', 'ALEPH_1996_S3486095', '-o', direct, '--hepmc', events);
    expect(r.err).toMatch(/300 events, seed 4 stream 0, StringZ:aLund=0.7/);
    expect(r.code).toBe(0);
    const viaFile = join(dir, 'via-hepmc.yoda');
    const a = await cli('analyse', '--hepmc', events, '--analysis', 'ALEPH_1996_S3486095', '-o', viaFile);
    expect(a.code).toBe(0);
    expect(a.err).toContain('analysed 300 events');
    // Byte-identical output: every histogram sum is the same double.
    expect(readFileSync(viaFile, 'utf8')).toBe(readFileSync(direct, 'utf8'));
    const doc = readYodaFileSync(direct);
    expect(doc.get('/ALEPH_1996_S3486095/d03-x01-y01')?.kind).toBe('Histo1D');
    expect(doc.get('/ALEPH_1996_S3486095/d19-x01-y01')).toBeDefined();
  });

  it('--as-reference writes /REF estimates with statistical errors', async () => {
    const out = join(dir, 'ref.yoda');
    expect((await cli('generate', '--events', '200', '--as-reference', '-o', out)).code).toBe(0);
    const o = readYodaFileSync(out).get('/REF/ALEPH_1996_S3486095/d19-x01-y01');
    expect(o?.kind).toBe('Estimate1D');
    if (o?.kind !== 'Estimate1D') return;
    // Mean charged multiplicity and its error: σ(N_ch)/√200 for 200 events.
    expect(o.binValues()[0]).toBeGreaterThan(15);
    const err = o.symmetricErrors()[0];
    expect(err).toBeGreaterThan(0.1);
    expect(err).toBeLessThan(1);
  });

  it.each([
    [['--set', 'StringZ:alund=0.7'], /unknown setting 'StringZ:alund'.*did you mean 'StringZ:aLund'/],
    [['--set', 'StringZ:aLund=7'], /outside its allowed range \[0, 2\]/],
    [['--analysis', 'NOPE_1999_S1'], /unknown analysis 'NOPE_1999_S1'; available: .*ALEPH_1996_S3486095/],
    [['--events', '0'], /--events must be a positive integer/],
  ])('bad input %j fails clearly and writes nothing', async (args, msg) => {
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}.yoda`);
    const r = await cli('generate', '--events', '50', ...args, '-o', out);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(msg);
    expect(existsSync(out)).toBe(false);
  });

  it('a HepMC3 file cut off mid-event or with a malformed line: file:line error, no YODA written', async () => {
    const events = join(dir, 'good.hepmc');
    expect((await cli('generate', '--events', '5', '-o', join(dir, 'x.yoda'), '--hepmc', events)).code).toBe(0);
    const lines = readFileSync(events, 'utf8').split('\n');
    const lastP = lines.findLastIndex((l) => l.startsWith('P '));
    const truncated = join(dir, 'truncated.hepmc');
    writeFileSync(truncated, lines.slice(0, lastP).join('\n') + '\n');
    const out1 = join(dir, 't.yoda');
    const t = await cli('analyse', '--hepmc', truncated, '-o', out1);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(new RegExp(`truncated\\.hepmc:\\d+: .*declares \\d+ particles, found \\d+`));
    expect(existsSync(out1)).toBe(false);

    const malformed = join(dir, 'malformed.hepmc');
    const bad = [...lines];
    const firstP = bad.findIndex((l) => l.startsWith('P '));
    bad[firstP] = bad[firstP].replace(/^(P \S+ \S+ \S+) \S+/, '$1 abc');
    writeFileSync(malformed, bad.join('\n'));
    const out2 = join(dir, 'm.yoda');
    const m = await cli('analyse', '--hepmc', malformed, '-o', out2);
    expect(m.code).toBe(1);
    expect(m.err).toContain(`malformed.hepmc:${firstP + 1}: `);
    expect(existsSync(out2)).toBe(false);
  });

  it.each([
    ['-o in a missing folder', () => ['-o', join(dir, 'missing', 'x.yoda')], /missing\/x\.yoda: cannot write: folder .*missing does not exist/],
    ['-o naming a folder', () => ['-o', dir], /: cannot write: it is a folder, expected a file name/],
    ['--hepmc in a missing folder', () => ['-o', join(dir, 'y.yoda'), '--hepmc', join(dir, 'missing', 'e.hepmc')], /missing\/e\.hepmc: cannot write: folder .*missing does not exist/],
    ['--hepmc under a regular file', () => ['--hepmc', join(dir, 'good.hepmc', 'e.hepmc')], /good\.hepmc\/e\.hepmc: cannot write: .*good\.hepmc is not a folder/],
  ])('generate with %s is refused before any event is generated', async (_, args, msg) => {
    writeFileSync(join(dir, 'good.hepmc'), '');
    const before = readdirSync(dir).sort();
    const r = await cli('generate', '-n', '100000', ...args());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(msg);
    expect(r.err).not.toContain('.tmp-');
    // The header line comes right before the first event.
    expect(r.err).not.toMatch(/100000 events, seed/);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('analyse and yoda convert check their output path before reading any input', async () => {
    const missing = join(dir, 'missing', 'out.yoda');
    const a = await cli('analyse', '--hepmc', join(dir, 'no-such-input.hepmc'), '-o', missing);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/missing\/out\.yoda: cannot write: folder .*missing does not exist/);
    const c = await cli('yoda', 'convert', join(dir, 'no-such-input.yoda'), dir);
    expect(c.code).toBe(1);
    expect(c.err).toContain(`${dir}: cannot write: it is a folder, expected a file name`);
  });

  it('-o and --hepmc may not name the same file', async () => {
    const same = join(dir, 'same');
    const r = await cli('generate', '-n', '10', '-o', same, '--hepmc', same);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`-o and --hepmc name the same file, ${same}`);
  });
});

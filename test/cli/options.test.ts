/**
 * The command line itself: --version, help texts, how numbers and option
 * values are read, and the exit codes of misuse.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatNumber, parseDecimal } from '../../src/cli/numbers.js';
import { writeFakeCampaign } from '../helpers/campaigns.js';
import { cli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(root, 'bin/mctune.js');
const FAKE_SLURM = join(root, 'test/pool/fixtures/fake-slurm');


describe('--version and help', () => {
  it('--version and -V print the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`${version}\n`);
    }
  });

  it('generate --help says that an output is required, and generate without one is a usage error', async () => {
    const h = await cli('generate', '--help');
    expect(h.out).toMatch(/-o, --output <FILE>\s+YODA file to write[^]*required unless --hepmc or\s+--events-out\s+is given/);
    expect((await cli('analyse', '--help')).out).toMatch(/-o, --output <FILE>[^]*; required/);
    const r = await cli('generate', '-n', '10');
    expect(r.code).toBe(2);
    expect(r.err).toBe("mctune: -o/--output FILE is required (or --hepmc/--events-out FILE to write only the events)\nRun 'mctune generate --help' for usage.\n");
  });

  it('no command, or a group without its command, shows the help and exits 2; `help CMD` shows that help', async () => {
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: mctune <command> [options]');
    const group = await cli('yoda');
    expect(group.code).toBe(2);
    expect(group.err).toContain('yoda ls');
    const help = await cli('help', 'generate');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: mctune generate [options]');
    expect((await cli('yoda', 'help', 'ls')).out).toContain('Usage: mctune yoda ls FILE [options]');
  });
});

describe('numeric options', () => {
  it('reads plain decimals only', () => {
    for (const ok of ['10', '+3', '-2', '0.5', '.5', '5.', '1e3', '2.5E-2']) expect(parseDecimal(ok), ok).toBe(Number(ok));
    for (const bad of ['0x10', '0b11', '0o7', '1e', '', ' ', 'Infinity', 'NaN', '1_000', '1,5', '--1', '1e999']) expect(parseDecimal(bad), bad).toBeUndefined();
  });

  it.each([
    ['generate', '--events', '0x10'],
    ['generate', '--events', '0b11'],
    ['generate', '--seed', '0o7'],
    ['generate', '--stream', '1e'],
    ['generate', '--events', ''],
    ['generate', '--events', '1.5'],
    ['generate', '--seed', '4294967296'],
  ])('%s %s %j is refused with exit code 2', async (cmd, option, value) => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-num-'));
    const r = await cli(cmd, option, value, '-o', join(dir, 'x.yoda'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^mctune: ${option} must be .*, got '${value}'\\n`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses hexadecimal and empty numbers in every command that takes one', async () => {
    const demo = join(root, 'tunes/demo.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'mctune-num-'));
    const cases: [string[], RegExp][] = [
      [['sample', demo, '--dir', dir, '--runs', '0x3'], /--runs must be an integer ≥ 0, got '0x3'/],
      [['run', demo, '--dir', dir, '-j', '0b10'], /--workers must be a positive integer, got '0b10'/],
      [['run', demo, '--dir', dir, '--engine', 'slurm', '--poll', '0x1'], /--poll must be a positive number, got '0x1'/],
      [['run', demo, '--dir', dir, '--engine', 'slurm', '--max-parallel', ''], /--max-parallel must be a positive integer, got ''/],
      [['yoda', 'diff', 'a', 'b', '--tolerance', '0x0'], /--tolerance must be a number ≥ 0, got '0x0'/],
      [['survey', '--events', '1e'], /--events must be an integer ≥ 0, got '1e'/],
      [['generate', '--set', 'StringZ:aLund=0x1', '-o', join(dir, 'x.yoda')], /--set StringZ:aLund: '0x1' is not a decimal number/],
    ];
    for (const [argv, msg] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
    // Nothing was sampled or written by a refused command.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('prints numbers without float noise', () => {
    expect(formatNumber(0.1 + 0.5)).toBe('0.6');
    expect(formatNumber(0.30000000000000004)).toBe('0.3');
    expect(formatNumber(91.2)).toBe('91.2');
    expect(formatNumber(1e-20)).toBe('1e-20');
    expect(formatNumber(123456789012345)).toBe('123456789012345');
    expect(formatNumber(0.123456789, 6)).toBe('0.123457');
  });
});

describe('option values that start with a dash', () => {
  it('takes `--sbatch --partition=short` as the README shows (Slurm engine on stand-in commands)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-sbatch-'));
    const state = join(dir, 'slurm-state');
    mkdirSync(state);
    return writeFakeCampaign(dir, { behaviour: {}, runs: 1, retries: 0, timeout: 30 }).then((file) => {
      const env = { ...process.env, FAKE_SLURM_DIR: state, PATH: `${FAKE_SLURM}${delimiter}${process.env.PATH ?? ''}` };
      const r = spawnSync(process.execPath, [BIN, 'run', file, '--dir', join(dir, 'c'), '--engine', 'slurm', '--sbatch', '--partition=short', '--sbatch', '--qos=low', '--poll', '0.1', '--no-ingest'], { env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const scripts = readdirSync(join(dir, 'c', 'slurm')).filter((f) => f.endsWith('.sh'));
      expect(scripts).toHaveLength(1);
      const script = readFileSync(join(dir, 'c', 'slurm', scripts[0]), 'utf8');
      expect(script).toMatch(/^#SBATCH --partition=short$/m);
      expect(script).toMatch(/^#SBATCH --qos=low$/m);
    });
  }, 60_000);
});

/**
 * `mctune ui` end to end in a real pseudo-terminal: tmux, 80×24, driving the
 * built executable (run `npm run build` first) on a tiny built-in campaign
 * with a small reweighter from `mctune reweight train`. Presses n (pause once
 * the running iteration is tuned), r (the reweighting screen), → (θ moves)
 * and q (the loop winds down), checking the screen after each; then a plain
 * `mctune loop` finds the iteration done and carries on, and `mctune ui` off a
 * terminal prints the loop's plain lines. Skipped without tmux.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';
import { cli } from '../helpers/cli.js';
import { hasTmux, killTmux, openTerminal, tmux, waitFor } from '../helpers/tmux.js';

const BIN = fileURLToPath(new URL('../../bin/mctune.js', import.meta.url));
const pseudo = fileURLToPath(new URL('../../reference-data/pseudodata/ALEPH_1996_S3486095.yoda', import.meta.url));
const EXTRA = `weights:\n  - /ALEPH_1996_S3486095/d01-x01-y01 1\n  - /ALEPH_1996_S3486095/d17-x01-y01 1\nsurrogate: { kind: polynomial, order: 2 }\ntune: { starts: 4, toys: 10 }\niterations: { count: 2, shrink: 0.5 }\n`;
if (!hasTmux) console.warn('test/tui/ui-tmux.test.ts: tmux is not installed; the end-to-end test of mctune ui is skipped');

describe.skipIf(!hasTmux)('mctune ui in tmux', () => {
  it('n, r, → and q each change the screen, and the campaign resumes in mctune loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-ui-'));
    const file = writeBuiltinCampaign(dir, { name: 'c', seed: 5, runs: 12, events: 600, extra: EXTRA });
    writeFileSync(file, readFileSync(file, 'utf8').replace('reference: []', `reference: [${JSON.stringify(pseudo)}]`));
    mkdirSync(join(dir, 'c'));
    const trained = await cli('reweight', 'train', '--generate', '--vary', 'StringZ:aLund=0.4:0.9', '--events', '2000', '--points', '2', '--epochs', '1', '-o', join(dir, 'c', 'reweighter'));
    expect(trained.code, trained.err).toBe(0);
    const socket = `mctune-ui-${process.pid}`;
    const command = `cd ${JSON.stringify(dir)} && node ${JSON.stringify(BIN)} ui c.yaml --dir c -j 2; echo "exit $?"; sleep 60`;
    openTerminal(socket, command);
    try {
      const running = await waitFor(socket, (s) => /· running/.test(s) && /runs\s+\S*\s*\d+\/12 done/.test(s), 'the runs of iteration 0');
      expect(running).toContain('StringZ:aLund');
      tmux(socket, 'send-keys', '-t', 'ui', 'n');
      await waitFor(socket, (s) => s.includes('pausing once iteration 0 is tuned'), 'n to be acknowledged', 5_000);
      const paused = await waitFor(socket, (s) => /· paused/.test(s), 'the pause after iteration 0');
      expect(paused).toMatch(/χ²\/Ndf\s+[\d.]+\/\d+/);
      expect(paused).toMatch(/▸d\d\d-x01-y01/);
      expect(existsSync(join(dir, 'c', 'iterations', '00', 'results.yaml'))).toBe(true);
      tmux(socket, 'send-keys', '-t', 'ui', 'r');
      const reweight = await waitFor(socket, (s) => s.includes('ESS '), 'the reweighting screen', 30_000);
      const theta = (s: string) => /StringZ:aLund\s+([\d.]+)\s+θ₀/.exec(s)?.[1];
      const before = theta(reweight);
      expect(before).toBeDefined();
      tmux(socket, 'send-keys', '-t', 'ui', 'Right');
      const moved = await waitFor(socket, (s) => theta(s) !== before && s.includes('ESS '), '→ to move θ', 5_000);
      expect(Number(theta(moved))).toBeCloseTo(Number(before) + 0.025, 10);
      tmux(socket, 'send-keys', '-t', 'ui', 'q');
      const quit = await waitFor(socket, (s) => s.includes('exit 0'), 'mctune ui to exit', 30_000);
      expect(quit).toContain('stopped with 1 iteration tuned');
    } finally {
      killTmux(socket);
    }
    const again = await cli('loop', file, '--dir', join(dir, 'c'), '-j', '2');
    expect(again.code, again.err).toBe(0);
    expect(again.err).toMatch(/iteration 0: done earlier/);
    expect(existsSync(join(dir, 'c', 'iterations', '01', 'results.yaml'))).toBe(true);
    // Not on a terminal (as here, in-process under vitest), mctune ui prints mctune loop's lines.
    const plain = await cli('ui', file, '--dir', join(dir, 'c'));
    expect(plain.code, plain.err).toBe(0);
    expect(plain.err).toMatch(/not a terminal[\s\S]*iteration 1: done earlier/);
  }, 180_000);

  it('on a terminal under CI (where ink would draw only the last frame) prints the plain lines instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-ui-ci-'));
    const file = writeBuiltinCampaign(dir, { name: 'c', seed: 5, runs: 12, events: 200, extra: EXTRA });
    writeFileSync(file, readFileSync(file, 'utf8').replace('reference: []', `reference: [${JSON.stringify(pseudo)}]`));
    const socket = `mctune-ui-ci-${process.pid}`;
    openTerminal(socket, `cd ${JSON.stringify(dir)} && node ${JSON.stringify(BIN)} ui c.yaml --dir c -j 1; echo "exit $?"; sleep 60`, { ci: true });
    try {
      const screen = await waitFor(socket, (s) => /iteration 0: tuned/.test(s), 'the plain progress lines', 60_000);
      expect(screen).toMatch(/iteration 0: build/);
      expect(tmux(socket, 'capture-pane', '-p', '-S', '-', '-t', 'ui')).toContain('not a terminal (or CI is set)');
      expect(screen).not.toMatch(/· (running|paused|finished)/);
    } finally {
      killTmux(socket);
    }
  }, 90_000);
});

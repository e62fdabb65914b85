/**
 * `mctune start` (what `npm start` runs) on a terminal: the loop runs in the
 * terminal UI, and once it has finished and the UI is left, the report and
 * the tune table beside the truth follow. tmux, 80×24, the built executable
 * (run `npm run build` first), a tiny campaign. Skipped without tmux.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';
import { hasTmux, killTmux, openTerminal, tmux, waitFor } from '../helpers/tmux.js';

const BIN = fileURLToPath(new URL('../../bin/mctune.js', import.meta.url));
const pseudo = fileURLToPath(new URL('../../reference-data/pseudodata/ALEPH_1996_S3486095.yoda', import.meta.url));
const EXTRA = `weights:\n  - /ALEPH_1996_S3486095/d01-x01-y01 1\n  - /ALEPH_1996_S3486095/d17-x01-y01 1\nsurrogate: { kind: polynomial, order: 2 }\ntune: { starts: 4, toys: 10 }\niterations: { count: 1 }\n`;
if (!hasTmux) console.warn('test/tui/start-tmux.test.ts: tmux is not installed; the end-to-end test of mctune start on a terminal is skipped');

describe.skipIf(!hasTmux)('mctune start on a terminal', () => {
  it('shows the loop in the UI, then the report and the tune beside the truth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctune-start-ui-'));
    const file = writeBuiltinCampaign(dir, { name: 'c', seed: 5, runs: 12, events: 600, extra: EXTRA });
    const text = readFileSync(file, 'utf8').replace('reference: []', `reference: [${JSON.stringify(pseudo)}]`).replace('range: [0.11, 0.15] }', 'range: [0.11, 0.15], truth: 0.128 }');
    writeFileSync(file, text);
    const socket = `mctune-start-${process.pid}`;
    const command = `cd ${JSON.stringify(dir)} && node ${JSON.stringify(BIN)} start --campaign c.yaml --dir c -j 2; echo "exit $?"; sleep 60`;
    openTerminal(socket, command);
    try {
      const ui = await waitFor(socket, (s) => /· (running|finished)/.test(s), 'the terminal UI');
      expect(ui).toContain('TimeShower:alphaSvalue');
      await waitFor(socket, (s) => /· finished/.test(s), 'the loop to finish in the UI');
      tmux(socket, 'send-keys', '-t', 'ui', 'q');
      const end = await waitFor(socket, (s) => s.includes('exit 0'), 'mctune start to end', 60_000);
      expect(end).toMatch(/TimeShower:alphaSvalue\s+[\d.]+ ± [\d.e-]+\s+0\.128\s+-?[\d.]+/);
      expect(end).toContain('report: ');
      expect(existsSync(join(dir, 'c', 'report', 'index.html'))).toBe(true);
    } finally {
      killTmux(socket);
    }
  }, 180_000);
});

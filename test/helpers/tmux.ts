/** Driving a command in a real pseudo-terminal: a tmux session on its own socket, its screen read back. */
import { execFileSync, spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export const tmux = (socket: string, ...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

/**
 * Starts `command` (a shell command line, written by the test) in a new 80×24
 * session whose pane is named `ui`, as on a user's terminal: CI and
 * CONTINUOUS_INTEGRATION unset (under them ink draws only the last frame, and
 * mctune falls back to plain lines) unless `ci` asks to keep CI=1.
 */
export function openTerminal(socket: string, command: string, opts: { ci?: boolean } = {}): void {
  const env = opts.ci === true ? 'export CI=1; ' : 'unset CI CONTINUOUS_INTEGRATION; ';
  tmux(socket, 'new-session', '-d', '-s', 'ui', '-x', '80', '-y', '24', env + command);
}

/** Polls the pane `ui` until `test` holds (returns the screen) or `ms` pass (fails, showing the screen). */
export async function waitFor(socket: string, test: (screen: string) => boolean, what: string, ms = 60_000): Promise<string> {
  const t0 = Date.now();
  let screen = '';
  while (Date.now() - t0 < ms) {
    screen = tmux(socket, 'capture-pane', '-p', '-t', 'ui');
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
}

export function killTmux(socket: string): void {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
}

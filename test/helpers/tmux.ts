/** Driving a command in a real pseudo-terminal: a tmux session on its own socket, its screen read back. */
import { execFileSync, spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export const tmux = (socket: string, ...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

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

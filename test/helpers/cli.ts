/** The command line run in this process, with what it printed captured. */
import { runCli } from '../../src/cli/index.js';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function cli(...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

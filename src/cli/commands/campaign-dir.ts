import { join } from 'node:path';
import type { OptionSpec, ParsedArgs } from '../command.js';

export const DIR: OptionSpec = { name: 'dir', type: 'string', value: 'DIR', description: "campaign folder holding runs/ (default: the campaign's name, in the current folder)" };

export function campaignDir(a: ParsedArgs, name: string): string {
  return typeof a.values.dir === 'string' ? a.values.dir : join(process.cwd(), name);
}

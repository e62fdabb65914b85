import { join } from 'node:path';
import { readCampaignFile, type CampaignConfig } from '../../campaign/index.js';
import type { CliIO, OptionSpec, ParsedArgs } from '../command.js';

export const DIR: OptionSpec = { name: 'dir', type: 'string', value: 'DIR', description: "campaign folder holding runs/ (default: the campaign's name, in the current folder)" };

export function campaignDir(a: ParsedArgs, name: string): string {
  return typeof a.values.dir === 'string' ? a.values.dir : join(process.cwd(), name);
}

/** Loads a campaign file and says on stderr what in it deserves a warning. */
export function loadCampaign(file: string, io: CliIO): CampaignConfig {
  const config = readCampaignFile(file);
  for (const w of config.warnings) io.err(`${w}\n`);
  return config;
}

import { basename, join } from 'node:path';
import { campaignStatus, sampleRuns } from '../../campaign/index.js';
import { writeCampaignPointer } from '../../pool/index.js';
import type { Command } from '../command.js';
import { campaignDir, DIR, loadCampaign } from './campaign-dir.js';

export const sample: Command = {
  name: 'sample',
  summary: 'Sample parameter points of a campaign and create their run directories (Professor layout).',
  args: 'CAMPAIGN.yaml',
  arity: 1,
  options: [DIR, { name: 'runs', type: 'string', value: 'N', description: "number of new runs (default: the campaign's runs)" }],
  async run(a, io) {
    const config = loadCampaign(a.positionals[0]!, io);
    const dir = campaignDir(a, config.name);
    const count = a.values.runs === undefined ? config.runs : Number(a.values.runs);
    if (!Number.isInteger(count) || count < 1) throw new Error(`--runs must be a positive integer, got '${String(a.values.runs)}'`);
    const made = sampleRuns(config, dir, count);
    writeCampaignPointer(dir, config.file);
    io.out(`${basename(a.positionals[0]!)}: ${made.length} runs (${config.sampling}) in ${join(dir, 'runs')}: ${made[0]!.name}…${made[made.length - 1]!.name}\n`);
    return 0;
  },
};

export const status: Command = {
  name: 'status',
  summary: 'Show each run of a campaign: pending, running, done or failed (with the reason).',
  args: 'CAMPAIGN.yaml',
  arity: 1,
  options: [DIR, { name: 'json', type: 'boolean', description: 'print JSON', default: false }],
  async run(a, io) {
    const config = loadCampaign(a.positionals[0]!, io);
    const runs = campaignStatus(campaignDir(a, config.name));
    const counts = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const r of runs) counts[r.state]++;
    if (a.values.json) {
      io.out(JSON.stringify({ counts, runs }, null, 2) + '\n');
      return 0;
    }
    // Failed and running runs one by one; pending and done only counted.
    for (const r of runs) if (r.state === 'failed' || r.state === 'running') io.out(`${r.name}  ${r.state.padEnd(8)}${r.reason ? `  ${r.reason}` : ''}\n`);
    io.out(`${runs.length} runs: ${counts.done} done, ${counts.running} running, ${counts.pending} pending, ${counts.failed} failed\n`);
    return 0;
  },
};

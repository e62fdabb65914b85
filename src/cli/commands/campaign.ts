import { basename } from 'node:path';
import { campaignStatus, parameterNames, runDirNames, runsDirOf, sampleRuns, type RunSummary } from '../../campaign/index.js';
import { writeCampaignPointer } from '../../pool/index.js';
import type { Command } from '../command.js';
import { formatNumber, numericOption } from '../numbers.js';
import { formatSeconds } from '../progress.js';
import { campaignDir, DIR, loadCampaign } from './campaign-dir.js';

export const sample: Command = {
  name: 'sample',
  summary: 'Sample parameter points of a campaign and create their run directories (Professor layout).',
  args: 'CAMPAIGN.yaml',
  options: [DIR, { name: 'runs', type: 'string', value: 'N', description: "number of new runs (default: the campaign's runs)" }],
  run(a, io) {
    const count = numericOption(a, 'runs', 'integer ≥ 0');
    const config = loadCampaign(a.positionals[0], io);
    const dir = campaignDir(a, config.name);
    const made = count === 0 ? [] : sampleRuns(config, dir, count ?? config.runs);
    writeCampaignPointer(dir, config.file);
    const total = runDirNames(runsDirOf(dir)).length;
    const names = made.length === 0 ? '' : made.length === 1 ? `, ${made[0].name}` : `, ${made[0].name}…${made[made.length - 1].name}`;
    const added = made.length === 0 ? 'added no runs' : `added ${plural(made.length, 'run')} (${config.sampling})${names}`;
    io.out(`${basename(a.positionals[0])}: ${added}; ${plural(total, 'run')} in ${runsDirOf(dir)} now\n`);
    return 0;
  },
};

export const status: Command = {
  name: 'status',
  summary: 'Show each run of a campaign: state, attempts, time, parameters and the reason of a failure.',
  args: 'CAMPAIGN.yaml',
  options: [DIR, { name: 'json', type: 'boolean', description: 'print JSON: {counts, runs: [{name, state, attempts, reason?, params, seconds?, events?}]}', default: false }],
  run(a, io) {
    const config = loadCampaign(a.positionals[0], io);
    const runs = campaignStatus(campaignDir(a, config.name), parameterNames(config));
    const counts = { pending: 0, running: 0, done: 0, failed: 0, invalid: 0 };
    for (const r of runs) counts[r.state]++;
    if (a.values.json) {
      io.out(JSON.stringify({ counts, runs }, null, 2) + '\n');
      return 0;
    }
    if (runs.length > 0) io.out(statusTable(runs, config.parameters.map((p) => p.name)));
    io.out(`${plural(runs.length, 'run')}: ${counts.done} done, ${counts.running} running, ${counts.pending} pending, ${counts.failed} failed${counts.invalid ? `, ${counts.invalid} invalid` : ''}\n`);
    return 0;
  },
};

/** One row per run; parameters to 6 significant digits (params.dat has them in full). */
function statusTable(runs: readonly RunSummary[], parameters: readonly string[]): string {
  const names = [...new Set([...parameters, ...runs.flatMap((r) => Object.keys(r.params))])];
  const header = ['RUN', 'STATE', 'ATTEMPTS', 'TIME', ...names, 'REASON'];
  const rows = runs.map((r) => [
    r.name,
    r.state,
    String(r.attempts),
    r.seconds === undefined ? '-' : formatSeconds(r.seconds),
    ...names.map((n) => (n in r.params ? formatNumber(r.params[n] ?? NaN, 6) : '-')),
    r.reason ?? (r.warnings ? `warning: ${r.warnings.join('; ')}` : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n';
  return [header, ...rows].map(line).join('');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

import { join } from 'node:path';
import { INGEST_FILE, loadIngested, parameterNames, readCampaignFile, type CampaignConfig } from '../../campaign/index.js';
import type { CliIO, Command } from '../command.js';
import { campaignDir, DIR } from './campaign-dir.js';

/** Brings the campaign's ingest cache up to date and says what it holds. */
export function ingestAndReport(dir: string, config: CampaignConfig, io: CliIO): void {
  const t0 = performance.now();
  const { table, fromCache, staleReason } = loadIngested(dir, { parameters: parameterNames(config) });
  const ms = (performance.now() - t0).toFixed(0);
  const how = fromCache ? `cache up to date, loaded in ${ms} ms` : `ingested in ${ms} ms${staleReason ? ` (${staleReason})` : ''}`;
  io.err(`${join(dir, INGEST_FILE)}: ${table.runNames.length} runs × ${table.numBins} bins in ${table.objects.length} histograms; ${how}\n`);
  for (const p of table.problems) io.err(`  left out ${p.name}: ${p.reason}\n`);
  for (const o of table.excluded) io.err(`  left out ${o.path}: ${o.reason}\n`);
}

export const ingest: Command = {
  name: 'ingest',
  summary: "Gather every finished run's histograms into the campaign's compact cache (rebuilt when a run changes).",
  args: 'CAMPAIGN.yaml',
  options: [DIR],
  run(a, io) {
    const config = readCampaignFile(a.positionals[0]);
    ingestAndReport(campaignDir(a, config.name), config, io);
    return 0;
  },
};

/**
 * One run, in this process: what a batch task executes (`mctune run-one
 * RUNDIR`). The campaign file is found through the pointer the campaign
 * directory keeps, unless given.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parameterNames, readCampaignFile, readRunDir, readStatus, type CampaignConfig } from '../campaign/index.js';
import { writeFileAtomicSync } from '../fsutil/index.js';
import { attemptRun, type AttemptOutcome } from './attempt.js';
import { inProcess } from './executors.js';

/** In the campaign directory: which campaign file made it, so batch tasks need only a run directory. */
export const CAMPAIGN_POINTER = 'campaign.json';

export function writeCampaignPointer(campaignDir: string, campaignFile: string): void {
  writeFileAtomicSync(join(campaignDir, CAMPAIGN_POINTER), JSON.stringify({ file: resolve(campaignFile) }, null, 2) + '\n');
}

/** The campaign directory of a run directory (`<campaign>/runs/NNNN`). */
export function campaignDirOfRun(runDir: string): string {
  return dirname(dirname(resolve(runDir)));
}

/** The campaign file a campaign folder records in campaign.json (what `mctune run` and `loop` write there). */
export function readCampaignPointer(campaignDir: string): string {
  const pointer = join(campaignDir, CAMPAIGN_POINTER);
  if (!existsSync(pointer)) throw new Error(`${pointer}: missing; give the campaign file with --campaign FILE`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(pointer, 'utf8'));
  } catch (e) {
    throw new Error(`${pointer}: not JSON (${(e as Error).message}); expected {"file": "path of the campaign file"}`, { cause: e });
  }
  const file = (parsed as { file?: unknown } | null)?.file;
  if (typeof file !== 'string') throw new Error(`${pointer}: expected {"file": "path of the campaign file"}`);
  return file;
}

export function campaignFileFor(runDir: string): string {
  return readCampaignPointer(campaignDirOfRun(runDir));
}

export type RunOneOutcome =
  | AttemptOutcome
  | { readonly state: 'already-done' }
  | { readonly state: 'already-failed'; readonly reason: string }
  /** params.dat is missing, unreadable or not the campaign's: never run with a default. */
  | { readonly state: 'invalid'; readonly reason: string };

export async function runOne(runDir: string, campaign?: CampaignConfig | string, signal?: AbortSignal): Promise<RunOneOutcome> {
  const dir = resolve(runDir);
  const config = typeof campaign === 'object' ? campaign : readCampaignFile(campaign ?? campaignFileFor(dir));
  if (!existsSync(dir)) throw new Error(`${dir}: no such run directory`);
  const run = readRunDir(dir, basename(dir), parameterNames(config));
  if (typeof run === 'string') return { state: 'invalid', reason: run };
  const st = readStatus(dir);
  // A batch system may run a task twice (requeue after a node failure): never redo finished work.
  if (st?.state === 'done') return { state: 'already-done' };
  if (st?.state === 'failed') return { state: 'already-failed', reason: st.reason ?? 'no reason recorded' };
  return attemptRun(config, run, inProcess, signal ? { signal } : {});
}

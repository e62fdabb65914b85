/**
 * A campaign on disk: `<dir>/runs/NNNN/…`. Sampling adds runs after the
 * existing ones (it never rewrites a run), status summarises every run.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignConfig } from './config.js';
import { sampleUnit, toParameterPoints, type SubBox } from './sampling.js';
import { createRunDir, listRunDirs, readStatus, runName, yodaOutputs, type RunDir, type RunState } from './run-dirs.js';

export function runsDirOf(campaignDir: string): string {
  return join(campaignDir, 'runs');
}

/**
 * Samples `count` (default: the campaign's `runs`) new points and creates
 * their run directories after the existing runs. A different stream of the
 * campaign seed is used per starting index, so extending a campaign never
 * repeats its points.
 */
export function sampleRuns(config: CampaignConfig, campaignDir: string, count = config.runs, box?: SubBox): RunDir[] {
  const runsDir = runsDirOf(campaignDir);
  const existing = listRunDirs(runsDir);
  const start = existing.length ? Number(existing[existing.length - 1].name) + 1 : 0;
  const d = config.parameters.filter((p) => p.fixed === undefined).length;
  const seed = (Math.imul(config.seed, 0x9e3779b1) ^ start) >>> 0;
  const points = toParameterPoints(sampleUnit(config.sampling, count, d, seed), config.parameters, box);
  if (existsSync(runsDir)) return points.map((p, i) => createRunDir(runsDir, start + i, p));
  // A first sample appears all at once: killed half-way, it leaves no campaign with part of its design.
  mkdirSync(campaignDir, { recursive: true });
  const staging = mkdtempSync(join(campaignDir, '.runs.tmp-'));
  try {
    points.forEach((p, i) => createRunDir(staging, start + i, p));
    renameSync(staging, runsDir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return points.map((params, i) => ({ name: runName(start + i), dir: join(runsDir, runName(start + i)), params }));
}

export interface RunSummary {
  readonly name: string;
  readonly state: RunState;
  readonly attempts: number;
  readonly reason?: string;
}

/** State of every run: from status.json, or for Professor runs without one, from the presence of output. */
export function campaignStatus(campaignDir: string): RunSummary[] {
  return listRunDirs(runsDirOf(campaignDir)).map((r) => {
    const s = readStatus(r.dir);
    if (s) return { name: r.name, state: s.state, attempts: s.attempts, ...(s.reason ? { reason: s.reason } : {}) };
    const done = yodaOutputs(r.dir).length > 0;
    return { name: r.name, state: done ? 'done' : 'pending', attempts: done ? 1 : 0 };
  });
}

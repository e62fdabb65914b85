/**
 * A campaign on disk: `<dir>/runs/NNNN/…`. Sampling adds runs after the
 * existing ones (it never rewrites a run), status summarises every run.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeError } from '../fsutil/index.js';
import type { CampaignConfig } from './config.js';
import { sampleUnit, toParameterPoints, type SubBox } from './sampling.js';
import { createRunDir, readStatus, runDirNames, runName, scanRunDirs, yodaOutputs, type RunDir, type RunState } from './run-dirs.js';

/** The names every run's params.dat must hold: all the campaign's parameters, fixed ones included. */
export function parameterNames(config: CampaignConfig): string[] {
  return config.parameters.map((p) => p.name);
}

/** The parameters the campaign varies (those with `fixed:` take one value in every run). */
export function freeParameterNames(config: CampaignConfig): string[] {
  return config.parameters.filter((p) => p.fixed === undefined).map((p) => p.name);
}

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
  const start = nextRunIndex(campaignDir);
  const points = plannedPoints(config, start, count, box);
  if (existsSync(runsDir)) return points.map((p, i) => createRunDir(runsDir, start + i, p));
  // A first sample appears all at once: killed half-way, it leaves no campaign with part of its design.
  mkdirSync(campaignDir, { recursive: true });
  const staging = mkdtempSync(join(campaignDir, '.runs.tmp-'));
  try {
    points.forEach((p, i) => createRunDir(staging, start + i, p));
    renameSync(staging, runsDir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw writeError(runsDir, e);
  }
  return points.map((params, i) => ({ name: runName(start + i), dir: join(runsDir, runName(start + i)), params }));
}

/** The index the next sampled run takes (invalid runs count too: their names are taken). */
export function nextRunIndex(campaignDir: string): number {
  const existing = runDirNames(runsDirOf(campaignDir));
  return existing.length ? Number(existing[existing.length - 1]) + 1 : 0;
}

/** The points `sampleRuns` gives runs start … start+count−1: a stream of the campaign seed per starting index. */
export function plannedPoints(config: CampaignConfig, start: number, count: number, box?: SubBox): Record<string, number>[] {
  const d = config.parameters.filter((p) => p.fixed === undefined).length;
  const seed = (Math.imul(config.seed, 0x9e3779b1) ^ start) >>> 0;
  return toParameterPoints(sampleUnit(config.sampling, count, d, seed), config.parameters, box);
}

export interface RunSummary {
  readonly name: string;
  /** `invalid`: its params.dat is missing, unreadable or not the campaign's; it is never run. */
  readonly state: RunState | 'invalid';
  readonly attempts: number;
  readonly reason?: string;
  /** The run's parameter point (its params.dat). */
  readonly params: Readonly<Record<string, number>>;
  /** Seconds the last attempt took; for a run still running, so far. */
  readonly seconds?: number;
  /** Events of a finished run. */
  readonly events?: number;
  /** What a finished run's output lacked, e.g. histograms nobody filled. */
  readonly warnings?: readonly string[];
}

/**
 * State of every run: from status.json, or for Professor runs without one, from
 * the presence of output. `parameters`: the campaign's names, which every
 * params.dat must hold exactly.
 */
export function campaignStatus(campaignDir: string, parameters?: readonly string[]): RunSummary[] {
  const scan = scanRunDirs(runsDirOf(campaignDir), parameters);
  const valid = scan.runs.map((r): RunSummary => {
    const s = readStatus(r.dir);
    if (!s) {
      const done = yodaOutputs(r.dir).length > 0;
      return { name: r.name, state: done ? 'done' : 'pending', attempts: done ? 1 : 0, params: r.params };
    }
    const seconds = s.seconds ?? secondsBetween(s.startedAt, s.state === 'running' ? new Date().toISOString() : s.finishedAt);
    return {
      name: r.name,
      state: s.state,
      attempts: s.attempts,
      ...(s.reason ? { reason: s.reason } : {}),
      params: r.params,
      ...(seconds !== undefined ? { seconds } : {}),
      ...(s.events !== undefined ? { events: s.events } : {}),
      ...(s.warnings?.length ? { warnings: s.warnings } : {}),
    };
  });
  const invalid = scan.invalid.map((r): RunSummary => ({ name: r.name, state: 'invalid', attempts: readStatus(r.dir)?.attempts ?? 0, reason: r.reason, params: {} }));
  return [...valid, ...invalid].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function secondsBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const s = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(s) && s >= 0 ? s : undefined;
}

/**
 * What one run of a campaign needs, in plain data so it can cross into a
 * worker thread or be rebuilt by `mctune run-one` on a batch node.
 */
import { join } from 'node:path';
import type { CampaignConfig, RunDir } from '../campaign/index.js';

/** The run's result, in every run directory mctune writes (Professor reads any *.yoda). */
export const OUTPUT_FILE = 'out.yoda';
/** Events kept from a HepMC-writing generator, beside the YODA made from them. */
export const EVENTS_FILE = 'events.hepmc';
/** Everything the generator and mctune said about the run, attempt after attempt. */
export const LOG_FILE = 'run.log';

/** Temp names start with a dot, so readers of run directories never take them for results. */
export const PARTIAL_MARK = '.partial';

export interface BuiltinJob {
  readonly runDir: string;
  readonly runName: string;
  readonly params: Readonly<Record<string, number>>;
  readonly seed: number;
  /** Random stream: the run index plus one, so no two runs of a campaign share one. */
  readonly stream: number;
  readonly events: number;
  readonly analyses: readonly string[];
}

export function runIndex(run: RunDir): number {
  return Number(run.name);
}

export function builtinJob(config: CampaignConfig, run: RunDir): BuiltinJob {
  return {
    runDir: run.dir,
    runName: run.name,
    params: run.params,
    seed: config.seed,
    stream: runIndex(run) + 1,
    events: config.events,
    analyses: config.analyses,
  };
}

/**
 * The seed handed to an external generator as `{seed}`: distinct per run and
 * campaign seed, positive and below 2^31 - 1 because many generators keep it in a
 * signed 32-bit int (Pythia's Random:seed allows up to 900 000 000).
 */
export function runSeed(campaignSeed: number, index: number): number {
  const h = (Math.imul(campaignSeed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  return 1 + (h % 900_000_000);
}

/**
 * Where a command writes `{out}`: a dot-name in the run directory, renamed only
 * once validated. Unique per attempt, so a generator orphaned by a killed
 * campaign can never write into the file of the attempt that replaced it.
 */
export function partialOutputPath(runDir: string, output: 'yoda' | 'hepmc'): string {
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  return join(runDir, `.${output === 'yoda' ? OUTPUT_FILE : EVENTS_FILE}.${tag}${PARTIAL_MARK}`);
}

/** Substitutes the placeholders of a command template; each template entry stays one argument. */
export function expandCommand(template: readonly string[], values: { params: string; seed: number; out: string; rundir: string }): string[] {
  const table: Record<string, string> = { '{params}': values.params, '{seed}': String(values.seed), '{out}': values.out, '{rundir}': values.rundir };
  return template.map((a) => a.replace(/\{(params|seed|out|rundir)\}/g, (m) => table[m]));
}

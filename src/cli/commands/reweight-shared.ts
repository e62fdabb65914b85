/**
 * What the `mctune reweight` commands share: option tables, loading a
 * reweighter folder, θ from `--set`, and printing θ.
 */
import { initBackend } from '../../nn/index.js';
import { loadReweighter, type Reweighter } from '../../reweight/index.js';
import { readManifest, recipeOf, type InputRecipe, type TrainingManifest } from '../../reweighting/index.js';
import { UsageError, type CliIO, type OptionSpec, type ParsedArgs } from '../command.js';
import { formatNumber, parseDecimal } from '../numbers.js';

export const DEFAULT_ANALYSIS = 'ALEPH_1996_S3486095';

export const ANALYSIS_OPTION: OptionSpec = {
  name: 'analysis',
  type: 'string',
  value: 'NAME',
  multiple: true,
  description: `analysis to run (repeatable): a shipped name or a path to an analysis .yaml (default: ${DEFAULT_ANALYSIS})`,
};
export const SAMPLE_OPTION: OptionSpec = { name: 'sample', type: 'string', value: 'FILE', description: 'the baseline event sample (Arrow, at the reweighter\'s θ₀) to reweight; required' };
export const MAX_EVENTS_OPTION: OptionSpec = { name: 'max-events', type: 'string', value: 'N', description: 'read at most N events of each sample (default: all)' };
export const JSON_OPTION: OptionSpec = { name: 'json', type: 'boolean', description: 'print the result as JSON on stdout', default: false };

/** The analyses named by --analysis, or the default one. */
export function analysisNames(a: ParsedArgs): string[] {
  const list = a.values.analysis as string[] | undefined;
  return list?.length ? list : [DEFAULT_ANALYSIS];
}

/** A required string option, or a usage error naming it. */
export function requiredString(a: ParsedArgs, name: string, what: string): string {
  const v = a.values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} ${what} is required`);
  return v;
}

/** A loaded reweighter folder: the network, how to read events for it, and the samples it was trained on (when recorded). */
export interface ReweighterFolder {
  readonly dir: string;
  readonly reweighter: Reweighter;
  readonly recipe: InputRecipe;
  readonly manifest: TrainingManifest | undefined;
}

/** Brings up the TF.js backend (its line on stderr) and loads the reweighter in `dir`. */
export async function openReweighterFolder(dir: string, io: CliIO): Promise<ReweighterFolder> {
  await initBackend({ log: (line) => io.err(`${line}\n`) });
  const { reweighter } = loadReweighter(dir);
  const manifest = readManifest(dir);
  return { dir, reweighter, recipe: recipeOf(reweighter, manifest), manifest };
}

/**
 * θ from `--set NAME=VALUE` (repeatable) for the reweighter's parameters;
 * parameters not set take θ₀. A name the reweighter does not take is a usage
 * error listing the ones it does; range checks are the reweighter's.
 */
export function thetaFromSets(a: ParsedArgs, r: Reweighter): number[] {
  const t = r.info.theta;
  const theta = [...t.theta0];
  for (const s of (a.values.set as string[] | undefined) ?? []) {
    const eq = s.indexOf('=');
    const [name, raw] = [s.slice(0, eq).trim(), s.slice(eq + 1).trim()];
    const p = t.names.indexOf(name);
    if (eq <= 0 || p < 0) throw new UsageError(`--set ${s}: expected NAME=VALUE with NAME one of the reweighter's parameters (${t.names.join(', ')})`);
    const v = parseDecimal(raw);
    if (v === undefined) throw new UsageError(`--set ${s}: '${raw}' is not a decimal number`);
    theta[p] = v;
  }
  return theta;
}

/** `NAME=VALUE NAME=VALUE` for people to read. */
export function formatTheta(names: readonly string[], theta: readonly number[]): string {
  return names.map((n, p) => `${n}=${formatNumber(theta[p], 6)}`).join(' ');
}

/**
 * Finding and reading a campaign's tunes: a single tune in `<campaign>/tune/`
 * and the loop's iterations in `<campaign>/iterations/NN/`. The report shows
 * the newest finished one (results.yaml is written last, so its presence
 * marks a tune as done) and the loop's iterations as trajectories.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RESULTS_FILE, readTuneDocument, type TuneDocument } from '../tune/index.js';
import { LOOP_FILE } from '../loop/index.js';

/** One finished tune on disk. */
export interface TuneRecord {
  /** The folder holding results.yaml, predictions.yoda and the eigentunes. */
  readonly dir: string;
  /** `tune` or `iteration NN`. */
  readonly label: string;
  /** The loop's iteration, for tunes of the loop. */
  readonly iteration: number | undefined;
  /** The folder of the surrogate this tune used, when known. */
  readonly surrogateDir: string | undefined;
  readonly doc: TuneDocument;
  readonly modified: Date;
}

export interface CampaignResults {
  readonly dir: string;
  /** The tune the report is about: the newest finished one. */
  readonly main: TuneRecord;
  /** The loop's finished iterations in order (empty without a loop). */
  readonly iterations: readonly TuneRecord[];
  /** What loop.yaml says, when the loop has finished. */
  readonly loop: { readonly iterations: number; readonly converged: boolean } | undefined;
}

type Doc = Record<string, unknown>;

function tuneRecord(dir: string, label: string, iteration: number | undefined, surrogateDir: (doc: TuneDocument) => string): TuneRecord {
  const file = join(dir, RESULTS_FILE);
  const doc = readTuneDocument(file);
  const model = surrogateDir(doc);
  return { dir, label, iteration, surrogateDir: existsSync(join(model, 'model.json')) ? model : undefined, doc, modified: statSync(file).mtime };
}

/** The loop's finished iterations, in order. */
function loopIterations(campaignDir: string): TuneRecord[] {
  const root = join(campaignDir, 'iterations');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => /^\d+$/.test(n) && existsSync(join(root, n, RESULTS_FILE)))
    .sort((a, b) => Number(a) - Number(b))
    .map((n) => tuneRecord(join(root, n), `iteration ${n}`, Number(n), () => join(root, n, 'surrogate')));
}

function loopSummary(campaignDir: string): CampaignResults['loop'] {
  const file = join(campaignDir, LOOP_FILE);
  if (!existsSync(file)) return undefined;
  const d = (parse(readFileSync(file, 'utf8')) ?? {}) as Doc;
  if (typeof d.iterations !== 'number' || typeof d.converged !== 'boolean') throw new Error(`${file}: expected iterations (a number) and converged (true or false)`);
  return { iterations: d.iterations, converged: d.converged };
}

/** The campaign's tunes; fails, naming the folder, when it holds no finished tune. */
export function findCampaignResults(campaignDir: string): CampaignResults {
  if (!existsSync(campaignDir) || !statSync(campaignDir).isDirectory()) throw new Error(`${campaignDir}: no such campaign folder`);
  const iterations = loopIterations(campaignDir);
  const tuneDir = join(campaignDir, 'tune');
  const single = existsSync(join(tuneDir, RESULTS_FILE)) ? tuneRecord(tuneDir, 'tune', undefined, (doc) => join(campaignDir, 'surrogates', doc.surrogate ?? 'polynomial')) : undefined;
  const candidates = [...(single ? [single] : []), ...iterations.slice(-1)];
  if (candidates.length === 0) throw new Error(`${campaignDir}: no finished tune: expected tune/${RESULTS_FILE} (mctune tune) or iterations/NN/${RESULTS_FILE} (mctune loop)`);
  const main = candidates.reduce((a, b) => (b.modified > a.modified ? b : a));
  return { dir: campaignDir, main, iterations, loop: loopSummary(campaignDir) };
}

/**
 * What the closure benchmark needs from the generator, made once and kept
 * under bench/cache/ (runs are never redone; a killed benchmark resumes):
 * independent run sets of the demo campaign (campaign seeds; the first is the
 * surrogate benchmark's), and at each truth point the high-statistics
 * prediction and its central differences. The two sides of every difference
 * share their random numbers (common random numbers), so that the differences
 * are not drowned in the points' own noise; the predictions at different truth
 * points do not, so that their own noise (0.2–0.4 σ_data per bin at 10⁶
 * events) is not one offset common to every truth point.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunDir, loadIngested, parameterNames, parseCampaign, runDirNames, runsDirOf, sampleRuns, sobolPoints, type CampaignConfig } from '../../src/campaign/index.js';
import { Random } from '../../src/generator/index.js';
import { runLocal } from '../../src/pool/index.js';
import { binName, type BinRef } from '../../src/surrogate/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE = join(ROOT, 'bench/cache/closure');
const DEMO = join(ROOT, 'tunes/demo.yaml');

/** The demo campaign with its runs, events and seed replaced (and more lines appended). */
export function demoWith(runs: number, events: number, seed: number, replace: (text: string) => string = (t) => t): CampaignConfig {
  const text = readFileSync(DEMO, 'utf8')
    .replace(/^runs: .*$/m, `runs: ${runs}`)
    .replace(/^events: .*$/m, `events: ${events}`)
    .replace(/^seed: .*$/m, `seed: ${seed}`);
  return parseCampaign(replace(text), DEMO);
}

/** Runs a campaign folder to the end (resuming whatever a killed run left). */
export async function completeRuns(config: CampaignConfig, dir: string, log: (line: string) => void): Promise<void> {
  if (runDirNames(runsDirOf(dir)).length === 0) sampleRuns(config, dir);
  const t0 = performance.now();
  const r = await runLocal(config, dir);
  if (r.done.length > 0) log(`${dir}: made ${r.done.length} runs in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (r.failed.length > 0) throw new Error(`runs failed in ${dir}: ${JSON.stringify(r.failed)}`);
}

/**
 * Truth points in the inner 60 % of the box (never the shipped pseudo-data's
 * point): a shifted Sobol' sequence, so that even two of them lie well apart
 * (two independent draws once fell within 1 % of each other in two parameters).
 */
export function truthPoints(config: CampaignConfig, n: number, seed: number): Float64Array[] {
  const P = config.parameters.length;
  const unit = sobolPoints(n, P, new Random(seed, 0x7a07));
  return Array.from({ length: n }, (_, k) => Float64Array.from(config.parameters, (p, q) => p.low + (0.2 + 0.6 * unit[k * P + q]) * (p.high - p.low)));
}

export interface PointResponse {
  /** By bin name: the value and its MC error. */
  readonly values: ReadonlyMap<string, number>;
  readonly errors: ReadonlyMap<string, number>;
}

/** The seed of every central difference's two sides. */
const DIFFERENCE_SEED = 777;
/** The seed of truth point k's prediction is this + k. */
const PREDICTION_SEED = 900;

/** One point generated with `events` events as its own one-run campaign of the given seed. */
export async function pointResponse(dir: string, params: Float64Array, events: number, seed: number, log: (line: string) => void): Promise<PointResponse> {
  const config = demoWith(1, events, seed);
  const names = parameterNames(config);
  if (!existsSync(join(dir, 'runs'))) createRunDir(runsDirOf(dir), 0, Object.fromEntries(names.map((n, p) => [n, params[p]])));
  await completeRuns(config, dir, log);
  const { table } = loadIngested(dir, { parameters: names });
  const values = new Map<string, number>();
  const errors = new Map<string, number>();
  table.objects.forEach((o) => {
    for (let i = 0; i < o.numBins; i++) {
      const name = binName({ path: o.path, index: i, xlow: o.binning.lows[i], xhigh: o.binning.highs[i] });
      values.set(name, table.values[o.offset + i]);
      errors.set(name, table.errors[o.offset + i]);
    }
  });
  return { values, errors };
}

export interface TruthData {
  readonly truth: Float64Array;
  readonly prediction: PointResponse;
  /** Per parameter, the responses at truth ± h·e_p; empty where the point's Cramér–Rao bound was not asked for. */
  readonly plus: readonly PointResponse[];
  readonly minus: readonly PointResponse[];
  readonly steps: Float64Array;
}

/** The prediction at truth point number `index`, and with `differences` > 0 its central differences too (for the Cramér–Rao bound). */
export async function truthData(config: CampaignConfig, truth: Float64Array, index: number, events: { prediction: number; differences: number }, step: number, log: (line: string) => void): Promise<TruthData> {
  // Named by the point itself, so that a change of truth points never reuses another point's runs.
  const dir = join(CACHE, `truth-${Array.from(truth, (v) => v.toPrecision(6)).join('_')}`);
  const seed = PREDICTION_SEED + index;
  // Named by seed and events too, so that changing either never reuses runs made otherwise.
  const prediction = await pointResponse(join(dir, `centre-seed-${seed}-${events.prediction}-events`), truth, events.prediction, seed, log);
  const steps = Float64Array.from(config.parameters, (p) => step * (p.high - p.low));
  const shifted = (p: number, sign: number) => Float64Array.from(truth, (v, q) => (q === p ? v + sign * steps[p] : v));
  const plus: PointResponse[] = [];
  const minus: PointResponse[] = [];
  for (let p = 0; p < (events.differences > 0 ? truth.length : 0); p++) {
    plus.push(await pointResponse(join(dir, `plus-${p}-${events.differences}-events`), shifted(p, 1), events.differences, DIFFERENCE_SEED, log));
    minus.push(await pointResponse(join(dir, `minus-${p}-${events.differences}-events`), shifted(p, -1), events.differences, DIFFERENCE_SEED, log));
  }
  return { truth, prediction, plus, minus, steps };
}

/** J = ∂f/∂θ at the truth by central differences, on the given bins: bins × P. */
export function generatorJacobian(t: TruthData, bins: readonly BinRef[]): Float64Array {
  const P = t.truth.length;
  const J = new Float64Array(bins.length * P);
  bins.forEach((b, i) => {
    const name = binName(b);
    for (let p = 0; p < P; p++) J[i * P + p] = ((t.plus[p].values.get(name) ?? NaN) - (t.minus[p].values.get(name) ?? NaN)) / (2 * t.steps[p]);
  });
  return J;
}

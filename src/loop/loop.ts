/**
 * The iterative tune, `mctune loop`: for each iteration, a box (the campaign's
 * ranges, then one around the last tune), runs inside it (those of earlier
 * iterations that fall inside are reused; new ones fill up to the campaign's
 * `runs`), the surrogate fitted to them, and a tune; until every parameter
 * moved less than `tolerance` of the σ of its move, or `count` iterations.
 *
 * Every step leaves its state on disk before the next begins, in
 * iterations/NN/: box.json, then the runs (in runs/, each resumable), then the
 * surrogate (surrogate/, with runs.json), then the tune (results.yaml written
 * last). Killed at any point, the same call carries on from there; nothing
 * finished is done again, and the outcome is the one an uninterrupted loop has.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { campaignStatus, createRunDir, freeParameterNames, loadIngested, nextRunIndex, parameterNames, plannedPoints, readReferenceObjects, runName, type CampaignConfig } from '../campaign/index.js';
import { writeFileAtomicSync } from '../fsutil/index.js';
import { runLocal, type CampaignEvent } from '../pool/index.js';
import { alignData, loadSurrogate, subsetRuns, trainingSet, type Surrogate, type TrainingSet } from '../surrogate/index.js';
import { fitBest, readTuneResults, RESULTS_FILE, tuneSurrogate, uncertaintiesAt, writeTuneOutputs, type StoredTune } from '../tune/index.js';
import { Chi2Objective, fittedWeights, selectBins } from '../chi2/index.js';
import { adaptivePoints, binInfluence } from './adaptive.js';
import { asSubBox, fitRegion, initialBox, insideBox, nextBox, type IterationBox } from './box.js';
import { fitCampaignSurrogate, forwardKindOf, heldOutRefitsFor, type FitReport, type ForwardKind } from './fit-surrogate.js';
import type { TrainProgress } from '../nn/index.js';

export type LoopPhase = 'sample' | 'run' | 'build' | 'tune';

export type LoopEvent =
  | { readonly type: 'iteration'; readonly iteration: number; readonly box: IterationBox; readonly reused: number; readonly sampled: number }
  | { readonly type: 'phase'; readonly iteration: number; readonly phase: LoopPhase }
  | { readonly type: 'runs'; readonly iteration: number; readonly event: CampaignEvent }
  /** A network surrogate's training, epoch by epoch (`member`: 0-based ensemble member; `epochs`: the most it will run). */
  | { readonly type: 'training'; readonly iteration: number; readonly member: number; readonly epoch: number; readonly epochs: number; readonly loss: number; readonly valLoss: number | undefined }
  | { readonly type: 'tuned'; readonly iteration: number; readonly tune: StoredTune; readonly resumed: boolean; readonly moved: ReadonlyMap<string, number> | undefined }
  | { readonly type: 'log'; readonly line: string };

export interface LoopOptions {
  readonly workers?: number;
  readonly surrogate?: ForwardKind;
  readonly onEvent?: (e: LoopEvent) => void;
  readonly signal?: AbortSignal;
}

export interface LoopOutcome {
  readonly iterations: number;
  readonly converged: boolean;
  readonly final: StoredTune;
  readonly dir: string;
}

export const LOOP_FILE = 'loop.yaml';

/**
 * Crash tests set this to `PHASE:ITERATION` (build or tune) to hold the loop
 * in the middle of that step, so that a kill -9 lands exactly there.
 */
export const HOLD_ENV = 'MCTUNE_LOOP_HOLD';

async function holdPoint(phase: 'build' | 'tune', iteration: number, emit: (e: LoopEvent) => void): Promise<void> {
  if (process.env[HOLD_ENV] !== `${phase}:${iteration}`) return;
  emit({ type: 'log', line: `holding at ${phase}:${iteration} (${HOLD_ENV})` });
  await new Promise<never>(() => setInterval(() => undefined, 1000));
}

export function iterationDir(campaignDir: string, iteration: number): string {
  return join(campaignDir, 'iterations', String(iteration).padStart(2, '0'));
}

export async function runLoop(config: CampaignConfig, campaignDir: string, options: LoopOptions = {}): Promise<LoopOutcome> {
  const emit = options.onEvent ?? (() => undefined);
  const settings = config.iterations ?? {};
  const count = settings.count ?? 4;
  const tolerance = settings.tolerance ?? 0.5;
  let previous: StoredTune | undefined;
  let box = initialBox(config);
  for (let it = 0; it < count; it++) {
    const dir = iterationDir(campaignDir, it);
    const rule = { ...(settings.shrink !== undefined ? { shrink: settings.shrink } : {}), ...(settings.sigmas !== undefined ? { sigmas: settings.sigmas } : {}) };
    const last = box;
    box = iterationBox(config, dir, it === 0 || !previous ? box : nextBox(config, box, previous.best, previous.sigma, rule, previous.eigentunes));
    const fitBox = fitRegion(config, settings['fit-runs'] ?? 'previous-box', box, last);
    const kind = options.surrogate ?? forwardKindOf(config);
    const stored = existsSync(join(dir, RESULTS_FILE)) ? readTuneResults(join(dir, RESULTS_FILE)) : undefined;
    // A tune made with another kind of surrogate is not this loop's: it is made again.
    const resumed = stored !== undefined && stored.surrogate === kind;
    const tune = stored && resumed ? stored : await iterate(config, campaignDir, it, { box, fitBox }, kind, options, emit);
    const moved = previous ? movedInSigma(previous, tune) : undefined;
    emit({ type: 'tuned', iteration: it, tune, resumed, moved });
    previous = tune;
    if (moved && [...moved.values()].every((m) => m < tolerance)) return finish(campaignDir, it + 1, true, tune);
  }
  if (!previous) throw new Error('iterations.count must be at least 1');
  return finish(campaignDir, count, false, previous);
}

/** The iteration's box: as stored when it was first decided, else `proposed`, stored now. */
function iterationBox(config: CampaignConfig, dir: string, proposed: IterationBox): IterationBox {
  const file = join(dir, 'box.json');
  if (existsSync(file)) return readBox(file, initialBox(config).names);
  mkdirSync(dir, { recursive: true });
  writeFileAtomicSync(file, JSON.stringify({ names: proposed.names, low: proposed.low, high: proposed.high }, null, 1) + '\n');
  return proposed;
}

function readBox(file: string, names: readonly string[]): IterationBox {
  const b = JSON.parse(readFileSync(file, 'utf8')) as { names?: unknown; low?: unknown; high?: unknown };
  const nums = (v: unknown) => Array.isArray(v) && v.length === names.length && v.every((x) => typeof x === 'number');
  if (!Array.isArray(b.names) || b.names.join('\n') !== names.join('\n') || !nums(b.low) || !nums(b.high)) throw new Error(`${file}: expected the box of the campaign's free parameters (${names.join(', ')}): {names, low, high}`);
  return { names, low: b.low as number[], high: b.high as number[] };
}

async function iterate(config: CampaignConfig, campaignDir: string, it: number, boxes: { box: IterationBox; fitBox: IterationBox }, kind: ForwardKind, options: LoopOptions, emit: (e: LoopEvent) => void): Promise<StoredTune> {
  const { box, fitBox } = boxes;
  const dir = iterationDir(campaignDir, it);
  emit({ type: 'phase', iteration: it, phase: 'sample' });
  const { reused, sampled } = fillBox(config, campaignDir, it, box);
  emit({ type: 'iteration', iteration: it, box, reused, sampled });
  emit({ type: 'phase', iteration: it, phase: 'run' });
  const run = await runLocal(config, campaignDir, { ...(options.workers ? { workers: options.workers } : {}), ...(options.signal ? { signal: options.signal } : {}), onEvent: (event) => emit({ type: 'runs', iteration: it, event }) });
  if (run.interrupted) throw new Error('the loop was stopped while its runs were going; run it again to carry on');
  emit({ type: 'phase', iteration: it, phase: 'build' });
  const set = runsInBox(config, campaignDir, fitBox);
  const report = {
    log: (line: string) => emit({ type: 'log', line }),
    progress: (member: number, p: TrainProgress, epochs: number) => emit({ type: 'training', iteration: it, member, epoch: p.epoch, epochs, loss: p.loss, valLoss: p.valLoss }),
  };
  const surrogate = await iterationSurrogate(config, dir, kind, set, report, () => holdPoint('build', it, emit));
  emit({ type: 'phase', iteration: it, phase: 'tune' });
  const data = alignData(surrogate.bins, readReferenceObjects(config.reference));
  const t = config.tune;
  const refits = heldOutRefitsFor(surrogate, set, config);
  const result = tuneSurrogate(surrogate, data, config.weights, {
    seed: config.seed + it,
    ...(t?.starts !== undefined ? { starts: t.starts } : {}),
    ...(t?.fixed ? { fixed: t.fixed } : {}),
    ...(t?.['delta-chi2'] !== undefined ? { deltaChi2: t['delta-chi2'] } : {}),
    ...(t?.toys !== undefined ? { toys: t.toys } : {}),
    ...(t?.['surrogate-error'] !== undefined ? { surrogateError: t['surrogate-error'] } : {}),
    ...(refits ? { heldOutRefits: refits } : {}),
  });
  await writeTuneOutputs(dir, result, surrogate, { campaign: config.name, iteration: it, surrogate: kind, runs: surrogate.runs.length }, () => holdPoint('tune', it, emit));
  return readTuneResults(join(dir, RESULTS_FILE));
}

/**
 * Samples new runs into the box until it holds the campaign's `runs` (failed
 * runs do not count). The decision — which runs, at which points — is written
 * to plan.json before any run directory is made, so that a resumed loop makes
 * exactly the runs an uninterrupted one would, and never tops up for runs
 * that failed after the plan was made.
 */
function fillBox(config: CampaignConfig, campaignDir: string, it: number, box: IterationBox): { reused: number; sampled: number } {
  const dir = iterationDir(campaignDir, it);
  const file = join(dir, 'plan.json');
  const plan = existsSync(file) ? readPlan(file) : newPlan(config, campaignDir, it, file, box);
  const runsDir = join(campaignDir, 'runs');
  for (const r of plan.runs) if (!existsSync(join(runsDir, runName(r.index)))) createRunDir(runsDir, r.index, r.params);
  return { reused: plan.reused, sampled: plan.runs.length };
}

interface Plan {
  readonly reused: number;
  readonly runs: readonly { readonly index: number; readonly params: Record<string, number> }[];
}

function newPlan(config: CampaignConfig, campaignDir: string, it: number, file: string, box: IterationBox): Plan {
  const inside = campaignStatus(campaignDir, parameterNames(config)).filter((r) => r.state !== 'invalid' && r.state !== 'failed' && insideBox(box, r.params)).length;
  const need = Math.max(0, config.runs - inside);
  const start = nextRunIndex(campaignDir);
  const adaptive = config.iterations?.sampling === 'adaptive' && it > 0;
  const points = need === 0 ? [] : adaptive ? adaptiveFromLast(config, campaignDir, it - 1, box, need) : plannedPoints(config, start, need, asSubBox(box));
  const plan: Plan = { reused: inside, runs: points.map((params, i) => ({ index: start + i, params })) };
  writeFileAtomicSync(file, JSON.stringify(plan) + '\n');
  return plan;
}

/** New runs where the last iteration's surrogate is least sure of what moves its tune (see adaptive.ts). */
function adaptiveFromLast(config: CampaignConfig, campaignDir: string, last: number, box: IterationBox, count: number): Record<string, number>[] {
  const dir = iterationDir(campaignDir, last);
  const surrogate = loadSurrogate(join(dir, 'surrogate'));
  const stored = readTuneResults(join(dir, RESULTS_FILE));
  const objective = new Chi2Objective(surrogate, selectBins(surrogate.bins, alignData(surrogate.bins, readReferenceObjects(config.reference)), fittedWeights(config.weights)));
  const start = Float64Array.from(surrogate.box.names, (n) => stored.best.get(n) ?? NaN);
  const fit = fitBest(objective, { starts: 0, extraStarts: [start], ...(config.tune?.fixed ? { fixed: config.tune.fixed } : {}) });
  const u = uncertaintiesAt(objective, fit.best, fit.free);
  return adaptivePoints(config, objective, binInfluence(objective, fit.best, u.covariance, fit.free), box, count, config.seed + last);
}

function readPlan(file: string): Plan {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { reused?: unknown; runs?: unknown };
  const runs = Array.isArray(p.runs) ? (p.runs as { index?: unknown; params?: unknown }[]) : undefined;
  const ok = typeof p.reused === 'number' && runs?.every((r) => Number.isInteger(r.index) && typeof r.params === 'object' && r.params !== null);
  if (!ok) throw new Error(`${file}: expected {reused, runs: [{index, params}]}`);
  return p as Plan;
}

/** The finished runs inside the box, as a training set in the free parameters. */
function runsInBox(config: CampaignConfig, campaignDir: string, box: IterationBox): TrainingSet {
  const { table } = loadIngested(campaignDir, { parameters: parameterNames(config) });
  const all = trainingSet(table, { parameters: freeParameterNames(config) });
  const P = all.paramNames.length;
  const keep = all.runNames.map((_, r) => r).filter((r) => insideBox(box, Object.fromEntries(all.paramNames.map((n, p) => [n, all.params[r * P + p]]))));
  if (keep.length === 0) throw new Error(`no finished run lies in the iteration's box; see mctune status`);
  return subsetRuns(all, keep);
}

/** The iteration's saved surrogate when it was fitted to exactly these runs, else a new one, saved with the runs' names. */
async function iterationSurrogate(config: CampaignConfig, dir: string, kind: ForwardKind, set: TrainingSet, report: FitReport, hold: () => Promise<void>): Promise<Surrogate> {
  const where = join(dir, 'surrogate');
  if (existsSync(join(where, 'model.json'))) {
    const saved = loadSurrogate(where);
    if (saved.kind === kind && saved.runs.join('\n') === set.runNames.join('\n')) return saved;
  }
  const model = await fitCampaignSurrogate(kind, set, config, report);
  writeFileAtomicSync(join(dir, 'runs.json'), JSON.stringify(set.runNames) + '\n');
  await hold();
  await model.save(where);
  return model;
}

/**
 * How far each parameter moved in units of the move's own σ, √(σ_before² +
 * σ_after²): the two tunes are two estimates, each from its own runs, and they
 * agree when they differ by less than the σ of their difference. (In units of
 * the new σ alone, two honest tunes of the same point differ by more than
 * one σ in a parameter about half the time, and all five parameters rarely
 * agree at once.) Parameters the tune held (σ = 0) are not counted.
 */
export function movedInSigma(before: StoredTune, after: StoredTune): Map<string, number> {
  const out = new Map<string, number>();
  for (const [n, v] of after.best) {
    const sigma = after.sigma.get(n) ?? NaN;
    if (sigma === 0) continue;
    out.set(n, Math.abs(v - (before.best.get(n) ?? NaN)) / Math.hypot(sigma, before.sigma.get(n) ?? 0));
  }
  return out;
}

function finish(campaignDir: string, iterations: number, converged: boolean, final: StoredTune): LoopOutcome {
  const doc = { iterations, converged, final: join('iterations', String(iterations - 1).padStart(2, '0')), best: Object.fromEntries(final.best), sigma: Object.fromEntries(final.sigma), chi2: final.chi2, ndf: final.ndf };
  writeFileAtomicSync(join(campaignDir, LOOP_FILE), stringify(doc));
  return { iterations, converged, final, dir: iterationDir(campaignDir, iterations - 1) };
}

/**
 * A campaign's surrogate fitted as its `surrogate:` block says, with one line
 * saying what was fitted: the step `mctune build`, `mctune tune` and the loop share.
 */
import type { CampaignConfig } from '../campaign/index.js';
import type { TrainProgress } from '../nn/index.js';
import { DEFAULT_NETWORK_EPOCHS, fitNetwork, fitPolynomial, NetworkSurrogate, networkRefits, PolynomialSurrogate, polynomialRefits, type HeldOutRefits, type NetworkOptions, type PolynomialOptions, type Surrogate, type TrainingSet } from '../surrogate/index.js';

export type ForwardKind = 'polynomial' | 'nn';

/** The forward surrogate a campaign asks for: its `surrogate:` kind when that is one, else a polynomial. */
export function forwardKindOf(config: CampaignConfig): ForwardKind {
  return config.surrogate?.kind === 'nn' ? 'nn' : 'polynomial';
}

function seconds(t0: number): string {
  return `${Number(((performance.now() - t0) / 1000).toPrecision(3))} s`;
}

/** What a fit tells as it goes: one line per step, and a network's epochs (with the most epochs it will run). */
export interface FitReport {
  readonly log: (line: string) => void;
  readonly progress?: (member: number, p: TrainProgress, epochs: number) => void;
}

export function networkOptions(config: CampaignConfig, log: (line: string) => void, progress?: FitReport['progress']): NetworkOptions {
  const s = config.surrogate;
  const epochs = (s?.kind === 'nn' ? s.epochs : undefined) ?? DEFAULT_NETWORK_EPOCHS;
  // A single network trains its folds too, for the tune's held-out closure (unless the campaign turns that off).
  const folds = config.tune?.['held-out-closure'] !== false && (s?.kind === 'nn' ? (s.ensemble ?? 1) : 1) === 1;
  const common = { seed: config.seed, log, folds, ...(progress ? { onProgress: (member: number, p: TrainProgress) => progress(member, p, epochs) } : {}) };
  if (s?.kind !== 'nn') return common;
  return {
    ...common,
    ...(s.ensemble !== undefined ? { ensemble: s.ensemble } : {}),
    ...(s.epochs !== undefined ? { epochs: s.epochs } : {}),
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(s.optimizer !== undefined ? { optimizer: s.optimizer } : {}),
    ...(s['learning-rate'] !== undefined ? { learningRate: s['learning-rate'] } : {}),
    ...(s.bootstrap !== undefined ? { bootstrap: s.bootstrap } : {}),
  };
}

export function polynomialOptions(config: CampaignConfig): PolynomialOptions {
  const s = config.surrogate;
  if (s?.kind !== 'polynomial') return { seed: config.seed };
  return {
    ...(s.order !== undefined ? { order: s.order } : {}),
    ...(s['max-order'] !== undefined ? { maxOrder: s['max-order'] } : {}),
    ...(s.folds !== undefined ? { folds: s.folds } : {}),
    ...(s['error-order'] !== undefined ? { errorOrder: s['error-order'] } : {}),
    seed: config.seed,
  };
}

/** Fits the model of the chosen kind; `report.log` gets what was fitted (and the orders `auto` tried). */
export async function fitCampaignSurrogate(kind: ForwardKind, train: TrainingSet, config: CampaignConfig, report: FitReport | ((line: string) => void)): Promise<Surrogate> {
  const { log, progress } = typeof report === 'function' ? { log: report, progress: undefined } : report;
  const t0 = performance.now();
  if (kind === 'nn') {
    const model = await fitNetwork(train, networkOptions(config, log, progress));
    const folds = model.folds ? `, ${model.folds.others.length} more on other folds for the held-out closure` : '';
    log(`per-bin network surrogate (${model.members.length} member${model.members.length > 1 ? 's' : ''}${folds}) for ${model.bins.length} bins from ${model.runs.length} runs in ${seconds(t0)}`);
    return model;
  }
  const model = fitPolynomial(train, polynomialOptions(config));
  log(`polynomial surrogate of order ${model.value.order} (errors: ${model.error.order === 0 ? 'median' : `order ${model.error.order}`}) for ${model.bins.length} bins from ${model.runs.length} runs in ${seconds(t0)}`);
  for (const s of model.orderScores) log(`  order ${s.order}: held-out mean squared pull ${Number(s.score.toPrecision(4))} (${s.order === model.value.order ? 'chosen' : 'cross-validation'})`);
  return model;
}

/**
 * The refits a tune's held-out closure needs: for a polynomial fitted to
 * `train`, its refits without each run; for a network trained with folds,
 * the network that held each run out. None when the campaign turns the
 * closure off or the model was not fitted to `train`.
 */
export function heldOutRefitsFor(surrogate: Surrogate, train: TrainingSet, config: CampaignConfig): HeldOutRefits | undefined {
  if (config.tune?.['held-out-closure'] === false) return undefined;
  if (surrogate.runs.join('\n') !== train.runNames.join('\n')) return undefined;
  if (surrogate instanceof NetworkSurrogate) return networkRefits(train, surrogate);
  if (!(surrogate instanceof PolynomialSurrogate)) return undefined;
  return polynomialRefits(train, surrogate, polynomialOptions(config));
}

/**
 * `mctune build`: fits a campaign's surrogate, scores it on held-out runs and
 * keeps it in `<campaign>/surrogates/<kind>/` (with a Professor ipol file for
 * the polynomial), beside `validation.yoda`, the held-out pulls per bin.
 */
import { join } from 'node:path';
import { loadIngested, parameterNames, type CampaignConfig } from '../../campaign/index.js';
import { fitNetwork, fitPolynomial, PolynomialSurrogate, pullEstimates, splitHoldout, trainingSet, validateOnRuns, writeIpol, type NetworkOptions, type PolynomialOptions, type Surrogate, type TrainingSet, type Validation } from '../../surrogate/index.js';
import { writeYodaFile } from '../../yoda/index.js';
import { UsageError, type CliIO, type Command } from '../command.js';
import { formatNumber, numericOption } from '../numbers.js';
import { buildInverse } from './build-inverse.js';
import { campaignDir, DIR, loadCampaign } from './campaign-dir.js';

const KINDS = ['polynomial', 'nn', 'inverse'] as const;

export const build: Command = {
  name: 'build',
  summary: "Fit the campaign's surrogate to its finished runs and score it on runs held out.",
  args: 'CAMPAIGN.yaml',
  description: "The kind and its options come from the campaign's surrogate: block (default: polynomial of order 3; nn: per-bin networks, all bins trained at once; inverse: one network from the bins with reference data to the parameters, which proposes a tune). The model goes to <campaign>/surrogates/<kind>/, with validation.yoda: per bin the mean held-out pull (prediction − run)/√(σ_run² + σ_pred²) and its RMS.",
  options: [
    DIR,
    { name: 'surrogate', type: 'string', value: 'KIND', choices: ['poly', ...KINDS], description: "surrogate kind (default: the campaign's, else polynomial)" },
    { name: 'holdout', type: 'string', value: 'N', default: '0', description: 'runs held out of the fit to score it (chosen with the campaign seed)' },
  ],
  async run(a, io) {
    const config = loadCampaign(a.positionals[0], io);
    const kind = kindOf(a.values.surrogate, config);
    const holdout = numericOption(a, 'holdout', 'integer ≥ 0') ?? 0;
    if (kind === 'inverse' && config.reference.length === 0) throw new UsageError('the inverse model needs reference data: name reference files in the campaign');
    const dir = campaignDir(a, config.name);
    const { table } = loadIngested(dir, { parameters: parameterNames(config) });
    const set = trainingSet(table);
    const { train, test } = holdout > 0 ? splitHoldout(set, holdout, config.seed) : { train: set, test: undefined };
    if (kind === 'inverse') return buildInverse(config, dir, train, test, io);
    const model = await fitKind(kind, train, config, io);
    for (const r of model.exclusions.runs) io.err(`  left out run ${r.run}: ${r.reason}\n`);
    for (const b of model.exclusions.bins) io.err(`  left out bin ${b.bin}: ${b.reason}\n`);
    const out = join(dir, 'surrogates', kind);
    await model.save(out);
    if (model instanceof PolynomialSurrogate) writeIpol(model, join(out, 'professor.ipol'), { dataDir: join(dir, 'runs') });
    if (test) await report(model, validateOnRuns(model, test), out, io);
    io.err(`model in ${out}\n`);
    return 0;
  },
};

function kindOf(option: unknown, config: CampaignConfig): (typeof KINDS)[number] {
  const kind = option === 'poly' ? 'polynomial' : typeof option === 'string' ? option : (config.surrogate?.kind ?? 'polynomial');
  if (kind !== 'polynomial' && kind !== 'nn' && kind !== 'inverse') throw new UsageError(`unknown surrogate kind ${kind}; expected polynomial, nn or inverse`);
  return kind;
}

function networkOptions(config: CampaignConfig, io: CliIO): NetworkOptions {
  const s = config.surrogate;
  const common = { seed: config.seed, log: (line: string) => io.err(`${line}\n`) };
  if (s?.kind !== 'nn') return common;
  return {
    ...common,
    ...(s.ensemble !== undefined ? { ensemble: s.ensemble } : {}),
    ...(s.epochs !== undefined ? { epochs: s.epochs } : {}),
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(s.optimizer !== undefined ? { optimizer: s.optimizer } : {}),
    ...(s['learning-rate'] !== undefined ? { learningRate: s['learning-rate'] } : {}),
  };
}

/** Fits the model of the chosen kind and says what was fitted. */
export async function fitKind(kind: 'polynomial' | 'nn', train: TrainingSet, config: CampaignConfig, io: CliIO): Promise<Surrogate> {
  const t0 = performance.now();
  const took = () => `${formatNumber((performance.now() - t0) / 1000, 3)} s`;
  if (kind === 'nn') {
    const model = await fitNetwork(train, networkOptions(config, io));
    io.err(`per-bin network surrogate (${model.members.length} member${model.members.length > 1 ? 's' : ''}) for ${model.bins.length} bins from ${model.runs.length} runs in ${took()}\n`);
    return model;
  }
  const model = fitPolynomial(train, polynomialOptions(config));
  io.err(`polynomial surrogate of order ${model.value.order} (errors: ${model.error.order === 0 ? 'median' : `order ${model.error.order}`}) for ${model.bins.length} bins from ${model.runs.length} runs in ${took()}\n`);
  for (const s of model.orderScores) io.err(`  order ${s.order}: held-out mean squared pull ${formatNumber(s.score, 4)} (${s.order === model.value.order ? 'chosen' : 'cross-validation'})\n`);
  return model;
}

function polynomialOptions(config: CampaignConfig): PolynomialOptions {
  const s = config.surrogate;
  if (s?.kind !== 'polynomial') return {};
  return {
    ...(s.order !== undefined ? { order: s.order } : {}),
    ...(s['max-order'] !== undefined ? { maxOrder: s['max-order'] } : {}),
    ...(s.folds !== undefined ? { folds: s.folds } : {}),
    ...(s['error-order'] !== undefined ? { errorOrder: s['error-order'] } : {}),
    seed: config.seed,
  };
}

async function report(model: Surrogate, v: Validation, out: string, io: CliIO): Promise<void> {
  // Estimates have no YODA 1 form.
  await writeYodaFile(join(out, 'validation.yoda'), pullEstimates(model, v), { version: 3 });
  const width = Math.max(...v.histograms.map((h) => h.path.length));
  io.out(`held-out pulls on ${v.runs.length} runs (${v.runs.join(' ')}):\n`);
  io.out(`  pull = (prediction − run)/√(σ_run² + σ_model²); accuracy = (prediction − run)/σ_run\n`);
  io.out(`  ${'histogram'.padEnd(width)}  bins   mean    RMS  accuracy RMS\n`);
  const row = (name: string, bins: number, mean: number, rms: number, accuracy: number) =>
    io.out(`  ${name.padEnd(width)}  ${String(bins).padStart(4)}  ${mean.toFixed(2).padStart(5)}  ${rms.toFixed(2).padStart(5)}  ${accuracy.toFixed(2).padStart(12)}\n`);
  for (const h of v.histograms) row(h.path, h.bins, h.mean, h.rms, h.accuracyRms);
  row('all bins', model.bins.length, v.overall.mean, v.overall.rms, v.accuracy.rms);
  io.out(`  the model's own uncertainty is ${v.spreadRatio.toFixed(2)} × the runs' MC error (median)\n`);
}

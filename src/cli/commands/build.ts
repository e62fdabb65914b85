/**
 * `mctune build`: fits a campaign's surrogate, scores it on held-out runs and
 * keeps it in `<campaign>/surrogates/<kind>/` (with a Professor ipol file for
 * the polynomial), beside `validation.yoda`, the held-out pulls per bin.
 */
import { join } from 'node:path';
import { freeParameterNames, loadIngested, parameterNames, type CampaignConfig } from '../../campaign/index.js';
import { PolynomialSurrogate, pullEstimates, splitHoldout, trainingSet, validateOnRuns, writeIpol, type Surrogate, type Validation } from '../../surrogate/index.js';
import { fitCampaignSurrogate } from '../../loop/index.js';
import { writeYodaFile } from '../../yoda/index.js';
import { UsageError, type CliIO, type Command } from '../command.js';
import { numericOption } from '../numbers.js';
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
    const set = trainingSet(table, { parameters: freeParameterNames(config) });
    const { train, test } = holdout > 0 ? splitHoldout(set, holdout, config.seed) : { train: set, test: undefined };
    if (kind === 'inverse') return buildInverse(config, dir, train, test, io);
    const model = await fitCampaignSurrogate(kind, train, config, (line) => io.err(`${line}\n`));
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

/**
 * `mctune reweight apply`: the weight of every event of a baseline sample at
 * a new θ, their summary, and optionally the weights as a column and the
 * reweighted histograms of the analyses as YODA.
 */
import { readEventStoreHeader } from '../../events-store/index.js';
import { analysisRuns, incompleteInSamples, settingOf, reweightSample, weightsFormatOf, writeWeightsFile } from '../../reweighting/index.js';
import { resultObjects } from '../../analyses/index.js';
import { summariseWeights, type WeightDirection, type WeightSummary } from '../../reweight/index.js';
import { checkOutputPath } from '../../fsutil/index.js';
import { writeYodaFile } from '../../yoda/index.js';
import type { CliIO, Command } from '../command.js';
import { formatNumber, numericOption } from '../numbers.js';
import { watchStops } from '../stops.js';
import { ANALYSIS_OPTION, DEFAULT_ANALYSIS, JSON_OPTION, MAX_EVENTS_OPTION, SAMPLE_OPTION, analysisNames, formatTheta, openReweighterFolder, requiredString, thetaFromSets, type ReweighterFolder } from './reweight-shared.js';

export const reweightApply: Command = {
  name: 'apply',
  summary: 'Weights taking a baseline sample to a new θ: their summary, the weights as a column, reweighted histograms as YODA.',
  description:
    "Parameters not given with --set stay at the reweighter's θ₀; θ outside the trained range is refused. The weights file\n" +
    "holds the reweighting factor per event in the sample's order (the sample's own event weights are not folded in);\n" +
    'the histograms use both. An event sample holds no decayed hadrons, so spectra of π0, K0S, Λ, … stay empty.',
  args: 'DIR',
  options: [
    SAMPLE_OPTION,
    { name: 'set', type: 'string', value: 'NAME=VALUE', multiple: true, description: 'θ to reweight to, per parameter (repeatable)' },
    { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'write the weights: .arrow (one float64 column "weight") or .csv' },
    { ...ANALYSIS_OPTION, description: `analysis whose histograms --yoda writes (repeatable; default ${DEFAULT_ANALYSIS})` },
    { name: 'yoda', type: 'string', value: 'FILE', description: 'write the reweighted histograms of the analyses as YODA' },
    { name: 'clip', type: 'string', value: 'W', description: 'weights above W are set to W (and counted)' },
    { name: 'direction', type: 'string', value: 'DIR', choices: ['to-theta', 'to-baseline'], default: 'to-theta', description: 'to-theta: the baseline to θ; to-baseline: the inverse weights' },
    MAX_EVENTS_OPTION,
    JSON_OPTION,
  ],
  async run(a, io) {
    const sample = requiredString(a, 'sample', 'FILE (the baseline event sample)');
    const weightsOut = typeof a.values.output === 'string' ? a.values.output : undefined;
    const yodaOut = typeof a.values.yoda === 'string' ? a.values.yoda : undefined;
    if (weightsOut !== undefined) weightsFormatOf(weightsOut);
    for (const f of [weightsOut, yodaOut]) if (f !== undefined) checkOutputPath(f);
    const clip = numericOption(a, 'clip', 'positive number');
    const maxEvents = numericOption(a, 'max-events', 'positive integer');
    const folder = await openReweighterFolder(a.positionals[0], io);
    const stops = watchStops({ io, note: 'nothing written' });
    try {
      const theta = thetaFromSets(a, folder.reweighter);
      await warnIfNotAtTheta0(sample, folder, io);
      const runs = yodaOut === undefined ? [] : analysisRuns(analysisNames(a));
      const t0 = performance.now();
      const options = { direction: a.values.direction as WeightDirection, ...(clip === undefined ? {} : { clip }) };
      const w = await reweightSample(folder.reweighter, folder.recipe, sample, theta, { weightOptions: options, runs, ...(maxEvents === undefined ? {} : { maxEvents }) });
      const seconds = (performance.now() - t0) / 1000;
      if (weightsOut !== undefined) await writeWeightsFile(weightsOut, w.weights);
      if (yodaOut !== undefined) {
        await writeYodaFile(yodaOut, resultObjects(runs, false));
        warnIncomplete(incompleteInSamples(runs.map((r) => r.definition)), io);
      }
      const summary = summariseWeights(w.weights);
      const names = folder.reweighter.info.theta.names;
      if (a.values.json === true) io.out(JSON.stringify({ sample, theta: Object.fromEntries(names.map((n, p) => [n, theta[p]])), seconds, ...summaryJson(summary), clipped: w.clipped, guarded: w.guarded }, null, 2) + '\n');
      else printSummary(io, `weights to ${formatTheta(names, theta)} for ${summary.n} events of ${sample} (${formatNumber(seconds, 3)} s)`, summary, w);
      for (const f of [weightsOut, yodaOut]) if (f !== undefined) io.err(`wrote ${f}\n`);
    } finally {
      stops.dispose();
      folder.reweighter.dispose();
    }
    return 0;
  },
};

/** The baseline must be a sample at θ₀: a header saying otherwise is worth a warning (the weights would be wrong). */
async function warnIfNotAtTheta0(sample: string, folder: ReweighterFolder, io: CliIO): Promise<void> {
  const t = folder.reweighter.info.theta;
  const header = await readEventStoreHeader(sample);
  t.names.forEach((n, p) => {
    const v = settingOf(header.settings, n);
    if (v !== undefined && Math.abs(v - t.theta0[p]) > 1e-9 * Math.max(1, Math.abs(t.theta0[p]))) {
      io.err(`warning: ${sample} was generated at ${n}=${formatNumber(v)}, but the reweighter's baseline θ₀ has ${n}=${formatNumber(t.theta0[p])}; the weights assume a θ₀ sample\n`);
    }
  });
}

function warnIncomplete(paths: readonly string[], io: CliIO): void {
  if (paths.length === 0) return;
  io.err(`warning: ${paths.length} histograms count hadrons that decay (π0, K0S, Λ, ρ, …), which an event sample does not hold; they are empty or incomplete in the YODA file (${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ', …' : ''})\n`);
}

export function summaryJson(s: WeightSummary): Record<string, unknown> {
  return { events: s.n, sum: s.sum, ess: s.ess, essFraction: s.essFraction, min: s.min, max: s.max, maxInverse: s.maxInverse, nonPositive: s.nonPositive, quantiles: s.quantiles };
}

/** The weight summary as a few lines: ESS, extremes, quantiles, clipped and guarded counts. */
export function printSummary(io: CliIO, title: string, s: WeightSummary, counts: { clipped: number; guarded: number }): void {
  const f = (x: number) => formatNumber(x, 4);
  io.out(`${title}\n`);
  io.out(`  ESS ${formatNumber(s.ess, 6)} of ${s.n} (${(100 * s.essFraction).toFixed(1)} %), Σw ${formatNumber(s.sum, 6)}\n`);
  io.out(`  max w ${f(s.max)}, max 1/w ${f(s.maxInverse)}, min w ${f(s.min)}\n`);
  io.out(`  quantiles: ${s.quantiles.map((q) => `${formatNumber(100 * q.level)}% ${f(q.value)}`).join('  ')}\n`);
  io.out(`  clipped ${counts.clipped}, guarded (f outside [ε, 1−ε]) ${counts.guarded}\n`);
}

/**
 * `mctune reweight check`: how well the reweighter takes the baseline to a
 * held-out target sample (θ from its header): per histogram χ²/ndf and ratio
 * before and after, the fresh-classifier AUC before and after, the weights'
 * summary. A table, or --json.
 */
import { resolve } from 'node:path';
import { checkReweighting, type HistogramCheck, type ReweightingCheck } from '../../reweighting/index.js';
import type { CliIO, Command } from '../command.js';
import { numericOption } from '../numbers.js';
import { watchStops } from '../stops.js';
import { printSummary, summaryJson } from './reweight-apply.js';
import { ANALYSIS_OPTION, JSON_OPTION, MAX_EVENTS_OPTION, SAMPLE_OPTION, analysisNames, formatTheta, openReweighterFolder, requiredString, type ReweighterFolder } from './reweight-shared.js';

export const reweightCheck: Command = {
  name: 'check',
  summary: 'Check a reweighter against a held-out sample at another θ: χ²/ndf and ratios per histogram, classifier AUC, ESS.',
  description:
    "The target's θ comes from its header. χ² uses both samples' statistical errors; the ratio column is the largest\n" +
    '|reweighted/target − 1| over the bins, in units of its error. The AUC is that of a fresh event-level classifier\n' +
    'trained on half of each sample and scored on the other half (0.5: indistinguishable).',
  args: 'DIR',
  options: [
    SAMPLE_OPTION,
    { name: 'target', type: 'string', value: 'FILE', description: 'held-out event sample at the θ to check (not one used in training); required' },
    ANALYSIS_OPTION,
    MAX_EVENTS_OPTION,
    { name: 'seed', type: 'string', value: 'S', default: '1', description: 'seed of the fresh classifiers' },
    { name: 'auc-epochs', type: 'string', value: 'N', description: 'passes of each fresh classifier (default 12)' },
    JSON_OPTION,
  ],
  async run(a, io) {
    const sample = requiredString(a, 'sample', 'FILE (the baseline event sample)');
    const target = requiredString(a, 'target', 'FILE (a held-out sample at the θ to check)');
    const maxEvents = numericOption(a, 'max-events', 'positive integer');
    const seed = numericOption(a, 'seed', 'seed');
    const aucEpochs = numericOption(a, 'auc-epochs', 'positive integer');
    const folder = await openReweighterFolder(a.positionals[0], io);
    const stops = watchStops({ io, note: 'nothing written' });
    try {
      warnIfTrainedOn(target, folder, io);
      const check = await checkReweighting(folder.reweighter, folder.recipe, sample, target, {
        analyses: analysisNames(a),
        ...(maxEvents === undefined ? {} : { maxEvents }),
        ...(seed === undefined ? {} : { seed }),
        ...(aucEpochs === undefined ? {} : { aucEpochs }),
      });
      if (a.values.json === true) io.out(JSON.stringify(checkJson(check), null, 2) + '\n');
      else printCheck(check, sample, target, io);
    } finally {
      stops.dispose();
      folder.reweighter.dispose();
    }
    return 0;
  },
};

/** A target used in training says nothing about generalisation: warn. */
function warnIfTrainedOn(target: string, folder: ReweighterFolder, io: CliIO): void {
  const used = folder.manifest?.targets.some((t) => resolve(t.file) === resolve(target)) ?? false;
  if (used) io.err(`warning: ${target} was one of the training samples of ${folder.dir}; a check needs a held-out sample\n`);
}

/** Largest |ratio − 1| / its error over the bins (the worst pull of the ratio). */
function worstPull(h: HistogramCheck['after']): number {
  let worst = 0;
  h.ratio.forEach((r, i) => {
    const e = h.ratioError[i];
    if (Number.isFinite(r) && e > 0) worst = Math.max(worst, Math.abs(r - 1) / e);
  });
  return worst;
}

function printCheck(c: ReweightingCheck, sample: string, target: string, io: CliIO): void {
  io.out(`reweighting ${sample} (${c.baselineEvents} events) to ${formatTheta(c.names, c.theta)}, against ${target} (${c.targetEvents} events)\n\n`);
  const w = Math.max(9, ...c.histograms.map((h) => h.path.length));
  io.out(`${'HISTOGRAM'.padEnd(w)}  NDF  χ²/NDF BEFORE  AFTER   WORST PULL  TITLE\n`);
  const ratio = (x: { chi2: number; ndf: number }) => (x.ndf > 0 ? (x.chi2 / x.ndf).toFixed(2) : '-');
  for (const h of c.histograms) {
    io.out(`${h.path.padEnd(w)}  ${String(h.after.ndf).padStart(3)}  ${ratio(h.before).padStart(13)}  ${ratio(h.after).padStart(6)}  ${worstPull(h.after).toFixed(1).padStart(10)}  ${h.title}\n`);
  }
  io.out(`${'total'.padEnd(w)}  ${String(c.total.after.ndf).padStart(3)}  ${ratio(c.total.before).padStart(13)}  ${ratio(c.total.after).padStart(6)}\n`);
  if (c.empty.length > 0) io.out(`(${c.empty.length} histograms empty in a sample left out, e.g. spectra of decayed hadrons, which event samples do not hold)\n`);
  io.out(`\nfresh-classifier AUC (event observables, ${c.auc.after.testEvents} held-out events): before ${c.auc.before.auc.toFixed(4)}, after ${c.auc.after.auc.toFixed(4)} (0.5: indistinguishable)\n\n`);
  printSummary(io, 'weights', c.weights, c.weights);
}

function checkJson(c: ReweightingCheck): Record<string, unknown> {
  const agreement = (x: HistogramCheck['after']) => ({ chi2: x.chi2, ndf: x.ndf, ratio: [...x.ratio], ratioError: [...x.ratioError] });
  return {
    theta: Object.fromEntries(c.names.map((n, p) => [n, c.theta[p]])),
    baselineEvents: c.baselineEvents,
    targetEvents: c.targetEvents,
    total: c.total,
    auc: { before: c.auc.before.auc, after: c.auc.after.auc, testEvents: c.auc.after.testEvents },
    weights: { ...summaryJson(c.weights), clipped: c.weights.clipped, guarded: c.weights.guarded },
    histograms: c.histograms.map((h) => ({ path: h.path, title: h.title, before: agreement(h.before), after: agreement(h.after) })),
    empty: c.empty,
  };
}

/**
 * `mctune eigentunes`: the eigentunes of the campaign's last tune again, at
 * another Δχ² (or calibrated anew), without the multistart: the minimiser
 * starts from the stored best point only.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freeParameterNames, loadIngested, parameterNames, readReferenceObjects } from '../../campaign/index.js';
import { heldOutRefitsFor } from '../../loop/index.js';
import { alignData, loadSurrogate, trainingSet } from '../../surrogate/index.js';
import { readTuneResults, RESULTS_FILE, tuneSurrogate, writeTuneOutputs } from '../../tune/index.js';
import { UsageError, type Command } from '../command.js';
import { formatNumber, numericOption } from '../numbers.js';
import { campaignDir, DIR, loadCampaign } from './campaign-dir.js';

export const eigentunesCommand: Command = {
  name: 'eigentunes',
  summary: "Recompute the last tune's eigentunes at another Δχ², or calibrate it again.",
  args: 'CAMPAIGN.yaml',
  description: "Reads <campaign>/tune/results.yaml and the surrogate it used, settles the minimum again from the stored best point, and rewrites the eigentunes, their band and results.yaml.",
  options: [
    DIR,
    { name: 'delta-chi2', type: 'string', value: 'X', default: 'calibrated', description: "Δχ² of the eigentunes, or 'calibrated' (closure toys)" },
    { name: 'toys', type: 'string', value: 'N', description: "closure toys of the calibration (default: the campaign's tune.toys, else 200)" },
  ],
  async run(a, io) {
    const config = loadCampaign(a.positionals[0], io);
    const dir = campaignDir(a, config.name);
    const out = join(dir, 'tune');
    const file = join(out, RESULTS_FILE);
    if (!existsSync(file)) throw new UsageError(`no tune yet: ${file} does not exist; run mctune tune first`);
    const stored = readTuneResults(file);
    const kind = stored.surrogate === 'nn' ? 'nn' : 'polynomial';
    const surrogate = loadSurrogate(join(dir, 'surrogates', kind));
    const best = Float64Array.from(surrogate.box.names, (n) => stored.best.get(n) ?? NaN);
    if (best.some((v) => !Number.isFinite(v))) throw new UsageError(`${file}: best: expected a value for each of ${surrogate.box.names.join(', ')}`);
    const delta = a.values['delta-chi2'] === 'calibrated' ? 'calibrated' : numericOption(a, 'delta-chi2', 'positive number');
    const toys = numericOption(a, 'toys', 'positive integer') ?? config.tune?.toys;
    const t = config.tune;
    // The same σ as the tune's: with its held-out closure when the surrogate still matches the campaign's runs.
    const refits = heldOutRefitsFor(surrogate, trainingSet(loadIngested(dir, { parameters: parameterNames(config) }).table, { parameters: freeParameterNames(config) }), config);
    const result = tuneSurrogate(surrogate, alignData(surrogate.bins, readReferenceObjects(config.reference)), config.weights, {
      seed: config.seed,
      starts: 0,
      extraStarts: [best],
      ...(delta !== undefined ? { deltaChi2: delta } : {}),
      ...(toys !== undefined ? { toys } : {}),
      ...(t?.fixed ? { fixed: t.fixed } : {}),
      ...(t?.['surrogate-error'] !== undefined ? { surrogateError: t['surrogate-error'] } : {}),
      ...(refits ? { heldOutRefits: refits } : {}),
    });
    await writeTuneOutputs(out, result, surrogate, { campaign: config.name, surrogate: kind, runs: surrogate.runs.length });
    const d = result.deltaChi2;
    io.out(`eigentunes at Δχ² = ${formatNumber(d.value, 4)} (${d.how === 'calibrated' ? `calibrated on ${d.toys ?? 0} closure toys` : 'given'}):\n`);
    for (const e of result.eigentunes) io.out(`  ${String(e.direction).padStart(2)}${e.sign > 0 ? '+' : '−'}  ${formatNumber(e.sigmas, 3).padStart(6)} σ  Δχ² ${formatNumber(e.deltaChi2, 4)}${e.clipped ? '  (stopped at the box)' : ''}\n`);
    return 0;
  },
};

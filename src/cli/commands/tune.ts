/**
 * `mctune tune`: the campaign's surrogate (built now when missing or fitted to
 * other runs than the campaign's finished ones) tuned to its reference data;
 * results.yaml, predictions.yoda and the eigentunes go to <campaign>/tune/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freeParameterNames, loadIngested, parameterNames, readReferenceObjects, type CampaignConfig } from '../../campaign/index.js';
import { runEnvelope } from '../../chi2/index.js';
import { alignData, binName, loadInverse, loadSurrogate, trainingSet, type Surrogate, type TrainingSet } from '../../surrogate/index.js';
import { tuneSurrogate, writeTuneOutputs, type TuneResult, type TuneSettings } from '../../tune/index.js';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command.js';
import { formatNumber, numericOption } from '../numbers.js';
import { fitCampaignSurrogate, forwardKindOf, heldOutRefitsFor, type ForwardKind } from '../../loop/index.js';
import { campaignDir, DIR, loadCampaign } from './campaign-dir.js';

export const tune: Command = {
  name: 'tune',
  summary: "Tune the campaign's surrogate to its reference data: best point, σ, correlations, eigentunes.",
  args: 'CAMPAIGN.yaml',
  description:
    "Minimises χ² = Σ w²(f − d)²/(σ_d² + σ_f²) over the weighted bins by bounded Levenberg–Marquardt from Sobol' starts (and the inverse network's proposal when one is built), then gives the covariance, the correlations and eigentunes at a Δχ² calibrated by closure toys. Writes <campaign>/tune/results.yaml, predictions.yoda, eigentune-band.yoda and eigentunes/.",
  options: [
    DIR,
    { name: 'surrogate', type: 'string', value: 'KIND', choices: ['poly', 'polynomial', 'nn'], description: "surrogate kind (default: the campaign's, else polynomial)" },
    { name: 'starts', type: 'string', value: 'N', description: "Sobol' starts of the minimiser (default: the campaign's tune.starts, else 16)" },
    { name: 'delta-chi2', type: 'string', value: 'X', description: "Δχ² of the eigentunes, or 'calibrated' (default: the campaign's, else calibrated)" },
  ],
  async run(a, io) {
    const config = loadCampaign(a.positionals[0], io);
    const dir = campaignDir(a, config.name);
    const kind = surrogateKind(a.values.surrogate, config);
    const { table } = loadIngested(dir, { parameters: parameterNames(config) });
    const set = trainingSet(table, { parameters: freeParameterNames(config) });
    const surrogate = await currentSurrogate(kind, dir, set, config, io);
    const data = alignData(surrogate.bins, readReferenceObjects(config.reference));
    const t0 = performance.now();
    const result = tuneSurrogate(surrogate, data, config.weights, settings(a, config, set, surrogate, data, dir));
    const out = join(dir, 'tune');
    await writeTuneOutputs(out, result, surrogate, { campaign: config.name, surrogate: kind, runs: surrogate.runs.length });
    report(result, io, (performance.now() - t0) / 1000);
    io.err(`results in ${join(out, 'results.yaml')}\n`);
    return 0;
  },
};

/** --surrogate for the commands that tune (poly|polynomial|nn), or the campaign's forward kind. */
export function surrogateKind(option: unknown, config: CampaignConfig): ForwardKind {
  if (option === undefined) return forwardKindOf(config);
  const k = option === 'poly' ? 'polynomial' : typeof option === 'string' ? option : JSON.stringify(option);
  if (k !== 'polynomial' && k !== 'nn') throw new UsageError(`unknown surrogate kind ${k}; expected polynomial or nn`);
  return k;
}

/** The saved surrogate when it was fitted to exactly the usable runs, else a new one (saved). */
async function currentSurrogate(kind: ForwardKind, dir: string, set: TrainingSet, config: CampaignConfig, io: CliIO): Promise<Surrogate> {
  const where = join(dir, 'surrogates', kind);
  if (existsSync(join(where, 'model.json'))) {
    const saved = loadSurrogate(where);
    if (saved.runs.join('\n') === set.runNames.join('\n')) return saved;
    io.err(`the saved ${kind} surrogate was fitted to ${saved.runs.length} runs, the campaign has ${set.runNames.length} usable ones: fitting it again\n`);
  }
  const model = await fitCampaignSurrogate(kind, set, config, (line) => io.err(`${line}\n`));
  await model.save(where);
  return model;
}

function settings(a: ParsedArgs, config: CampaignConfig, set: TrainingSet, surrogate: Surrogate, data: { values: Float64Array; errors: Float64Array }, dir: string): TuneSettings {
  const t = config.tune;
  const starts = numericOption(a, 'starts', 'integer ≥ 0') ?? t?.starts;
  const option = a.values['delta-chi2'];
  const delta = option === undefined ? t?.['delta-chi2'] : option === 'calibrated' ? 'calibrated' : numericOption(a, 'delta-chi2', 'positive number');
  const inverse = inverseStart(dir, surrogate, data);
  const refits = heldOutRefitsFor(surrogate, set, config);
  return {
    seed: config.seed,
    ...(starts !== undefined ? { starts } : {}),
    ...(t?.fixed ? { fixed: t.fixed } : {}),
    ...(delta !== undefined ? { deltaChi2: delta } : {}),
    ...(t?.toys !== undefined ? { toys: t.toys } : {}),
    ...(t?.['surrogate-error'] !== undefined ? { surrogateError: t['surrogate-error'] } : {}),
    ...(t?.envelope ? { envelope: envelopeOf(set, surrogate) } : {}),
    ...(inverse ? { extraStarts: [inverse] } : {}),
    ...(refits ? { heldOutRefits: refits } : {}),
  };
}

/** The inverse network's proposal, moved into the box, when the campaign has one whose parameters match. */
function inverseStart(dir: string, surrogate: Surrogate, data: { values: Float64Array; errors: Float64Array }): Float64Array | undefined {
  const where = join(dir, 'surrogates', 'inverse');
  if (!existsSync(join(where, 'model.json'))) return undefined;
  const inverse = loadInverse(where);
  if (inverse.box.names.join() !== surrogate.box.names.join()) return undefined;
  const column = new Map(surrogate.bins.map((b, i) => [binName(b), i]));
  const inputs = Float64Array.from(inverse.bins, (b) => data.values[column.get(binName(b)) ?? -1] ?? NaN);
  if (inputs.some((v) => !Number.isFinite(v))) return undefined;
  const best = inverse.apply(inputs);
  const box = surrogate.box;
  return best.map((v, p) => Math.min(box.high[p], Math.max(box.low[p], v)));
}

/** The runs' smallest and largest value of each of the surrogate's bins. */
function envelopeOf(set: TrainingSet, surrogate: Surrogate): { low: Float64Array; high: Float64Array } {
  const column = new Map(set.bins.map((b, i) => [binName(b), i]));
  const B = set.bins.length;
  const R = set.runNames.length;
  const full = runEnvelope(set.values, R, B);
  const pick = (a: Float64Array) => Float64Array.from(surrogate.bins, (b) => a[column.get(binName(b)) ?? -1] ?? NaN);
  return { low: pick(full.low), high: pick(full.high) };
}

function report(r: TuneResult, io: CliIO, seconds: number): void {
  const width = Math.max(...r.names.map((n) => n.length));
  io.out(`tune (${r.starts.length} starts, ${formatNumber(seconds, 3)} s): χ²/Ndf = ${formatNumber(r.chi2, 5)}/${r.ndf} = ${formatNumber(r.chi2 / Math.max(r.ndf, 1), 4)} over ${r.fittedBins} bins\n`);
  r.names.forEach((n, p) => io.out(`  ${n.padEnd(width)}  ${formatNumber(r.best[p], 6).padStart(10)} ± ${r.free.includes(p) ? formatNumber(r.sigma[p], 3) : 'fixed'}\n`));
  const rows = [...r.histograms].sort((x, y) => y.chi2 - x.chi2);
  io.out(`χ² per histogram (largest first):\n`);
  for (const h of rows.slice(0, 10)) io.out(`  ${h.path.padEnd(36)} ${formatNumber(h.chi2, 4).padStart(9)} over ${h.bins} bins\n`);
  const d = r.deltaChi2;
  io.out(`eigentunes at Δχ² = ${formatNumber(d.value, 4)} (${d.how === 'calibrated' ? `calibrated on ${d.toys ?? 0} closure toys${d.misses ? ` drawing the surrogate's misses on ${d.misses} held-out runs` : ''} to cover the truth in 68 %; Δχ² = 1 covered ${formatNumber(100 * (d.coverageAtOne ?? NaN), 3)} %` : 'given'}), ${r.eigentunes.filter((e) => e.clipped).length} of ${r.eigentunes.length} stopped at the box\n`);
  const h = r.heldOutClosure;
  if (h) io.out(h.applied ? `σ scaled by a closure on ${h.runs} of the campaign's runs, each tuned by the surrogate fitted without it (|tune − run|/σ at 68 %${h.noiseShare.some((x) => x > 0) ? ", less the runs' own noise" : ''}): ${r.names.map((n, p) => `${n} ${formatNumber(h.scale[p], 3)}`).join(', ')}\n` : `σ not scaled: only ${h.runs} runs lie inside the box's margins for a closure on the campaign's own runs\n`);
  if (r.deltaChi2.misses) io.out(`closure toys' |tune − truth|/σ at 68 % (1 when σ is honest): ${r.names.map((n, p) => `${n} ${formatNumber(r.closureScale[p], 3)}`).join(', ')}\n`);
}

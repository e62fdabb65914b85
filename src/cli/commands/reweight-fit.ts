/**
 * `mctune reweight fit`: θ̂ through the frozen reweighter, by the classifier
 * loss against a target sample or by the binned χ² of the analyses against a
 * reference YODA; θ̂ ± σ and a scan of the objective per parameter.
 */
import { fitToReference, fitToSample, type SampleFit } from '../../reweighting/index.js';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command.js';
import { formatNumber, numericOption } from '../numbers.js';
import { watchStops } from '../stops.js';
import { ANALYSIS_OPTION, JSON_OPTION, MAX_EVENTS_OPTION, SAMPLE_OPTION, analysisNames, openReweighterFolder, requiredString } from './reweight-shared.js';

export const reweightFit: Command = {
  name: 'fit',
  summary: 'Fit θ through the frozen reweighter to a target sample (classifier loss) or reference data (binned χ²).',
  description:
    'Errors come from the curvature of the objective at θ̂ (Δ = ½ for the classifier loss, 1 for χ²). Frozen parameters\n' +
    "stay at θ₀. The scan shows the objective along each parameter's trained range, the others at θ̂.",
  args: 'DIR',
  options: [
    SAMPLE_OPTION,
    { name: 'target', type: 'string', value: 'FILE', description: 'event sample to fit to, by the classifier loss' },
    { name: 'reference', type: 'string', value: 'FILE', description: 'reference YODA to fit to, by the binned χ² of the analyses' },
    ANALYSIS_OPTION,
    { name: 'freeze', type: 'string', value: 'NAME', multiple: true, description: 'hold a parameter at θ₀ (repeatable)' },
    { name: 'scan-points', type: 'string', value: 'N', default: '11', description: 'points of each scan curve' },
    MAX_EVENTS_OPTION,
    JSON_OPTION,
  ],
  async run(a, io) {
    const sample = requiredString(a, 'sample', 'FILE (the baseline event sample)');
    const [target, reference] = [a.values.target, a.values.reference];
    if ((typeof target === 'string') === (typeof reference === 'string')) throw new UsageError('give exactly one of --target FILE (an event sample) and --reference FILE (a YODA file)');
    const options = fitOptions(a);
    const folder = await openReweighterFolder(a.positionals[0], io);
    const stops = watchStops({ io, note: 'nothing written' });
    try {
      const { reweighter, recipe } = folder;
      const names = reweighter.info.theta.names;
      for (const f of options.freeze) if (!names.includes(f)) throw new UsageError(`--freeze ${f}: the reweighter's parameters are ${names.join(', ')}`);
      const fit = typeof target === 'string' ? await fitToSample(reweighter, recipe, sample, target, options) : await fitToReference(reweighter, recipe, sample, reference as string, analysisNames(a), options);
      if (a.values.json === true) io.out(JSON.stringify(fitJson(fit), null, 2) + '\n');
      else printFit(fit, typeof target === 'string' ? target : (reference as string), io);
    } finally {
      stops.dispose();
      folder.reweighter.dispose();
    }
    return 0;
  },
};

function fitOptions(a: ParsedArgs): { freeze: string[]; scanPoints: number; maxEvents?: number } {
  const scanPoints = numericOption(a, 'scan-points', 'positive integer') ?? 11;
  const maxEvents = numericOption(a, 'max-events', 'positive integer');
  return { freeze: (a.values.freeze as string[] | undefined) ?? [], scanPoints, ...(maxEvents === undefined ? {} : { maxEvents }) };
}

function printFit(s: SampleFit, against: string, io: CliIO): void {
  const f = s.fit;
  const used = s.bins === undefined ? '' : ` over ${s.histograms ?? 0} histograms, ${s.bins} bins${s.leftOut?.length ? ` (${s.leftOut.length} histograms of decaying hadrons left out: an event sample does not hold them)` : ''}`;
  io.out(`θ̂ by the ${s.objective} against ${against}${used}: minimum ${formatNumber(f.value, 6)} after ${f.evaluations} evaluations\n`);
  const w = Math.max(...f.names.map((n) => n.length));
  f.names.forEach((n, p) => {
    const err = !f.free[p] ? '(frozen)' : Number.isFinite(f.errors[p]) ? `± ${formatNumber(f.errors[p], 3)}` : '± ? (curvature not positive)';
    const truth = s.truth ? `   target's own ${formatNumber(s.truth[p], 6)}${f.free[p] && f.errors[p] > 0 ? ` (pull ${((f.theta[p] - s.truth[p]) / f.errors[p]).toFixed(2)})` : ''}` : '';
    io.out(`  ${n.padEnd(w)}  ${formatNumber(f.theta[p], 6)} ${err}${f.atBound[p] ? ' AT A BOUND of the trained range' : ''}${truth}\n`);
  });
  for (const scan of f.scans) {
    const min = Math.min(...scan.value);
    io.out(`scan of ${scan.name} (objective − its minimum along the scan):\n`);
    io.out(`  θ  ${[...scan.theta].map((t) => formatNumber(t, 4).padStart(9)).join('')}\n`);
    io.out(`  Δ  ${[...scan.value].map((v) => formatNumber(v - min, 3).padStart(9)).join('')}\n`);
  }
}

function fitJson(s: SampleFit): Record<string, unknown> {
  const f = s.fit;
  return {
    objective: s.objective,
    value: f.value,
    evaluations: f.evaluations,
    parameters: f.names.map((n, p) => ({ name: n, value: f.theta[p], error: f.errors[p], free: f.free[p], atBound: f.atBound[p], ...(s.truth ? { truth: s.truth[p] } : {}) })),
    covariance: [...f.covariance],
    scans: f.scans.map((c) => ({ name: c.name, theta: [...c.theta], value: [...c.value] })),
    ...(s.bins === undefined ? {} : { bins: s.bins, histograms: s.histograms, leftOut: s.leftOut ?? [] }),
  };
}

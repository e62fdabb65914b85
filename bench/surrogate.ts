/**
 * Surrogates on the demo campaign (the five parameters of tunes/demo.yaml,
 * 100 runs of 20 000 events, 20 held out): fit time and held-out pull RMS of
 * each kind, measured side by side in one run. The runs are made once and
 * kept in bench/cache/surrogate-demo/ (about four minutes on two cores); later
 * runs of the benchmark reuse them.
 * Goals (issue 11): held-out pull RMS ≤ 1.2 for the polynomial.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIngested, parameterNames, parseCampaign, runDirNames, runsDirOf, sampleRuns, type CampaignConfig } from '../src/campaign/index.js';
import { runLocal } from '../src/pool/index.js';
import { fitPolynomial, splitHoldout, trainingSet, validateOnRuns, type PolynomialOptions, type TrainingSet } from '../src/surrogate/index.js';
import { BenchUsageError, type Benchmark, type Json } from './types.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(ROOT, 'bench/cache/surrogate-demo');
const RUNS = 100;
const EVENTS = 20_000;
const HOLDOUT = 20;
const RMS_GOAL = 1.2;

/** The demo campaign with 100 runs, its reference and weights resolved from tunes/. */
function demoCampaign(): CampaignConfig {
  const demoFile = join(ROOT, 'tunes/demo.yaml');
  const text = readFileSync(demoFile, 'utf8').replace(/^runs: .*$/m, `runs: ${RUNS}`).replace(/^events: .*$/m, `events: ${EVENTS}`);
  return parseCampaign(text, demoFile);
}

async function ensureRuns(config: CampaignConfig, log: (line: string) => void): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  if (runDirNames(runsDirOf(CACHE)).length === 0) sampleRuns(config, CACHE);
  const t0 = performance.now();
  const r = await runLocal(config, CACHE, { onEvent: (e) => e.type === 'finished' && log(`run ${e.run}: ${e.outcome.state}`) });
  if (r.done.length > 0) log(`made ${r.done.length} runs in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (r.failed.length > 0) throw new Error(`runs failed: ${JSON.stringify(r.failed)}`);
}

function scorePolynomial(train: TrainingSet, test: TrainingSet, options: PolynomialOptions, fitted: (path: string) => boolean): { [k: string]: Json } {
  const t0 = performance.now();
  const model = fitPolynomial(train, options);
  const seconds = (performance.now() - t0) / 1000;
  const v = validateOnRuns(model, test);
  const B = model.bins.length;
  let s2 = 0;
  let n = 0;
  v.pulls.forEach((p, i) => {
    if (!Number.isNaN(p) && fitted(model.bins[i % B].path)) {
      s2 += p * p;
      n++;
    }
  });
  const fittedRms = n ? Math.sqrt(s2 / n) : NaN;
  return { order: model.value.order, fitSeconds: seconds, bins: B, heldOutPullRms: v.overall.rms, heldOutPullMean: v.overall.mean, fittedBinsPullRms: fittedRms, meetsGoal: fittedRms <= RMS_GOAL };
}

export const surrogateBench: Benchmark = {
  name: 'surrogate',
  description: `fit time and held-out pull RMS of the surrogates on ${RUNS} demo runs (${HOLDOUT} held out)`,
  usage: '',
  async run(argv, log) {
    if (argv.length > 0) throw new BenchUsageError(`no options expected, got ${argv.join(' ')}`);
    const config = demoCampaign();
    await ensureRuns(config, log);
    const { table } = loadIngested(CACHE, { parameters: parameterNames(config) });
    const { train, test } = splitHoldout(trainingSet(table), HOLDOUT, config.seed);
    // The goal is on the bins a tune fits: those of the demo's weight lines (patterns matched from the start, as Professor does).
    const patterns = config.weights.map((w) => new RegExp(`^(?:${w.path})`));
    const fitted = (path: string) => patterns.some((re) => re.test(path));
    const results: { [k: string]: Json } = {
      'poly-3': scorePolynomial(train, test, { order: 3 }, fitted),
      'poly-auto': scorePolynomial(train, test, { order: 'auto', seed: config.seed }, fitted),
    };
    writeFileSync(join(CACHE, 'last-bench.json'), JSON.stringify(results, null, 1));
    const summary = Object.entries(results).map(([k, r]) => {
      const o = r as { order: number; fitSeconds: number; heldOutPullRms: number; fittedBinsPullRms: number; bins: number };
      return `${k.padEnd(10)} order ${o.order}  ${o.bins} bins  fit ${o.fitSeconds.toFixed(3)} s  held-out pull RMS ${o.heldOutPullRms.toFixed(3)} (all bins), ${o.fittedBinsPullRms.toFixed(3)} (fitted histograms; goal ≤ ${RMS_GOAL})`;
    });
    return { params: { runs: RUNS, events: EVENTS, holdout: HOLDOUT, weightLines: config.weights.length }, results, summary };
  },
};

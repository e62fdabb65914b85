/**
 * Wall times of a whole tune: each surrogate fitted to the 100 demo runs and
 * tuned to the shipped pseudo-data (16 starts, eigentunes at a Δχ² calibrated
 * on 200 toys); and the polynomial path on a campaign the size of the one
 * Apprentice's published timing used (3 parameters, 50 runs, 346 bins:
 * order-3 build 0.4 s, 30-restart tune 3.2–3.8 s).
 */
import { join } from 'node:path';
import { freeParameterNames, loadIngested, parameterNames, readReferenceObjects, type CampaignConfig } from '../../src/campaign/index.js';
import { Chi2Objective, fittedWeights, selectBins } from '../../src/chi2/index.js';
import { alignData, fitInverse, fitNetwork, fitPolynomial, NetworkSurrogate, networkRefits, PolynomialSurrogate, polynomialRefits, subsetBins, trainingSet, type PolynomialOptions, type Surrogate, type TrainingSet } from '../../src/surrogate/index.js';
import { fitBest, tuneSurrogate, uncertaintiesAt } from '../../src/tune/index.js';
import type { Json } from '../types.js';
import { CACHE, completeRuns, demoWith } from './data.js';

const APPRENTICE = { runs: 50, bins: 346, restarts: 30, buildSeconds: 0.4, tuneSeconds: [3.2, 3.8] };

function seconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

/**
 * As `mctune tune` does it: 16 starts, Δχ² calibrated on 200 toys that draw
 * the surrogate's held-out misses, and for a polynomial σ scaled by the
 * closure on its own runs (a polynomial refitted without each; a network by its folds).
 */
async function timedTune(name: string, fit: () => Surrogate | Promise<Surrogate>, config: CampaignConfig, train: TrainingSet, polynomial?: PolynomialOptions): Promise<{ name: string; fitSeconds: number; tuneSeconds: number; best: number[] }> {
  const t0 = performance.now();
  const model = await fit();
  const fitSeconds = seconds(t0);
  const t1 = performance.now();
  const data = alignData(model.bins, readReferenceObjects(config.reference));
  const refits = polynomial && model instanceof PolynomialSurrogate ? polynomialRefits(train, model, polynomial) : model instanceof NetworkSurrogate ? networkRefits(train, model) : undefined;
  const r = tuneSurrogate(model, data, config.weights, { starts: 16, deltaChi2: 'calibrated', toys: 200, seed: config.seed, ...(refits ? { heldOutRefits: refits } : {}) });
  return { name, fitSeconds, tuneSeconds: seconds(t1), best: [...r.best] };
}

export async function speedChecks(demo: CampaignConfig, runSet: string, log: (line: string) => void): Promise<{ [k: string]: Json; lines: string[] }> {
  const train = trainingSet(loadIngested(runSet, { parameters: parameterNames(demo) }).table);
  const tunes = [
    await timedTune('poly-3', () => fitPolynomial(train, { order: 3 }), demo, train, { order: 3 }),
    await timedTune('poly-auto', () => fitPolynomial(train, { order: 'auto', seed: demo.seed }), demo, train, { order: 'auto', seed: demo.seed }),
    await timedTune('nn', () => fitNetwork(train, { seed: demo.seed, folds: true }), demo, train),
    await timedTune('nn-ensemble-5', () => fitNetwork(train, { seed: demo.seed, ensemble: 5, bootstrap: true }), demo, train),
  ];
  const t0 = performance.now();
  const refs = readReferenceObjects(demo.reference);
  const inverse = await fitInverse(train, { data: alignData(train.bins, refs), seed: demo.seed });
  const d = alignData(inverse.bins, refs);
  inverse.propose(d.values, d.errors, 1000, demo.seed);
  const inverseSeconds = seconds(t0);
  const apprentice = await apprenticeSized(demo, log);
  const lines = tunes.map((t) => `${t.name.padEnd(14)} fit ${t.fitSeconds.toFixed(2)} s + tune (16 starts, calibrated eigentunes${t.name === 'nn-ensemble-5' ? '' : ', held-out closure'}) ${t.tuneSeconds.toFixed(2)} s = ${(t.fitSeconds + t.tuneSeconds).toFixed(1)} s (goal < 60 s)`);
  lines.push(`inverse        fit + proposal with 1000 toys ${inverseSeconds.toFixed(1)} s`);
  lines.push(`Apprentice-sized campaign (${APPRENTICE.runs} runs, 3 parameters, ${apprentice.bins} bins): order-3 build ${apprentice.buildSeconds.toFixed(3)} s (Apprentice ${APPRENTICE.buildSeconds} s), ${APPRENTICE.restarts}-start tune ${apprentice.tuneSeconds.toFixed(2)} s (Apprentice ${APPRENTICE.tuneSeconds.join('–')} s)`);
  return { tunes, inverseSeconds, apprentice, lines };
}

/** Three free parameters (the string ones fixed at their defaults), 50 runs, the first 346 bins. */
async function apprenticeSized(demo: CampaignConfig, log: (line: string) => void): Promise<{ bins: number; buildSeconds: number; tuneSeconds: number }> {
  const config = demoWith(APPRENTICE.runs, 20_000, 3031, (t) => t.replace(/StringPT:sigma: \{[^}]*\}/, 'StringPT:sigma: { fixed: 0.335 }').replace(/StringFlav:probStoUD: \{[^}]*\}/, 'StringFlav:probStoUD: { fixed: 0.217 }'));
  const dir = join(CACHE, 'apprentice-sized');
  await completeRuns(config, dir, log);
  const full: TrainingSet = trainingSet(loadIngested(dir, { parameters: parameterNames(config) }).table, { parameters: freeParameterNames(config) });
  const set = subsetBins(full, Array.from({ length: Math.min(APPRENTICE.bins, full.bins.length) }, (_, i) => i));
  const t0 = performance.now();
  const model = fitPolynomial(set, { order: 3 });
  const buildSeconds = seconds(t0);
  const t1 = performance.now();
  const data = alignData(model.bins, readReferenceObjects(demo.reference));
  const objective = new Chi2Objective(model, selectBins(model.bins, data, fittedWeights([])));
  const fit = fitBest(objective, { starts: APPRENTICE.restarts, seed: 1 });
  uncertaintiesAt(objective, fit.best, fit.free);
  return { bins: set.bins.length, buildSeconds, tuneSeconds: seconds(t1) };
}

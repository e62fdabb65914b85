/**
 * Closure of the whole tune against the best any method could do (issue 12):
 * pseudo-data toys at truth points inside the demo box, made from the
 * generator's high-statistics prediction fluctuated with the real ALEPH
 * data's relative errors, tuned through each surrogate fitted to independent
 * run sets. Per surrogate and parameter: the pulls (θ̂ − θ*)/σ̂ and σ̂ over the
 * Cramér–Rao bound √diag((Jᵀ V⁻¹ J)⁻¹), J the generator's own derivatives.
 * Also the wall time of fit + tune on the pseudo-data, and the polynomial path
 * on a campaign the size of Apprentice's published timing.
 */
import { join } from 'node:path';
import { loadIngested, parameterNames, readReferenceObjects, type CampaignConfig } from '../src/campaign/index.js';
import { Random } from '../src/generator/index.js';
import { symmetricPseudoInverse } from '../src/linalg/index.js';
import { tuneSurrogate } from '../src/tune/index.js';
import { alignData, binName, fitInverse, fitNetwork, fitPolynomial, NetworkSurrogate, networkRefits, PolynomialSurrogate, polynomialRefits, trainingSet, type HeldOutRefits, type PolynomialOptions, type InverseModel, type Surrogate, type TrainingSet } from '../src/surrogate/index.js';
import { baseSelection, cramerRao, designOnModel, forwardToyFit, inverseToyFit, type ToyDesign, type ToyFit } from './closure/fits.js';
import { CACHE, completeRuns, demoWith, generatorJacobian, ROOT, truthData, truthPoints, type TruthData } from './closure/data.js';
import { speedChecks } from './closure/speed.js';
import { BenchUsageError, benchOptions, positiveIntegers, type Benchmark, type Json } from './types.js';

const RUNS = 100;
/** Events per run unless --events says otherwise: the demo's. */
const EVENTS = 20_000;
/** Campaign seed of the first run set (the surrogate benchmark's, whose runs are reused); the others follow it. */
const FIRST_SEED = 2026;
/**
 * Each run set gives each surrogate one error, which moves all the toys at a
 * truth point together (their θ̂ scatter 2–10 times less among themselves than
 * between run sets), so the pulls' mean and width are set by the number of
 * (run set, truth point) pairs, not of toys: 10 truth points give 50 pairs.
 */
const TRUTHS = 10;
/** The first truth points also get the generator's Jacobian, for the Cramér–Rao bound (10 points × 500 000 events each). */
const CRB_TRUTHS = 2;
const TOYS_PER_TRUTH = 10;
const TOY_STARTS = 4;
const EVENTS_AT_TRUTH = { prediction: 1_000_000, differences: 500_000 };
/** Central-difference step, as a share of each parameter's range. */
const STEP = 0.05;
const KINDS = ['poly-3', 'poly-auto', 'nn', 'nn-ensemble-5', 'inverse'] as const;
type Kind = (typeof KINDS)[number];

interface RunSet {
  readonly seed: number;
  readonly dir: string;
}

function runSet(seed: number, events: number): RunSet {
  if (events !== EVENTS) return { seed, dir: join(CACHE, `runs-${seed}-${events}-events`) };
  return { seed, dir: seed === FIRST_SEED ? join(ROOT, 'bench/cache/surrogate-demo') : join(CACHE, `runs-${seed}`) };
}

/** The real ALEPH data's relative errors, by bin name. */
function relativeErrors(bins: TrainingSet['bins']): Map<string, number> {
  const real = alignData(bins, readReferenceObjects([join(ROOT, 'reference-data/ALEPH_1996_S3486095.yoda')]));
  const out = new Map<string, number>();
  bins.forEach((b, i) => {
    const rel = real.errors[i] / Math.abs(real.values[i]);
    if (Number.isFinite(rel) && rel > 0) out.set(binName(b), rel);
  });
  return out;
}

function toyDesign(t: TruthData, bins: TrainingSet['bins'], rel: Map<string, number>): ToyDesign {
  const used = bins.filter((b) => rel.has(binName(b)) && Number.isFinite(t.prediction.values.get(binName(b))));
  const prediction = Float64Array.from(used, (b) => t.prediction.values.get(binName(b)) ?? NaN);
  return { bins: used, prediction, sigma: Float64Array.from(used, (b, i) => (rel.get(binName(b)) ?? NaN) * Math.abs(prediction[i])) };
}

function polynomialOptionsOf(kind: 'poly-3' | 'poly-auto', seed: number): PolynomialOptions {
  return kind === 'poly-3' ? { order: 3 } : { order: 'auto', seed };
}

async function fitKind(kind: Kind, train: TrainingSet, seed: number, design: ToyDesign): Promise<Surrogate | InverseModel> {
  if (kind === 'poly-3' || kind === 'poly-auto') return fitPolynomial(train, polynomialOptionsOf(kind, seed));
  // With its folds, as a campaign fits a single network, for the tune's closure on the runs.
  if (kind === 'nn') return fitNetwork(train, { seed, folds: true });
  if (kind === 'nn-ensemble-5') return fitNetwork(train, { seed, ensemble: 5, bootstrap: true });
  const index = new Map(design.bins.map((b, i) => [binName(b), i]));
  const data = { values: Float64Array.from(train.bins, (b) => design.prediction[index.get(binName(b)) ?? -1] ?? NaN), errors: Float64Array.from(train.bins, (b) => design.sigma[index.get(binName(b)) ?? -1] ?? NaN) };
  return fitInverse(train, { data, seed });
}

/** The surrogates a comma-separated list names, in the benchmark's order. */
function kindsOf(list: string): Kind[] {
  const named = list.split(',').map((k) => k.trim());
  const unknown = named.find((k) => !(KINDS as readonly string[]).includes(k));
  if (unknown !== undefined) throw new BenchUsageError(`--kinds: unknown surrogate ${unknown} (known: ${KINDS.join(', ')})`);
  return KINDS.filter((k) => named.includes(k));
}

interface Tally {
  /** Per run set, the closure toys' |θ̂ − θ*|/σ̂ at 68 % that a tune's calibration found. */
  scales: number[][];
  /** Per run set, the polynomial tune's σ scale from its closure on the run set's own runs (1 for the others). */
  heldOutScales: number[][];
  /** Per run set, the share of that closure's squared pulls its runs' own noise explained (0 for the others). */
  noiseShares: number[][];
  /** Per parameter, held run set by run set, truth point by truth point (TOYS_PER_TRUTH each), as crossedError reads them. */
  pulls: number[][];
  /** The pulls with the sandwich's σ, before the held-out closure's scale. */
  sandwichPulls: number[][];
  ratios: number[][];
  fitSeconds: number[];
  toySeconds: number[];
}

export const closureBench: Benchmark = {
  name: 'closure',
  description: `pulls and σ/σ_CRB of every surrogate on toys at ${TRUTHS} truth points over independent run sets of ${RUNS} runs`,
  usage: `[--run-sets N (5)] [--events N per run (${EVENTS}, the demo's)] [--kinds ${KINDS.join(',')} (all)]`,
  async run(argv, log) {
    const options = benchOptions(argv, { 'run-sets': '5', events: String(EVENTS), kinds: KINDS.join(',') });
    const n = positiveIntegers(options, ['run-sets', 'events']);
    const kinds = kindsOf(options.kinds);
    const events = n.events;
    const sets = Array.from({ length: n['run-sets'] }, (_, i) => runSet(FIRST_SEED + i, events));
    const demo = demoWith(RUNS, events, FIRST_SEED);
    const P = demo.parameters.length;
    for (const set of sets) await completeRuns(demoWith(RUNS, events, set.seed), set.dir, log);
    const truths: TruthData[] = [];
    for (const [k, t] of truthPoints(demo, TRUTHS, 20261130).entries()) truths.push(await truthData(demo, t, k, k < CRB_TRUTHS ? EVENTS_AT_TRUTH : { ...EVENTS_AT_TRUTH, differences: 0 }, STEP, log));
    const tallies = new Map<Kind, Tally>(kinds.map((k) => [k, { scales: [], heldOutScales: [], noiseShares: [], pulls: Array.from({ length: P }, () => []), sandwichPulls: Array.from({ length: P }, () => []), ratios: Array.from({ length: P }, () => []), fitSeconds: [], toySeconds: [] }]));
    const crb: (number[] | undefined)[] = [];
    for (const set of sets) await closureOfRunSet(demo, set, truths, tallies, crb, log);
    const results: { [k: string]: Json } = {
      truths: truths.map((t, k) => ({ point: Object.fromEntries(demo.parameters.map((p, q) => [p.name, t.truth[q]])), ...(crb[k] ? { sigmaCRB: Object.fromEntries(demo.parameters.map((p, q) => [p.name, crb[k]?.[q] ?? NaN])) } : {}) })),
      surrogates: Object.fromEntries(kinds.map((k) => [k, summarise(demo, tallies.get(k))])),
      speed: await speedChecks(demo, sets[0].dir, log),
    };
    return { params: { runs: RUNS, events, runSets: sets.length, kinds, truths: TRUTHS, crbTruths: CRB_TRUTHS, toysPerTruth: TOYS_PER_TRUTH, toyStarts: TOY_STARTS, eventsAtTruth: EVENTS_AT_TRUTH, step: STEP }, results, summary: table(demo, results) };
  },
};

async function closureOfRunSet(demo: CampaignConfig, { seed, dir }: RunSet, truths: readonly TruthData[], tallies: Map<Kind, Tally>, crb: (number[] | undefined)[], log: (line: string) => void): Promise<void> {
  const { table } = loadIngested(dir, { parameters: parameterNames(demo) });
  const train = trainingSet(table);
  const rel = relativeErrors(train.bins);
  const designs = truths.map((t) => toyDesign(t, train.bins, rel));
  const P = demo.parameters.length;
  for (const [kind, tally] of tallies) {
    const t0 = performance.now();
    const model = await fitKind(kind, train, seed, designs[0]);
    tally.fitSeconds.push((performance.now() - t0) / 1000);
    const refits = refitsOf(kind, model, train, seed);
    const checks = 'predict' in model ? tuneChecks(model, refits, demo, designs[0]) : undefined;
    tally.scales.push(Array.from(checks?.closureScale ?? new Float64Array(P).fill(1)));
    const heldOut = checks?.heldOutScale ?? new Float64Array(P).fill(1);
    tally.heldOutScales.push(Array.from(heldOut));
    tally.noiseShares.push(Array.from(checks?.noiseShare ?? new Float64Array(P)));
    truths.forEach((truth, k) => {
      const d = designs[k];
      const base = 'predict' in model ? baseSelection(model, d, demo.weights) : undefined;
      if (k < CRB_TRUTHS && crb[k] === undefined && base) crb[k] = Array.from(cramerRao(generatorJacobian(truth, base.bins.map((b) => b.bin)), Float64Array.from(base.bins, (b) => b.dataError), P, (m, n) => symmetricPseudoInverse(m, n).inverse));
      const t1 = performance.now();
      for (let i = 0; i < TOYS_PER_TRUTH; i++) {
        const toySeed = seed * 1000 + k * 100 + i;
        const fit: ToyFit = 'predict' in model && base ? forwardToyFit(model, base, d, toySeed, TOY_STARTS) : inverseToyFit(model as InverseModel, d, toySeed);
        for (let p = 0; p < P; p++) {
          // σ as the tune gives it: the sandwich's, scaled by the closure on the run set's own runs.
          const sigma = fit.sigma[p] * heldOut[p];
          tally.pulls[p].push((fit.theta[p] - truth.truth[p]) / sigma);
          tally.sandwichPulls[p].push((fit.theta[p] - truth.truth[p]) / fit.sigma[p]);
          const bound = crb[k];
          if (bound) tally.ratios[p].push(sigma / bound[p]);
        }
      }
      tally.toySeconds.push((performance.now() - t1) / 1000 / TOYS_PER_TRUTH);
    });
    log(`run set ${seed}, ${kind}: fitted in ${(tally.fitSeconds.at(-1) ?? NaN).toFixed(1)} s, ${TOYS_PER_TRUTH * truths.length} toys tuned`);
  }
}

/** What the tune's closure on the run set's own runs needs, as `mctune tune` would have it. */
function refitsOf(kind: Kind, model: Surrogate | InverseModel, train: TrainingSet, seed: number): HeldOutRefits | undefined {
  if (model instanceof PolynomialSurrogate && (kind === 'poly-3' || kind === 'poly-auto')) return polynomialRefits(train, model, polynomialOptionsOf(kind, seed));
  return model instanceof NetworkSurrogate ? networkRefits(train, model) : undefined;
}

/**
 * What `mctune tune` finds of its σ on the noiseless prediction at the first
 * truth point: the Δχ² calibration's 68 % quantile of |θ̂ − θ*|/σ̂ per
 * parameter (200 toys drawing the surrogate's held-out misses), and for a
 * polynomial the scale of its closure on the run set's own runs, which the
 * tune applies to σ (the data's relative errors are all it takes from the
 * truth point).
 */
function tuneChecks(model: Surrogate, refits: HeldOutRefits | undefined, demo: CampaignConfig, d: ToyDesign): { closureScale: Float64Array; heldOutScale: Float64Array | undefined; noiseShare: Float64Array | undefined } {
  const r = tuneSurrogate(model, designOnModel(model, d), demo.weights, { starts: TOY_STARTS, seed: 1, toys: 200, ...(refits ? { heldOutRefits: refits } : {}) });
  return { closureScale: r.closureScale, heldOutScale: r.heldOutClosure?.scale, noiseShare: r.heldOutClosure?.noiseShare };
}


function mean(a: readonly number[]): number {
  return a.reduce((s, x) => s + x, 0) / a.length;
}

function standardDeviation(a: readonly number[]): number {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1));
}

/**
 * The statistical error of a statistic of the pulls (their mean, their
 * width). The toys at one truth point share their run set's surrogate error,
 * and a truth point's model error repeats from run set to run set, so the
 * units of the resampling are the run sets and the truth points, each drawn
 * with replacement (a crossed bootstrap; pulls are held run set by run set,
 * truth point by truth point, `perGroup` each).
 */
function crossedError(pulls: readonly number[], perGroup: number, truths: number, statistic: (a: readonly number[]) => number): number {
  const sets = Math.floor(pulls.length / perGroup / truths);
  const group = (s: number, t: number) => pulls.slice((s * truths + t) * perGroup, (s * truths + t + 1) * perGroup);
  const rng = new Random(20261202, 0xb007);
  const draw = (n: number) => Array.from({ length: n }, () => Math.floor(rng.uniform() * n));
  const values = Array.from({ length: 1000 }, () => {
    const [S, T] = [draw(sets), draw(truths)];
    return statistic(S.flatMap((s) => T.flatMap((t) => group(s, t))));
  });
  return standardDeviation(values);
}

function summarise(demo: CampaignConfig, t: Tally | undefined): Json {
  if (!t) return null;
  return {
    closureScales: t.scales,
    heldOutScales: t.heldOutScales,
    noiseShares: t.noiseShares,
    fitSeconds: mean(t.fitSeconds),
    secondsPerToy: mean(t.toySeconds),
    parameters: Object.fromEntries(
      demo.parameters.map((p, q) => {
        const m = mean(t.pulls[q]);
        const width = standardDeviation(t.pulls[q]);
        // Errors from resampling run sets and truth points, not toys (see TRUTHS).
        const pullMeanError = crossedError(t.pulls[q], TOYS_PER_TRUTH, TRUTHS, mean);
        const pullWidthError = crossedError(t.pulls[q], TOYS_PER_TRUTH, TRUTHS, standardDeviation);
        return [p.name, { pullMean: m, pullMeanError, pullWidth: width, pullWidthError, sandwichPullMean: mean(t.sandwichPulls[q]), sandwichPullWidth: standardDeviation(t.sandwichPulls[q]), sigmaOverCRB: mean(t.ratios[q]), toys: t.pulls[q].length, groups: t.pulls[q].length / TOYS_PER_TRUTH, pulls: t.pulls[q], closes: Math.abs(m) < 0.3 && width >= 0.7 && width <= 1.3 }];
      }),
    ),
  };
}

function table(demo: CampaignConfig, results: { [k: string]: Json }): string[] {
  const s = results.surrogates as Record<Kind, { fitSeconds: number; secondsPerToy: number; heldOutScales: number[][]; parameters: Record<string, { pullMean: number; pullMeanError: number; pullWidth: number; pullWidthError: number; sigmaOverCRB: number; sandwichPullMean: number; sandwichPullWidth: number }> }>;
  const names = demo.parameters.map((p) => p.name);
  const lines = [`${'surrogate'.padEnd(14)} ${names.map((n) => n.slice(n.indexOf(':') + 1).padStart(30)).join('')}   (pull mean ± its error / width ± its error / σ̂÷σ_CRB)`];
  const kinds = KINDS.filter((k) => k in s);
  for (const k of kinds) lines.push(`${k.padEnd(14)} ${names.map((n) => { const q = s[k].parameters[n]; return `${q.pullMean.toFixed(2)}±${q.pullMeanError.toFixed(2)}/${q.pullWidth.toFixed(2)}±${q.pullWidthError.toFixed(2)}/${q.sigmaOverCRB.toFixed(1)}`.padStart(30); }).join('')}   fit ${s[k].fitSeconds.toFixed(1)} s, ${s[k].secondsPerToy.toFixed(2)} s per toy`);
  const before = kinds.filter((k) => s[k].heldOutScales.some((set) => set.some((v) => v !== 1)));
  for (const k of before) lines.push(`${k} with the sandwich's σ, before the held-out closure's scale (pull mean / width): ${names.map((n) => `${s[k].parameters[n].sandwichPullMean.toFixed(2)}/${s[k].parameters[n].sandwichPullWidth.toFixed(2)}`).join('  ')}`);
  const speed = results.speed as { lines: string[] };
  return [...lines, ...speed.lines];
}

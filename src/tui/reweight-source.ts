/**
 * What the reweighting screen turns: parameters with their trained range and
 * θ₀, and for any θ the histogram of one event observable of the baseline
 * sample, unweighted and reweighted to θ, with the effective sample size.
 *
 * The one implementation here is the event-level MLP of src/reweight over an
 * event sample from src/events-store: the sample's observables are computed
 * once, each event's bin once per observable, so that a keypress costs one
 * pass of the network over the sample (≈ 10⁵ events in well under 0.5 s)
 * and one pass of filling. A Particle Flow reweighter is refused: at about
 * 2·10⁴ events/s it cannot follow a keypress on a real sample.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEventSample, type EventChunk } from '../events-store/index.js';
import { initBackend } from '../nn/index.js';
import { DEFAULT_EVENT_OBSERVABLES, effectiveSampleSize, eventObservables, eventRows, loadReweighter, type EventRows, type Reweighter } from '../reweight/index.js';

export interface ReweightParameter {
  readonly name: string;
  /** The trained range: θ is kept inside it. */
  readonly lo: number;
  readonly hi: number;
  readonly theta0: number;
}

/** One observable's histogram at θ, both series normalised to unit sum. */
export interface ReweightHistogram {
  readonly observable: string;
  /** bins + 1 edges. */
  readonly edges: Float64Array;
  readonly baseline: Float64Array;
  readonly reweighted: Float64Array;
  /** Statistical error of each reweighted bin, √Σw² / Σw. */
  readonly errors: Float64Array;
  /** Kish's effective sample size of the weights at θ, and the sample's size. */
  readonly ess: number;
  readonly events: number;
  readonly maxWeight: number;
}

export interface ReweightSource {
  /** What the screen's title says of it, e.g. the reweighter's folder. */
  readonly description: string;
  readonly parameters: readonly ReweightParameter[];
  readonly observables: readonly string[];
  /** The histogram of `observables[observable]` reweighted to θ (one value per parameter, inside the trained range). */
  histogram(theta: readonly number[], observable: number): ReweightHistogram;
  dispose(): void;
}

const BINS = 24;

/** Bin edges for one column: unit bins for small integer counts, else equal bins between its 0.5 % and 99.5 % quantiles. */
export function columnEdges(values: Float32Array): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return Float64Array.from([0, 1]);
  const [lo, hi] = [sorted[Math.floor(0.005 * (n - 1))], sorted[Math.ceil(0.995 * (n - 1))]];
  if (values.every((v) => Number.isInteger(v)) && hi - lo <= 48) return Float64Array.from({ length: hi - lo + 2 }, (_, i) => lo - 0.5 + i);
  const width = hi > lo ? (hi - lo) / BINS : 1;
  return Float64Array.from({ length: BINS + 1 }, (_, i) => lo + i * width);
}

/** Each value's bin among `edges` (equal or unit widths), −1 outside. */
function binIndex(values: Float32Array, edges: Float64Array): Int32Array {
  const nb = edges.length - 1;
  const [lo, width] = [edges[0], (edges[nb] - edges[0]) / nb];
  return Int32Array.from(values, (v) => {
    const b = Math.floor((v - lo) / width);
    return b >= 0 && b < nb ? b : -1;
  });
}

/** Column d of row-major rows. */
function columnOf(rows: EventRows, d: number): Float32Array {
  const D = rows.names.length;
  return Float32Array.from({ length: rows.n }, (_, i) => rows.x[i * D + d]);
}

/** The reweighter's inputs, taken from the sample's observables by name. */
function modelInputs(all: EventRows, featureNames: readonly string[]): EventRows {
  const D = all.names.length;
  const cols = featureNames.map((f) => all.names.indexOf(f));
  const F = cols.length;
  const x = new Float32Array(all.n * F);
  for (let i = 0; i < all.n; i++) for (let f = 0; f < F; f++) x[i * F + f] = all.x[i * D + cols[f]];
  return eventRows(x, featureNames);
}

interface Binned {
  readonly edges: Float64Array;
  readonly bins: Int32Array;
  readonly baseline: Float64Array;
}

/** A ReweightSource over an event-level reweighter and a baseline sample (the reweighter is disposed with it). */
export function eventMlpSource(reweighter: Reweighter, sample: EventChunk, description: string): ReweightSource {
  const info = reweighter.info;
  if (info.inputKind !== 'event') throw new Error('the reweighting screen needs an event-level reweighter (an MLP over event observables); this one reads particle sets');
  const names = [...new Set([...DEFAULT_EVENT_OBSERVABLES, ...info.featureNames])];
  const all = eventObservables(sample, names);
  const inputs = modelInputs(all, info.featureNames);
  reweighter.checkInputs(inputs);
  const binned = new Map<number, Binned>();
  const binnedFor = (d: number): Binned => {
    let b = binned.get(d);
    if (!b) {
      const column = columnOf(all, d);
      const edges = columnEdges(column);
      const bins = binIndex(column, edges);
      b = { edges, bins, baseline: normalised(fill(bins, edges.length - 1, sample.weight).sum) };
      binned.set(d, b);
    }
    return b;
  };
  let cache: { key: string; weights: Float64Array; ess: number; max: number } | undefined;
  const weightsAt = (theta: readonly number[]) => {
    const key = theta.join(',');
    if (cache?.key !== key) {
      const w = reweighter.weights(inputs, theta).weights;
      for (let i = 0; i < w.length; i++) w[i] *= sample.weight[i];
      cache = { key, weights: w, ess: effectiveSampleSize(w), max: w.reduce((m, v) => Math.max(m, v), 0) };
    }
    return cache;
  };
  return {
    description,
    parameters: info.theta.names.map((name, p) => ({ name, lo: info.theta.lo[p], hi: info.theta.hi[p], theta0: info.theta.theta0[p] })),
    observables: names,
    histogram(theta, observable) {
      const b = binnedFor(observable);
      const w = weightsAt(theta);
      const { sum, sum2 } = fill(b.bins, b.edges.length - 1, w.weights);
      const total = sum.reduce((s, v) => s + v, 0);
      return { observable: names[observable], edges: b.edges, baseline: b.baseline, reweighted: normalised(sum), errors: sum2.map((v) => (total > 0 ? Math.sqrt(v) / total : NaN)), ess: w.ess, events: sample.n, maxWeight: w.max };
    },
    dispose: () => reweighter.dispose(),
  };
}

function fill(bins: Int32Array, nb: number, w: ArrayLike<number>): { sum: Float64Array; sum2: Float64Array } {
  const [sum, sum2] = [new Float64Array(nb), new Float64Array(nb)];
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i];
    if (b < 0) continue;
    sum[b] += w[i];
    sum2[b] += w[i] * w[i];
  }
  return { sum, sum2 };
}

function normalised(v: Float64Array): Float64Array {
  const total = v.reduce((s, x) => s + x, 0);
  return v.map((x) => (total > 0 ? x / total : 0));
}

/** Where a campaign's reweighter is looked for when not given: `<campaign dir>/reweighter`. */
export function defaultReweighterDir(campaignDir: string): string {
  return join(campaignDir, 'reweighter');
}

/**
 * Loads the reweighter in `reweighterDir` and the baseline sample `samplePath`
 * as a ReweightSource; rejects, saying what is missing, when either is absent.
 */
export async function loadReweightSource(reweighterDir: string, samplePath: string): Promise<ReweightSource> {
  if (!existsSync(join(reweighterDir, 'model.json'))) throw new Error(`no reweighter in ${reweighterDir}`);
  if (!existsSync(samplePath)) throw new Error(`no baseline sample at ${samplePath}`);
  await initBackend();
  const { reweighter } = loadReweighter(reweighterDir);
  try {
    const { events } = await readEventSample(samplePath);
    return eventMlpSource(reweighter, events, `${reweighterDir}, ${events.n.toLocaleString('en-US')} events`);
  } catch (e) {
    reweighter.dispose();
    throw e;
  }
}

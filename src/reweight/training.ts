/**
 * Training of a reweighting classifier with src/nn's loop (same backend
 * choice, seeding, progress callback and abort as the surrogates' networks).
 *
 * The loss is binary cross-entropy with per-event weights, each class's
 * weights scaled to the same total: only then does f tend to p₁/(p₀ + p₁)
 * (unequal totals would multiply w = f/(1 − f) by their ratio). Signed
 * weights are allowed; each class's total must be positive.
 *
 * Training runs in minibatches (Adam, one step per batch); an "epoch" here is
 * one pass over the training events. src/nn's train() takes one optimiser step
 * per call, so its epochs are our steps: the validation loss is computed at the
 * end of each pass and held in between, and patience counts whole passes.
 */
import * as tf from '@tensorflow/tfjs';
import { Random, permutation } from '../generator/index.js';
import { backendInUse, initBackend, train, type Activation, type BackendRequest, type TrainProgress, type TrainResult } from '../nn/index.js';
import { assembleBatch, concatInputs, standardisationOf, subsetInputs, type ClassifierInputs, type ThetaColumns } from './inputs.js';
import { DEFAULT_EVENT_MLP, DEFAULT_PARTICLE_FLOW, initNet, netLogits, netVariables, type ModelSpec } from './network.js';
import { Reweighter, type ReweighterInfo, type ThetaSpace } from './reweighter.js';

export interface TrainReweighterOptions {
  /** Network shape. Default: DEFAULT_EVENT_MLP for event rows, DEFAULT_PARTICLE_FLOW for particle sets. */
  readonly model?: ModelSpec;
  /** Hidden-layer activation. Default 'relu' (cheaper than tanh on wasm, and it does not saturate on the pooled sums). */
  readonly activation?: Activation;
  /** Adam's learning rate. Default 0.002. */
  readonly learningRate?: number;
  /** The plateau halvings stop at this rate. Default learningRate / 32. */
  readonly minLearningRate?: number;
  /** Events per optimiser step. Default 512. */
  readonly batchSize?: number;
  /** Maximum passes over the training events. Default 40. */
  readonly epochs?: number;
  /** Passes without a better validation loss before stopping (the best weights are kept); after every 2 such passes the learning rate is halved. Default 6. */
  readonly patience?: number;
  /** Share of the events held out for early stopping, drawn at random. Default 0.2. */
  readonly validation?: number;
  /** Seeds the initial weights, the split, the shuffles and the baseline's θ. Default 1. */
  readonly seed?: number;
  /** Called after every pass. */
  readonly onProgress?: (progress: TrainProgress) => void;
  /** Stops training at the next step; the result then says 'aborted'. */
  readonly signal?: AbortSignal;
  /** TF.js backend (see src/nn's initBackend). Default: its choice. */
  readonly backend?: BackendRequest;
  /** Receives the line naming the backend. */
  readonly log?: (line: string) => void;
  /** TF.js's own dense-layer gradients instead of src/nn's (for benchmarks only). Default false. */
  readonly autograd?: boolean;
}

/** A sample with optional per-event weights (default 1; signed allowed). */
export interface WeightedSample {
  readonly inputs: ClassifierInputs;
  readonly weights?: Float64Array;
}

/** Parametrised training data: baseline events at θ₀, target events each at its own θ_i. */
export interface ParametrisedData {
  /** Names, trained range and θ₀. */
  readonly theta: ThetaSpace;
  readonly baseline: WeightedSample;
  /** θ_i of target event i at [i·P … i·P + P), in the units of `theta` (not scaled). */
  readonly target: WeightedSample & { readonly theta: Float64Array };
}

export interface TrainingSummary {
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly stopReason: TrainResult['stopReason'];
  /** Validation loss (weighted BCE per event) of the weights kept. */
  readonly validationLoss: number;
  readonly trainEvents: number;
  readonly validationEvents: number;
  readonly seconds: number;
  /** Training events through the optimiser per second (forward + backward). */
  readonly eventsPerSecond: number;
  readonly backend: string;
}

/** The merged training table: events of both classes, labels, loss weights and θ (scaled, P per event). */
export interface Table {
  readonly inputs: ClassifierInputs;
  readonly labels: Float32Array;
  readonly lossWeights: Float32Array;
  readonly theta: Float32Array;
}

export const STREAM = { split: 0x5e1, shuffle: 0x5e2, theta: 0x5e3 } as const;

/** Loss weights with each class scaled to a total of half the events (mean |weight| ≈ 1). */
function balancedWeights(labels: Float32Array, weights: Float64Array): Float32Array {
  const total = [0, 0];
  for (let i = 0; i < labels.length; i++) total[labels[i]] += weights[i];
  for (const c of [0, 1]) if (!(total[c] > 0)) throw new Error(`the ${c === 0 ? 'baseline' : 'target'} sample's weights sum to ${total[c]}; a class needs a positive total`);
  return Float32Array.from(weights, (w, i) => (w * labels.length) / (2 * total[labels[i]]));
}

function sampleWeights(s: WeightedSample): Float64Array {
  if (s.weights && s.weights.length !== s.inputs.n) throw new Error(`${s.weights.length} weights for ${s.inputs.n} events`);
  return s.weights ?? new Float64Array(s.inputs.n).fill(1);
}

/** Events and labels of both classes, baseline (0) first. */
export function mergedTable(a: WeightedSample, b: WeightedSample, theta: Float32Array): Table {
  const labels = new Float32Array(a.inputs.n + b.inputs.n).fill(1, a.inputs.n);
  const weights = new Float64Array(labels.length);
  weights.set(sampleWeights(a));
  weights.set(sampleWeights(b), a.inputs.n);
  return { inputs: concatInputs(a.inputs, b.inputs), labels, lossWeights: balancedWeights(labels, weights), theta };
}

/** Scaled θ of every event: the targets' own, and for each baseline event one of the targets' θ_i (see below). */
export function pairedTheta(data: ParametrisedData, rng: Random): Float32Array {
  const { theta: space, target, baseline } = data;
  const P = space.names.length;
  const [n0, n1] = [baseline.inputs.n, target.inputs.n];
  if (target.theta.length !== n1 * P) throw new Error(`target θ holds ${target.theta.length} values; ${n1} events × ${P} parameters need ${n1 * P}`);
  if (n1 === 0) throw new Error('the target sample is empty');
  const out = new Float32Array((n0 + n1) * P);
  for (let i = 0; i < n1; i++) {
    for (let p = 0; p < P; p++) {
      const v = target.theta[i * P + p];
      if (!(v >= space.lo[p] && v <= space.hi[p])) throw new Error(`target event ${i}: ${space.names[p]} = ${v} is outside the range [${space.lo[p]}, ${space.hi[p]}]`);
      out[(n0 + i) * P + p] = space.hi[p] > space.lo[p] ? (v - space.lo[p]) / (space.hi[p] - space.lo[p]) : 0;
    }
  }
  // The targets' own θ_i, dealt out in shuffled rounds: then both classes hold the same θ values
  // (exactly, when the samples are equal in size), and θ alone tells nothing even locally;
  // independent draws would leave Poisson differences of the local counts, which the network
  // would learn as a spurious normalisation of w in each region of θ.
  let deck = permutation(rng, n1);
  for (let i = 0; i < n0; i++) {
    if (i > 0 && i % n1 === 0) deck = permutation(rng, n1);
    const j = n0 + deck[i % n1];
    out.copyWithin(i * P, j * P, j * P + P);
  }
  return out;
}

/** The events `idx` of a table (copies). */
function subsetTable(t: Table, idx: Int32Array, P: number): Table {
  const theta = new Float32Array(idx.length * P);
  idx.forEach((e, i) => theta.set(t.theta.subarray(e * P, e * P + P), i * P));
  return { inputs: subsetInputs(t.inputs, idx), labels: Float32Array.from(idx, (e) => t.labels[e]), lossWeights: Float32Array.from(idx, (e) => t.lossWeights[e]), theta };
}

/** log(1 + eˣ) without overflow: the binary cross-entropy of a logit. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Weighted BCE per event of a whole table at the current weights, in float64. */
export function tableLoss(model: Reweighter, t: Table): number {
  const P = model.info.theta.names.length;
  const z = model.logitsAtUnit(t.inputs, { values: t.theta, perEvent: P > 0 });
  let s = 0;
  for (let i = 0; i < z.length; i++) s += t.lossWeights[i] * (softplus(z[i]) - t.labels[i] * z[i]);
  return s / Math.max(1, z.length);
}

/** Held-out events for early stopping; none when there are too few to spare. */
export function splitTable(t: Table, share: number, P: number, seed: number): { train: Table; check: Table | undefined } {
  if (!(share >= 0 && share < 1)) throw new Error(`validation must lie in [0, 1), got ${share}`);
  const n = t.labels.length;
  const held = Math.round(n * share);
  if (held < 1 || n - held < 2) return { train: t, check: undefined };
  const order = permutation(new Random(seed, STREAM.split), n);
  return { train: subsetTable(t, order.subarray(held), P), check: subsetTable(t, order.subarray(0, held), P) };
}

/** One minibatch's weighted BCE as a tensor; runs inside the optimiser's scope, which frees its tensors. */
function batchLoss(model: Reweighter, t: Table, order: Int32Array, from: number, to: number, autograd: boolean): tf.Scalar {
  const P = model.info.theta.names.length;
  const theta: ThetaColumns = { values: t.theta, perEvent: P > 0 };
  const batch = assembleBatch(t.inputs, model.info.standardisation, theta, P, order, from, to);
  const B = batch.events;
  const rows = tf.tensor2d(batch.rows, [batch.rows.length / model.net.inputWidth, model.net.inputWidth]);
  const mask = batch.mask ? tf.tensor2d(batch.mask, [batch.mask.length, 1]) : undefined;
  const z = netLogits(model.net, { events: B, rows, mask }, autograd);
  const y = tf.tensor1d(Float32Array.from(order.subarray(from, to), (e) => t.labels[e]));
  const w = tf.tensor1d(Float32Array.from(order.subarray(from, to), (e) => t.lossWeights[e]));
  return tf.div(tf.sum(tf.mul(w, tf.sub(tf.softplus(z), tf.mul(y, z)))), B);
}

/** Adam whose learning rate can be lowered between passes (TF.js reads it at every step). */
class SteppedAdam extends tf.AdamOptimizer {
  constructor(
    readonly initialRate: number,
    readonly floor: number,
  ) {
    super(initialRate, 0.9, 0.999);
  }

  /** Halves the rate, down to `floor`; false when already there. */
  lower(): boolean {
    if (this.learningRate / 2 < this.floor * (1 - 1e-9)) return false;
    this.learningRate /= 2;
    return true;
  }
}

/** Passes without a better validation loss before the learning rate is halved: SGD noise, not the model, then limits the loss. */
const PLATEAU_PASSES = 2;

/** Minibatch passes over the training table, told to train() as one epoch per optimiser step. */
class Passes {
  readonly steps: number;
  private step = 0;
  private order: Int32Array;
  private passLoss = 0;
  /** Held between passes, so it must start finite: train() stops on a non-finite watched loss. */
  private valLoss: number;
  private bestVal = Infinity;
  private sinceBest = 0;

  constructor(
    private readonly model: Reweighter,
    private readonly split: { train: Table; check: Table | undefined },
    private readonly batch: number,
    private readonly rng: Random,
    private readonly optimizer: SteppedAdam,
    private readonly o: TrainReweighterOptions,
  ) {
    this.steps = Math.ceil(split.train.labels.length / batch);
    this.order = permutation(rng, split.train.labels.length);
    this.valLoss = split.check ? tableLoss(model, split.check) : 0;
  }

  /** The next minibatch's loss; a new shuffle starts every pass. */
  loss(): tf.Scalar {
    const n = this.split.train.labels.length;
    const s = this.step % this.steps;
    if (s === 0 && this.step > 0) this.order = permutation(this.rng, n);
    this.step++;
    return batchLoss(this.model, this.split.train, this.order, s * this.batch, Math.min(n, (s + 1) * this.batch), this.o.autograd ?? false);
  }

  /** The validation loss, recomputed at the end of each pass (where a plateau lowers the learning rate). */
  validation(check: Table): tf.Scalar {
    if (this.step % this.steps !== 0) return tf.scalar(this.valLoss);
    this.valLoss = tableLoss(this.model, check);
    if (this.valLoss < this.bestVal) [this.bestVal, this.sinceBest] = [this.valLoss, 0];
    else if (++this.sinceBest >= PLATEAU_PASSES && this.optimizer.lower()) this.sinceBest = 0;
    return tf.scalar(this.valLoss);
  }

  /** Sums the steps' losses and reports each finished pass. */
  progress(p: TrainProgress): void {
    this.passLoss += p.loss;
    if (p.epoch % this.steps !== 0) return;
    this.o.onProgress?.({ epoch: p.epoch / this.steps, loss: this.passLoss / this.steps, valLoss: p.valLoss });
    this.passLoss = 0;
  }
}

/** Trains `model` on the table; see the module comment for how passes map onto src/nn's epochs. */
export async function fitTable(model: Reweighter, split: { train: Table; check: Table | undefined }, o: TrainReweighterOptions): Promise<TrainingSummary> {
  const n = split.train.labels.length;
  const B = Math.min(o.batchSize ?? 512, n);
  if (!(Number.isInteger(B) && B >= 1)) throw new Error(`batchSize must be a positive integer, got ${B}`);
  const lr = o.learningRate ?? 0.002;
  const optimizer = new SteppedAdam(lr, o.minLearningRate ?? lr / 32);
  const passes = new Passes(model, split, B, new Random(o.seed ?? 1, STREAM.shuffle), optimizer, o);
  const check = split.check;
  const started = performance.now();
  try {
    const result = await train({
      loss: () => passes.loss(),
      variables: netVariables(model.net),
      optimizer,
      epochs: (o.epochs ?? 40) * passes.steps,
      ...(check ? { validationLoss: () => passes.validation(check), patience: (o.patience ?? 6) * passes.steps } : {}),
      onProgress: (p) => passes.progress(p),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    const epochs = { epochs: Math.ceil(result.epochs / passes.steps), bestEpoch: Math.ceil(result.bestEpoch / passes.steps), stopReason: result.stopReason };
    const sizes = { trainEvents: n, validationEvents: check?.labels.length ?? 0 };
    return { ...epochs, ...sizes, validationLoss: check ? tableLoss(model, check) : NaN, seconds, eventsPerSecond: (result.epochs * B) / seconds, backend: backendInUse() ?? tf.getBackend() };
  } finally {
    optimizer.dispose();
  }
}

/** A fresh, untrained reweighter for the table (standardisation from all its events). */
export function freshReweighter(t: Table, mode: ReweighterInfo['mode'], theta: ThetaSpace, o: TrainReweighterOptions): Reweighter {
  const inputs = t.inputs;
  const spec = o.model ?? (inputs.kind === 'event' ? DEFAULT_EVENT_MLP : DEFAULT_PARTICLE_FLOW);
  if ((spec.kind === 'event-mlp') !== (inputs.kind === 'event')) throw new Error(`a ${spec.kind} model cannot read ${inputs.kind === 'event' ? 'event observables' : 'particle sets'}`);
  const activation = o.activation ?? 'relu';
  const meanMultiplicity = inputs.kind === 'particles' ? inputs.mask.reduce((s, m) => s + m, 0) / Math.max(1, inputs.n) : 1;
  const net = initNet(spec, inputs.names.length + theta.names.length, activation, 1 / Math.max(1, meanMultiplicity), o.seed ?? 1);
  const info: ReweighterInfo = { mode, spec, activation, inputKind: inputs.kind, featureNames: [...inputs.names], standardisation: standardisationOf([inputs]), theta };
  return new Reweighter(info, net);
}

/** Brings up the backend once, with the caller's choice and logger. */
export async function backendFor(o: TrainReweighterOptions): Promise<void> {
  await initBackend({ ...(o.backend ? { backend: o.backend } : {}), ...(o.log ? { log: o.log } : {}) });
}

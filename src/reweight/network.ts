/**
 * The two classifiers f(x, θ), as functions from a batch's rows to logits:
 *
 *  - event MLP: rows [B, D + P] → MLP → logit [B];
 *  - Particle Flow (Deep Sets): rows [B·M, K + P] → Φ (an MLP applied row by
 *    row, its output activated) → × mask → sum over each event's M rows →
 *    × sumScale → F (an MLP) → logit [B].
 *
 * Φ runs as rank-2 dense layers over all B·M rows at once (src/nn's layers,
 * whose backward pass uses plain matMuls on wasm, several times faster there
 * than TF.js's flagged ones). The mask zeroes Φ's output on padding rows
 * (Φ(0) ≠ 0 because of the biases), so padding adds exactly zero to the sum
 * and the logit does not depend on M or on the order of the particles.
 */
import * as tf from '@tensorflow/tfjs';
import { activate, disposeParams, initMlp, mlp, paramsOf, weightRandom, type Activation, type DenseParams } from '../nn/index.js';

/** Hidden-layer sizes of the event MLP. */
export interface EventMlpSpec {
  readonly kind: 'event-mlp';
  /** Default [32, 32]. */
  readonly hidden: readonly number[];
}

/** Layer sizes of the Particle Flow network. */
export interface ParticleFlowSpec {
  readonly kind: 'particle-flow';
  /** Φ's layers; the last is the latent size. Default [32, 32, 32]. */
  readonly phi: readonly number[];
  /** F's hidden layers (a final layer of 1 is added). Default [32, 32]. */
  readonly F: readonly number[];
}

export type ModelSpec = EventMlpSpec | ParticleFlowSpec;

/**
 * Defaults chosen for training in minutes on two cores with the wasm backend:
 * the paper's Φ (100, 100, 128), F (100, 100, 100) costs ~10× more per
 * particle, while 32-wide layers already separate the fragmentation
 * parameters' effects (multiplicity and momentum spectra) in our tests.
 */
export const DEFAULT_EVENT_MLP: EventMlpSpec = { kind: 'event-mlp', hidden: [32, 32] };
export const DEFAULT_PARTICLE_FLOW: ParticleFlowSpec = { kind: 'particle-flow', phi: [32, 32, 32], F: [32, 32] };

/** A classifier's trainable layers: `first` is the MLP or Φ, `second` is F (empty for the MLP). */
export interface ClassifierNet {
  readonly spec: ModelSpec;
  readonly activation: Activation;
  /** Width of the first layer's rows (features + θ). */
  readonly inputWidth: number;
  /** Particle Flow: the masked sum is multiplied by this (1 / the training set's mean multiplicity), keeping F's inputs O(1). */
  readonly sumScale: number;
  readonly first: DenseParams[];
  readonly second: DenseParams[];
}

/** Layer sizes of both parts, for initialisation and for checking stored weights. */
export function layerSizes(spec: ModelSpec, inputWidth: number): { first: number[]; second: number[] } {
  const check = (what: string, sizes: readonly number[]) => {
    if (!sizes.every((s) => Number.isInteger(s) && s >= 1)) throw new Error(`${what} sizes must be positive integers, got [${sizes.join(', ')}]`);
  };
  if (spec.kind === 'event-mlp') {
    check('event MLP hidden layer', spec.hidden);
    return { first: [inputWidth, ...spec.hidden, 1], second: [] };
  }
  check('Φ layer', spec.phi);
  check('F layer', spec.F);
  if (spec.phi.length === 0) throw new Error('the Particle Flow network needs at least one Φ layer');
  return { first: [inputWidth, ...spec.phi], second: [spec.phi[spec.phi.length - 1], ...spec.F, 1] };
}

/** Fresh layers with seeded Glorot weights (stream 0 for the first part, 1 for F). */
export function initNet(spec: ModelSpec, inputWidth: number, activation: Activation, sumScale: number, seed: number): ClassifierNet {
  const sizes = layerSizes(spec, inputWidth);
  const first = initMlp(weightRandom(seed, 0), sizes.first);
  const second = sizes.second.length > 0 ? initMlp(weightRandom(seed, 1), sizes.second) : [];
  return { spec, activation, inputWidth, sumScale, first, second };
}

export function netVariables(net: ClassifierNet): tf.Variable[] {
  return [...paramsOf(net.first), ...paramsOf(net.second)];
}

export function disposeNet(net: ClassifierNet): void {
  disposeParams(net.first);
  disposeParams(net.second);
}

/** Batch rows as tensors: the first layer's input and, for Particle Flow, the mask [B·M, 1]. */
export interface BatchTensors {
  readonly events: number;
  readonly rows: tf.Tensor2D;
  readonly mask: tf.Tensor2D | undefined;
}

/**
 * Logits [B] of a batch; call inside tf.tidy (or an optimiser's minimize).
 * `autograd` leaves the dense layers to TF.js's own gradients (for the benchmark).
 */
export function netLogits(net: ClassifierNet, batch: BatchTensors, autograd = false): tf.Tensor1D {
  const options = { activation: net.activation, inputGradient: false, autograd };
  if (net.spec.kind === 'event-mlp') return tf.reshape(mlp(batch.rows, net.first, options), [batch.events]);
  if (!batch.mask) throw new Error('netLogits: a Particle Flow batch needs its mask');
  const latent = activate(mlp(batch.rows, net.first, options), net.activation);
  const width = latent.shape[1] ?? 0;
  const perEvent = tf.reshape(tf.mul(latent, batch.mask), [batch.events, -1, width]);
  const pooled = tf.mul<tf.Tensor2D>(tf.sum(perEvent, 1), net.sumScale);
  return tf.reshape(mlp(pooled, net.second, { activation: net.activation, autograd }), [batch.events]);
}

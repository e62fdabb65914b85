/**
 * A trained reweighter: the classifier, the inputs it reads, their
 * standardisation and the θ range it was trained over. Evaluates logits and
 * weights for any θ inside that range (outside it is refused: the network has
 * never seen such θ, and its extrapolation is not to be trusted).
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../nn/index.js';
import { assembleBatch, checkSameFeatures, type ClassifierInputs, type Standardisation, type ThetaColumns } from './inputs.js';
import { disposeNet, netLogits, type ClassifierNet, type ModelSpec } from './network.js';
import { weightsFromLogits, type WeightOptions, type WeightResult } from './weights.js';

/**
 * The parameters θ a reweighter takes, named as Pythia names them. `lo`/`hi`
 * is the trained range (θ enters the network as 2(θ − lo)/(hi − lo) − 1, see inputs.ts); θ₀ is the
 * baseline sample's point. All empty for a two-sample (non-parametric) model.
 */
export interface ThetaSpace {
  readonly names: readonly string[];
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  readonly theta0: readonly number[];
}

/** Everything about a reweighter but its weights: what is saved in model.json. */
export interface ReweighterInfo {
  /** 'parametrised': f(x, θ) trained on θ₀ vs θ_i; 'two-sample': f(x) trained on sample A vs B. */
  readonly mode: 'parametrised' | 'two-sample';
  readonly spec: ModelSpec;
  readonly activation: Activation;
  /** What the model reads: event observables or particle sets, and their feature names in order. */
  readonly inputKind: ClassifierInputs['kind'];
  readonly featureNames: readonly string[];
  readonly standardisation: Standardisation;
  readonly theta: ThetaSpace;
}

/** Events per inference batch: bounds the tensors' memory (Particle Flow: × M rows × the layer width). */
const INFERENCE_EVENTS = { event: 32768, particles: 2048 } as const;

/** A trained reweighter; holds TF.js tensors, so dispose() it when done. */
export class Reweighter {
  constructor(
    readonly info: ReweighterInfo,
    readonly net: ClassifierNet,
  ) {}

  /** θ on the unit scale, (θ − lo)/(hi − lo) (assembleBatch centres it to [−1, 1]); throws, naming the range, for θ outside it. */
  unitTheta(theta: readonly number[]): Float32Array {
    const t = this.info.theta;
    if (theta.length !== t.names.length) throw new Error(`θ has ${theta.length} values; this reweighter takes ${t.names.length} (${t.names.join(', ') || 'none'})`);
    return Float32Array.from(theta, (v, p) => {
      if (!(v >= t.lo[p] && v <= t.hi[p])) throw new Error(`${t.names[p]} = ${v} is outside the trained range [${t.lo[p]}, ${t.hi[p]}]; the reweighter does not extrapolate`);
      return t.hi[p] > t.lo[p] ? (v - t.lo[p]) / (t.hi[p] - t.lo[p]) : 0;
    });
  }

  /** Checks that `inputs` carry the features the model was trained on. */
  checkInputs(inputs: ClassifierInputs, what = 'the sample'): void {
    checkSameFeatures(inputs, this.info.featureNames, this.info.inputKind, what);
  }

  /** The logit of every event at θ (omit θ for a two-sample model). */
  logits(inputs: ClassifierInputs, theta: readonly number[] = []): Float32Array {
    this.checkInputs(inputs);
    return this.logitsAtUnit(inputs, { values: this.unitTheta(theta), perEvent: false });
  }

  /** Logits with θ already scaled (one θ for all, or one per event): what training and evaluation share. */
  logitsAtUnit(inputs: ClassifierInputs, theta: ThetaColumns): Float32Array {
    const out = new Float32Array(inputs.n);
    const step = INFERENCE_EVENTS[inputs.kind];
    const P = this.info.theta.names.length;
    for (let from = 0; from < inputs.n; from += step) {
      const to = Math.min(inputs.n, from + step);
      const batch = assembleBatch(inputs, this.info.standardisation, theta, P, undefined, from, to);
      const logits = tf.tidy(() => {
        const rows = tf.tensor2d(batch.rows, [batch.rows.length / this.net.inputWidth, this.net.inputWidth]);
        const mask = batch.mask ? tf.tensor2d(batch.mask, [batch.mask.length, 1]) : undefined;
        return netLogits(this.net, { events: batch.events, rows, mask });
      });
      out.set(logits.dataSync(), from);
      logits.dispose();
    }
    return out;
  }

  /** Per-event weights at θ (see weightsFromLogits for the direction, ε guard and clipping). */
  weights(inputs: ClassifierInputs, theta: readonly number[] = [], options: WeightOptions = {}): WeightResult {
    return weightsFromLogits(this.logits(inputs, theta), options);
  }

  /** Frees the network's tensors; the reweighter is unusable afterwards. */
  dispose(): void {
    disposeNet(this.net);
  }
}

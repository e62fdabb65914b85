/**
 * The training loop shared by every network in mctune: one optimiser step per
 * epoch on a loss closure (full batch, or whatever batch the closure picks),
 * early stopping on a monitored loss with the best weights restored, a
 * progress callback per epoch for the user interface, and an AbortSignal.
 *
 * Tensor memory stays flat: each step's tensors are freed inside the step, the
 * best weights live in copies allocated once and overwritten in place.
 */
import * as tf from '@tensorflow/tfjs';

export interface TrainProgress {
  /** 1-based. */
  readonly epoch: number;
  /** Training loss at the weights this epoch's step started from. */
  readonly loss: number;
  /** Validation loss after this epoch's step; undefined without a validation loss. */
  readonly valLoss: number | undefined;
}

/** Why training ended: all epochs run, no improvement for `patience` epochs, aborted, or a loss became NaN/∞. */
export type StopReason = 'epochs' | 'patience' | 'aborted' | 'non-finite';

export interface TrainOptions {
  /** The training loss as a function of `variables`; run under the optimiser, its tensors are freed for you. */
  readonly loss: () => tf.Scalar;
  /** The weights to train (and to restore at the best epoch). */
  readonly variables: readonly tf.Variable[];
  /** For instance tf.train.adam(0.01); its state belongs to the caller, who disposes it. */
  readonly optimizer: tf.Optimizer;
  /** Maximum number of epochs (optimiser steps). */
  readonly epochs: number;
  /**
   * The loss that early stopping watches, evaluated after each step; the weights
   * of its best epoch are put back at the end. Default: none; then early stopping
   * watches the training loss the step itself computed (no second forward pass)
   * and the last weights are kept.
   */
  readonly validationLoss?: () => tf.Scalar;
  /** Epochs without improvement of the watched loss before stopping. Default: never stop early. */
  readonly patience?: number;
  /** How much the watched loss must fall to count as an improvement. Default 0. */
  readonly minDelta?: number;
  /** Put back the weights of the best epoch when training ends. Default true. */
  readonly restoreBest?: boolean;
  /** Called after every epoch. */
  readonly onProgress?: (progress: TrainProgress) => void;
  /** Stops training at the next epoch boundary; the result says 'aborted' (it does not reject). */
  readonly signal?: AbortSignal;
  /** The loop yields to the event loop at least this often (ms), so an abort or a redraw gets through. Default 50. */
  readonly yieldEveryMs?: number;
}

export interface TrainResult {
  /** Epochs run. */
  readonly epochs: number;
  /** The epoch whose weights are best (0: the initial weights). */
  readonly bestEpoch: number;
  /** The watched loss at the best epoch (Infinity when no epoch ran). */
  readonly bestLoss: number;
  readonly stopReason: StopReason;
  /** Whether the weights were put back to an earlier epoch's (the best) when training ended. */
  readonly restored: boolean;
}

function checkOptions(o: TrainOptions): void {
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new Error(`train: epochs must be a non-negative integer, got ${o.epochs}`);
  if (o.patience !== undefined && !(Number.isInteger(o.patience) && o.patience >= 1)) throw new Error(`train: patience must be a positive integer, got ${o.patience}`);
  if (o.minDelta !== undefined && !(o.minDelta >= 0)) throw new Error(`train: minDelta must be ≥ 0, got ${o.minDelta}`);
  if (o.variables.length === 0) throw new Error('train: no variables to train');
}

/** The value of a scalar the closure returns, with its tensors freed. */
function scalarValue(f: () => tf.Scalar): number {
  const t = tf.tidy(f);
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

/** One optimiser step; returns the loss before the step. */
function step(o: TrainOptions): number {
  const cost = o.optimizer.minimize(o.loss, true, o.variables as tf.Variable[]);
  if (cost === null) throw new Error('train: the optimiser returned no loss');
  const v = cost.dataSync()[0];
  cost.dispose();
  return v;
}

/** Copies of the weights, allocated once, overwritten at each improvement. */
class Snapshot {
  private readonly copies: tf.Variable[];

  constructor(private readonly variables: readonly tf.Variable[]) {
    this.copies = variables.map((v) => tf.variable(v, false));
  }

  take(): void {
    this.variables.forEach((v, i) => this.copies[i].assign(v));
  }

  restore(): void {
    this.copies.forEach((c, i) => this.variables[i].assign(c));
  }

  dispose(): void {
    for (const c of this.copies) c.dispose();
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs up to `epochs` optimiser steps with early stopping; see TrainOptions. Rejects on bad options or a throwing callback. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  checkOptions(options);
  const snapshot = options.validationLoss ? new Snapshot(options.variables) : undefined;
  try {
    const r = await loop(options, snapshot);
    if (!snapshot) return { ...r, bestEpoch: r.epochs, restored: false };
    const restored = (options.restoreBest ?? true) && r.bestEpoch !== r.epochs;
    if (restored) snapshot.restore();
    return { ...r, restored };
  } finally {
    snapshot?.dispose();
  }
}

async function loop(o: TrainOptions, snapshot: Snapshot | undefined): Promise<Omit<TrainResult, 'restored'>> {
  const watched = o.validationLoss;
  const patience = o.patience ?? Infinity;
  const minDelta = o.minDelta ?? 0;
  const yieldEvery = o.yieldEveryMs ?? 50;
  let best = { epoch: 0, loss: Infinity };
  let lastYield = performance.now();
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    if (performance.now() - lastYield >= yieldEvery) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
    if (o.signal?.aborted === true) return { epochs: epoch - 1, bestEpoch: best.epoch, bestLoss: best.loss, stopReason: 'aborted' };
    const loss = step(o);
    const value = watched ? scalarValue(watched) : loss;
    o.onProgress?.({ epoch, loss, valLoss: o.validationLoss === undefined ? undefined : value });
    if (!Number.isFinite(loss) || !Number.isFinite(value)) return { epochs: epoch, bestEpoch: best.epoch, bestLoss: best.loss, stopReason: 'non-finite' };
    if (value < best.loss - minDelta) {
      best = { epoch, loss: value };
      snapshot?.take();
    } else if (epoch - best.epoch >= patience) {
      return { epochs: epoch, bestEpoch: best.epoch, bestLoss: best.loss, stopReason: 'patience' };
    }
  }
  return { epochs: o.epochs, bestEpoch: best.epoch, bestLoss: best.loss, stopReason: 'epochs' };
}

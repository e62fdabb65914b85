/**
 * Per-event weights from a classifier's logit. A classifier trained with
 * balanced binary cross-entropy tends to f = p₁/(p₀ + p₁), so
 * w = f/(1 − f) = p₁/p₀ = exp(logit): computed from the logit directly, it
 * never divides by a rounded 1 − f. The ε guard keeps f in [ε, 1 − ε], i.e.
 * |logit| ≤ ln((1 − ε)/ε), so no weight is 0 or ∞.
 */

/**
 * 'to-theta': reweights the baseline (label 0, θ₀ or sample A) to the target
 * (θ or sample B), w = exp(logit); 'to-baseline': the inverse, w = exp(−logit).
 */
export type WeightDirection = 'to-theta' | 'to-baseline';

export interface WeightOptions {
  /** Default 'to-theta'. */
  readonly direction?: WeightDirection;
  /** f is kept within [ε, 1 − ε]. Default 1e-6 (weights within [1e-6, 1e6]). */
  readonly epsilon?: number;
  /** Weights above this are set to it (and counted). Default: no clipping. */
  readonly clip?: number;
}

export interface WeightResult {
  readonly weights: Float64Array;
  /** Events whose weight was lowered to `clip`. */
  readonly clipped: number;
  /** Events whose f lay outside [ε, 1 − ε]. */
  readonly guarded: number;
}

export const DEFAULT_EPSILON = 1e-6;

/** Throws unless the options are usable. */
function checkOptions(epsilon: number, clip: number): void {
  if (!(epsilon > 0 && epsilon < 0.5)) throw new Error(`weights: epsilon must lie in (0, 0.5), got ${epsilon}`);
  if (!(clip > 0)) throw new Error(`weights: clip must be positive, got ${clip}`);
}

/** Weights from logits (see the module comment); float64 throughout. */
export function weightsFromLogits(logits: ArrayLike<number>, options: WeightOptions = {}): WeightResult {
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  const clip = options.clip ?? Infinity;
  checkOptions(epsilon, clip);
  const bound = Math.log((1 - epsilon) / epsilon);
  const sign = (options.direction ?? 'to-theta') === 'to-theta' ? 1 : -1;
  const weights = new Float64Array(logits.length);
  let [clipped, guarded] = [0, 0];
  for (let i = 0; i < logits.length; i++) {
    let z = logits[i];
    if (Number.isNaN(z)) throw new Error(`weights: the logit of event ${i} is NaN (a broken model or input)`);
    if (z > bound || z < -bound) {
      guarded++;
      z = Math.max(-bound, Math.min(bound, z));
    }
    let w = Math.exp(sign * z);
    if (w > clip) {
      w = clip;
      clipped++;
    }
    weights[i] = w;
  }
  return { weights, clipped, guarded };
}

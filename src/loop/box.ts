/**
 * The box each iteration samples: the campaign's ranges at first, then around
 * the last tune — its ranges shrunk by a factor, or the best point ± k σ —
 * always inside the original ranges.
 */
import type { CampaignConfig, IterationSettings, SubBox } from '../campaign/index.js';

/** Free parameters' bounds, in the campaign's order. */
export interface IterationBox {
  readonly names: readonly string[];
  readonly low: readonly number[];
  readonly high: readonly number[];
}

export function initialBox(config: CampaignConfig): IterationBox {
  const free = config.parameters.filter((p) => p.fixed === undefined);
  return { names: free.map((p) => p.name), low: free.map((p) => p.low), high: free.map((p) => p.high) };
}

export interface BoxRule {
  /** Ranges scaled by this factor around the best point (default 0.5). */
  readonly shrink?: number;
  /** Instead: best ± sigmas·σ. */
  readonly sigmas?: number;
  /** Whatever the rule, the box keeps best ± keepSigmas·σ (default 3). */
  readonly keepSigmas?: number;
}

/**
 * The next box around `best` (natural units, by name); `sigma` by name for the
 * k·σ rule. It never shrinks past `keep` (the last tune's eigentunes, at its
 * calibrated Δχ²) nor inside best ± rule.keepSigmas·σ: a box that cut off what the
 * tune cannot exclude could never find its way back there, and the next
 * surrogate, fitted inside it, would be biased where the truth lies. Clipped to the campaign's ranges; refuses a box
 * with no extent.
 */
export function nextBox(config: CampaignConfig, previous: IterationBox, best: ReadonlyMap<string, number>, sigma: ReadonlyMap<string, number>, rule: BoxRule, keep: readonly ReadonlyMap<string, number>[] = []): IterationBox {
  const original = initialBox(config);
  const low: number[] = [];
  const high: number[] = [];
  previous.names.forEach((name, p) => {
    const centre = best.get(name);
    if (centre === undefined) throw new Error(`the last tune has no value for ${name}`);
    const s = sigma.get(name) ?? NaN;
    if (rule.sigmas !== undefined && !(s > 0 && Number.isFinite(s))) {
      // A parameter the tune held (σ = 0) or could not constrain (σ = ∞) keeps its box under the σ rule.
      low.push(previous.low[p]);
      high.push(previous.high[p]);
      return;
    }
    const half = rule.sigmas !== undefined ? rule.sigmas * s : ((rule.shrink ?? 0.5) * (previous.high[p] - previous.low[p])) / 2;
    const reach = Number.isFinite(s) && s > 0 ? [centre - (rule.keepSigmas ?? 3) * s, centre + (rule.keepSigmas ?? 3) * s] : [];
    const kept = [...keep.map((k) => k.get(name)), ...reach].filter((v): v is number => v !== undefined && Number.isFinite(v));
    const lo = Math.max(original.low[p], Math.min(centre - half, ...kept));
    const hi = Math.min(original.high[p], Math.max(centre + half, ...kept));
    // Relative to the range: a box below a millionth of it cannot be sampled into distinct runs.
    if (!(hi - lo > 1e-6 * (original.high[p] - original.low[p]))) {
      throw new Error(`the next box of ${name} is [${lo}, ${hi}] (best ${centre}, half-width ${half}): too small to sample; loosen iterations.sigmas or iterations.shrink`);
    }
    low.push(lo);
    high.push(hi);
  });
  return { names: previous.names, low, high };
}

export function asSubBox(box: IterationBox): SubBox {
  return new Map(box.names.map((n, p) => [n, [box.low[p], box.high[p]] as const]));
}

/** Whether a run's parameters lie in the box (edges included, to rounding). */
export function insideBox(box: IterationBox, params: Readonly<Record<string, number>>): boolean {
  return box.names.every((n, p) => {
    const v = params[n];
    const slack = 1e-12 * Math.max(1, Math.abs(box.high[p]), Math.abs(box.low[p]));
    return v >= box.low[p] - slack && v <= box.high[p] + slack;
  });
}

/**
 * The box whose finished runs an iteration's surrogate learns from: its own
 * (`box`), the one before it (`previous-box`, the default), or the campaign's
 * ranges (`all`). When runs scatter more than the reference data's errors
 * (the demo's runs of 20 000 events, about ten times), the surrogate's noise,
 * not its form, limits a tune; it falls only with more runs, and a box shrunk by half in five
 * parameters keeps a thirtieth of the runs before it. A surrogate fitted to
 * the new box alone had fewer runs than the iteration before and, on the demo,
 * settled 5–9 σ off the truth; fitted to the box before, it learns from twice
 * the runs where a quadratic still holds.
 */
export function fitRegion(config: CampaignConfig, rule: NonNullable<IterationSettings['fit-runs']>, box: IterationBox, previous: IterationBox): IterationBox {
  if (rule === 'box') return box;
  return rule === 'all' ? initialBox(config) : spanning(previous, box);
}

/**
 * The smallest box holding both. The next box keeps the best point ± k·σ,
 * which can reach past the box before it; runs sampled out there must still
 * be learnt from, or the tune would extrapolate where they lie.
 */
function spanning(outer: IterationBox, inner: IterationBox): IterationBox {
  const within = inner.names.every((_, p) => inner.low[p] >= outer.low[p] && inner.high[p] <= outer.high[p]);
  if (within) return outer;
  return { names: outer.names, low: outer.low.map((v, p) => Math.min(v, inner.low[p])), high: outer.high.map((v, p) => Math.max(v, inner.high[p])) };
}

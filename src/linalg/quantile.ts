/** The level-quantile of ascending `sorted` (linear interpolation between order statistics, R's type 7); NaN when empty. */
export function quantileOfSorted(sorted: ArrayLike<number>, level: number): number {
  if (!(level >= 0 && level <= 1)) throw new Error(`quantile level must lie in [0, 1], got ${level}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * level;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

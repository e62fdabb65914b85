/**
 * Statistics of a weighted distribution from its running sums, with YODA's
 * definitions so that numbers agree with what Rivet users see.
 */

/** Weighted mean Σwx / Σw; NaN when Σw = 0. */
export function dbnMean(sumw: number, sumwx: number): number {
  return sumw === 0 ? NaN : sumwx / sumw;
}

/**
 * Unbiased weighted variance (Σw Σwx² − (Σwx)²) / ((Σw)² − Σw²): reduces to the
 * sample variance with the 1/(n−1) factor for unit weights. NaN with fewer than
 * two effective entries.
 */
export function dbnVariance(sumw: number, sumw2: number, sumwx: number, sumwx2: number): number {
  const denom = sumw * sumw - sumw2;
  if (sumw === 0 || denom <= 0) return NaN;
  const v = (sumw * sumwx2 - sumwx * sumwx) / denom;
  return v < 0 ? 0 : v; // rounding can push a zero spread below zero
}

/** Effective number of entries (Σw)² / Σw². */
export function dbnEffEntries(sumw: number, sumw2: number): number {
  return sumw2 === 0 ? 0 : (sumw * sumw) / sumw2;
}

/** Standard error of the mean: σ / √N_eff. */
export function dbnStdErr(sumw: number, sumw2: number, sumwx: number, sumwx2: number): number {
  const neff = dbnEffEntries(sumw, sumw2);
  return neff === 0 ? NaN : Math.sqrt(dbnVariance(sumw, sumw2, sumwx, sumwx2) / neff);
}

/**
 * Histogram by histogram agreement of two samples' finalised analyses (the
 * reweighted baseline against a sample generated at θ, or a reference
 * YODA): χ² over the bins with an error, both samples' statistical errors in
 * quadrature, and the per-bin ratio.
 */
import { histogramChi2 } from '../chi2/index.js';
import { histoToDensity, type Estimate1D, type Histo1D } from '../histo/index.js';

export interface HistogramAgreement {
  readonly path: string;
  readonly title: string;
  readonly chi2: number;
  /** Bins with a non-zero combined error (the χ²'s degrees of freedom: no parameter is fitted per histogram). */
  readonly ndf: number;
  /** Per bin: value of the first sample over the second's (NaN where the second is 0). */
  readonly ratio: Float64Array;
  /** Per bin: the statistical error of that ratio from both samples. */
  readonly ratioError: Float64Array;
}

/** χ² and ratio of two estimates of the same binning. */
export function estimateAgreement(a: Estimate1D, b: Estimate1D): HistogramAgreement {
  const [va, vb, ea, eb] = [a.binValues(), b.binValues(), a.symmetricErrors(), b.symmetricErrors()];
  const { chi2, bins } = histogramChi2(va, ea, vb, eb);
  const ratio = va.map((v, i) => (vb[i] !== 0 ? v / vb[i] : NaN));
  const ratioError = va.map((v, i) => (vb[i] !== 0 && v !== 0 ? Math.abs(ratio[i]) * Math.hypot(ea[i] / v, eb[i] / vb[i]) : NaN));
  return { path: a.path, title: a.title, chi2, ndf: bins, ratio, ratioError };
}

/**
 * The agreement of every histogram of `a` with the histogram of the same path
 * in `b`; histograms empty in either (e.g. spectra of decayed hadrons, which an
 * event sample does not hold) are left out and listed.
 */
export function compareHistograms(a: readonly Histo1D[], b: readonly Histo1D[]): { rows: HistogramAgreement[]; empty: string[] } {
  const byPath = new Map(b.map((h) => [h.path, h]));
  const rows: HistogramAgreement[] = [];
  const empty: string[] = [];
  for (const h of a) {
    const other = byPath.get(h.path);
    if (other === undefined) throw new Error(`no histogram ${h.path} in the second sample's analyses`);
    if (h.integral(true) === 0 || other.integral(true) === 0) {
      empty.push(h.path);
      continue;
    }
    rows.push(estimateAgreement(histoToDensity(h), histoToDensity(other)));
  }
  return { rows, empty };
}

/** Σχ² and Σndf over rows. */
export function totalChi2(rows: readonly HistogramAgreement[]): { chi2: number; ndf: number } {
  return rows.reduce((t, r) => ({ chi2: t.chi2 + r.chi2, ndf: t.ndf + r.ndf }), { chi2: 0, ndf: 0 });
}

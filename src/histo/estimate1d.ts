import { Binning } from './binning.js';
import { AnalysisObject } from './object.js';
import { type ErrorSource, quadratureTotals, cloneSources, checkLabels } from './error-sources.js';

/**
 * A binned result: one value per bin with any number of named, possibly
 * asymmetric error sources. This is what comparisons and fits consume: reference
 * data, normalised MC histograms, surrogate predictions. Arrays have n+2 slots
 * (underflow at 0, bins at 1..n, overflow at n+1); flows are NaN when unknown.
 */
export class Estimate1D extends AnalysisObject {
  readonly kind = 'Estimate1D' as const;
  readonly binning: Binning;
  readonly values: Float64Array;
  readonly sources: ErrorSource[];

  constructor(
    path: string,
    binning: Binning,
    values?: Float64Array,
    sources: ErrorSource[] = [],
    annotations?: Iterable<[string, string]>,
  ) {
    super(path, annotations);
    const slots = binning.size + 2;
    if (values && values.length !== slots) {
      throw new Error(`${path}: ${values.length} values for ${binning.size} bins (expected ${slots} with flows)`);
    }
    checkLabels(sources, path);
    for (const s of sources) {
      if (s.dn.length !== slots || s.up.length !== slots) {
        throw new Error(`${path}: error source '${s.label}' has ${s.dn.length} slots, expected ${slots}`);
      }
    }
    this.binning = binning;
    this.values = values ?? new Float64Array(slots).fill(NaN);
    this.sources = sources;
  }

  get numBins(): number {
    return this.binning.size;
  }

  /** Values of the n in-range bins (a view). */
  binValues(): Float64Array {
    return this.values.subarray(1, this.numBins + 1);
  }

  /** Total down and up errors of the n in-range bins, positive, in quadrature over the sources. */
  totalErrors(): { dn: Float64Array; up: Float64Array } {
    const t = quadratureTotals(this.sources, this.values.length);
    const n = this.numBins;
    return { dn: t.dn.subarray(1, n + 1), up: t.up.subarray(1, n + 1) };
  }

  /** Mean of the down and up total errors per in-range bin: the σ a symmetric χ² uses. */
  symmetricErrors(): Float64Array {
    const { dn, up } = this.totalErrors();
    const out = new Float64Array(dn.length);
    for (let i = 0; i < out.length; i++) out[i] = 0.5 * (dn[i] + up[i]);
    return out;
  }

  source(label: string): ErrorSource | undefined {
    return this.sources.find((s) => s.label === label);
  }

  clone(): Estimate1D {
    return new Estimate1D(this.path, this.binning, this.values.slice(), cloneSources(this.sources), this.annotations);
  }
}

import { AnalysisObject } from './object.js';
import { type ErrorSource, quadratureTotals, cloneSources, checkLabels } from './error-sources.js';

/** A single value with named error sources (a total cross-section, a mean multiplicity). */
export class Estimate0D extends AnalysisObject {
  readonly kind = 'Estimate0D' as const;
  value: number;
  readonly sources: ErrorSource[];

  constructor(path: string, value: number, sources: ErrorSource[] = [], annotations?: Iterable<[string, string]>) {
    super(path, annotations);
    checkLabels(sources, path);
    for (const s of sources) {
      if (s.dn.length !== 1 || s.up.length !== 1) throw new Error(`${path}: error source '${s.label}' must have 1 slot`);
    }
    this.value = value;
    this.sources = sources;
  }

  get numBins(): number {
    return 1;
  }

  /** Total down and up errors (positive), in quadrature over the sources. */
  totalErrors(): { dn: number; up: number } {
    const t = quadratureTotals(this.sources, 1);
    return { dn: t.dn[0], up: t.up[0] };
  }

  clone(): Estimate0D {
    return new Estimate0D(this.path, this.value, cloneSources(this.sources), this.annotations);
  }
}

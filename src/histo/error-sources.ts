/**
 * Named error sources of an estimate. Each source holds, per slot, a signed
 * down shift and a signed up shift (as YODA 2 writes them: usually dn < 0 < up,
 * but a correlated systematic may move both the same way). NaN marks a source
 * that does not apply to that slot (`---` in files).
 */
export interface ErrorSource {
  label: string;
  dn: Float64Array;
  up: Float64Array;
}

/**
 * Quadrature sum of all sources in each slot, as positive down and up
 * magnitudes. A source contributes its negative shift to the down side and its
 * positive shift to the up side; when both shifts share a sign the larger one
 * counts on that side only.
 */
export function quadratureTotals(sources: readonly ErrorSource[], slots: number): { dn: Float64Array; up: Float64Array } {
  const dn = new Float64Array(slots);
  const up = new Float64Array(slots);
  for (const s of sources) {
    for (let i = 0; i < slots; i++) {
      const a = s.dn[i];
      const b = s.up[i];
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      const lo = Math.min(a, b, 0);
      const hi = Math.max(a, b, 0);
      dn[i] += lo * lo;
      up[i] += hi * hi;
    }
  }
  for (let i = 0; i < slots; i++) {
    dn[i] = Math.sqrt(dn[i]);
    up[i] = Math.sqrt(up[i]);
  }
  return { dn, up };
}

/** A symmetric source ±err (err ≥ 0 per slot). */
export function symmetricSource(label: string, err: Float64Array): ErrorSource {
  const dn = new Float64Array(err.length);
  for (let i = 0; i < err.length; i++) dn[i] = -err[i];
  return { label, dn, up: err.slice() };
}

export function cloneSources(sources: readonly ErrorSource[]): ErrorSource[] {
  return sources.map((s) => ({ label: s.label, dn: s.dn.slice(), up: s.up.slice() }));
}

/** Throws unless labels are unique: a χ² that treats sources as correlated must find each once. */
export function checkLabels(sources: readonly ErrorSource[], where: string): void {
  const seen = new Set<string>();
  for (const s of sources) {
    if (seen.has(s.label)) throw new Error(`${where}: error source '${s.label}' appears twice`);
    seen.add(s.label);
  }
}

import type { AnyObject } from '../histo/index.js';
import type { YodaDocument } from './document.js';

/** How one object of A compares with the object of the same path in B. */
export interface ObjectDiff {
  path: string;
  /** Largest |a − b| / max(|a|, |b|) over every number (0 if identical; Infinity if the structure differs). */
  maxRelDiff: number;
  /** Where the largest difference is, or what differs structurally. */
  where: string;
}

/** Named numeric contents of an object, in a fixed order, for comparing. */
export function numericContents(o: AnyObject): Array<[string, ArrayLike<number>]> {
  switch (o.kind) {
    case 'Histo1D':
    case 'Profile1D':
      return [
        ['low edge', o.binning.lows],
        ['high edge', o.binning.highs],
        ...o.sumColumns.map((c): [string, ArrayLike<number>] => [c.name, o.sums(c.name)]),
        ...o.sumColumns.map((c, i): [string, ArrayLike<number>] => [`total ${c.name}`, [o.total[i]]]),
      ];
    case 'Counter':
      return [['sumw', [o.sumw]], ['sumw2', [o.sumw2]], ['numEntries', [o.numEntries]]];
    case 'Scatter2D':
      return [['x', o.x], ['xerr-', o.xErrDn], ['xerr+', o.xErrUp], ['y', o.y], ['yerr-', o.yErrDn], ['yerr+', o.yErrUp]];
    case 'Estimate0D':
      return [['value', [o.value]], ...o.sources.flatMap((s): Array<[string, ArrayLike<number>]> => [[`${s.label} dn`, s.dn], [`${s.label} up`, s.up]])];
    case 'Estimate1D':
      return [
        ['low edge', o.binning.lows],
        ['high edge', o.binning.highs],
        ['value', o.values],
        ...o.sources.flatMap((s): Array<[string, ArrayLike<number>]> => [[`${s.label} dn`, s.dn], [`${s.label} up`, s.up]]),
      ];
  }
}

/** Relative difference of two numbers; NaN equals NaN, and NaN against a number is infinitely different. */
export function relDiff(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

export function diffObjects(a: AnyObject, b: AnyObject): ObjectDiff {
  if (a.kind !== b.kind) return { path: a.path, maxRelDiff: Infinity, where: `type ${a.kind} vs ${b.kind}` };
  const ca = numericContents(a);
  const cb = numericContents(b);
  let worst: ObjectDiff = { path: a.path, maxRelDiff: 0, where: '' };
  for (let k = 0; k < Math.max(ca.length, cb.length); k++) {
    const [name, xa] = ca[k] ?? [cb[k][0], []];
    const xb = cb[k]?.[1] ?? [];
    if (cb[k]?.[0] !== name || xa.length !== xb.length) {
      return { path: a.path, maxRelDiff: Infinity, where: `${name}: ${xa.length} vs ${xb.length} entries` };
    }
    for (let i = 0; i < xa.length; i++) {
      const d = relDiff(xa[i], xb[i]);
      if (d > worst.maxRelDiff) worst = { path: a.path, maxRelDiff: d, where: `${name}[${i}]` };
    }
  }
  return worst;
}

/** Every path of A and B: the largest relative difference, or which file lacks it. */
export function diffDocuments(a: YodaDocument, b: YodaDocument): ObjectDiff[] {
  const out: ObjectDiff[] = [];
  for (const oa of a.objects) {
    const ob = b.get(oa.path);
    out.push(ob ? diffObjects(oa, ob) : { path: oa.path, maxRelDiff: Infinity, where: 'only in A' });
  }
  for (const ob of b.objects) {
    if (!a.has(ob.path)) out.push({ path: ob.path, maxRelDiff: Infinity, where: 'only in B' });
  }
  return out;
}

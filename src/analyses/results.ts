import type { AnyObject } from '../histo/index.js';
import { refPathOf } from '../reference/index.js';
import { statisticalEstimates, type AnalysisRun } from './analysis-run.js';
import type { AnalysisDefinition } from './definition.js';

/** Finalised histograms, or `/REF` estimates with statistical errors for pseudo-data. */
export function resultObjects(runs: readonly AnalysisRun[], asReference: boolean): AnyObject[] {
  const out: AnyObject[] = [];
  for (const r of runs) {
    if (!asReference) {
      out.push(...r.finalize());
      continue;
    }
    for (const e of statisticalEstimates(r)) {
      e.path = refPathOf(e.path);
      e.annotations.set('IsRef', '1');
      out.push(e);
    }
  }
  return out;
}

/** Paths of the histograms an analysis writes, so a generator's output can be checked for them. */
export function resultPaths(def: AnalysisDefinition): string[] {
  return def.observables.map((o) => `/${def.name}/${o.id}`);
}

/**
 * Why a histogram of a known analysis may be empty in every run, in words a
 * generator user can act on. Identified-hadron spectra count hadrons of any
 * status, decayed ones included; an event record that holds only final-state
 * particles (a common way to write HepMC3 to save space) has no π0, K0S, Λ, ρ,
 * … left to count.
 */
import { loadAnalysis, UnknownAnalysisError } from './registry.js';

/** A sentence explaining an empty histogram at `path` (`/ANALYSIS/d29-x01-y01`), or undefined when there is nothing specific to say. */
export function unfilledHint(path: string): string | undefined {
  const [, analysis, id] = path.split('/');
  if (!analysis || !id) return undefined;
  let spec;
  try {
    spec = loadAnalysis(analysis).observables.find((o) => o.id === id);
  } catch (e) {
    if (e instanceof UnknownAnalysisError) return undefined;
    throw e;
  }
  if (!spec || !spec.observable.startsWith('hadron-')) return undefined;
  return `it counts identified hadrons (PDG ${spec.pids.join(', ')}); hadrons that decay are missing when the generator's event record holds only final-state particles (e.g. HepMC3 written without decayed hadrons)`;
}

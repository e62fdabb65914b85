/**
 * Observables an analysis file can name. Event shapes are computed from the
 * charged final state, as in the LEP analyses; spectra are per particle.
 */
export const OBSERVABLES = [
  // One entry per event.
  'sphericity',
  'aplanarity',
  'one-minus-thrust',
  'thrust-major',
  'thrust-minor',
  'oblateness',
  'c-parameter',
  'heavy-jet-mass',
  'durham-minus-ln-y23',
  'charged-multiplicity',
  // One entry per charged final-state particle.
  'xp',
  'ln-inverse-xp',
  'rapidity-thrust',
  'pt-in-sphericity',
  'pt-out-sphericity',
  // Event sums filled at the single bin's centre.
  'mean-charged-multiplicity',
  'mean-hadron-multiplicity',
  // Identified hadrons (any status: decayed resonances count), per particle.
  'hadron-xp',
  'hadron-xe',
  'hadron-ln-inverse-xp',
] as const;

export type ObservableName = (typeof OBSERVABLES)[number];

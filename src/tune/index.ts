/** Tuning: the best point of a χ² from many starts, its uncertainties and eigentunes. */
export { levenbergMarquardt, type BoundedLeastSquares, type LmOptions, type LmResult } from './lm.js';
export { fitBest, type BestFit, type FitOptions, type StartOutcome } from './fit.js';
export { uncertaintiesAt, type Uncertainties } from './uncertainty.js';
export { eigentunes, type Eigentune } from './eigentunes.js';
export { calibrateDeltaChi2, type Calibration } from './calibrate.js';
export { heldOutClosure, MIN_HELD_OUT_RUNS, type HeldOutClosure, type HeldOutClosureOptions } from './held-out-closure.js';
export { tuneSurrogate, type DeltaChi2Choice, type TuneResult, type TuneSettings } from './tune.js';
export { eigentuneName, readTuneResults, RESULTS_FILE, resultsDocument, writeTuneOutputs, type StoredTune } from './results.js';
export { readTuneDocument, type StoredEigentune, type TuneDocument } from './document.js';

/** The χ² of a tune: Professor weight lines on a surrogate's bins against reference data, as residuals with their Jacobian. */
export { binWeight, fittedWeights, runEnvelope, selectBins, SelectionError, type FitBin, type Selection, type SelectOptions } from './select.js';
export { Chi2Objective, histogramChi2, SURROGATE_ERRORS, type HistogramChi2, type ObjectiveOptions, type ResidualsAt, type SurrogateError } from './objective.js';

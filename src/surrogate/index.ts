/** Surrogates: cheap models of the generator's response per bin, fitted to a campaign's runs. */
export { binName, type BinRef, type Exclusions, type HeldOut, type ParamBox, type Prediction, type Surrogate, type SurrogateKind } from './types.js';
export { allColumns, boxOfRuns, toUnit } from './box.js';
export { trainingSet, subsetBins, subsetRuns, type TrainingSet, type TrainingSetOptions } from './training-set.js';
export { monomialExponents, numCoefficients } from './monomials.js';
export { fitPolynomial, PolynomialSurrogate, type OrderScores, type PolynomialOptions, type PolyTerms } from './polynomial.js';
export { formatIpol, parseIpol, readIpol, writeIpol, type IpolMeta } from './ipol.js';
export { loadSurrogate } from './load.js';
export { ModelFileError, MODEL_VERSION } from './store.js';
export { pullEstimates, splitHoldout, validateOnRuns, type PullSummary, type Validation } from './validate.js';
export { DEFAULT_NETWORK_EPOCHS, fitNetwork, NETWORK_OPTIMIZERS, NetworkSurrogate, type NetworkFold, type NetworkFolds, type NetworkOptimizer, type NetworkOptions, type Standardisation } from './network.js';
export { fitInverse, InverseModel, loadInverse, type InverseOptions, type Proposal } from './inverse.js';
export { alignData, describeMismatch, type AlignedData, type BinningMismatch } from './align.js';
export { binEstimates } from './estimates.js';
export { polynomialRefits, type HeldOutRefits } from './refits.js';
export { networkRefits } from './network-folds.js';

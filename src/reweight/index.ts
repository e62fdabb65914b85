/**
 * DCTR reweighting: classifiers f(x, θ) that tell baseline events (θ₀) from
 * events at θ, turned into per-event weights w = f/(1 − f) that move the
 * baseline to any θ of the trained range; their diagnostics; fitting θ through
 * the frozen reweighter; saving and loading. Inputs are per-particle features
 * (a Particle Flow / Deep Sets network) or event observables (an MLP).
 */
export { DEFAULT_MAX_PARTICLES, PARTICLE_FEATURES, RAPIDITY_LIMIT, ThrustFrame, particleFeatures, pidClass, rapidityAlong, repadParticles } from './features.js';
export type { ParticleFeatureOptions, ParticleSet } from './features.js';
export { DEFAULT_EVENT_OBSERVABLES, eventObservables, eventRows } from './observables.js';
export type { EventRows } from './observables.js';
export { concatInputs, standardisationOf, subsetInputs } from './inputs.js';
export type { ClassifierInputs, Standardisation } from './inputs.js';
export { DEFAULT_EVENT_MLP, DEFAULT_PARTICLE_FLOW } from './network.js';
export type { EventMlpSpec, ModelSpec, ParticleFlowSpec } from './network.js';
export { Reweighter } from './reweighter.js';
export type { ReweighterInfo, ThetaSpace } from './reweighter.js';
export { DEFAULT_EPSILON, weightsFromLogits } from './weights.js';
export type { WeightDirection, WeightOptions, WeightResult } from './weights.js';
export { trainParametrised, trainTwoSample } from './trainers.js';
export type { TrainedReweighter, TwoSampleData } from './trainers.js';
export type { ParametrisedData, TrainReweighterOptions, TrainingSummary, WeightedSample } from './training.js';
export { DEFAULT_QUANTILES, effectiveSampleSize, summariseWeights, weightHistogram, weightedAuc } from './diagnostics.js';
export type { WeightHistogram, WeightSummary } from './diagnostics.js';
export { freshClassifierAuc, reweightingAuc } from './check.js';
export type { ClassifierCheck, ClassifierCheckOptions } from './check.js';
export { classifierLoss, fitTheta, fitWithClassifier, weightsObjective } from './fit.js';
export type { FitThetaOptions, ThetaFit, ThetaScan } from './fit.js';
export { REWEIGHTER_FORMAT, REWEIGHTER_VERSION, ReweighterFileError, loadReweighter, saveReweighter } from './store.js';

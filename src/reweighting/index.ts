/**
 * DCTR reweighting on event-sample files: the glue between src/events-store,
 * src/reweight (the classifiers), src/generator (training samples) and
 * src/analyses (reweighted histograms). What `mctune reweight` runs; scripts
 * import the same functions.
 */
export { EVENT_RECIPE, chunkInputs, joinInputs, particleRecipe, readSampleInputs, settingOf, settingsOf, thetaOfHeader } from './sample-inputs.js';
export type { InputRecipe, ReadInputsOptions, SampleInputs } from './sample-inputs.js';
export { drawThetaPoints, generateSample, planTrainingSamples } from './generate-samples.js';
export type { PlanOptions, PointSampling, SampleJob, TrainingSamplesPlan, VariedRange } from './generate-samples.js';
export { readManifest, saveTrainedReweighter, trainOnSamples } from './train-samples.js';
export { restoreSamplesAside, saveKeepingSamples, trainGeneratedReweighter, type GeneratedTrainingOptions } from './train-generated.js';
export type { SampleTraining, SampleTrainingOptions, TrainingManifest } from './train-samples.js';
export { analyseSample, analysisRuns, incompleteInSamples, recordFromChunk } from './weighted-analysis.js';
export type { AnalyseSampleOptions, ChunkWeights, WeightedRuns } from './weighted-analysis.js';
export { FillTable } from './fill-table.js';
export { compareHistograms, estimateAgreement, totalChi2 } from './compare.js';
export type { HistogramAgreement } from './compare.js';
export { recipeOf, reweightSample } from './apply.js';
export type { ApplyOptions, SampleWeights } from './apply.js';
export { checkReweighting } from './check.js';
export type { CheckOptions, HistogramCheck, ReweightingCheck } from './check.js';
export { fitToReference, fitToSample, headerTheta } from './fit.js';
export type { SampleFit, SampleFitOptions } from './fit.js';
export { readWeightsFile, weightsFormatOf, writeWeightsFile } from './weights-file.js';
export type { WeightsFormat } from './weights-file.js';

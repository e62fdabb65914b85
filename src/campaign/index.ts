export { parseCampaign, readCampaignFile } from './config.js';
export type { CampaignConfig, GeneratorSpec, ParameterSpec, SamplingMethod } from './config.js';
export { parseRanges, readRangesFile } from './ranges-file.js';
export { gridPoints, maximinLatinHypercube, minSquaredDistance, sampleUnit, toParameterPoints, uniformPoints } from './sampling.js';
export type { SubBox, UnitPoints } from './sampling.js';
export { MAX_SOBOL_DIMENSION, sobolPoints } from './sobol.js';

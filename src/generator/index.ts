export { Generator, ECM } from './generator.js';
export type { GeneratorOptions, GeneratorStats } from './generator.js';
export { permutation, Random } from './random.js';
export {
  SETTINGS,
  SettingError,
  defaultSettings,
  isSettingName,
  parseSettingAssignment,
  resolveSettings,
} from './settings.js';
export type { SettingName, SettingSpec, Settings } from './settings.js';
export { PARTICLES, particle } from './particle-data.js';
export type { ParticleData, Channel } from './particle-data.js';

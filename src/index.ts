/**
 * mctune's library API: everything the command line does, for scripts.
 * Each concept lives in its own folder; this file gathers their public parts.
 */
export * as histo from './histo/index.js';
export * as linalg from './linalg/index.js';
export * as yoda from './yoda/index.js';
export * as hepdata from './hepdata/index.js';
export * as reference from './reference/index.js';
export * as event from './event/index.js';
export * as generator from './generator/index.js';
export * as hepmc from './hepmc/index.js';
export * as eventsStore from './events-store/index.js';
export * as observables from './observables/index.js';
export * as analyses from './analyses/index.js';
export * as campaign from './campaign/index.js';
export * as pool from './pool/index.js';
export * as surrogate from './surrogate/index.js';
export * as chi2 from './chi2/index.js';
export * as tune from './tune/index.js';
export * as loop from './loop/index.js';
export * as plots from './plots/index.js';
export * as report from './report/index.js';
export * as reweight from './reweight/index.js';
export * as reweighting from './reweighting/index.js';
export { FileError } from './diagnostics/index.js';
export { runCli } from './cli/index.js';

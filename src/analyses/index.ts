export { AnalysisRun, statisticalEstimates } from './analysis-run.js';
export { parseAnalysis, readAnalysisFile } from './definition.js';
export type { AnalysisDefinition, ObservableSpec, Finalise } from './definition.js';
export { OBSERVABLES } from './observable-names.js';
export type { ObservableName } from './observable-names.js';
export { ANALYSES_DIR, REFERENCE_DIR, UnknownAnalysisError, listAnalyses, loadAnalysis } from './registry.js';
export { EventView } from './event-view.js';
export { analyseGenerated, analyseStream } from './drive.js';
export type { DriveOptions, EventProducer, Progress } from './drive.js';

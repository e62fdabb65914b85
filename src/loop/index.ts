/** The iterative tune: run → ingest → build → tune → a smaller box around the result → run again, resumable at every step. */
export { asSubBox, fitRegion, initialBox, insideBox, nextBox, type BoxRule, type IterationBox } from './box.js';
export { fitCampaignSurrogate, forwardKindOf, heldOutRefitsFor, networkOptions, polynomialOptions, type FitReport, type ForwardKind } from './fit-surrogate.js';
export { HOLD_ENV, iterationDir, LOOP_FILE, runLoop, type LoopEvent, type LoopOptions, type LoopOutcome, type LoopPhase } from './loop.js';

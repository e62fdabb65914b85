/** Running a campaign's runs: on local worker threads, one in this process, or as Slurm job arrays. */
export { runLocal, type RunOptions } from './local-engine.js';
export { runSlurm, defaultMctuneCommand, SLURM_DIR, type SlurmOptions } from './slurm-engine.js';
export { arrayScript, shellQuote, type ArrayScript } from './slurm-script.js';
export { runOne, writeCampaignPointer, readCampaignPointer, campaignFileFor, campaignDirOfRun, CAMPAIGN_POINTER, type RunOneOutcome } from './run-one.js';
export { attemptRun, maxAttempts, type AttemptOutcome, type AttemptOptions, type Executor } from './attempt.js';
export { inProcess, workerPool, type WorkerPool } from './executors.js';
export { recoverCampaign, type Recovery, type RecoverOptions } from './recover.js';
export { lockCampaign, lockRun, LockHeldError, leftByGoneProcess, LOCK_FILE, RUN_LOCK_FILE } from './lock.js';
export { ProgressTracker, type ProgressSnapshot } from './progress.js';
export { RunFailure, type FailureKind } from './failure.js';
export { OUTPUT_FILE, EVENTS_FILE, LOG_FILE, runSeed, expandCommand, type BuiltinJob, type CommandValues } from './job.js';
export { partialFiles } from './partials.js';
export type { CampaignEvent, CampaignResult } from './events.js';

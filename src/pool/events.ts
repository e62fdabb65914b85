/** What an engine reports while it works, and what it returns; the CLI and scripts render these. */
import type { AttemptOutcome } from './attempt.js';

export type CampaignEvent =
  | {
      readonly type: 'start';
      readonly engine: 'local' | 'slurm';
      /** Runs to execute now, runs already done, runs failed earlier and left out. */
      readonly todo: number;
      readonly done: number;
      readonly failed: number;
      /** Parallel slots: worker threads, or array tasks per submission. */
      readonly slots: number;
      /** Events per run, for the ETA. */
      readonly eventsPerRun: number;
      readonly resumed: readonly string[];
      readonly adopted: readonly string[];
      /** Runs left out because their params.dat is missing, unreadable or not the campaign's. */
      readonly invalid: readonly { readonly name: string; readonly reason: string }[];
      /** Runs another live process is executing (a `run-one`, a batch task): left alone, reported as pending. */
      readonly busy: readonly string[];
    }
  | { readonly type: 'attempt'; readonly run: string }
  | { readonly type: 'progress'; readonly run: string; readonly events: number }
  | { readonly type: 'finished'; readonly run: string; readonly outcome: AttemptOutcome }
  | { readonly type: 'submitted'; readonly jobId: string; readonly runs: readonly string[]; readonly script: string }
  | { readonly type: 'stopping'; readonly inFlight: number };

export interface CampaignResult {
  readonly done: string[];
  readonly failed: { readonly name: string; readonly reason: string }[];
  /** Runs left pending: the campaign was stopped, or another process was executing them. */
  readonly pending: string[];
  readonly interrupted: boolean;
  /** Runs never run because their params.dat is missing, unreadable or not the campaign's. */
  readonly invalid: readonly { readonly name: string; readonly reason: string }[];
  /** Events generated in this invocation, and its wall time in seconds. */
  readonly events: number;
  readonly seconds: number;
}

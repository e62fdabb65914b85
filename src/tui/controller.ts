/**
 * The terminal UI's hold on the iterative loop. The loop keeps all its state
 * on disk and resumes when called again, so pausing is aborting it (its runs
 * in flight go back to pending, and an abort during build or tune takes
 * effect at the next iteration's runs) and resuming is calling it again.
 *
 * Keys, as the controller defines them:
 *  - p: running → pause; paused (or failed) → resume the whole loop.
 *  - n: running → finish the current iteration, then pause; paused → run
 *    exactly one iteration, then pause; finished (converged, or
 *    iterations.count reached) → one more iteration beyond: the loop is called
 *    with count = done + 1 and no convergence stop. `mctune loop` later keeps
 *    to the campaign's own count and ignores iterations beyond it.
 *  - q: abort and wait for the loop to wind down; everything finished is on
 *    disk, so `mctune loop` or `mctune ui` carries on from there.
 */
import type { CampaignConfig } from '../campaign/index.js';
import { readReferenceObjects } from '../campaign/index.js';
import type { AnyObject } from '../histo/index.js';
import { iterationDir, runLoop, type ForwardKind, type LoopOptions, type LoopOutcome } from '../loop/index.js';
import { ProgressTracker } from '../pool/index.js';
import { applyEvent, initialState, latestTune, type CampaignState, type LoopStatus, type UiEvent } from './state.js';
import { readTuneDetails } from './tune-details.js';

/** runLoop's shape, so that tests can script a loop. */
export type LoopRunner = (config: CampaignConfig, campaignDir: string, options: LoopOptions) => Promise<LoopOutcome>;

/** What the view needs of a controller: its state, and the keys' actions. */
export interface LoopControl {
  getState(): CampaignState;
  /** Calls `listener` with each new state; returns the unsubscribe. */
  subscribe(listener: (s: CampaignState) => void): () => void;
  togglePause(): void;
  next(): void;
  /** Resolves once the loop has wound down (at once when it is not running). */
  quit(): Promise<void>;
}

export interface ControllerOptions {
  /** Parallel runs (default: the pool's, one per core). */
  readonly workers?: number;
  /** Surrogate kind (default: the campaign's). */
  readonly surrogate?: ForwardKind;
  /** Start paused instead of running at once (default false). */
  readonly paused?: boolean;
  /** The loop to drive (default: src/loop's runLoop). */
  readonly runLoop?: LoopRunner;
  /** The campaign's reference objects (default: read from config.reference). */
  readonly reference?: readonly AnyObject[];
  /** Milliseconds between state notifications at most (default 50; 0 notifies at once). */
  readonly throttleMs?: number;
}

type StopReason = 'pause' | 'step' | 'quit';

interface Running {
  readonly abort: AbortController;
  why: StopReason | undefined;
  done: Promise<void>;
}

export class LoopController implements LoopControl {
  private state: CampaignState;
  private readonly listeners = new Set<(s: CampaignState) => void>();
  private current: Running | undefined;
  private stopAfter: number | undefined;
  private tracker: ProgressTracker | undefined;
  private reference: readonly AnyObject[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private readonly runner: LoopRunner;
  private finished: { readonly outcome: LoopOutcome; readonly at: number } | undefined;

  constructor(
    private readonly config: CampaignConfig,
    private readonly dir: string,
    private readonly options: ControllerOptions = {},
  ) {
    this.state = initialState(config);
    this.runner = options.runLoop ?? runLoop;
    this.reference = options.reference;
  }

  getState(): CampaignState {
    return this.state;
  }

  /** What the last loop that ran to its end returned (undefined while none has): the final tune, for a caller's table. */
  get outcome(): LoopOutcome | undefined {
    return this.finished?.outcome;
  }

  /** When (performance.now()) that outcome came. */
  get finishedAt(): number | undefined {
    return this.finished?.at;
  }

  subscribe(listener: (s: CampaignState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the loop, or waits paused when the options say so. */
  start(): void {
    if (this.options.paused) this.update({ status: 'paused', message: 'paused: p runs the loop, n runs one iteration' });
    else this.launch({});
  }

  togglePause(): void {
    const s = this.state.status;
    if (s === 'running') this.pause('pause');
    else if (s === 'paused' || s === 'failed' || s === 'starting') this.launch({});
    else if (s === 'finished') this.update({ message: 'the loop has finished; n runs one more iteration' });
  }

  next(): void {
    const s = this.state.status;
    if (s === 'running') {
      this.stopAfter = this.state.iteration ?? this.completed();
      this.update({ message: `pausing once iteration ${this.stopAfter} is tuned` });
    } else if (s === 'paused' || s === 'failed' || s === 'starting') this.launch({ stopAfter: this.completed() });
    else if (s === 'finished') this.launch({ extend: true });
  }

  async quit(): Promise<void> {
    const run = this.current;
    if (run) {
      run.why = 'quit';
      run.abort.abort();
      this.update({ status: 'quitting', message: 'quitting: winding the loop down (q again quits at once; the campaign resumes from disk)' });
      await run.done;
    }
    this.stopTicker();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Resolves when the loop now running (if any) has settled; for tests and the CLI. */
  async idle(): Promise<void> {
    while (this.current) await this.current.done;
  }

  /** Iterations tuned so far (the loop makes them in order). */
  private completed(): number {
    const last = latestTune(this.state);
    return last === undefined ? 0 : last.iteration + 1;
  }

  private pause(why: StopReason): void {
    const run = this.current;
    if (!run || run.abort.signal.aborted) return;
    run.why = why;
    run.abort.abort();
    const during = this.state.phase === 'run' ? 'runs in flight go back to pending' : `the ${this.state.phase ?? 'current'} step finishes first`;
    this.update({ status: 'pausing', message: `pausing: ${during}` });
  }

  private launch(mode: { stopAfter?: number; extend?: boolean }): void {
    if (this.current) return;
    const config = mode.extend ? withCount(this.config, this.completed() + 1) : this.config;
    const run: Running = { abort: new AbortController(), why: undefined, done: Promise.resolve() };
    this.stopAfter = mode.stopAfter;
    const what = mode.extend ? `one more iteration (${this.completed()})` : mode.stopAfter !== undefined ? `iteration ${mode.stopAfter}, then pausing` : 'the loop';
    this.update({ status: 'running', count: config.iterations?.count ?? 4, message: `running ${what}` });
    const options: LoopOptions = {
      ...(this.options.workers !== undefined ? { workers: this.options.workers } : {}),
      ...(this.options.surrogate !== undefined ? { surrogate: this.options.surrogate } : {}),
      signal: run.abort.signal,
      onEvent: (e) => this.onEvent(e, run),
    };
    this.current = run;
    this.startTicker();
    run.done = this.runner(config, this.dir, options).then(
      (out) => this.settle(run, out, undefined),
      (e: unknown) => this.settle(run, undefined, e),
    );
  }

  private settle(run: Running, outcome: LoopOutcome | undefined, error: unknown): void {
    if (this.current === run) this.current = undefined;
    this.stopAfter = undefined;
    if (outcome) this.finished = { outcome, at: performance.now() };
    this.stopTicker();
    // A loop that returned has finished, even when q came during its last build or tune (only runs in flight are stopped).
    if (outcome) this.update({ status: 'finished', message: `${outcome.converged ? 'converged' : 'finished'} after ${outcome.iterations} iteration${outcome.iterations === 1 ? '' : 's'}; n runs one more, q quits` });
    else if (run.why === 'quit') this.update({ status: 'stopped', message: 'stopped; the campaign resumes with mctune loop or mctune ui' });
    else if (run.abort.signal.aborted) this.update({ status: 'paused', message: `paused after ${this.completed()} tuned iteration${this.completed() === 1 ? '' : 's'}: p resumes, n runs one iteration` });
    else this.update({ status: 'failed', message: `failed: ${error instanceof Error ? error.message : String(error)} (p tries again)` });
  }

  /** Public for tests: what one loop event does to the state. */
  onEvent(e: UiEvent, run?: Running): void {
    if (e.type === 'runs') {
      if (e.event.type === 'start') this.tracker = new ProgressTracker();
      this.tracker?.update(e.event);
      this.state = { ...this.state, iteration: e.iteration, runs: this.tracker?.snapshot() };
    } else {
      this.state = applyEvent(this.state, e);
    }
    if (e.type === 'tuned') {
      this.state = { ...this.state, details: this.details(e.iteration) ?? this.state.details };
      if (this.stopAfter !== undefined && e.iteration >= this.stopAfter && run) this.pause('step');
    }
    this.notify();
  }

  private details(iteration: number): CampaignState['details'] {
    try {
      this.reference ??= readReferenceObjects(this.config.reference);
      return readTuneDetails(iterationDir(this.dir, iteration), this.reference);
    } catch (e) {
      this.state = applyEvent(this.state, { type: 'log', line: `cannot show iteration ${iteration}'s histograms: ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    }
  }

  private update(change: Partial<Pick<CampaignState, 'status' | 'message' | 'count'>> & { status?: LoopStatus }): void {
    this.state = { ...this.state, ...change };
    this.notify(true);
  }

  private notify(now = false): void {
    const wait = this.options.throttleMs ?? 50;
    if (now || wait <= 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      for (const l of this.listeners) l(this.state);
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const l of this.listeners) l(this.state);
    }, wait);
  }

  /** The runs' ETA and rate change with time alone: refreshed every second while the loop runs. */
  private startTicker(): void {
    this.ticker ??= setInterval(() => {
      if (this.tracker && this.state.phase === 'run') {
        this.state = { ...this.state, runs: this.tracker.snapshot() };
        this.notify();
      }
    }, 1000);
    this.ticker.unref();
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}

/** The campaign with `count` iterations and no convergence stop (a tolerance of 0 σ is never undercut). */
function withCount(config: CampaignConfig, count: number): CampaignConfig {
  return { ...config, iterations: { ...(config.iterations ?? {}), count, tolerance: 0 } };
}

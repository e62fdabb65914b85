/**
 * What the campaign view shows, as one immutable value, and how the loop's
 * events change it. Pure: the controller feeds events in and hands the new
 * state to the view; tests feed events in and look at the state.
 */
import type { CampaignConfig } from '../campaign/index.js';
import type { LoopEvent, LoopPhase } from '../loop/index.js';
import type { ProgressSnapshot } from '../pool/index.js';
import type { TuneDetails } from './tune-details.js';

/** A network surrogate's training progress, epoch by epoch, as the loop reports it. */
export type TrainingEvent = Extract<LoopEvent, { readonly type: 'training' }>;

/** What the view listens to: the loop's events. */
export type UiEvent = LoopEvent;

export type LoopStatus = 'starting' | 'running' | 'pausing' | 'paused' | 'finished' | 'failed' | 'quitting' | 'stopped';

export interface ParameterView {
  readonly name: string;
  readonly low: number;
  readonly high: number;
  readonly truth: number | undefined;
  readonly fixed: number | undefined;
}

/** One finished tune of the loop. */
export interface IterationRecord {
  readonly iteration: number;
  readonly chi2: number;
  readonly ndf: number;
  readonly best: ReadonlyMap<string, number>;
  readonly sigma: ReadonlyMap<string, number>;
  /** Largest move from the previous tune in units of σ, when there was one. */
  readonly moved: number | undefined;
}

export interface TrainingView {
  readonly member: number;
  readonly epoch: number;
  readonly epochs: number | undefined;
  readonly loss: number;
  readonly valLoss: number | undefined;
}

export interface CampaignState {
  readonly name: string;
  readonly parameters: readonly ParameterView[];
  /** Iterations the loop is set to make at most. */
  readonly count: number;
  readonly status: LoopStatus;
  /** A line on what the keys do now, or what just happened. */
  readonly message: string;
  readonly iteration: number | undefined;
  readonly phase: LoopPhase | undefined;
  readonly runs: ProgressSnapshot | undefined;
  readonly training: TrainingView | undefined;
  /** The loop's last log lines, oldest first. */
  readonly log: readonly string[];
  /** Finished tunes by iteration, in order. */
  readonly history: readonly IterationRecord[];
  /** The last tune's histograms, eigentunes and plots. */
  readonly details: TuneDetails | undefined;
}

const LOG_LINES = 50;

export function initialState(config: CampaignConfig): CampaignState {
  return {
    name: config.name,
    parameters: config.parameters.map((p) => ({ name: p.name, low: p.low, high: p.high, truth: p.truth, fixed: p.fixed })),
    count: config.iterations?.count ?? 4,
    status: 'starting',
    message: '',
    iteration: undefined,
    phase: undefined,
    runs: undefined,
    training: undefined,
    log: [],
    history: [],
    details: undefined,
  };
}

/**
 * A training line as some trainers print it, `epoch 12/50 … loss 0.0123 … val 0.0150`:
 * lets the view show epochs from a log line until the loop emits training events.
 */
const EPOCH_LINE = /epoch\s+(\d+)(?:\s*\/\s*(\d+))?\b.*?\bloss[\s:=]+([-+\d.eE]+)(?:.*?\bval(?:idation)?[ _-]?(?:loss)?[\s:=]+([-+\d.eE]+))?/i;

export function trainingFromLine(line: string): TrainingView | undefined {
  const m = EPOCH_LINE.exec(line);
  if (!m) return undefined;
  const loss = Number(m[3]);
  if (!Number.isFinite(loss)) return undefined;
  // Optional groups are undefined when absent, whatever RegExpExecArray's type says.
  const [epochs, val] = [m[2] as string | undefined, m[4] as string | undefined];
  const valLoss = val === undefined ? NaN : Number(val);
  return { member: 0, epoch: Number(m[1]), epochs: epochs === undefined ? undefined : Number(epochs), loss, valLoss: Number.isFinite(valLoss) ? valLoss : undefined };
}

function withLog(state: CampaignState, line: string): CampaignState {
  const log = [...state.log, line].slice(-LOG_LINES);
  return { ...state, log, training: trainingFromLine(line) ?? state.training };
}

/** The state after one loop event (runs' progress is the controller's, from its tracker). */
export function applyEvent(state: CampaignState, e: UiEvent): CampaignState {
  switch (e.type) {
    case 'phase':
      return { ...state, iteration: e.iteration, phase: e.phase, ...(e.phase === 'build' ? { training: undefined } : {}) };
    case 'iteration':
      return withLog({ ...state, iteration: e.iteration }, `iteration ${e.iteration}: ${e.reused} runs reused, ${e.sampled} new`);
    case 'log':
      return withLog(state, e.line);
    case 'training':
      return { ...state, training: { member: e.member, epoch: e.epoch, epochs: e.epochs, loss: e.loss, valLoss: e.valLoss } };
    case 'tuned': {
      const moved = e.moved && e.moved.size > 0 ? Math.max(...e.moved.values()) : undefined;
      const record: IterationRecord = { iteration: e.iteration, chi2: e.tune.chi2, ndf: e.tune.ndf, best: e.tune.best, sigma: e.tune.sigma, moved };
      const history = [...state.history.filter((h) => h.iteration < e.iteration), record];
      return withLog({ ...state, history, iteration: e.iteration }, `iteration ${e.iteration}: ${e.resumed ? 'done earlier' : 'tuned'}, χ²/Ndf ${e.tune.chi2.toPrecision(4)}/${e.tune.ndf}`);
    }
    case 'runs':
      return state;
  }
}

/** The last finished tune, if any. */
export function latestTune(state: CampaignState): IterationRecord | undefined {
  return state.history.length > 0 ? state.history[state.history.length - 1] : undefined;
}

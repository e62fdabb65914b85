/**
 * Campaign progress from the engine's events: runs done and failed, events
 * per second over this invocation, and an ETA from the events still to make.
 */
import type { CampaignEvent } from './events.js';

export interface ProgressSnapshot {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly running: number;
  readonly eventsPerSecond: number;
  /** Seconds, or undefined before anything can be estimated. */
  readonly eta: number | undefined;
}

export class ProgressTracker {
  private total = 0;
  private done = 0;
  private failed = 0;
  private eventsPerRun = 0;
  private slots = 1;
  /** Runs to do in this invocation that have not finished yet. */
  private left = 0;
  private finishedEvents = 0;
  private readonly inFlight = new Map<string, number>();
  private readonly t0: number;

  constructor(private readonly now: () => number = () => performance.now() / 1000) {
    this.t0 = now();
  }

  update(e: CampaignEvent): void {
    switch (e.type) {
      case 'start':
        // Invalid runs cannot be done either: they count with the failed ones.
        this.total = e.todo + e.done + e.failed + e.invalid.length;
        this.done = e.done;
        this.failed = e.failed + e.invalid.length;
        this.left = e.todo;
        this.eventsPerRun = e.eventsPerRun;
        this.slots = e.slots;
        return;
      case 'attempt':
        this.inFlight.set(e.run, 0);
        return;
      case 'progress':
        this.inFlight.set(e.run, e.events);
        return;
      case 'finished':
        this.inFlight.delete(e.run);
        if (e.outcome.state === 'done') {
          this.done++;
          this.left--;
          this.finishedEvents += e.outcome.events;
        } else if (e.outcome.state === 'failed') {
          this.failed++;
          this.left--;
        }
        return;
      default:
        return;
    }
  }

  snapshot(): ProgressSnapshot {
    const elapsed = this.now() - this.t0;
    let partial = 0;
    for (const n of this.inFlight.values()) partial += n;
    const made = this.finishedEvents + partial;
    const rate = elapsed > 0 ? made / elapsed : 0;
    const toMake = this.left * this.eventsPerRun - partial;
    let eta: number | undefined;
    if (rate > 0) eta = Math.max(0, toMake / rate);
    else if (this.left === 0) eta = 0;
    return { total: this.total, done: this.done, failed: this.failed, running: this.inFlight.size, eventsPerSecond: rate, eta };
  }

  get parallelSlots(): number {
    return this.slots;
  }
}

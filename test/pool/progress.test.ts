import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../src/pool/index.js';

describe('ProgressTracker', () => {
  it('counts runs and estimates events/s and the time left from the events still to make', () => {
    let now = 0;
    const t = new ProgressTracker(() => now);
    t.update({ type: 'start', engine: 'local', todo: 4, done: 2, failed: 1, slots: 2, eventsPerRun: 1000, resumed: [], adopted: [], invalid: [], busy: [] });
    expect(t.snapshot()).toMatchObject({ total: 7, done: 2, failed: 1, running: 0, eventsPerSecond: 0, eta: undefined });
    t.update({ type: 'attempt', run: 'a' });
    t.update({ type: 'attempt', run: 'b' });
    now = 1;
    t.update({ type: 'progress', run: 'a', events: 500 });
    t.update({ type: 'progress', run: 'b', events: 500 });
    // 1000 events in 1 s; 4 runs × 1000 − 1000 made = 3000 to go.
    expect(t.snapshot()).toMatchObject({ running: 2, eventsPerSecond: 1000, eta: 3 });
    now = 2;
    t.update({ type: 'finished', run: 'a', outcome: { state: 'done', events: 1000, seconds: 2, warnings: [] } });
    t.update({ type: 'finished', run: 'b', outcome: { state: 'failed', kind: 'exit', reason: 'x' } });
    // A failed run's events are not made and not owed: 2 runs left.
    expect(t.snapshot()).toMatchObject({ done: 3, failed: 2, running: 0, eventsPerSecond: 500, eta: 4 });
    t.update({ type: 'attempt', run: 'c' });
    t.update({ type: 'finished', run: 'c', outcome: { state: 'pending', kind: 'exit', reason: 'retry' } });
    expect(t.snapshot()).toMatchObject({ done: 3, failed: 2, eta: 4 });
  });
});

/**
 * The controller over a scripted loop that behaves as runLoop does: finished
 * iterations are replayed as `resumed`, an abort ends it with an error at the
 * next iteration's runs, and it returns after `count` iterations. Checks what
 * p, n and q do in each state.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCampaignFile, type CampaignConfig } from '../../src/campaign/index.js';
import type { LoopOptions, LoopOutcome } from '../../src/loop/index.js';
import type { StoredTune } from '../../src/tune/index.js';
import { LoopController } from '../../src/tui/controller.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';

function config(count: number): CampaignConfig {
  const dir = mkdtempSync(join(tmpdir(), 'mctune-tui-'));
  return readCampaignFile(writeBuiltinCampaign(dir, { name: 'c', runs: 4, events: 100, extra: `iterations: { count: ${count} }\n` }));
}

const tune = (it: number): StoredTune => ({ surrogate: 'polynomial', best: new Map([['StringZ:aLund', 0.5 + it / 100]]), sigma: new Map([['StringZ:aLund', 0.01]]), chi2: 10 - it, ndf: 8, eigentunes: [] });
const tick = () => new Promise((r) => setTimeout(r, 2));

interface Script {
  readonly done: Set<number>;
  /** Every call's count and tolerance, to see what `n` asks of the loop. */
  readonly calls: { count: number; tolerance: number | undefined }[];
  /** Called in each iteration before its runs finish: where a test presses keys. */
  during: (it: number) => void;
}

function scripted(): Script & { run: (c: CampaignConfig, dir: string, o: LoopOptions) => Promise<LoopOutcome> } {
  const s: Script = { done: new Set(), calls: [], during: () => undefined };
  const run = async (c: CampaignConfig, dir: string, o: LoopOptions): Promise<LoopOutcome> => {
    const count = c.iterations?.count ?? 4;
    s.calls.push({ count, tolerance: c.iterations?.tolerance });
    const emit = o.onEvent ?? (() => undefined);
    for (let it = 0; it < count; it++) {
      if (s.done.has(it)) {
        emit({ type: 'tuned', iteration: it, tune: tune(it), resumed: true, moved: undefined });
        continue;
      }
      emit({ type: 'phase', iteration: it, phase: 'run' });
      s.during(it);
      await tick();
      if (o.signal?.aborted) throw new Error('the loop was stopped while its runs were going; run it again to carry on');
      emit({ type: 'phase', iteration: it, phase: 'build' });
      emit({ type: 'log', line: `fitted ${it}` });
      s.done.add(it);
      emit({ type: 'tuned', iteration: it, tune: tune(it), resumed: false, moved: it > 0 ? new Map([['StringZ:aLund', 1]]) : undefined });
    }
    return { iterations: count, converged: false, final: tune(count - 1), dir };
  };
  return Object.assign(s, { run });
}

function controller(count: number, s: ReturnType<typeof scripted>, paused = false): LoopController {
  return new LoopController(config(count), '/nonexistent', { runLoop: s.run, reference: [], throttleMs: 0, paused });
}

describe('LoopController', () => {
  it('runs the loop to its end and keeps one χ² per iteration', async () => {
    const s = scripted();
    const c = controller(3, s);
    c.start();
    await c.idle();
    const st = c.getState();
    expect(st.status).toBe('finished');
    expect(st.history.map((h) => h.chi2)).toEqual([10, 9, 8]);
    expect(st.history[2].moved).toBe(1);
    expect(st.log).toContain('fitted 2');
  });

  it('p pauses (the loop is aborted) and p again resumes from what is done', async () => {
    const s = scripted();
    const c = controller(3, s);
    s.during = (it) => {
      if (it === 1 && s.calls.length === 1) c.togglePause();
    };
    c.start();
    expect(c.getState().status).toBe('running');
    await c.idle();
    expect(c.getState().status).toBe('paused');
    expect(c.getState().history).toHaveLength(1);
    c.togglePause();
    await c.idle();
    expect(c.getState().status).toBe('finished');
    expect(s.calls).toHaveLength(2);
    expect(c.getState().history.map((h) => h.iteration)).toEqual([0, 1, 2]);
  });

  it('n while running pauses once the current iteration is tuned; n while paused runs exactly one', async () => {
    const s = scripted();
    const c = controller(4, s);
    s.during = (it) => {
      if (it === 0 && s.calls.length === 1) c.next();
    };
    c.start();
    await c.idle();
    expect(c.getState().status).toBe('paused');
    expect([...s.done]).toEqual([0]);
    c.next();
    await c.idle();
    expect(c.getState().status).toBe('paused');
    expect([...s.done]).toEqual([0, 1]);
  });

  it('n once finished runs one more iteration beyond the count, with no convergence stop', async () => {
    const s = scripted();
    const c = controller(2, s);
    expect(c.outcome).toBeUndefined();
    c.start();
    await c.idle();
    expect(c.outcome?.iterations).toBe(2);
    const firstEnd = c.finishedAt ?? NaN;
    c.next();
    await c.idle();
    expect(c.finishedAt).toBeGreaterThan(firstEnd);
    expect(s.calls).toEqual([{ count: 2, tolerance: undefined }, { count: 3, tolerance: 0 }]);
    // The outcome is the last loop's, so `mctune start` prints the tune of the extra iteration.
    expect(c.outcome?.iterations).toBe(3);
    expect(c.outcome?.final.chi2).toBe(8);
    expect(c.getState().history).toHaveLength(3);
    expect(c.getState().count).toBe(3);
    expect(c.getState().status).toBe('finished');
  });

  it('starts paused when asked, and quit waits for the loop to wind down', async () => {
    const s = scripted();
    const c = controller(3, s, true);
    c.start();
    expect(c.getState().status).toBe('paused');
    expect(s.calls).toHaveLength(0);
    c.togglePause();
    const quitting = c.quit();
    expect(c.getState().status).toBe('quitting');
    await quitting;
    expect(c.getState().status).toBe('stopped');
    expect(s.done.size).toBe(0);
    // A loop quit before its end leaves no outcome: `mctune start` then prints no tune.
    expect(c.outcome).toBeUndefined();
  });

  it('q during the last iteration\'s tune, which the loop finishes, leaves it finished with its outcome', async () => {
    let quitting: Promise<void> | undefined;
    const runLoop = async (cfg: CampaignConfig, dir: string, o: LoopOptions): Promise<LoopOutcome> => {
      o.onEvent?.({ type: 'phase', iteration: 0, phase: 'tune' });
      await tick();
      quitting = c.quit();
      await tick();
      o.onEvent?.({ type: 'tuned', iteration: 0, tune: tune(0), resumed: false, moved: undefined });
      return { iterations: 1, converged: false, final: tune(0), dir };
    };
    const c = new LoopController(config(1), '/nonexistent', { runLoop, reference: [], throttleMs: 0 });
    c.start();
    await c.idle();
    await quitting;
    expect(quitting).toBeDefined();
    expect(c.getState().status).toBe('finished');
    expect(c.outcome?.iterations).toBe(1);
  });

  it('shows a failing loop as failed, with its message, and p tries again', async () => {
    const c = new LoopController(config(2), '/nonexistent', { runLoop: () => Promise.reject(new Error('lock held by pid 42')), reference: [], throttleMs: 0 });
    c.start();
    await c.idle();
    expect(c.getState().status).toBe('failed');
    expect(c.getState().message).toContain('lock held by pid 42');
  });
});

/**
 * The App rendered into a fake terminal (ink-testing-library), frames read as
 * text: parameter names, values and χ² are shown; keys change the frame (↑/↓
 * move the histogram selection, ? shows the help, e the eigentunes, r the
 * reweighting screen where → moves θ); n, p and q reach the controller.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { readCampaignFile } from '../../src/campaign/index.js';
import { App } from '../../src/tui/app.js';
import type { LoopControl } from '../../src/tui/controller.js';
import type { ReweightSource } from '../../src/tui/reweight-source.js';
import { applyEvent, initialState, type CampaignState } from '../../src/tui/state.js';
import type { HistogramPanel, TuneDetails } from '../../src/tui/tune-details.js';
import { writeBuiltinCampaign } from '../helpers/campaigns.js';

const KEYS = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', escape: '\u001B' };
const settle = () => new Promise((r) => setTimeout(r, 60));

function panel(path: string, n: number): HistogramPanel {
  const v = Float64Array.from({ length: n }, (_, i) => 10 / (i + 1));
  return { path, xLabel: '1-T', lows: Float64Array.from({ length: n }, (_, i) => i), highs: Float64Array.from({ length: n }, (_, i) => i + 1), tune: { values: v, errors: v.map((x) => x / 10) }, data: { values: v.map((x) => x * 1.05), errors: v.map((x) => x / 8) } };
}

function tunedState(): CampaignState {
  const dir = mkdtempSync(join(tmpdir(), 'mctune-tui-app-'));
  const config = readCampaignFile(writeBuiltinCampaign(dir, { name: 'demo', runs: 4, events: 100, extra: 'iterations: { count: 3 }\n' }));
  let s = initialState(config);
  for (const [it, chi2] of [[0, 52.5], [1, 41.25]]) {
    s = applyEvent(s, { type: 'tuned', iteration: it, resumed: false, moved: undefined, tune: { surrogate: 'polynomial', best: new Map([['TimeShower:alphaSvalue', 0.1281], ['StringZ:aLund', 0.6523]]), sigma: new Map([['TimeShower:alphaSvalue', 0.0024], ['StringZ:aLund', 0.052]]), chi2, ndf: 74, eigentunes: [] } });
  }
  const details: TuneDetails = {
    histograms: [{ path: '/ALEPH_1996_S3486095/d17-x01-y01', bins: 52, chi2: 31.7 }, { path: '/ALEPH_1996_S3486095/d01-x01-y01', bins: 23, chi2: 7.72 }, { path: '/ALEPH_1996_S3486095/d19-x01-y01', bins: 1, chi2: 0.0171 }],
    eigentunes: [{ name: 'eigentune-01+', sigmas: 0.315, deltaChi2: 0.878, clipped: false, point: new Map([['TimeShower:alphaSvalue', 0.1283], ['StringZ:aLund', 0.7862]]) }],
    deltaChi2: 0.878,
    panels: new Map(['d17', 'd01', 'd19'].map((d, i) => [`/ALEPH_1996_S3486095/${d}-x01-y01`, panel(`/ALEPH_1996_S3486095/${d}-x01-y01`, [12, 8, 1][i])])),
  };
  return { ...s, details, status: 'running', phase: 'run', runs: { total: 12, done: 5, failed: 1, running: 2, eventsPerSecond: 1000, eta: 65 } };
}

function fakeControl(state: CampaignState): LoopControl & { presses: string[] } {
  const presses: string[] = [];
  return {
    presses,
    getState: () => state,
    subscribe: () => () => undefined,
    togglePause: () => void presses.push('p'),
    next: () => void presses.push('n'),
    quit: () => {
      presses.push('q');
      return Promise.resolve();
    },
  };
}

function fakeSource(): ReweightSource & { asked: number[][] } {
  const asked: number[][] = [];
  return {
    asked,
    description: 'fake reweighter, 1,000 events',
    parameters: [{ name: 'StringZ:aLund', lo: 0.4, hi: 0.9, theta0: 0.68 }],
    observables: ['oneMinusThrust', 'sphericity'],
    histogram(theta, observable) {
      asked.push([...theta, observable]);
      const base = Float64Array.from([0.4, 0.3, 0.2, 0.1]);
      return { observable: this.observables[observable], edges: Float64Array.from([0, 0.1, 0.2, 0.3, 0.4]), baseline: base, reweighted: base.map((v, i) => v * (1 + (theta[0] - 0.68) * (i - 1.5))), errors: base.map((v) => v / 30), ess: 900 - 1000 * Math.abs(theta[0] - 0.68), events: 1000, maxWeight: 1.5 };
    },
    dispose: () => undefined,
  };
}

function show(state: CampaignState, source?: () => Promise<ReweightSource>) {
  const control = fakeControl(state);
  const app = render(h(App, { control, openReweight: source ?? (() => Promise.reject(new Error('no reweighter in demo/reweighter'))), reweightHint: ['Train one with mctune reweight train'], size: { columns: 80, rows: 24 } }));
  return { control, app, frame: () => app.lastFrame() ?? '' };
}

describe('App: campaign screen', () => {
  it('shows the parameters with value ± σ, χ²/Ndf, its history, the runs and the histograms by χ²', () => {
    const { frame, app } = show(tunedState());
    const f = frame();
    expect(f.split('\n')).toHaveLength(23);
    for (const l of f.split('\n')) expect(Array.from(l).length).toBeLessThanOrEqual(80);
    expect(f).toMatch(/TimeShower:alphaSvalue\s+0\.1281 ± 0\.0024/);
    expect(f).toMatch(/StringZ:aLund\s+0\.6523 ± 0\.052/);
    expect(f).toContain('χ²/Ndf    41.25/74');
    expect(f).toMatch(/history [▁█]{2}/);
    expect(f).toMatch(/5\/12 done · 1 failed · 2 running · ETA 1m05s/);
    const rows = f.split('\n');
    expect(rows.findIndex((r) => r.includes('d17-x01-y01'))).toBeLessThan(rows.findIndex((r) => r.includes('d01-x01-y01')));
    expect(f).toContain('▸d17-x01-y01');
    app.unmount();
  });

  it("shows the surrogate's training epoch by epoch, as the loop reports it", () => {
    const s = applyEvent({ ...tunedState(), phase: 'build' }, { type: 'training', iteration: 2, member: 1, epoch: 140, epochs: 3000, loss: 0.01234, valLoss: 0.02345 });
    const { frame, app } = show(s);
    expect(frame()).toMatch(/surrogate epoch 140\/3000 \(network 2\) · loss 0\.01234 · validation 0\.02345/);
    app.unmount();
  });

  it('↑/↓ move the selection and the plot follows it', async () => {
    const { frame, app } = show(tunedState());
    app.stdin.write(KEYS.down);
    await settle();
    expect(frame()).toContain('▸d01-x01-y01');
    expect(frame()).toMatch(/d01-x01-y01 {2}● data/);
    app.stdin.write(KEYS.down);
    app.stdin.write(KEYS.down);
    await settle();
    expect(frame()).toContain('▸d19-x01-y01');
    app.stdin.write(KEYS.up);
    await settle();
    expect(frame()).toContain('▸d01-x01-y01');
    app.unmount();
  });

  it('? shows the help and esc closes it; e shows the eigentunes', async () => {
    const { frame, app } = show(tunedState());
    app.stdin.write('?');
    await settle();
    expect(frame()).toContain('p  pause');
    expect(frame()).not.toContain('▸d17');
    app.stdin.write(KEYS.escape);
    await settle();
    expect(frame()).toContain('▸d17-x01-y01');
    app.stdin.write('e');
    await settle();
    expect(frame()).toMatch(/eigentune-01\+\s+0\.315σ\s+Δχ² 0\.878/);
    expect(frame()).toContain('aLund 0.7862');
    app.unmount();
  });

  it('n, p and q go to the controller', async () => {
    const { control, app } = show(tunedState());
    app.stdin.write('n');
    app.stdin.write('p');
    app.stdin.write('q');
    await settle();
    expect(control.presses).toEqual(['n', 'p', 'q']);
    app.unmount();
  });

  it('fits a small terminal: parameters it cannot show are counted', () => {
    const control = fakeControl(tunedState());
    const app = render(h(App, { control, openReweight: () => Promise.reject(new Error('none')), reweightHint: [], size: { columns: 40, rows: 8 } }));
    const rows = (app.lastFrame() ?? '').split('\n');
    expect(rows).toHaveLength(7);
    for (const r of rows) expect(Array.from(r).length).toBeLessThanOrEqual(40);
    expect(rows.join('\n')).toContain('2 more parameters');
    app.unmount();
  });
});

describe('App: reweighting screen', () => {
  it('says how to train a reweighter when there is none', async () => {
    const { frame, app } = show(tunedState());
    app.stdin.write('r');
    await new Promise((r) => setTimeout(r, 150));
    expect(frame()).toContain('no reweighter in demo/reweighter');
    expect(frame()).toContain('Train one with mctune reweight train');
    app.stdin.write('r');
    await settle();
    expect(frame()).toContain('▸d17-x01-y01');
    app.unmount();
  });

  it('→ moves θ and the histogram and ESS follow; o changes the observable', async () => {
    const source = fakeSource();
    const { frame, app } = show(tunedState(), () => Promise.resolve(source));
    app.stdin.write('r');
    await new Promise((r) => setTimeout(r, 150));
    expect(frame()).toMatch(/StringZ:aLund\s+0\.68\s+θ₀ 0\.68/);
    expect(frame()).toContain('ESS 900/1,000 (90 %)');
    const before = frame();
    app.stdin.write(KEYS.right);
    await settle();
    expect(frame()).toMatch(/StringZ:aLund\s+0\.705\s+θ₀ 0\.68/);
    expect(frame()).toContain('ESS 875/1,000');
    expect(frame()).not.toBe(before);
    expect(source.asked.at(-1)).toEqual([0.705, 0]);
    app.stdin.write('o');
    await settle();
    expect(frame()).toContain('sphericity (o: next)');
    expect(source.asked.at(-1)).toEqual([0.705, 1]);
    app.unmount();
  });
});

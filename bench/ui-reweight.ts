/**
 * The reweighting screen's update after a keypress, as the terminal UI makes
 * it: θ moved by one step (→), the weights of every event of the baseline
 * sample at the new θ, the reweighted histogram with its ratio and ESS, and
 * the screen's lines drawn. A reweighter (event-level MLP over the event
 * observables, StringZ:aLund varied) is trained once on samples of the
 * built-in generator and kept with its 10⁵-event baseline in
 * bench/cache/ui-reweight/; the figure is the median and the largest of 50
 * keypresses. Goal (issue 14): the largest under 0.5 s.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_RECIPE, generateSample, saveTrainedReweighter, trainOnSamples } from '../src/reweighting/index.js';
import { initialReweightView, loadReweightSource, moveTheta, reweightLines, COARSE_STEPS } from '../src/tui/index.js';
import { benchOptions, positiveIntegers, type BenchOutcome, type Benchmark } from './types.js';

const CACHE = fileURLToPath(new URL('./cache/ui-reweight/', import.meta.url));
const VARY = 'StringZ:aLund';
const TARGETS = [0.5, 0.6, 0.8, 0.9];

function parseOptions(argv: string[]): { events: number; keys: number } {
  return positiveIntegers(benchOptions(argv, { events: '100000', keys: '50' }), ['events', 'keys']);
}

/** The baseline (θ₀: aLund 0.68, the default) and the reweighter, made once per sample size. */
async function prepared(events: number, log: (line: string) => void): Promise<{ reweighter: string; baseline: string }> {
  const dir = join(CACHE, String(events));
  const baseline = join(dir, 'baseline.arrow');
  const reweighter = join(dir, 'reweighter');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(baseline)) {
    log(`generating the ${events}-event baseline sample`);
    await generateSample({ path: baseline, settings: {}, events, seed: 11, stream: 0 });
  }
  if (!existsSync(join(reweighter, 'model.json'))) {
    const targets = TARGETS.map((a, i) => join(dir, `target-${i}.arrow`));
    for (const [i, path] of targets.entries()) if (!existsSync(path)) await generateSample({ path, settings: { [VARY]: TARGETS[i] }, events: 10_000, seed: 11, stream: i + 1 });
    log('training the reweighter');
    const trained = await trainOnSamples({ baseline, targets, vary: [VARY], recipe: EVENT_RECIPE, maxEvents: 40_000, train: { epochs: 10, seed: 1 } });
    saveTrainedReweighter(reweighter, trained);
  }
  return { reweighter, baseline };
}

export const uiReweightBench: Benchmark = {
  name: 'ui-reweight',
  description: "the reweighting screen's update per keypress on a 10⁵-event sample (median and max of 50)",
  usage: '[--events N] [--keys K]',
  async run(argv, log): Promise<BenchOutcome> {
    const o = parseOptions(argv);
    const { reweighter, baseline } = await prepared(o.events, log);
    const source = await loadReweightSource(reweighter, baseline);
    try {
      let view = initialReweightView(source);
      const size = { columns: 80, rows: 24 };
      const ms: number[] = [];
      for (let k = 0; k < o.keys; k++) {
        // Right to the top of the range, then back left, as a user sweeping θ would.
        const direction = Math.floor((k * 2) / COARSE_STEPS) % 2 === 0 ? 1 : -1;
        const t0 = performance.now();
        const theta = moveTheta(source, view.theta, view.selected, direction, COARSE_STEPS);
        const result = source.histogram(theta, view.observable);
        view = { ...view, theta, result, ms: performance.now() - t0 };
        reweightLines({ state: 'ready', source }, view, size);
        ms.push(performance.now() - t0);
      }
      const sorted = [...ms].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      const max = sorted[sorted.length - 1];
      const line = `${o.keys} keypresses on ${o.events} events: median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms (goal: max < 500 ms${max < 500 ? ', met' : ', NOT met'})`;
      return { params: { events: o.events, keys: o.keys, varied: VARY, model: 'event-mlp' }, results: { medianMs: median, maxMs: max, firstMs: ms[0], perKeyMs: ms, goalMet: max < 500 }, summary: [line] };
    } finally {
      source.dispose();
    }
  },
};

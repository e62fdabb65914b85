/**
 * Uniform against adaptive placement of each later iteration's runs
 * (`iterations: {sampling: adaptive}`): the same small loop (three parameters
 * of the demo, the string ones fixed, 60 runs of 20 000 events per iteration,
 * 3 iterations) run both ways against the shipped pseudo-data; the final σ
 * per parameter, the runs spent, and σ·√runs (lower is more precision per run).
 * Runs are kept in bench/cache/adaptive-*; a rerun only tunes again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCampaign, runDirNames, runsDirOf } from '../src/campaign/index.js';
import { runLoop } from '../src/loop/index.js';
import { BenchUsageError, type Benchmark, type Json } from './types.js';
import { ROOT } from './closure/data.js';

const STRATEGIES = ['uniform', 'adaptive'] as const;

function campaign(strategy: (typeof STRATEGIES)[number]) {
  const demo = join(ROOT, 'tunes/demo.yaml');
  const text = readFileSync(demo, 'utf8')
    .replace(/^runs: .*$/m, 'runs: 60')
    .replace(/^events: .*$/m, 'events: 20000')
    .replace(/StringPT:sigma: \{[^}]*\}/, 'StringPT:sigma: { fixed: 0.31 }')
    .replace(/StringFlav:probStoUD: \{[^}]*\}/, 'StringFlav:probStoUD: { fixed: 0.20 }')
    .replace(/^iterations: .*$/m, `iterations: { count: 3, shrink: 0.5, sampling: ${strategy} }`);
  return parseCampaign(text, demo);
}

export const adaptiveBench: Benchmark = {
  name: 'adaptive',
  description: 'uniform against adaptive placement of the loop\'s later runs: final σ per run spent',
  usage: '',
  async run(argv, log) {
    if (argv.length > 0) throw new BenchUsageError(`no options expected, got ${argv.join(' ')}`);
    const results: { [k: string]: Json } = {};
    const summary: string[] = [];
    for (const strategy of STRATEGIES) {
      const config = campaign(strategy);
      const dir = join(ROOT, 'bench/cache', `adaptive-${strategy}`);
      const t0 = performance.now();
      const out = await runLoop(config, dir, { onEvent: (e) => e.type === 'tuned' && log(`${strategy}: iteration ${e.iteration} tuned`) });
      const runs = runDirNames(runsDirOf(dir)).length;
      const params = Object.fromEntries([...out.final.best].map(([n, v]) => {
        const sigma = out.final.sigma.get(n) ?? NaN;
        return [n, { best: v, sigma, sigmaRootRuns: sigma * Math.sqrt(runs) }];
      }));
      results[strategy] = { runs, iterations: out.iterations, seconds: (performance.now() - t0) / 1000, params };
      summary.push(`${strategy.padEnd(9)} ${runs} runs: ${Object.entries(params).map(([n, q]) => `${n} ${q.best.toPrecision(4)} ± ${q.sigma.toPrecision(2)} (σ√runs ${q.sigmaRootRuns.toPrecision(2)})`).join(', ')}`);
    }
    return { params: { runsPerIteration: 60, events: 20_000, iterations: 3 }, results, summary };
  },
};

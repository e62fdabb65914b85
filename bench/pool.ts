/**
 * The local pool on the built-in generator, three figures side by side in one
 * process so machine noise hits them alike:
 *  - scaling: events/s of the same campaign with 2 workers ÷ 1 worker (goal ≥ 1.8),
 *    at the demo campaign's 20 000 events per run, and at 2000 for the fixed cost per thread;
 *  - dispatch overhead: wall time per run of one-event runs, less what such a
 *    run costs when called directly (goal ≤ 5 ms);
 *  - ingest: loading the campaign's cache ÷ re-parsing every run's YODA (goal ≥ 20×).
 * Rounds alternate the configurations; the best of each is kept.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadIngested, parseCampaign, readRunTree, runsDirOf, sampleRuns, writeStatus, type CampaignConfig } from '../src/campaign/index.js';
import { runLocal } from '../src/pool/index.js';
import { runBuiltin } from '../src/pool/builtin-run.js';
import { BenchUsageError, type Benchmark } from './types.js';

const SCALING_GOAL = 1.8;
/** Events per run of the short-run comparison (a tenth of the demo campaign's runs). */
const SHORT_EVENTS = 2000;
const DISPATCH_GOAL_MS = 5;
const INGEST_GOAL = 20;
const INGEST_RUNS = 60;

function campaign(dir: string, runs: number, events: number): CampaignConfig {
  const text = `name: bench
seed: 5
parameters:
  TimeShower:alphaSvalue: { range: [0.11, 0.15] }
  StringZ:aLund: { range: [0.4, 0.9] }
  StringZ:bLund: { range: [0.6, 1.2] }
analyses: [ALEPH_1996_S3486095]
reference: []
runs: ${runs}
events: ${events}
`;
  const file = join(dir, 'bench.yaml');
  writeFileSync(file, text);
  return parseCampaign(text, file);
}

/** A fresh campaign directory, sampled, run with `workers`; returns wall seconds. */
async function timeCampaign(root: string, tag: string, runs: number, events: number, workers: number): Promise<number> {
  const dir = join(root, tag);
  const config = campaign(root, runs, events);
  sampleRuns(config, dir);
  const t0 = performance.now();
  const r = await runLocal(config, dir, { workers });
  const s = (performance.now() - t0) / 1000;
  if (r.done.length !== runs) throw new Error(`${tag}: only ${r.done.length} of ${runs} runs done: ${JSON.stringify(r.failed)}`);
  return s;
}

function timeIt(f: () => void): number {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
}

export const poolBench: Benchmark = {
  name: 'pool',
  description: `local worker pool: 2 ÷ 1 worker scaling (goal ≥ ${SCALING_GOAL}), dispatch overhead per run (goal ≤ ${DISPATCH_GOAL_MS} ms), ingest cache vs YODA re-parse (goal ≥ ${INGEST_GOAL}×)`,
  usage: '[--runs N] [--events N] [--tiny-runs N] [--rounds R]',
  async run(argv, log) {
    let v;
    try {
      v = parseArgs({ args: argv, options: { runs: { type: 'string', default: '16' }, events: { type: 'string', default: '20000' }, 'tiny-runs': { type: 'string', default: '100' }, rounds: { type: 'string', default: '2' } } }).values;
    } catch (e) {
      throw new BenchUsageError((e as Error).message);
    }
    const [runs, events, tiny, rounds] = [v.runs, v.events, v['tiny-runs'], v.rounds].map(Number) as [number, number, number, number];
    if (![runs, events, tiny, rounds].every((x) => Number.isInteger(x) && x > 0)) throw new BenchUsageError('all options must be positive integers');
    const root = mkdtempSync(join(tmpdir(), 'mctune-bench-pool-'));
    try {
      let one = Infinity;
      let two = Infinity;
      let shortOne = Infinity;
      let shortTwo = Infinity;
      let tinyWall = Infinity;
      let direct = Infinity;
      for (let r = 0; r < rounds; r++) {
        const t1 = await timeCampaign(root, `one-${r}`, runs, events, 1);
        const t2 = await timeCampaign(root, `two-${r}`, runs, events, 2);
        one = Math.min(one, t1);
        two = Math.min(two, t2);
        log(`round ${r + 1}/${rounds}: 1 worker ${((runs * events) / t1).toFixed(0)} ev/s, 2 workers ${((runs * events) / t2).toFixed(0)} ev/s, ratio ${(t1 / t2).toFixed(2)}`);
        // Short runs show the fixed cost of each worker thread (module loading, JIT warm-up).
        const s1 = await timeCampaign(root, `short-one-${r}`, runs, SHORT_EVENTS, 1);
        const s2 = await timeCampaign(root, `short-two-${r}`, runs, SHORT_EVENTS, 2);
        shortOne = Math.min(shortOne, s1);
        shortTwo = Math.min(shortTwo, s2);
        log(`round ${r + 1}/${rounds}: runs of ${SHORT_EVENTS} events: ratio ${(s1 / s2).toFixed(2)}`);
        const tw = await timeCampaign(root, `tiny-${r}`, tiny, 1, 1);
        tinyWall = Math.min(tinyWall, tw / tiny);
        // The same one-event run called directly, warm, in this thread: what a run costs without the pool.
        const dd = join(root, `direct-${r}`);
        mkdirSync(dd);
        await runBuiltin({ runDir: dd, runName: 'x', params: {}, seed: 1, stream: 1, events: 1, analyses: ['ALEPH_1996_S3486095'] });
        const t0 = performance.now();
        for (let i = 0; i < 20; i++) await runBuiltin({ runDir: dd, runName: 'x', params: {}, seed: 1, stream: i + 2, events: 1, analyses: ['ALEPH_1996_S3486095'] });
        direct = Math.min(direct, (performance.now() - t0) / 1000 / 20);
        log(`round ${r + 1}/${rounds}: one-event run ${(1000 * tw / tiny).toFixed(2)} ms through the pool, ${(1000 * direct).toFixed(2)} ms directly`);
      }
      const ratio = one / two;
      const dispatchMs = 1000 * (tinyWall - direct);

      // Ingest: a campaign of a tune's usual size, its outputs copied from the runs just made.
      const ingestDir = join(root, 'ingest');
      const made = readRunTree(runsDirOf(join(root, `two-${rounds - 1}`))).runs;
      sampleRuns(campaign(root, INGEST_RUNS, events), ingestDir).forEach((run, i) => {
        copyFileSync(made[i % made.length].file, join(run.dir, 'out.yoda'));
        writeStatus(run.dir, { state: 'done', attempts: 1 });
      });
      loadIngested(ingestDir);
      let parse = Infinity;
      let cached = Infinity;
      let nRuns = 0;
      for (let r = 0; r < 5; r++) {
        parse = Math.min(parse, timeIt(() => (nRuns = readRunTree(runsDirOf(ingestDir)).runs.length)));
        cached = Math.min(
          cached,
          timeIt(() => {
            if (!loadIngested(ingestDir).fromCache) throw new Error('cache unexpectedly stale');
          }),
        );
      }
      const ingestRatio = parse / cached;
      const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
      return {
        params: { runs, events, tinyRuns: tiny, rounds, ingestRuns: nRuns },
        results: {
          eventsPerSecond: { oneWorker: Math.round((runs * events) / one), twoWorkers: Math.round((runs * events) / two) },
          scaling: ratio,
          scalingGoal: SCALING_GOAL,
          shortRunScaling: { eventsPerRun: SHORT_EVENTS, ratio: shortOne / shortTwo },
          dispatchOverheadMs: dispatchMs,
          oneEventRunMs: { pool: 1000 * tinyWall, direct: 1000 * direct },
          dispatchGoalMs: DISPATCH_GOAL_MS,
          ingest: { reparseMs: 1000 * parse, cacheLoadMs: 1000 * cached, ratio: ingestRatio },
          ingestGoal: INGEST_GOAL,
        },
        summary: [
          `scaling: ${Math.round((runs * events) / one)} ev/s with 1 worker, ${Math.round((runs * events) / two)} with 2: ratio ${ratio.toFixed(2)} (goal ≥ ${SCALING_GOAL}: ${ok(ratio >= SCALING_GOAL)})`,
          `  with runs of ${SHORT_EVENTS} events: ratio ${(shortOne / shortTwo).toFixed(2)} (each worker thread first loads and JIT-compiles the generator)`,
          `dispatch overhead: ${dispatchMs.toFixed(2)} ms per run (${(1000 * tinyWall).toFixed(2)} ms per one-event run through the pool, ${(1000 * direct).toFixed(2)} ms directly; goal ≤ ${DISPATCH_GOAL_MS}: ${ok(dispatchMs <= DISPATCH_GOAL_MS)})`,
          `ingest: ${nRuns} runs, YODA re-parse ${(1000 * parse).toFixed(1)} ms, cache load ${(1000 * cached).toFixed(2)} ms: ${ingestRatio.toFixed(0)}× (goal ≥ ${INGEST_GOAL}: ${ok(ingestRatio >= INGEST_GOAL)})`,
        ],
      };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

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
import { loadIngested, parseCampaign, readRunTree, runsDirOf, sampleRuns, writeStatus, type CampaignConfig } from '../src/campaign/index.js';
import { inProcess, runLocal } from '../src/pool/index.js';
import { benchOptions, positiveIntegers, type BenchOutcome, type Benchmark } from './types.js';

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

interface Options {
  runs: number;
  events: number;
  tiny: number;
  rounds: number;
}

function parseOptions(argv: string[]): Options {
  const n = positiveIntegers(benchOptions(argv, { runs: '16', events: '20000', 'tiny-runs': '100', rounds: '2' }), ['runs', 'events', 'tiny-runs', 'rounds']);
  return { runs: n.runs, events: n.events, tiny: n['tiny-runs'], rounds: n.rounds };
}

/** Best wall seconds of each configuration over the rounds; `tinyWall` and `direct` per one-event run. */
interface PoolTimes {
  one: number;
  two: number;
  shortOne: number;
  shortTwo: number;
  tinyWall: number;
  direct: number;
}

/** The same one-event run called directly, warm, in this thread: what a run costs without the pool. */
async function directRunSeconds(dir: string): Promise<number> {
  mkdirSync(dir);
  const job = (stream: number) => ({ runDir: dir, runName: 'x', params: {}, seed: 1, stream, events: 1, analyses: ['ALEPH_1996_S3486095'] });
  const signal = new AbortController().signal;
  const quiet = () => undefined;
  await inProcess.builtin(job(1), signal, quiet);
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) await inProcess.builtin(job(i + 2), signal, quiet);
  return (performance.now() - t0) / 1000 / 20;
}

async function timePool(root: string, o: Options, log: (line: string) => void): Promise<PoolTimes> {
  const t: PoolTimes = { one: Infinity, two: Infinity, shortOne: Infinity, shortTwo: Infinity, tinyWall: Infinity, direct: Infinity };
  const { runs, events, tiny, rounds } = o;
  for (let r = 0; r < rounds; r++) {
    const t1 = await timeCampaign(root, `one-${r}`, runs, events, 1);
    const t2 = await timeCampaign(root, `two-${r}`, runs, events, 2);
    t.one = Math.min(t.one, t1);
    t.two = Math.min(t.two, t2);
    log(`round ${r + 1}/${rounds}: 1 worker ${((runs * events) / t1).toFixed(0)} ev/s, 2 workers ${((runs * events) / t2).toFixed(0)} ev/s, ratio ${(t1 / t2).toFixed(2)}`);
    // Short runs show the fixed cost of each worker thread (module loading, JIT warm-up).
    const s1 = await timeCampaign(root, `short-one-${r}`, runs, SHORT_EVENTS, 1);
    const s2 = await timeCampaign(root, `short-two-${r}`, runs, SHORT_EVENTS, 2);
    t.shortOne = Math.min(t.shortOne, s1);
    t.shortTwo = Math.min(t.shortTwo, s2);
    log(`round ${r + 1}/${rounds}: runs of ${SHORT_EVENTS} events: ratio ${(s1 / s2).toFixed(2)}`);
    const tw = await timeCampaign(root, `tiny-${r}`, tiny, 1, 1);
    t.tinyWall = Math.min(t.tinyWall, tw / tiny);
    t.direct = Math.min(t.direct, await directRunSeconds(join(root, `direct-${r}`)));
    log(`round ${r + 1}/${rounds}: one-event run ${(1000 * tw / tiny).toFixed(2)} ms through the pool, ${(1000 * t.direct).toFixed(2)} ms directly`);
  }
  return t;
}

/** Ingest: a campaign of a tune's usual size, its outputs copied from the runs `timePool` made. */
function timeIngest(root: string, o: Options): { runs: number; parse: number; cached: number } {
  const ingestDir = join(root, 'ingest');
  const made = readRunTree(runsDirOf(join(root, `two-${o.rounds - 1}`))).runs;
  sampleRuns(campaign(root, INGEST_RUNS, o.events), ingestDir).forEach((run, i) => {
    copyFileSync(made[i % made.length].file, join(run.dir, 'out.yoda'));
    writeStatus(run.dir, { state: 'done', attempts: 1 });
  });
  loadIngested(ingestDir);
  let parse = Infinity;
  let cached = Infinity;
  let runs = 0;
  for (let r = 0; r < 5; r++) {
    parse = Math.min(parse, timeIt(() => (runs = readRunTree(runsDirOf(ingestDir)).runs.length)));
    cached = Math.min(
      cached,
      timeIt(() => {
        if (!loadIngested(ingestDir).fromCache) throw new Error('cache unexpectedly stale');
      }),
    );
  }
  return { runs, parse, cached };
}

function outcome(o: Options, t: PoolTimes, ingest: { runs: number; parse: number; cached: number }): BenchOutcome {
  const { runs, events } = o;
  const ratio = t.one / t.two;
  const dispatchMs = 1000 * (t.tinyWall - t.direct);
  const ingestRatio = ingest.parse / ingest.cached;
  const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
  return {
    params: { runs, events, tinyRuns: o.tiny, rounds: o.rounds, ingestRuns: ingest.runs },
    results: {
      eventsPerSecond: { oneWorker: Math.round((runs * events) / t.one), twoWorkers: Math.round((runs * events) / t.two) },
      scaling: ratio,
      scalingGoal: SCALING_GOAL,
      shortRunScaling: { eventsPerRun: SHORT_EVENTS, ratio: t.shortOne / t.shortTwo },
      dispatchOverheadMs: dispatchMs,
      oneEventRunMs: { pool: 1000 * t.tinyWall, direct: 1000 * t.direct },
      dispatchGoalMs: DISPATCH_GOAL_MS,
      ingest: { reparseMs: 1000 * ingest.parse, cacheLoadMs: 1000 * ingest.cached, ratio: ingestRatio },
      ingestGoal: INGEST_GOAL,
    },
    summary: [
      `scaling: ${Math.round((runs * events) / t.one)} ev/s with 1 worker, ${Math.round((runs * events) / t.two)} with 2: ratio ${ratio.toFixed(2)} (goal ≥ ${SCALING_GOAL}: ${ok(ratio >= SCALING_GOAL)})`,
      `  with runs of ${SHORT_EVENTS} events: ratio ${(t.shortOne / t.shortTwo).toFixed(2)} (each worker thread first loads and JIT-compiles the generator)`,
      `dispatch overhead: ${dispatchMs.toFixed(2)} ms per run (${(1000 * t.tinyWall).toFixed(2)} ms per one-event run through the pool, ${(1000 * t.direct).toFixed(2)} ms directly; goal ≤ ${DISPATCH_GOAL_MS}: ${ok(dispatchMs <= DISPATCH_GOAL_MS)})`,
      `ingest: ${ingest.runs} runs, YODA re-parse ${(1000 * ingest.parse).toFixed(1)} ms, cache load ${(1000 * ingest.cached).toFixed(2)} ms: ${ingestRatio.toFixed(0)}× (goal ≥ ${INGEST_GOAL}: ${ok(ingestRatio >= INGEST_GOAL)})`,
    ],
  };
}

export const poolBench: Benchmark = {
  name: 'pool',
  description: `local worker pool: 2 ÷ 1 worker scaling (goal ≥ ${SCALING_GOAL}), dispatch overhead per run (goal ≤ ${DISPATCH_GOAL_MS} ms), ingest cache vs YODA re-parse (goal ≥ ${INGEST_GOAL}×)`,
  usage: '[--runs N] [--events N] [--tiny-runs N] [--rounds R]',
  async run(argv, log) {
    const o = parseOptions(argv);
    const root = mkdtempSync(join(tmpdir(), 'mctune-bench-pool-'));
    try {
      const times = await timePool(root, o, log);
      return outcome(o, times, timeIngest(root, o));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

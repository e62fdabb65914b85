/**
 * Events per second per core of the built-in generator with the default
 * analysis, on one thread. Three measurements alternate in each round so
 * they see the same machine state: generation alone, analysis alone (on a
 * stored sample) and the two together; the minimum time of each is kept.
 */
import { AnalysisRun, loadAnalysis } from '../src/analyses/index.js';
import { EventRecord } from '../src/event/index.js';
import { Generator } from '../src/generator/index.js';
import { benchOptions, positiveIntegers, type Benchmark } from './types.js';

const GOAL = 20_000;
const FLOOR = 10_000;

export const generatorBench: Benchmark = {
  name: 'generator',
  description: `built-in generator + ALEPH_1996_S3486095 analysis, events/s on one core (goal ≥ ${GOAL}, floor ${FLOOR})`,
  usage: '[--events N] [--rounds R] [--analysis NAME]',
  run(argv, log) {
    const v = benchOptions(argv, { events: '20000', rounds: '3', analysis: 'ALEPH_1996_S3486095' });
    const { events, rounds } = positiveIntegers(v, ['events', 'rounds']);
    const def = loadAnalysis(v.analysis);
    // Warm-up so the JIT has compiled the hot paths before timing.
    timeBoth(new Generator({ seed: 99 }), new AnalysisRun(def), 2000);
    const sample = storeSample(events);
    let gen = Infinity;
    let ana = Infinity;
    let both = Infinity;
    for (let r = 0; r < rounds; r++) {
      const g = timeGeneration(new Generator({ seed: 1 + r }), events);
      const a = timeAnalysis(sample, new AnalysisRun(def));
      const b = timeBoth(new Generator({ seed: 1 + r }), new AnalysisRun(def), events);
      gen = Math.min(gen, g);
      ana = Math.min(ana, a);
      both = Math.min(both, b);
      log(`round ${r + 1}/${rounds}: generate ${(events / g).toFixed(0)} ev/s, analyse ${(events / a).toFixed(0)} ev/s, both ${(events / b).toFixed(0)} ev/s`);
    }
    const rate = events / both;
    const verdict = rate >= GOAL ? 'PASS (goal met)' : rate >= FLOOR ? 'PASS (above floor, below goal)' : 'FAIL (below floor)';
    return {
      params: { events, rounds, analysis: def.name },
      results: {
        eventsPerSecond: Math.round(rate),
        generateOnlyPerSecond: Math.round(events / gen),
        analyseOnlyPerSecond: Math.round(events / ana),
        microsecondsPerEvent: { generate: (1e6 * gen) / events, analyse: (1e6 * ana) / events, both: (1e6 * both) / events },
        goal: GOAL,
        floor: FLOOR,
        verdict,
      },
      summary: [
        `generate + analyse: ${Math.round(rate)} events/s on one core (${((1e6 * both) / events).toFixed(1)} µs/event)`,
        `  of which generation ${((1e6 * gen) / events).toFixed(1)} µs, analysis ${((1e6 * ana) / events).toFixed(1)} µs`,
        `goal ${GOAL}, floor ${FLOOR}: ${verdict}`,
      ],
    };
  },
};

function seconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

function timeGeneration(g: Generator, n: number): number {
  const r = new EventRecord();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) g.next(r);
  return seconds(t0);
}

function storeSample(n: number): EventRecord[] {
  const g = new Generator({ seed: 12345 });
  const r = new EventRecord();
  const out: EventRecord[] = [];
  for (let i = 0; i < n; i++) {
    g.next(r);
    out.push(r.clone());
  }
  return out;
}

function timeAnalysis(sample: readonly EventRecord[], run: AnalysisRun): number {
  const t0 = performance.now();
  for (const r of sample) run.analyze(r);
  return seconds(t0);
}

function timeBoth(g: Generator, run: AnalysisRun, n: number): number {
  const r = new EventRecord();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    g.next(r);
    run.analyze(r);
  }
  return seconds(t0);
}

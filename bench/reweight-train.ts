/**
 * Training and inference speed of the reweighting classifiers on the backend
 * initBackend picks: the Particle Flow network trained with src/nn's dense
 * layers (plain matMuls in the backward pass) and with TF.js's own gradients,
 * side by side on the same events; its inference rate; and the event MLP's
 * training rate and the time to weights for 10⁵ events at a new θ.
 * Events are synthetic (random per-particle features with ~M·0.6 particles per
 * event): the cost depends on the shapes, not on the physics.
 */
import { Random } from '../src/generator/index.js';
import { initBackend } from '../src/nn/index.js';
import { PARTICLE_FEATURES, eventRows, trainParametrised, trainTwoSample, type ParticleSet } from '../src/reweight/index.js';
import { benchOptions, positiveIntegers, type BenchOutcome, type Benchmark } from './types.js';

interface Options {
  events: number;
  maxParticles: number;
  epochs: number;
}

function parseOptions(argv: string[]): Options {
  const n = positiveIntegers(benchOptions(argv, { events: '4096', 'max-particles': '64', epochs: '2' }), ['events', 'max-particles', 'epochs']);
  return { events: n.events, maxParticles: n['max-particles'], epochs: n.epochs };
}

/** n events of random particle features, 0.4·M … 0.8·M particles each. */
function syntheticSet(n: number, M: number, rng: Random): ParticleSet {
  const K = PARTICLE_FEATURES.length;
  const x = new Float32Array(n * M * K);
  const mask = new Float32Array(n * M);
  for (let i = 0; i < n; i++) {
    const m = Math.floor(M * (0.4 + 0.4 * rng.uniform()));
    for (let j = 0; j < m; j++) {
      mask[i * M + j] = 1;
      x.set([rng.uniform() / m, 2 * rng.gauss(), Math.PI * (2 * rng.uniform() - 1), Math.sign(rng.gauss())], (i * M + j) * K);
      x[(i * M + j) * K + 4 + Math.floor(rng.uniform() * 6)] = 1;
    }
  }
  return { kind: 'particles', n, maxParticles: M, names: PARTICLE_FEATURES, x, mask, truncatedEvents: 0 };
}

const round = (v: number) => Math.round(v);

/** Particle Flow training rates (custom vs autograd gradients) and inference rate. */
async function particleFlow(o: Options, log: (line: string) => void) {
  const rng = new Random(1);
  const [a, b] = [syntheticSet(o.events, o.maxParticles, rng), syntheticSet(o.events, o.maxParticles, rng)];
  const rate = async (autograd: boolean) => {
    const t = await trainTwoSample({ a: { inputs: a }, b: { inputs: b } }, { epochs: o.epochs, validation: 0, batchSize: 256, autograd });
    return t;
  };
  const custom = await rate(false);
  log(`particle flow, src/nn gradients: ${round(custom.summary.eventsPerSecond)} events/s`);
  const auto = await rate(true);
  log(`particle flow, TF.js autograd: ${round(auto.summary.eventsPerSecond)} events/s`);
  auto.reweighter.dispose();
  const t0 = performance.now();
  custom.reweighter.logits(a);
  const inference = o.events / ((performance.now() - t0) / 1000);
  custom.reweighter.dispose();
  return { custom: custom.summary.eventsPerSecond, autograd: auto.summary.eventsPerSecond, inference };
}

/** Event MLP: training rate and the time to weights for 10⁵ events at a new θ (median of 5). */
async function eventMlp() {
  const rng = new Random(2);
  const n = 100_000;
  const D = 16;
  const table = (shift: number) => eventRows(Float32Array.from({ length: n * D }, () => rng.gauss() + shift), Array.from({ length: D }, (_, d) => `o${d}`));
  const theta = Float64Array.from({ length: n }, () => rng.uniform());
  const { reweighter, summary } = await trainParametrised({ theta: { names: ['StringZ:aLund'], lo: [0], hi: [1], theta0: [0.5] }, baseline: { inputs: table(0) }, target: { inputs: table(0.1), theta } }, { epochs: 1, validation: 0 });
  const probe = table(0);
  const times = [0.1, 0.3, 0.5, 0.7, 0.9].map((t) => {
    const t0 = performance.now();
    reweighter.weights(probe, [t]);
    return performance.now() - t0;
  });
  reweighter.dispose();
  return { trainRate: summary.eventsPerSecond, weightsMs: times.sort((p, q) => p - q)[2] };
}

export const reweightTrainBench: Benchmark = {
  name: 'reweight-train',
  description: 'Particle Flow training rate with src/nn vs TF.js autograd gradients, inference rates, event-MLP weights for 10⁵ events',
  usage: '[--events N] [--max-particles M] [--epochs E]',
  async run(argv, log): Promise<BenchOutcome> {
    const o = parseOptions(argv);
    const info = await initBackend({ log });
    const pf = await particleFlow(o, log);
    const mlp = await eventMlp();
    const speedup = pf.custom / pf.autograd;
    const summary = [
      `backend ${info.name}; Particle Flow Φ 32-32-32, F 32-32, M = ${o.maxParticles}, batch 256, ${o.events} + ${o.events} events`,
      `  training: ${round(pf.custom)} events/s with src/nn's gradients, ${round(pf.autograd)} with TF.js autograd (${speedup.toFixed(2)}×)`,
      `  inference: ${round(pf.inference)} events/s`,
      `event MLP 32-32 over 16 observables + θ: training ${round(mlp.trainRate)} events/s; weights for 10⁵ events at a new θ in ${mlp.weightsMs.toFixed(1)} ms`,
    ];
    return {
      params: { events: o.events, maxParticles: o.maxParticles, epochs: o.epochs, backend: info.name },
      results: { particleFlowTrainCustom: round(pf.custom), particleFlowTrainAutograd: round(pf.autograd), speedup, particleFlowInference: round(pf.inference), eventMlpTrain: round(mlp.trainRate), eventMlpWeights1e5Ms: mlp.weightsMs },
      summary,
    };
  },
};

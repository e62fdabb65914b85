/**
 * Whether dense-layer gradients should avoid matMul's transpose flags, measured
 * per TF.js backend in one run so machine noise hits every variant alike:
 *  - matMul of the issue's size (N×64 · 64×64 and the gradient products
 *    dy·Wᵀ, xᵀ·dy), plain vs transposeA/B flags vs an explicit tf.transpose,
 *    and the same products batched over bins at the surrogate's size;
 *  - one full-batch Adam step of src/nn's custom-gradient dense layers vs the
 *    same network left to TF.js's automatic gradient, for a wide MLP
 *    (reweighting-like) and for the batched per-bin nets of the surrogate
 *    (all three with mlp's tanh: only the dense layers' gradients differ);
 *    and with TF.js's own Tanh kernel instead of mlp's tanh.
 * Each round runs every variant once, alternating; the median of the rounds is kept.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, batchedDense, defaultTransposeMode, dense, disposeParams, initMlp, mlp, paramsOf, selectBackend, weightRandom, type BackendName, type DenseParams, type MlpOptions } from '../src/nn/index.js';
import { benchOptions, BenchUsageError, positiveIntegers, type BenchOutcome, type Benchmark, type Json } from './types.js';

interface Options {
  backends: BackendName[];
  rows: number;
  bins: number;
  runs: number;
  width: number;
  rounds: number;
}

function parseOptions(argv: string[]): Options {
  const v = benchOptions(argv, { backends: 'wasm,cpu', rows: '24576', bins: '400', runs: '80', width: '5', rounds: '5' });
  const backends = v.backends.split(',').map((s) => s.trim());
  for (const b of backends) if (!(BACKEND_NAMES as readonly string[]).includes(b)) throw new BenchUsageError(`--backends: unknown backend '${b}' (expected ${BACKEND_NAMES.join(', ')})`);
  const { rows, bins, runs, width, rounds } = positiveIntegers(v, ['rows', 'bins', 'runs', 'width', 'rounds']);
  return { backends: backends as BackendName[], rows, bins, runs, width, rounds };
}

/** A named thing to time; `run` must finish its work before returning (it reads its result back). */
interface Variant {
  name: string;
  run: () => void;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median milliseconds of each variant over the rounds, after one warm-up call each. */
function timeVariants(variants: readonly Variant[], rounds: number): Map<string, number> {
  for (const v of variants) v.run();
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const v of variants) {
      const t0 = performance.now();
      v.run();
      times.get(v.name)?.push(performance.now() - t0);
    }
  }
  return new Map([...times].map(([k, ts]) => [k, median(ts)]));
}

/** Runs a product and reads it back, so that the timing covers the whole kernel. */
function product(f: () => tf.Tensor): () => void {
  return () => {
    const t = tf.tidy(f);
    t.dataSync();
    t.dispose();
  };
}

/** Tensor shapes of one group of products: x, dy [..., rows, k] and W [..., k, k], with a leading bins axis or none. */
interface ProductShape {
  label: string;
  lead: number[];
  rows: number;
  k: number;
}

/** The forward product and the two gradient products, flagged vs explicit transpose, for one shape. */
function matMulVariants(s: ProductShape, x: tf.Tensor, w: tf.Tensor, dy: tf.Tensor): Variant[] {
  const t = (a: tf.Tensor): tf.Tensor => (a.rank === 3 ? tf.transpose(a, [0, 2, 1]) : tf.transpose(a));
  const xT = t(x);
  const v = (name: string, f: () => tf.Tensor): Variant => ({ name: `${s.label}: ${name}`, run: product(f) });
  return [
    v('x·W plain', () => tf.matMul(x, w)),
    v('dy·Wᵀ transposeB', () => tf.matMul(dy, w, false, true)),
    v('dy·Wᵀ explicit transpose', () => tf.matMul(dy, t(w))),
    v('xᵀ·dy transposeA', () => tf.matMul(x, dy, true, false)),
    v('xᵀ·dy explicit transpose', () => tf.matMul(t(x), dy)),
    v('xᵀ·dy plain, xᵀ given', () => tf.matMul(xT, dy)),
    v('transpose of x alone', () => t(x)),
  ];
}

function timeMatMuls(shapes: readonly ProductShape[], rounds: number): Map<string, number> {
  const tensors: tf.Tensor[] = [];
  const variants = shapes.flatMap((s, i) => {
    const x = tf.randomNormal([...s.lead, s.rows, s.k], 0, 1, 'float32', 10 * i + 1);
    const dy = tf.randomNormal([...s.lead, s.rows, s.k], 0, 1, 'float32', 10 * i + 2);
    const w = tf.randomNormal([...s.lead, s.k, s.k], 0, 1, 'float32', 10 * i + 3);
    tensors.push(x, dy, w);
    return matMulVariants(s, x, w, dy);
  });
  try {
    return timeVariants(variants, rounds);
  } finally {
    tf.dispose(tensors);
  }
}

/**
 * The network as mlp() builds it, except that hidden layers take TF.js's own Tanh kernel
 * (mlp's tanh is 2σ(2x) − 1 on wasm, src/nn/activation.ts).
 */
function mlpWithTfTanh(x: tf.Tensor2D, layers: readonly DenseParams[]): tf.Tensor {
  let h: tf.Tensor = x;
  layers.forEach((layer, i) => {
    const opts = { inputGradient: i > 0 };
    h = layer.kernel.rank === 3 ? batchedDense(h as tf.Tensor3D, layer, opts) : dense(h as tf.Tensor2D, layer, opts);
    if (i < layers.length - 1) h = tf.tanh(h);
  });
  return h;
}

/** One network trained four ways: the same layers and data, one optimiser per way so their states stay apart. */
function stepVariants(label: string, x: tf.Tensor2D, y: tf.Tensor, sizes: number[], bins: number | undefined): { variants: Variant[]; dispose: () => void } {
  const layers = initMlp(weightRandom(7), sizes, bins);
  const variables = paramsOf(layers);
  const viaMlp = (how: MlpOptions) => () => mlp(x, layers, { ...how, inputGradient: false });
  const ways: [string, () => tf.Tensor][] = [
    ['custom gradient, explicit transposes', viaMlp({ transposes: 'explicit' })],
    ['custom gradient, transpose flags', viaMlp({ transposes: 'flags' })],
    ['TF.js autograd', viaMlp({ autograd: true })],
    [`default transposes, TF.js's Tanh kernel`, () => mlpWithTfTanh(x, layers)],
  ];
  const optimizers = ways.map(() => tf.train.adam(1e-3));
  const step = (optimizer: tf.Optimizer, forward: () => tf.Tensor) => () => {
    const loss = (): tf.Scalar => tf.mean(tf.square(tf.sub(forward(), y)));
    const cost = optimizer.minimize(loss, true, variables);
    cost?.dataSync();
    cost?.dispose();
  };
  return {
    variants: ways.map(([name, forward], i) => ({ name: `${label}: ${name}`, run: step(optimizers[i], forward) })),
    dispose: () => {
      for (const o of optimizers) o.dispose();
      disposeParams(layers);
    },
  };
}

function timeSteps(o: Options): Map<string, number> {
  const wideX = tf.randomUniform<tf.Rank.R2>([o.rows, 16], 0, 1, 'float32', 4);
  const wideY = tf.randomUniform([o.rows, 1], 0, 1, 'float32', 5);
  const binX = tf.randomUniform<tf.Rank.R2>([o.runs, 5], 0, 1, 'float32', 6);
  const binY = tf.randomUniform([o.bins, o.runs, 1], 0, 1, 'float32', 7);
  const wide = stepVariants(`MLP ${o.rows}×16→64→64→1`, wideX, wideY, [16, 64, 64, 1], undefined);
  const batched = stepVariants(`${o.bins} bins × ${o.runs} runs, 5→${o.width}→${o.width}→1`, binX, binY, [5, o.width, o.width, 1], o.bins);
  try {
    return timeVariants([...wide.variants, ...batched.variants], o.rounds);
  } finally {
    wide.dispose();
    batched.dispose();
    tf.dispose([wideX, wideY, binX, binY]);
  }
}

function ratio(times: Map<string, number>, slow: string, fast: string): number {
  return (times.get(slow) ?? NaN) / (times.get(fast) ?? NaN);
}

function roundMs(times: Map<string, number>): { [key: string]: Json } {
  return Object.fromEntries([...times].map(([k, v]) => [k, Math.round(v * 100) / 100]));
}

interface BackendResult {
  record: { [key: string]: Json };
  lines: string[];
}

async function benchBackend(name: BackendName, o: Options, log: (line: string) => void): Promise<BackendResult> {
  const info = await selectBackend(name);
  const simd = name === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : null;
  log(`${info.message}: matMul …`);
  const shapes = [
    { label: `${o.rows}×64`, lead: [], rows: o.rows, k: 64 },
    { label: `${o.bins} bins × ${o.runs}×${o.width}`, lead: [o.bins], rows: o.runs, k: o.width },
  ];
  const mm = timeMatMuls(shapes, o.rounds);
  log(`${name}: training steps …`);
  const steps = timeSteps(o);
  // Flagged time over explicit-transpose time: > 1 means the flags are slower.
  const flagged = Object.fromEntries(
    shapes.map((s) => [s.label, { transposeB: ratio(mm, `${s.label}: dy·Wᵀ transposeB`, `${s.label}: dy·Wᵀ explicit transpose`), transposeA: ratio(mm, `${s.label}: xᵀ·dy transposeA`, `${s.label}: xᵀ·dy explicit transpose`) }]),
  );
  const k = [...steps.keys()];
  // Autograd's time over each custom way's, per network: > 1 means the custom gradient is faster.
  const speedup = {
    wideExplicit: ratio(steps, k[2], k[0]),
    wideFlags: ratio(steps, k[2], k[1]),
    batchedExplicit: ratio(steps, k[6], k[4]),
    batchedFlags: ratio(steps, k[6], k[5]),
  };
  // A step with TF.js's Tanh kernel over one with mlp's tanh, both with the default transposes: > 1 means mlp's is faster.
  const defaultIndex = (batched: boolean) => (defaultTransposeMode(batched) === 'explicit' ? 0 : 1);
  const tanhSpeedup = { wide: ratio(steps, k[3], k[defaultIndex(false)]), batched: ratio(steps, k[7], k[4 + defaultIndex(true)]) };
  const fmt = (t: Map<string, number>): string[] => [...t].map(([k, v]) => `  ${k.padEnd(62)} ${v.toFixed(2).padStart(9)} ms`);
  return {
    record: { backend: info.tfName, wasmSimd: typeof simd === 'boolean' ? simd : null, defaultTransposes: { unbatched: defaultTransposeMode(false), batched: defaultTransposeMode(true) }, matMulMs: roundMs(mm), stepMs: roundMs(steps), flaggedOverExplicit: flagged, autogradOverCustom: speedup, tfTanhOverOurs: tanhSpeedup },
    lines: [
      `backend ${name} (TF.js '${info.tfName}'${simd === null ? '' : `, SIMD ${String(simd)}`})`,
      ...fmt(mm),
      ...Object.entries(flagged).map(([label, f]) => `  → ${label}: transposeB flag ${f.transposeB.toFixed(2)}×, transposeA flag ${f.transposeA.toFixed(2)}× the time of an explicit transpose + plain matMul`),
      ...fmt(steps),
      `  → autograd step time ÷ custom: wide MLP ${speedup.wideExplicit.toFixed(2)}× (explicit), ${speedup.wideFlags.toFixed(2)}× (flags); batched bins ${speedup.batchedExplicit.toFixed(2)}× (explicit), ${speedup.batchedFlags.toFixed(2)}× (flags); defaults here: ${defaultTransposeMode(false)} (unbatched), ${defaultTransposeMode(true)} (batched)`,
      `  → TF.js's Tanh kernel step time ÷ mlp's tanh: wide MLP ${tanhSpeedup.wide.toFixed(2)}×, batched bins ${tanhSpeedup.batched.toFixed(2)}×`,
    ],
  };
}

export const nnMatMulBench: Benchmark = {
  name: 'nn-matmul',
  description: 'TF.js matMul with vs without transpose flags, and custom-gradient vs autograd dense training steps, per backend',
  usage: '[--backends wasm,cpu] [--rows N] [--bins B] [--runs R] [--width W] [--rounds K]',
  async run(argv, log): Promise<BenchOutcome> {
    const o = parseOptions(argv);
    const results: { [key: string]: Json } = {};
    const summary: string[] = [];
    for (const name of o.backends) {
      const r = await benchBackend(name, o, log);
      results[name] = r.record;
      summary.push(...r.lines, '');
    }
    return { params: { backends: o.backends, rows: o.rows, bins: o.bins, runs: o.runs, width: o.width, rounds: o.rounds, tfjs: tf.version.tfjs }, results, summary };
  },
};

/**
 * yoda-read: how much slower parsing a campaign's YODA files is than merely
 * reading them as text. The baseline (read, decode UTF-8, split lines) is the
 * least any text reader must do, so parse time / baseline time measures the
 * parser's own cost independently of the disk and the machine; the goal is ≤ 3.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Binning, Counter, Histo1D, Profile1D, Scatter2D, type AnyObject } from '../src/histo/index.js';
import { formatYoda, readYodaFile, readYodaFileSync } from '../src/yoda/index.js';
import { gauss, rng as seededRng } from '../test/helpers/random.js';
import { BenchUsageError, type Benchmark, type BenchOutcome, type Json } from './types.js';

const GOAL_RATIO = 3;
/** Fixed so that every run parses byte-identical files. */
const SEED = 0x6d637475;
/** Per file: 50 + 5 + 4 + 1 = 60 objects, the size of a typical multi-analysis Rivet run. */
const MIX = { histos: 50, profiles: 5, scatters: 4, counters: 1 } as const;
const OBJECTS_PER_FILE = MIX.histos + MIX.profiles + MIX.scatters + MIX.counters;
/** Bins per object are drawn from [MIN_BINS, MIN_BINS + BIN_SPREAD], about 1000 on average. */
const MIN_BINS = 900;
const BIN_SPREAD = 200;
/** Enough fills that most bins hold full-precision sums, as a real run's do; only the far tails stay empty. */
const FILLS = 20_000;

interface Options {
  files: number;
  rounds: number;
  /** Files with different content; the rest are copies, because generating (filling and formatting) dominates setup. */
  distinct: number;
  concurrency: number;
  /**
   * How numbers are printed: `rivet` as YODA's C++ writer does (%.6e, 7 significant digits: what Rivet runs
   * produce), `full` as mctune's writer does (shortest round-trip digits, up to 17).
   */
  digits: 'rivet' | 'full';
}

const USAGE = '[--files N (default 200, or $BENCH_FILES)] [--rounds N (3)] [--distinct N (8)] [--concurrency N (8)] [--digits rivet|full (rivet)]';

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new BenchUsageError(`--${name} needs a positive integer, got '${raw}'`);
  return n;
}

function optionValues(argv: string[]) {
  const spec = { type: 'string' } as const;
  try {
    return parseArgs({ args: argv, options: { files: spec, rounds: spec, distinct: spec, concurrency: spec, digits: spec }, strict: true }).values;
  } catch (e) {
    throw new BenchUsageError((e as Error).message);
  }
}

function digitsOption(raw: string | undefined): Options['digits'] {
  if (raw === undefined || raw === 'rivet' || raw === 'full') return raw ?? 'rivet';
  throw new BenchUsageError(`--digits must be rivet or full, got '${raw}'`);
}

/** Reprints every number of YODA text with %.6e, as YODA's C++ writer does. */
function rivetDigits(text: string): string {
  return text.replace(/-?\d\.\d+e[+-]\d+/g, (m) => {
    const [mant, exp] = Number(m).toExponential(6).split('e') as [string, string];
    const sign = exp[0] === '-' ? '-' : '+';
    return `${mant}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  });
}

function parseOptions(argv: string[]): Options {
  const v = optionValues(argv);
  const files = positiveInt('files', v.files ?? process.env.BENCH_FILES, 200);
  return {
    files,
    rounds: positiveInt('rounds', v.rounds, 3),
    distinct: Math.min(files, positiveInt('distinct', v.distinct, 8)),
    concurrency: positiveInt('concurrency', v.concurrency, 8),
    digits: digitsOption(v.digits),
  };
}

// ---------------------------------------------------------------- content

type Rng = () => number;

function binCount(rng: Rng): number {
  return MIN_BINS + Math.floor(rng() * (BIN_SPREAD + 1));
}

function uniformBinning(n: number, lo: number, hi: number): Binning {
  return Binning.fromEdges(Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n));
}

/** Log-spaced edges, as spectra (pT, mass) are usually binned, so not every binning is uniform. */
function logBinning(n: number, lo: number, hi: number): Binning {
  const r = Math.log(hi / lo);
  return Binning.fromEdges(Array.from({ length: n + 1 }, (_, i) => lo * Math.exp((r * i) / n)));
}

/** Generator weights: unweighted samples give w = 1, weighted ones scatter around 1 and can go negative (NLO). */
function weightFn(rng: Rng, weighted: boolean): () => number {
  return weighted ? () => 1 + 0.4 * gauss(rng) : () => 1;
}

const ANNOTATIONS = (i: number): [string, string][] => [
  ['Title', `Benchmark observable ${i}`],
  ['XLabel', '$p_\\perp$ [GeV]'],
  ['YLabel', '$1/\\sigma\\, d\\sigma/dp_\\perp$'],
];

/** Half peaked distributions on uniform bins, half falling spectra on log bins. */
function makeHisto(rng: Rng, path: string, i: number): Histo1D {
  const n = binCount(rng);
  const spectrum = i % 2 === 1;
  const h = new Histo1D(path, spectrum ? logBinning(n, 1, 1000) : uniformBinning(n, -5, 5), ANNOTATIONS(i));
  const w = weightFn(rng, rng() < 0.5);
  for (let f = 0; f < FILLS; f++) h.fill(spectrum ? 1 - 60 * Math.log(1 - rng()) : 1.5 * gauss(rng), w());
  return h;
}

function makeProfile(rng: Rng, path: string, i: number): Profile1D {
  const p = new Profile1D(path, uniformBinning(binCount(rng), 0, 100), ANNOTATIONS(i));
  const w = weightFn(rng, true);
  for (let f = 0; f < FILLS; f++) {
    const x = 100 * rng();
    p.fill(x, 0.1 * x + 2 * gauss(rng), w());
  }
  return p;
}

/** Reference-data-like points: bin centres, half-widths, and values with asymmetric errors. */
function makeScatter(rng: Rng, path: string, i: number): Scatter2D {
  const n = binCount(rng);
  const s = new Scatter2D(path, n, [...ANNOTATIONS(i), ['IsRef', '1']]);
  for (let k = 0; k < n; k++) {
    s.x[k] = (k + 0.5) / n;
    s.xErrDn[k] = s.xErrUp[k] = 0.5 / n;
    s.y[k] = 100 * Math.exp(-5 * s.x[k]) * (1 + 0.05 * gauss(rng));
    s.yErrDn[k] = 0.03 * s.y[k] * rng();
    s.yErrUp[k] = 0.03 * s.y[k] * rng();
  }
  return s;
}

function makeCounter(rng: Rng, path: string): Counter {
  const c = new Counter(path);
  const w = weightFn(rng, true);
  for (let f = 0; f < FILLS; f++) c.fill(w());
  return c;
}

/** The 60 objects of one file; `variant` picks the seed, so different variants differ in every number. */
function makeObjects(variant: number): AnyObject[] {
  const rng = seededRng(SEED + variant);
  const base = `/BENCH_2024_I${1000 + variant}`;
  const path = (i: number): string => `${base}/d${String(i).padStart(2, '0')}-x01-y01`;
  const objs: AnyObject[] = [];
  let i = 1;
  for (let k = 0; k < MIX.histos; k++, i++) objs.push(makeHisto(rng, path(i), i));
  for (let k = 0; k < MIX.profiles; k++, i++) objs.push(makeProfile(rng, path(i), i));
  for (let k = 0; k < MIX.scatters; k++, i++) objs.push(makeScatter(rng, path(i), i));
  for (let k = 0; k < MIX.counters; k++, i++) objs.push(makeCounter(rng, path(i)));
  return objs;
}

interface Generated {
  files: string[];
  bytes: number;
  generateMs: number;
  copyMs: number;
}

function generate(dir: string, opts: Options, log: (line: string) => void): Generated {
  const files = Array.from({ length: opts.files }, (_, i) => join(dir, `run-${String(i).padStart(4, '0')}.yoda`));
  const t0 = performance.now();
  for (let v = 0; v < opts.distinct; v++) {
    const text = formatYoda(makeObjects(v));
    writeFileSync(files[v], opts.digits === 'rivet' ? rivetDigits(text) : text);
  }
  const t1 = performance.now();
  log(`generated ${opts.distinct} distinct file(s) in ${seconds(t1 - t0)} s`);
  for (let i = opts.distinct; i < files.length; i++) copyFileSync(files[i % opts.distinct], files[i]);
  const t2 = performance.now();
  const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
  return { files, bytes, generateMs: t1 - t0, copyMs: t2 - t1 };
}

// ---------------------------------------------------------------- measurement

type Method = 'baseline' | 'parseSync' | 'parseAsync';
const METHODS: readonly Method[] = ['baseline', 'parseSync', 'parseAsync'];

/** The least work any line-based text reader does. The line count is returned so the split cannot be optimised away. */
function readBaseline(files: readonly string[]): number {
  let lines = 0;
  for (const f of files) lines += readFileSync(f).toString('utf8').split('\n').length;
  return lines;
}

function checkCount(file: string, parsed: number): number {
  if (parsed !== OBJECTS_PER_FILE) throw new Error(`${file}: parsed ${parsed} objects, but ${OBJECTS_PER_FILE} were written`);
  return parsed;
}

function parseSync(files: readonly string[]): number {
  let objects = 0;
  for (const f of files) objects += checkCount(f, readYodaFileSync(f).size);
  return objects;
}

/** `concurrency` workers take files from a shared queue, as a campaign reader would. */
async function parseAsync(files: readonly string[], concurrency: number): Promise<number> {
  let next = 0;
  let objects = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const f = files[next++];
      // Not `objects += await …`: that reads the total before the await and loses the other workers' additions.
      const parsed = checkCount(f, (await readYodaFile(f)).size);
      objects += parsed;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return objects;
}

async function runMethod(m: Method, files: readonly string[], opts: Options): Promise<number> {
  switch (m) {
    case 'baseline':
      return readBaseline(files);
    case 'parseSync':
      return parseSync(files);
    case 'parseAsync':
      return parseAsync(files, opts.concurrency);
  }
}

/** Wall time of one pass of method m over all files; throws unless every object came back. */
async function timeMethod(m: Method, files: readonly string[], opts: Options): Promise<number> {
  const t0 = performance.now();
  const count = await runMethod(m, files, opts);
  const ms = performance.now() - t0;
  if (m !== 'baseline' && count !== files.length * OBJECTS_PER_FILE) {
    throw new Error(`${m}: parsed ${count} objects in total, but ${files.length * OBJECTS_PER_FILE} were written`);
  }
  return ms;
}

/**
 * Rounds alternate the methods, starting each round with a different one, so
 * that JIT warm-up, garbage left by the previous method and machine noise do
 * not all fall on the same method. The minimum per method is the least-disturbed run.
 */
async function measure(files: readonly string[], opts: Options, log: (line: string) => void): Promise<Record<Method, number[]>> {
  const times: Record<Method, number[]> = { baseline: [], parseSync: [], parseAsync: [] };
  for (let r = 0; r < opts.rounds; r++) {
    for (let k = 0; k < METHODS.length; k++) {
      const m = METHODS[(r + k) % METHODS.length];
      times[m].push(await timeMethod(m, files, opts));
    }
    log(`round ${r + 1}/${opts.rounds}: ${METHODS.map((m) => `${m} ${seconds(times[m][r])} s`).join(', ')}`);
  }
  return times;
}

// ---------------------------------------------------------------- report

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const LABELS: Record<Method, (o: Options) => string> = {
  baseline: () => 'baseline: readFileSync+utf8+split',
  parseSync: () => 'readYodaFileSync',
  parseAsync: (o) => `readYodaFile (${o.concurrency} concurrent)`,
};

/** The best (minimum) time per method and what follows from it. */
interface Figures {
  mb: number;
  best: Record<Method, number>;
  ratio: Record<Method, number>;
  pass: boolean;
}

function figures(gen: Generated, times: Record<Method, number[]>): Figures {
  const best = { baseline: Math.min(...times.baseline), parseSync: Math.min(...times.parseSync), parseAsync: Math.min(...times.parseAsync) };
  const ratio = { baseline: 1, parseSync: best.parseSync / best.baseline, parseAsync: best.parseAsync / best.baseline };
  return { mb: gen.bytes / 1e6, best, ratio, pass: ratio.parseSync <= GOAL_RATIO };
}

function mbPerS(f: Figures, m: Method): number {
  return f.mb / (f.best[m] / 1000);
}

function summaryLines(gen: Generated, opts: Options, f: Figures): string[] {
  const row = (label: string, time: string, rate: string, ratio: string): string =>
    `  ${label.padEnd(36)} ${time.padStart(8)} ${rate.padStart(8)} ${ratio.padStart(6)}`;
  return [
    `yoda-read: ${opts.files} files (${opts.distinct} distinct) × ${OBJECTS_PER_FILE} objects of ~${MIN_BINS + BIN_SPREAD / 2} bins, ` +
      `${f.mb.toFixed(1)} MB (10^6 bytes), numbers as ${opts.digits === 'rivet' ? 'Rivet writes them (%.6e)' : 'mctune writes them (full precision)'}, min of ${opts.rounds} rounds`,
    `setup: ${seconds(gen.generateMs)} s to generate and write ${opts.distinct} file(s), ${seconds(gen.copyMs)} s to copy the rest`,
    '',
    row('method', 'time s', 'MB/s', 'ratio'),
    ...METHODS.map((m) => row(LABELS[m](opts), seconds(f.best[m]), mbPerS(f, m).toFixed(1), f.ratio[m].toFixed(2))),
    '',
    `goal: readYodaFileSync time / baseline time ≤ ${GOAL_RATIO} → ${f.pass ? 'PASS' : 'FAIL'} (${f.ratio.parseSync.toFixed(2)})`,
  ];
}

function params(opts: Options): { [key: string]: Json } {
  return {
    files: opts.files,
    distinct: opts.distinct,
    rounds: opts.rounds,
    concurrency: opts.concurrency,
    objectsPerFile: OBJECTS_PER_FILE,
    mix: { ...MIX },
    binsPerObject: [MIN_BINS, MIN_BINS + BIN_SPREAD],
    fillsPerObject: FILLS,
    seed: SEED,
    format: 'YODA V2 text',
    digits: opts.digits,
  };
}

function results(gen: Generated, times: Record<Method, number[]>, f: Figures): { [key: string]: Json } {
  const out: { [key: string]: Json } = {
    totalBytes: gen.bytes,
    totalMB: round(f.mb, 3),
    generateMs: round(gen.generateMs, 1),
    copyMs: round(gen.copyMs, 1),
  };
  for (const m of METHODS) {
    out[m] = { minMs: round(f.best[m], 1), roundsMs: times[m].map((t) => round(t, 1)), mbPerS: round(mbPerS(f, m), 1), ratio: round(f.ratio[m], 3) };
  }
  return { ...out, goalRatio: GOAL_RATIO, pass: f.pass };
}

function report(gen: Generated, opts: Options, times: Record<Method, number[]>): BenchOutcome {
  const f = figures(gen, times);
  return { params: params(opts), results: results(gen, times, f), summary: summaryLines(gen, opts, f) };
}

async function run(argv: string[], log: (line: string) => void): Promise<BenchOutcome> {
  const opts = parseOptions(argv);
  const dir = mkdtempSync(join(tmpdir(), 'mctune-bench-yoda-read-'));
  try {
    const gen = generate(dir, opts, log);
    // Fills the page cache for every method alike (the files were just written, but the copies may not be cached yet).
    readBaseline(gen.files);
    return report(gen, opts, await measure(gen.files, opts, log));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const yodaRead: Benchmark = {
  name: 'yoda-read',
  description: `parse time of YODA V2 files relative to reading them as text lines (goal: ≤ ${GOAL_RATIO}×)`,
  usage: USAGE,
  run,
};

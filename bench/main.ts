/**
 * Benchmark runner: `npm run bench -- NAME [options]`. Runs one benchmark,
 * prints its summary and keeps the figures in bench/results/NAME.json, with
 * enough about the machine and the run to compare results later.
 */
import { mkdirSync } from 'node:fs';
import { arch, cpus, platform, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/fsutil/index.js';
import { BenchUsageError, type Benchmark, type BenchOutcome, type Json } from './types.js';
import { yodaRead } from './yoda-read.js';
import { generatorBench } from './generator.js';
import { poolBench } from './pool.js';
import { surrogateBench } from './surrogate.js';
import { nnMatMulBench } from './nn-matmul.js';
import { closureBench } from './closure.js';
import { adaptiveBench } from './adaptive.js';
import { reweightTrainBench } from './reweight-train.js';
import { uiReweightBench } from './ui-reweight.js';

const BENCHMARKS: readonly Benchmark[] = [yodaRead, generatorBench, poolBench, surrogateBench, nnMatMulBench, closureBench, adaptiveBench, reweightTrainBench, uiReweightBench];

/** Beside this file rather than under the cwd, so that results land in one place however npm is run. */
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

function say(text: string): void {
  process.stdout.write(text + '\n');
}

function log(text: string): void {
  process.stderr.write(text + '\n');
}

function listing(): string {
  const width = Math.max(...BENCHMARKS.map((b) => b.name.length));
  return [
    'Usage: npm run bench -- NAME [options]',
    '',
    'Benchmarks:',
    ...BENCHMARKS.map((b) => `  ${b.name.padEnd(width)}  ${b.description}`),
  ].join('\n');
}

function usage(b: Benchmark): string {
  return `Usage: npm run bench -- ${b.name} ${b.usage}`;
}

function machine(): { [key: string]: Json } {
  const cores = cpus();
  return {
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    platform: platform(),
    arch: arch(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}

async function saveResult(name: string, record: { [key: string]: Json }): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  await writeFileAtomic(file, JSON.stringify(record, null, 2) + '\n');
  return file;
}

/** Runs the benchmark, turning a bad command line into exit code 2; anything else it throws propagates. */
async function runOne(b: Benchmark, argv: string[]): Promise<BenchOutcome | number> {
  try {
    return await b.run(argv, log);
  } catch (e) {
    if (!(e instanceof BenchUsageError)) throw e;
    log(`${b.name}: ${e.message}\n${usage(b)}`);
    return 2;
  }
}

async function main(argv: string[]): Promise<number> {
  const name = argv.at(0);
  const rest = argv.slice(1);
  const bench = BENCHMARKS.find((b) => b.name === name);
  if (!bench) {
    log(`${name === undefined ? 'no benchmark given' : `unknown benchmark '${name}'`}\n\n${listing()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    say(`${usage(bench)}\n\n${bench.description}`);
    return 0;
  }
  // Taken before the run: the date is when the measurement began, not when it was saved.
  const date = new Date().toISOString();
  const outcome = await runOne(bench, rest);
  if (typeof outcome === 'number') return outcome;
  say(outcome.summary.join('\n'));
  const record = { benchmark: bench.name, date, node: process.version, machine: machine(), params: outcome.params, results: outcome.results };
  const file = await saveResult(bench.name, record);
  say(`\nresult written to ${relative(process.cwd(), file)}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));

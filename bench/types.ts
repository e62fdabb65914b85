/** What the runner (bench/main.ts) and each benchmark agree on. */
import { parseArgs } from 'node:util';

/** Anything JSON.stringify writes back unchanged, so a result file is exactly what was measured. */
export type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

export interface BenchOutcome {
  /** The inputs that shaped the run (sizes, rounds, seed), so results of different runs can be compared fairly. */
  params: { [key: string]: Json };
  /** The measured numbers. */
  results: { [key: string]: Json };
  /** Human-readable lines for the terminal; the JSON carries the same figures. */
  summary: string[];
}

export interface Benchmark {
  name: string;
  /** One line for the list of benchmarks. */
  description: string;
  /** Options after the benchmark name, for the usage text. */
  usage: string;
  /** Progress goes to `log` (stderr) so that stdout holds only the summary. */
  run(argv: string[], log: (line: string) => void): BenchOutcome | Promise<BenchOutcome>;
}

/** A bad command line: the runner prints it with the usage text and exits with code 2. */
export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchUsageError';
  }
}

/** `--name value` options over their defaults, all as text; a bad command line is a BenchUsageError. */
export function benchOptions<K extends string>(argv: string[], defaults: Record<K, string>): Record<K, string> {
  const options = Object.fromEntries(Object.entries<string>(defaults).map(([k, d]) => [k, { type: 'string' as const, default: d }]));
  try {
    return parseArgs({ args: argv, options, strict: true }).values as Record<K, string>;
  } catch (e) {
    throw new BenchUsageError((e as Error).message);
  }
}

/** The named options as positive integers, or a BenchUsageError naming them. */
export function positiveIntegers<K extends string>(values: Record<K, string>, names: readonly K[]): Record<K, number> {
  const out = Object.fromEntries(names.map((n) => [n, Number(values[n])])) as Record<K, number>;
  if (!names.every((n) => Number.isInteger(out[n]) && out[n] > 0)) throw new BenchUsageError(`${names.map((n) => `--${n}`).join(', ')} must be positive integers`);
  return out;
}

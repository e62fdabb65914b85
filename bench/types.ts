/** What the runner (bench/main.ts) and each benchmark agree on. */

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

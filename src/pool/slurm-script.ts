/**
 * The sbatch script of one submission: a job array whose task i runs
 * `mctune run-one` on the i-th run directory. It is a file handed to sbatch,
 * never a command line given to a shell; every path in it is single-quoted.
 * Paths Slurm itself needs (output pattern, working directory) go on sbatch's
 * argument array instead, where no quoting can go wrong.
 */
export interface ArrayScript {
  readonly jobName: string;
  /** Run directories, one per array task. */
  readonly runDirs: readonly string[];
  /** The command that starts mctune, e.g. [node, bin/mctune.js]. */
  readonly mctune: readonly string[];
  readonly campaignFile: string;
  /** Minutes Slurm allows a task: the run timeout plus a margin, so mctune's own timeout acts first. */
  readonly minutes: number;
  /** At most this many tasks at once (`--array=…%N`), when given. */
  readonly maxParallel?: number;
  /** Extra `#SBATCH` options, e.g. `--partition=short`. */
  readonly sbatchOptions?: readonly string[];
}

/**
 * Quotes a string for POSIX shells: nothing inside single quotes is special
 * except the quote itself. Words made only of characters no shell treats
 * specially are left bare, so commands read as people write them.
 */
export function shellQuote(s: string): string {
  if (/^[\w@%+:,./-][\w@%+=:,./-]*$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function arrayScript(s: ArrayScript): string {
  if (s.runDirs.length === 0) throw new Error('an array job needs at least one run');
  for (const o of s.sbatchOptions ?? []) if (/[\n\r]/.test(o)) throw new Error(`sbatch option ${JSON.stringify(o)} spans lines`);
  const range = `0-${s.runDirs.length - 1}${s.maxParallel ? `%${s.maxParallel}` : ''}`;
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${s.jobName.replace(/[^\w.-]/g, '_')}`,
    `#SBATCH --array=${range}`,
    `#SBATCH --time=${Math.max(1, Math.ceil(s.minutes))}`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    ...(s.sbatchOptions ?? []).map((o) => `#SBATCH ${o}`),
    '# Written by mctune run --engine slurm; each task runs one run directory.',
    'set -eu',
    'runs=(',
    ...s.runDirs.map((d) => `  ${shellQuote(d)}`),
    ')',
    `exec ${s.mctune.map(shellQuote).join(' ')} run-one --campaign ${shellQuote(s.campaignFile)} "\${runs[$SLURM_ARRAY_TASK_ID]}"`,
    '',
  ].join('\n');
}

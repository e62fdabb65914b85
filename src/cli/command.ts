/**
 * What a command is, as a table its file exports: help texts, options and
 * the function that does the work. `program.ts` turns these tables into the
 * command line; a command never parses argv itself.
 */

/** Where a command writes: stdout for results, stderr for warnings and progress. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  /** Value name in help, for string options. */
  value?: string;
  description: string;
  default?: string | boolean;
  choices?: readonly string[];
  /** A string option that may be repeated; its value is then a string[]. */
  multiple?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

/** One command: its help, its options, and what it does (returns the exit code). */
export interface Command {
  name: string;
  summary: string;
  /** Positional arguments, all required, as shown in the usage line, e.g. `FILE PATH`. */
  args: string;
  options: OptionSpec[];
  description?: string;
  run(args: ParsedArgs, io: CliIO): Promise<number> | number;
}

/**
 * Misuse of the command line: reported with a pointer to --help, exit code 2.
 * Without `command`, the pointer names the command that was running.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

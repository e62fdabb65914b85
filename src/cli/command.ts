import { parseArgs } from 'node:util';

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
  /** Positional arguments as shown in the usage line, e.g. `FILE PATH`. */
  args: string;
  /** Number of positional arguments required (and allowed). */
  arity: number;
  options: OptionSpec[];
  description?: string;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

/** Misuse of the command line: reported with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export function helpText(prefix: string, c: Command): string {
  const lines = [`Usage: ${prefix} ${c.name} ${c.args}${c.options.length ? ' [options]' : ''}`.trimEnd(), '', c.summary];
  if (c.description) lines.push('', c.description);
  lines.push('', 'Options:');
  for (const o of [...c.options, { name: 'help', type: 'boolean', short: 'h', description: 'show this help' } as OptionSpec]) {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    const extra = [o.choices ? `one of: ${o.choices.join(', ')}` : '', o.default !== undefined ? `default: ${String(o.default)}` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${flag.padEnd(28)} ${o.description}${extra ? ` (${extra})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** Parses argv for a command, checking arity and choices; throws {@link UsageError}. */
export function parseCommandArgs(prefix: string, c: Command, argv: string[]): ParsedArgs | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { help: { type: 'boolean', short: 'h' } };
  for (const o of c.options) options[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''), `${prefix} ${c.name}`);
  }
  if (parsed.values.help) return 'help';
  if (parsed.positionals.length !== c.arity) {
    throw new UsageError(`expected ${c.arity} argument(s) (${c.args}), got ${parsed.positionals.length}`, `${prefix} ${c.name}`);
  }
  const values: ParsedArgs['values'] = {};
  for (const o of c.options) {
    const v = parsed.values[o.name] ?? o.default;
    if (o.choices && typeof v === 'string' && !o.choices.includes(v)) {
      throw new UsageError(`--${o.name} must be one of ${o.choices.join(', ')}, got '${v}'`, `${prefix} ${c.name}`);
    }
    values[o.name] = v as string | boolean | string[] | undefined;
  }
  return { positionals: parsed.positionals, values };
}

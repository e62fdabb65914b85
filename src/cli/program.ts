/**
 * The command line as a `commander` program built from the command tables.
 * commander does the parsing (an option's value may start with a dash, as in
 * `--sbatch --partition=short`), the help, `--version` and the near-miss
 * suggestions; this file maps its outcomes onto mctune's exit codes.
 */
import { readFileSync } from 'node:fs';
import { Command as Program, CommanderError, Help, Option } from 'commander';
import { UsageError, type CliIO, type Command, type OptionSpec, type ParsedArgs } from './command.js';

/** A group of commands under one word, e.g. `mctune yoda ls`. */
export interface CommandGroup {
  name: string;
  summary: string;
  commands: readonly Command[];
}

/** What the command that ran returned, and which command it was (for usage errors it throws). */
export interface Outcome {
  code: number;
  path: string;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/**
 * commander ends help and --version by a "0" exit; anything else it reports
 * is misuse (help shown for a missing command included, with a non-zero one).
 */
export function isCleanExit(e: unknown): boolean {
  return e instanceof CommanderError && e.exitCode === 0 && CLEAN_EXITS.has(e.code);
}

/** The whole command line; a fresh program per call, since commander keeps parsed values on it. */
export function buildProgram(top: readonly Command[], groups: readonly CommandGroup[], io: CliIO, outcome: Outcome): Program {
  const program = new Program('mctune')
    .usage('<command> [options]')
    .description('mctune — tune Monte Carlo event generators to measured histograms.')
    .version(VERSION, '-V, --version', 'print the version of mctune')
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [command]', 'show the help of a command')
    .addHelpText('after', "\nRun 'mctune <command> --help' for the options of a command.")
    .configureHelp({ visibleCommands: flatCommands, subcommandTerm: fullTerm });
  settle(program, io);
  for (const c of top) addCommand(program, c, io, outcome);
  for (const g of groups) {
    const group = program.command(g.name).description(`${g.summary}.`).usage('<command> [options]');
    settle(group, io);
    for (const c of g.commands) addCommand(group, c, io, outcome);
  }
  return program;
}

/** Output through `io`, and misuse as a {@link UsageError} pointing at this command's help. */
function settle(cmd: Program, io: CliIO): void {
  cmd
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t), outputError: () => undefined })
    .exitOverride((e) => {
      if (isCleanExit(e)) throw e;
      // The help was shown instead of a missing command; it says enough.
      if (e.code === 'commander.help') throw e;
      throw new UsageError(e.message.replace(/^error: /, ''), commandPath(cmd));
    });
}

function addCommand(parent: Program, c: Command, io: CliIO, outcome: Outcome): void {
  const cmd = parent.command(c.name).summary(c.summary).description(c.description ? `${c.summary}\n\n${c.description}` : c.summary);
  cmd.usage(`${c.args}${c.options.length ? ' [options]' : ''}`.trim());
  for (const a of c.args.split(/\s+/).filter(Boolean)) cmd.argument(`<${a}>`);
  settle(cmd, io);
  const options = c.options.map((spec) => {
    const o = commanderOption(spec);
    cmd.addOption(o);
    return { spec, o };
  });
  cmd.action(async () => {
    const values: ParsedArgs['values'] = {};
    for (const { spec, o } of options) {
      const v: unknown = cmd.getOptionValue(o.attributeName());
      // commander turns `--no-x` into x = false; the tables name the flag itself.
      values[spec.name] = o.negate ? v === false : ((v as string | boolean | string[] | undefined) ?? spec.default);
    }
    outcome.path = commandPath(cmd);
    outcome.code = await c.run({ positionals: [...cmd.args], values }, io);
  });
}

function commanderOption(spec: OptionSpec): Option {
  const flags = `${spec.short ? `-${spec.short}, ` : ''}--${spec.name}${spec.type === 'string' ? ` <${spec.value ?? 'VALUE'}>` : ''}`;
  const o = new Option(flags, spec.description);
  if (spec.choices) o.choices(spec.choices);
  if (spec.type === 'string' && typeof spec.default === 'string') o.default(spec.default, spec.default);
  if (spec.multiple) o.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  return o;
}

/** `mctune yoda ls` for the command `ls` of the group `yoda`. */
function commandPath(cmd: Program): string {
  const names: string[] = [];
  for (let c: Program | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** `yoda ls` rather than `ls`; the implicit help command has no parent and keeps its own term. */
function fullTerm(this: Help, cmd: Program): string {
  return cmd.parent ? commandPath(cmd).slice(commandPath(rootOf(cmd)).length + 1) : Help.prototype.subcommandTerm.call(this, cmd);
}

function rootOf(cmd: Program): Program {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

/** The main help lists each group's commands by their full name, so one screen shows everything. */
function flatCommands(this: Help, cmd: Program): Program[] {
  const visible = Help.prototype.visibleCommands.call(this, cmd);
  if (cmd.parent) return visible;
  return visible.flatMap((c) => (c.commands.length ? c.commands.filter((s) => s.name() !== 'help') : [c]));
}

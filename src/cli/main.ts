import { helpText, parseCommandArgs, UsageError, type CliIO, type Command } from './command.js';
import { start } from './commands/start.js';
import { analyse, generate } from './commands/generate.js';
import { sample, status } from './commands/campaign.js';
import { run, runOneCommand } from './commands/run.js';
import { ingest } from './commands/ingest.js';
import { yodaCommands } from './commands/yoda.js';

/** Command groups: `mctune <group> <command>`, or top-level commands with no group. */
const GROUPS: Record<string, { summary: string; commands: Command[] }> = {
  yoda: { summary: 'inspect, convert and compare YODA histogram files', commands: yodaCommands },
};
const TOP: Command[] = [start, generate, analyse, sample, run, status, ingest, runOneCommand];

export const processIO: CliIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

function mainHelp(): string {
  const lines = [
    'mctune — tune Monte Carlo event generators to measured histograms.',
    '',
    'Usage: mctune <command> [options]     (mctune <command> --help for its options)',
    '',
    'Commands:',
    ...TOP.map((c) => `  ${c.name.padEnd(16)} ${c.summary}`),
  ];
  for (const [g, { commands }] of Object.entries(GROUPS)) {
    for (const c of commands) lines.push(`  ${`${g} ${c.name}`.padEnd(16)} ${c.summary}`);
  }
  return lines.join('\n') + '\n';
}

function groupHelp(g: string): string {
  const group = GROUPS[g]!;
  return [`Usage: mctune ${g} <command> [options]`, '', `${group.summary}.`, '', 'Commands:', ...group.commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`)].join('\n') + '\n';
}

/**
 * Runs the command line and returns the exit code: 0 success, 1 failure (bad
 * input files, differences found), 2 misuse of the command line.
 */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(mainHelp());
    return first === undefined ? 2 : 0;
  }
  let prefix = 'mctune';
  let command: Command | undefined;
  let args = rest;
  const group = GROUPS[first];
  if (group) {
    const [sub, ...subArgs] = rest;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.out(groupHelp(first));
      return sub === undefined ? 2 : 0;
    }
    prefix = `mctune ${first}`;
    command = group.commands.find((c) => c.name === sub);
    args = subArgs;
    if (!command) return usage(io, new UsageError(`unknown command '${first} ${sub}'`, prefix));
  } else {
    command = TOP.find((c) => c.name === first);
    if (!command) return usage(io, new UsageError(`unknown command '${first}'`, 'mctune'));
  }
  try {
    const parsed = parseCommandArgs(prefix, command, args);
    if (parsed === 'help') {
      io.out(helpText(prefix, command));
      return 0;
    }
    return await command.run(parsed, io);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e);
    io.err(`mctune: ${(e as Error).message}\n`);
    return 1;
  }
}

function usage(io: CliIO, e: UsageError): number {
  io.err(`mctune: ${e.message}\nRun '${e.command} --help' for usage.\n`);
  return 2;
}

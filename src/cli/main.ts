import { CommanderError } from 'commander';
import { UsageError, type CliIO, type Command } from './command.js';
import { buildProgram, isCleanExit, type CommandGroup, type Outcome } from './program.js';
import { start } from './commands/start.js';
import { survey } from './commands/survey.js';
import { analyse, generate } from './commands/generate.js';
import { convertEvents } from './commands/convert-events.js';
import { sample, status } from './commands/campaign.js';
import { run, runOneCommand } from './commands/run.js';
import { ingest } from './commands/ingest.js';
import { build } from './commands/build.js';
import { tune } from './commands/tune.js';
import { loop } from './commands/loop.js';
import { ui } from './commands/ui.js';
import { report } from './commands/report.js';
import { eigentunesCommand } from './commands/eigentunes.js';
import { yodaCommands } from './commands/yoda.js';
import { reweightCommands } from './commands/reweight.js';

/** Command groups: `mctune <group> <command>`, beside the top-level commands. */
const GROUPS: CommandGroup[] = [{ name: 'yoda', summary: 'inspect, convert and compare YODA histogram files', commands: yodaCommands }, { name: 'reweight', summary: 'reweight event samples to other parameter points with neural classifiers (DCTR)', commands: reweightCommands }];
const TOP: Command[] = [start, survey, generate, analyse, convertEvents, sample, run, status, ingest, build, tune, eigentunesCommand, loop, ui, report, runOneCommand];

export const processIO: CliIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/**
 * Runs the command line and returns the exit code: 0 success, 1 failure (bad
 * input files, differences found, failed runs), 2 misuse of the command line.
 */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  const outcome: Outcome = { code: 0, path: 'mctune' };
  try {
    await buildProgram(TOP, GROUPS, io, outcome).parseAsync(argv, { from: 'user' });
    return outcome.code;
  } catch (e) {
    if (isCleanExit(e)) return 0;
    if (e instanceof CommanderError) return 2;
    if (e instanceof UsageError) {
      io.err(`mctune: ${e.message}\nRun '${e.command ?? outcome.path} --help' for usage.\n`);
      return 2;
    }
    io.err(`mctune: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

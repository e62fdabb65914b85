/** The command line: a thin layer over the library. */
export { runCli, processIO } from './main.js';
export type { CliIO, Command } from './command.js';

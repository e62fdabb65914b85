/** The command line: a thin layer over the library. */
export { runCli, processIO } from './main.js';
export { quietOnClosedPipes } from './stops.js';
export type { CliIO, Command } from './command.js';

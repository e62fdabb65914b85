#!/usr/bin/env node
// Entry point of the installed command; the code is compiled to dist/ by `npm ci` (prepare) or `npm run build`.
import { runCli } from '../dist/cli/index.js';

// A closed pipe (`mctune … | head`) ends the output, not with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2));

#!/usr/bin/env node
// Entry point of the installed command; the code is compiled to dist/ by `npm ci` (prepare) or `npm run build`.
import { quietOnClosedPipes, runCli } from '../dist/cli/index.js';

// A closed pipe (`mctune … | head`) ends the output, not with a stack trace.
quietOnClosedPipes();

process.exitCode = await runCli(process.argv.slice(2));

#!/usr/bin/env node
// Entry point of the installed command; the code is compiled to dist/ by `npm ci` (prepare) or `npm run build`.
import { runCli } from '../dist/cli/index.js';

process.exitCode = await runCli(process.argv.slice(2));

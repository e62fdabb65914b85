/** mctune's own lines in a run's log, between the generator's output: time-stamped and marked as ours. */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILE } from './job.js';

export function logLine(runDir: string, text: string): void {
  appendFileSync(join(runDir, LOG_FILE), `[${new Date().toISOString()}] mctune: ${text}\n`);
}

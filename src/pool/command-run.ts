/**
 * One run of an external generator. The command is an argument array spawned
 * without a shell, in the run directory, with only the environment the
 * campaign names (plus PATH and HOME); its stdout and stderr go straight to the
 * run's log file, so they survive even if mctune itself is killed.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { PARAMS_FILE } from '../campaign/index.js';
import { expandCommand, partialOutputPath } from './job.js';
import { RunFailure } from './failure.js';
import { removeOnExit } from '../fsutil/index.js';
import { logLine } from './run-log.js';
import { shellQuote } from './slurm-script.js';

export interface CommandSpec {
  /** Argument template; see {@link expandCommand}. */
  readonly command: readonly string[];
  readonly output: 'yoda' | 'hepmc';
  /** Seconds. */
  readonly timeout: number;
  readonly env: Readonly<Record<string, string>>;
}

/** Seconds between SIGTERM and SIGKILL for a command that overran or was stopped. */
const KILL_GRACE_S = 5;

/**
 * Runs the command to completion; resolves with the path it wrote `{out}` to,
 * or rejects with a {@link RunFailure} saying why the run failed.
 */
export function runCommand(spec: CommandSpec, run: { readonly dir: string; readonly seed: number; readonly events: number }, logFile: string, signal?: AbortSignal, onStart?: (pid: number) => void): Promise<string> {
  const runDir = run.dir;
  const out = partialOutputPath(runDir, spec.output);
  const argv = expandCommand(spec.command, { params: join(runDir, PARAMS_FILE), seed: run.seed, events: run.events, out, rundir: runDir });
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME'] as const) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  Object.assign(env, spec.env);
  // Quoted so the line can be pasted into a shell to rerun the generator by hand.
  logLine(runDir, `command: ${argv.map(shellQuote).join(' ')}`);
  const log = openSync(logFile, 'a');
  // Until the attempt has used it: a process that ends at once (a second Ctrl-C) leaves no partial output.
  removeOnExit(out);
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    let why: RunFailure | undefined;
    // Its own process group, so a wrapper script and the generator it starts are stopped together.
    const child = spawn(argv[0], argv.slice(1), { cwd: runDir, env, stdio: ['ignore', log, log], detached: true });
    closeSync(log);
    if (child.pid !== undefined) {
      liveGroups.add(child.pid);
      onStart?.(child.pid);
    }
    const stop = (failure: RunFailure) => {
      if (why) return;
      why = failure;
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_S * 1000).unref();
    };
    const timer = setTimeout(() => stop(new RunFailure('timeout', `timed out after ${spec.timeout} s`)), spec.timeout * 1000);
    const onAbort = () => stop(new RunFailure('interrupted', 'stopped by the user'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (err: RunFailure | undefined) => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(out);
    };
    child.on('error', (e) => finish(new RunFailure('spawn', `cannot start ${JSON.stringify(argv[0])}: ${e.message}`)));
    child.on('exit', (code, sig) => {
      if (why) return finish(why);
      if (sig) return finish(new RunFailure('exit', `generator killed by ${sig}`));
      if (code !== 0) return finish(new RunFailure('exit', `generator exited with code ${String(code)}`));
      finish(undefined);
    });
    if (signal?.aborted) onAbort();
  });
}

/**
 * Process groups of generators still running. A campaign that ends at once
 * (a second Ctrl-C) takes them with it; only a kill -9 of mctune leaves them,
 * and the next run's recovery stops those.
 */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

function killGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // Already gone.
  }
}

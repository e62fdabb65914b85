/**
 * How long commands end early: Ctrl-C (SIGINT), SIGTERM, SIGHUP (a closed
 * terminal, handled like Ctrl-C) or a closed stdout/stderr pipe (EPIPE, as in
 * `mctune generate … 2>&1 | head`). Each ends with one line saying so (none
 * for a closed pipe: its reader is gone), no temp files (they are removed by
 * fsutil's exit hook) and the shell's exit code for the signal, 128 + its
 * number (SIGPIPE's for a closed pipe).
 */
import type { CliIO } from './command.js';

export const STOP_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, EPIPE: 141 } as const;
export type StopCause = keyof typeof STOP_EXIT_CODES;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface StopOptions {
  io: CliIO;
  /** What is lost, for the message, e.g. `nothing written`. */
  note?: string;
  /**
   * Called on the first stop instead of ending the process, for a command
   * that winds down itself (`run` returns its runs in flight to pending).
   * A second signal then ends the process at once, unless `exitOnSecond` is false.
   */
  graceful?: (cause: StopCause) => void;
  exitOnSecond?: boolean;
}

export interface StopWatch {
  /** The first cause of a stop, if there was one. */
  readonly cause: StopCause | undefined;
  /** The exit code for that cause (undefined without a stop). */
  readonly exitCode: number | undefined;
  /** Removes the handlers; the command has ended. */
  dispose(): void;
}

/** The command being watched: where a closed pipe, seen by the process-wide handler, is reported. */
let current: ((cause: StopCause) => void) | undefined;
/** The first stop of this process: its exit code holds even after the command has wound down. */
let firstStop: StopCause | undefined;

/** Watches for stops while a long command runs; dispose() when it is over. */
export function watchStops(opts: StopOptions): StopWatch {
  let cause: StopCause | undefined;
  const stop = (why: StopCause) => {
    if (cause !== undefined) {
      // A closed pipe keeps failing every write; only a repeated signal means "now".
      if (why !== 'EPIPE' && opts.exitOnSecond !== false) process.exit(STOP_EXIT_CODES[cause]);
      return;
    }
    cause = why;
    firstStop ??= why;
    if (opts.graceful) { opts.graceful(why); return; }
    if (why !== 'EPIPE') opts.io.err(`${process.stderr.isTTY ? '\n' : ''}mctune: stopped by ${why}${opts.note ? `; ${opts.note}` : ''}\n`);
    process.exit(STOP_EXIT_CODES[why]);
  };
  const handlers = SIGNALS.map((s) => [s, () => stop(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  const previous = current;
  current = stop;
  return {
    get cause() {
      return cause;
    },
    get exitCode() {
      return cause === undefined ? undefined : STOP_EXIT_CODES[cause];
    },
    dispose() {
      for (const [s, h] of handlers) process.off(s, h);
      current = previous;
    },
  };
}

/**
 * Watches stops for a command that winds its runs down itself: the first stop
 * says so (`what` follows "runs in flight go back to pending") and aborts
 * `signal`; a second signal ends the process at once.
 */
export function windDownOnStop(io: CliIO, what: string): StopWatch & { readonly signal: AbortSignal } {
  const stop = new AbortController();
  const watch = watchStops({
    io,
    graceful: (cause) => {
      if (cause !== 'EPIPE') io.err(`\nstopping (${cause}): runs in flight go back to pending${what}\n`);
      stop.abort();
    },
  });
  return Object.assign(watch, { signal: stop.signal });
}

/**
 * Makes a closed stdout or stderr pipe end the process quietly instead of
 * with a stack trace: a watched command stops (exit 141, its temp files
 * removed); otherwise the output was simply cut short by its reader, which is
 * no failure (exit 0). Installed once, by the `mctune` executable.
 */
export function quietOnClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      if (current) current('EPIPE');
      else process.exit(firstStop ? STOP_EXIT_CODES[firstStop] : 0);
    });
  }
}

/**
 * A tick for tight synchronous loops (event generation): every `ms` it gives
 * the event loop a turn, so that signals and pipe errors are seen while the
 * loop runs; otherwise it returns undefined at the cost of a clock read.
 */
export function eventLoopTurns(ms = 100): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < ms) return undefined;
    last = now;
    return new Promise((resolve) => setImmediate(resolve));
  };
}

/** Why an attempt failed, as a kind (for tests and retries) and a sentence (for people). */
export type FailureKind = 'exit' | 'timeout' | 'spawn' | 'no-output' | 'bad-output' | 'error' | 'interrupted' | 'locked';

export class RunFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'RunFailure';
  }
}

/** Any error as a RunFailure, keeping the kind of one that already is. */
export function asRunFailure(e: unknown): RunFailure {
  if (e instanceof RunFailure) return e;
  if (e instanceof Error && e.name === 'AbortError') return new RunFailure('interrupted', 'stopped by the user');
  return new RunFailure('error', e instanceof Error ? e.message : String(e));
}

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker-thread script `name` (e.g. 'pool/worker.js', relative to
 * `src/` and `dist/`): beside the calling module when it runs compiled, else the
 * build's copy, since a worker thread cannot load TypeScript (tests and
 * benchmarks run from the sources). Undefined when neither exists.
 * `from` is the caller's import.meta.url; the caller must sit at `src/<folder>/`.
 */
export function compiledWorkerFile(from: string, name: string): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const beside = fileURLToPath(new URL(`./${base}`, from));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL(`../../dist/${name}`, from));
  return existsSync(built) ? built : undefined;
}

/**
 * Finding analyses by name: the YAML files shipped in the package's
 * `analyses/` folder, or a path to any analysis file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readAnalysisFile, type AnalysisDefinition } from './definition.js';

/** The `analyses/` folder shipped with mctune (same depth from src/ and dist/). */
export const ANALYSES_DIR = fileURLToPath(new URL('../../analyses/', import.meta.url));
/** The `reference-data/` folder shipped with mctune. */
export const REFERENCE_DIR = fileURLToPath(new URL('../../reference-data/', import.meta.url));

export class UnknownAnalysisError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`unknown analysis '${name}'; available: ${known.join(', ') || '(none)'} (or give a path to an analysis .yaml file)`);
    this.name = 'UnknownAnalysisError';
  }
}

/** Names of the shipped analyses. */
export function listAnalyses(dir = ANALYSES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A shipped analysis by name, or an analysis file by path. */
export function loadAnalysis(nameOrPath: string, dir = ANALYSES_DIR): AnalysisDefinition {
  const file = nameOrPath.endsWith('.yaml') || nameOrPath.includes('/') ? nameOrPath : join(dir, `${nameOrPath}.yaml`);
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new UnknownAnalysisError(nameOrPath, listAnalyses(dir));
  }
  // Parsing and validating the YAML costs milliseconds, and a campaign loads the same file for every run.
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.def;
  const def = readAnalysisFile(file);
  cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, def });
  return def;
}

/** Definitions are immutable, so one parsed copy per file serves every run (until the file changes). */
const cache = new Map<string, { mtimeMs: number; size: number; def: AnalysisDefinition }>();

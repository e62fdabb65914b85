/**
 * Finding analyses by name: the YAML files shipped in the package's
 * `analyses/` folder, or a path to any analysis file.
 */
import { existsSync, readdirSync } from 'node:fs';
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
  if (nameOrPath.endsWith('.yaml') || nameOrPath.includes('/')) {
    if (!existsSync(nameOrPath)) throw new UnknownAnalysisError(nameOrPath, listAnalyses(dir));
    return readAnalysisFile(nameOrPath);
  }
  const file = join(dir, `${nameOrPath}.yaml`);
  if (!existsSync(file)) throw new UnknownAnalysisError(nameOrPath, listAnalyses(dir));
  return readAnalysisFile(file);
}

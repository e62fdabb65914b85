import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared LEP reference files beside the project, when present. */
export const lepDir = fileURLToPath(new URL('../../../shared/reference/lep/', import.meta.url));
export const haveShared = existsSync(lepDir);
if (!haveShared) console.warn(`skipping tests on real Rivet files: ${lepDir} is absent`);

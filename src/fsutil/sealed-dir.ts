/**
 * A model folder sealed by a checksum: `model.json`, a JSON header that names
 * its format and version, and `weights.bin`, the numbers, whose SHA-256 the
 * header holds. Surrogates and reweighters are stored this way; each kind
 * checks its own fields, this file the framing they share.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDirSync } from './replace-dir.js';

export const SEALED_HEADER = 'model.json';
export const SEALED_WEIGHTS = 'weights.bin';

export interface SealedKind {
  /** The header's `format`. */
  readonly format: string;
  /** The only `version` read; any other is refused, not misread. */
  readonly version: number;
  /** What is stored, in messages: "surrogate", "reweighter". */
  readonly noun: string;
  /** What to do about a folder of another version, in messages: "fit the surrogate again". */
  readonly remedy: string;
}

/** Writes the folder `dir` (replaced whole): the header fields with format, version and the weights' SHA-256, and the weights. */
export function writeSealedDir(dir: string, kind: SealedKind, fields: object, weights: Uint8Array): void {
  const header = { format: kind.format, version: kind.version, ...fields, sha256: sha256(weights) };
  writeDirSync(dir, { [SEALED_WEIGHTS]: weights, [SEALED_HEADER]: JSON.stringify(header, null, 1) + '\n' });
}

export interface SealedContents {
  /** The parsed header, its format and version checked; the kind checks the rest. */
  readonly header: Readonly<Record<string, unknown>>;
  /** The weights, their checksum checked against the header's. */
  readonly weights: Buffer;
  readonly headerFile: string;
  readonly weightsFile: string;
}

/** Reads a folder written by writeSealedDir; `fail` throws the kind's own error, naming the file and what was expected. */
export function readSealedDir(dir: string, kind: SealedKind, fail: (file: string, detail: string, cause?: unknown) => never): SealedContents {
  const headerFile = join(dir, SEALED_HEADER);
  const weightsFile = join(dir, SEALED_WEIGHTS);
  if (!existsSync(headerFile)) fail(headerFile, `missing; ${dir} is not a saved ${kind.noun}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(headerFile, 'utf8'));
  } catch (e) {
    fail(headerFile, `not valid JSON (${(e as Error).message})`, e);
  }
  const header = (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
  if (header.format !== kind.format) fail(headerFile, `not an mctune ${kind.noun} (format ${JSON.stringify(header.format)}; expected "${kind.format}")`);
  if (header.version !== kind.version) fail(headerFile, `${kind.noun} format version ${JSON.stringify(header.version)}; this mctune reads version ${kind.version} (${kind.remedy})`);
  if (typeof header.sha256 !== 'string') fail(headerFile, 'no sha256: the checksum of the weights is missing');
  if (!existsSync(weightsFile)) fail(weightsFile, `missing (${SEALED_HEADER} is there, its weights are not)`);
  const weights = readFileSync(weightsFile);
  if (sha256(weights) !== header.sha256) fail(weightsFile, `corrupt (its checksum does not match ${SEALED_HEADER})`);
  return { header, weights, headerFile, weightsFile };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

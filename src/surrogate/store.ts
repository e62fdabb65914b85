/**
 * A surrogate on disk: `model.json` (a header of plain JSON: format, version,
 * kind, box, bins, options, and the layout of the numbers) and `weights.bin`
 * (every array as little-endian float64, back to back), with a SHA-256 of the
 * weights in the header. The directory is written under a temp name and
 * renamed into place, so a reader sees the old model or the whole new one.
 */
import { readSealedDir, writeSealedDir, type SealedKind } from '../fsutil/index.js';

export const MODEL_FORMAT = 'mctune-surrogate';
/** Bump when the meaning or layout of a stored model changes; older files are refused, not misread. */
export const MODEL_VERSION = 1;
const KIND: SealedKind = { format: MODEL_FORMAT, version: MODEL_VERSION, noun: 'surrogate', remedy: 'fit the surrogate again' };

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

export interface StoredModel {
  /** Kind-specific header fields (the kind included). */
  readonly header: { readonly kind: string; readonly [k: string]: JsonValue };
  readonly arrays: Readonly<Record<string, Float64Array>>;
}

export async function writeModelDir(dir: string, model: StoredModel): Promise<void> {
  const names = Object.keys(model.arrays);
  const layout = names.map((name) => ({ name, length: model.arrays[name].length }));
  writeSealedDir(dir, KIND, { ...model.header, arrays: layout }, Buffer.concat(names.map((n) => littleEndian(model.arrays[n]))));
  await Promise.resolve();
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndian(a: Float64Array): Buffer {
  const copy = Buffer.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return LITTLE_ENDIAN ? copy : copy.swap64();
}

export class ModelFileError extends Error {}

/** Reads a model directory; every inconsistency is a ModelFileError naming the file and what was expected. */
export function readModelDir(dir: string): StoredModel {
  const fail = (file: string, detail: string, cause?: unknown): never => {
    throw new ModelFileError(`${file}: ${detail}`, cause === undefined ? undefined : { cause });
  };
  const { header, weights, headerFile, weightsFile } = readSealedDir(dir, KIND, fail);
  if (typeof header.kind !== 'string') fail(headerFile, 'no kind');
  return { header: header as StoredModel['header'], arrays: splitArrays(weights, header.arrays, weightsFile) };
}

function splitArrays(bytes: Buffer, layout: unknown, file: string): Record<string, Float64Array> {
  if (!Array.isArray(layout)) throw new ModelFileError(`${file}: the header lists no arrays`);
  const out: Record<string, Float64Array> = {};
  let at = 0;
  for (const item of layout as { name?: unknown; length?: unknown }[]) {
    const n = item.length;
    if (typeof item.name !== 'string' || typeof n !== 'number' || !Number.isInteger(n) || n < 0 || Object.hasOwn(out, item.name)) {
      throw new ModelFileError(`${file}: bad array entry in the header (expected a new name and a length ≥ 0)`);
    }
    if (at + 8 * n > bytes.length) throw new ModelFileError(`${file}: ${bytes.length} bytes, the header needs more`);
    const values = new Float64Array(n);
    const view = Buffer.from(values.buffer);
    bytes.copy(view, 0, at, at + 8 * n);
    if (!LITTLE_ENDIAN) view.swap64();
    out[item.name] = values;
    at += 8 * n;
  }
  if (at !== bytes.length) throw new ModelFileError(`${file}: ${bytes.length} bytes, the header implies ${at}`);
  return out;
}

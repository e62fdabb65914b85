/**
 * A surrogate on disk: `model.json` (a header of plain JSON: format, version,
 * kind, box, bins, options, and the layout of the numbers) and `weights.bin`
 * (every array as little-endian float64, back to back), with a SHA-256 of the
 * weights in the header. The directory is written under a temp name and
 * renamed into place, so a reader sees the old model or the whole new one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDirSync } from '../fsutil/index.js';

export const MODEL_FORMAT = 'mctune-surrogate';
/** Bump when the meaning or layout of a stored model changes; older files are refused, not misread. */
export const MODEL_VERSION = 1;
const HEADER_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

export interface StoredModel {
  /** Kind-specific header fields (the kind included). */
  readonly header: { readonly kind: string; readonly [k: string]: JsonValue };
  readonly arrays: Readonly<Record<string, Float64Array>>;
}

export async function writeModelDir(dir: string, model: StoredModel): Promise<void> {
  const names = Object.keys(model.arrays);
  const layout = names.map((name) => ({ name, length: model.arrays[name].length }));
  const bytes = Buffer.concat(names.map((n) => littleEndian(model.arrays[n])));
  const header = { format: MODEL_FORMAT, version: MODEL_VERSION, ...model.header, arrays: layout, sha256: createHash('sha256').update(bytes).digest('hex') };
  writeDirSync(dir, { [WEIGHTS_FILE]: bytes, [HEADER_FILE]: JSON.stringify(header, null, 1) + '\n' });
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
  const hf = join(dir, HEADER_FILE);
  const wf = join(dir, WEIGHTS_FILE);
  if (!existsSync(hf)) throw new ModelFileError(`${hf}: missing; ${dir} is not a saved surrogate`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(readFileSync(hf, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ModelFileError(`${hf}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (header.format !== MODEL_FORMAT) throw new ModelFileError(`${hf}: not an mctune surrogate (format ${JSON.stringify(header.format)})`);
  if (header.version !== MODEL_VERSION) throw new ModelFileError(`${hf}: model format version ${JSON.stringify(header.version)}; this mctune reads version ${MODEL_VERSION} (fit the surrogate again)`);
  if (typeof header.kind !== 'string') throw new ModelFileError(`${hf}: no kind`);
  const bytes = existsSync(wf) ? readFileSync(wf) : undefined;
  if (!bytes) throw new ModelFileError(`${wf}: missing`);
  if (createHash('sha256').update(bytes).digest('hex') !== header.sha256) throw new ModelFileError(`${wf}: corrupt (its checksum does not match ${HEADER_FILE})`);
  return { header: header as StoredModel['header'], arrays: splitArrays(bytes, header.arrays, wf) };
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

import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { YodaFormatError } from './errors.js';

/**
 * The text bytes of a YODA file: gunzipped when it starts with the gzip magic,
 * refused when it claims to be gzip and is not, or is not text at all.
 */
export function textBytes(raw: Uint8Array, file: string): Uint8Array {
  const gz = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  if (!gz && file.endsWith('.gz')) {
    throw new YodaFormatError(file, 0, 'named .gz but is not gzip data (it does not start with the gzip magic bytes 1f 8b)');
  }
  let bytes = raw;
  if (gz) {
    try {
      bytes = gunzipSync(raw);
    } catch (e) {
      throw new YodaFormatError(file, 0, `corrupt gzip data: ${(e as Error).message}`);
    }
  }
  checkText(bytes, file);
  // the number scanner slices Buffers natively; wrap (no copy) what callers pass as plain Uint8Array
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Refuses NUL bytes and invalid UTF-8, naming the first line that holds them. */
function checkText(b: Uint8Array, file: string): void {
  const nul = b.indexOf(0);
  if (nul < 0 && isUtf8(b)) return;
  let line = 1;
  let start = 0;
  for (;;) {
    let nl = b.indexOf(10, start);
    if (nl < 0) nl = b.length;
    const slice = b.subarray(start, nl);
    if (slice.indexOf(0) >= 0 || !isUtf8(slice)) break;
    start = nl + 1;
    line++;
  }
  throw new YodaFormatError(file, line, 'binary data: expected YODA text (UTF-8 without NUL bytes)');
}

export async function loadText(path: string): Promise<Uint8Array> {
  return textBytes(await readFile(path), path);
}

export function loadTextSync(path: string): Uint8Array {
  return textBytes(readFileSync(path), path);
}

/**
 * Binary layout of `<campaign>/ingest.cache`:
 *
 *   offset 0   8 bytes   magic "MCTUNEIC"
 *   offset 8   uint32 LE format version ({@link FORMAT_VERSION})
 *   offset 12  uint32 LE byte length H of the header
 *   offset 16  H bytes   header: UTF-8 JSON ({@link CacheHeader})
 *              zero padding to the next multiple of 8
 *   then four or five float64 little-endian blocks, back to back:
 *     params   runs × paramNames, row-major
 *     bounds   per object in header order: its numBins low edges, then its numBins high edges
 *     values   runs × numBins, row-major
 *     errors   runs × numBins, row-major
 *     noise    runs × numBins, row-major, only when the header says `noise: true`
 *
 * The blocks are 8-byte aligned in the file so that a loaded file can be viewed
 * as Float64Arrays without copying. The file's length must equal exactly what
 * the header implies; anything else is a corrupt cache.
 *
 * Bump FORMAT_VERSION whenever the layout or the meaning of the numbers changes
 * (e.g. how values and errors are derived from a run's YODA), so that old caches
 * are rebuilt rather than misread.
 */
import { endianness } from 'node:os';
import { Binning } from '../histo/index.js';
import type { ExcludedObject, RunFingerprints, RunTable, TableObject } from './ingest.js';

export const FORMAT_VERSION = 3;
const MAGIC = Buffer.from('MCTUNEIC', 'latin1');
const PREFIX = 16;
const BIG_ENDIAN = endianness() === 'BE';

export interface CacheHeader {
  paramNames: string[];
  runNames: string[];
  objects: { path: string; numBins: number }[];
  problems: { name: string; reason: string }[];
  excluded: ExcludedObject[];
  /** The campaign's parameter names the table was checked against; null when none were given. */
  parameters: string[] | null;
  fingerprints: RunFingerprints;
  /** Whether the runs' noise draws follow the errors. */
  noise: boolean;
}

export interface DecodedCache {
  table: RunTable;
  fingerprints: RunFingerprints;
  parameters: readonly string[] | undefined;
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

function littleEndianBytes(a: Float64Array): Uint8Array {
  const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return BIG_ENDIAN ? Buffer.from(b).swap64() : b;
}

export function encodeCache(table: RunTable, fingerprints: RunFingerprints, parameters?: readonly string[]): Buffer {
  const header: CacheHeader = {
    paramNames: [...table.paramNames],
    runNames: [...table.runNames],
    objects: table.objects.map((o) => ({ path: o.path, numBins: o.numBins })),
    problems: table.problems.map((p) => ({ name: p.name, reason: p.reason })),
    excluded: table.excluded.map((o) => ({ path: o.path, reason: o.reason })),
    parameters: parameters ? [...parameters] : null,
    fingerprints,
    noise: table.noise !== undefined,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const bounds = new Float64Array(2 * table.numBins);
  for (const o of table.objects) {
    bounds.set(o.binning.lows, 2 * o.offset);
    bounds.set(o.binning.highs, 2 * o.offset + o.numBins);
  }
  const blocks = [table.params, bounds, table.values, table.errors, ...(table.noise ? [table.noise] : [])];
  let off = align8(PREFIX + json.length);
  const out = Buffer.alloc(off + blocks.reduce((n, b) => n + b.byteLength, 0));
  MAGIC.copy(out, 0);
  out.writeUInt32LE(FORMAT_VERSION, 8);
  out.writeUInt32LE(json.length, 12);
  json.copy(out, PREFIX);
  for (const b of blocks) {
    out.set(littleEndianBytes(b), off);
    off += b.byteLength;
  }
  return out;
}

/**
 * The table and fingerprints a cache file holds, or why it cannot be used. May
 * also throw on data that passes these checks but is still nonsense (e.g.
 * unsorted bin edges); callers treat any failure as a stale cache.
 */
export function decodeCache(buf: Buffer): DecodedCache | string {
  if (buf.length < PREFIX || !buf.subarray(0, 8).equals(MAGIC)) return 'not an ingest cache (bad magic)';
  const version = buf.readUInt32LE(8);
  if (version !== FORMAT_VERSION) return `cache format version ${version}, this mctune writes ${FORMAT_VERSION}`;
  const headerLength = buf.readUInt32LE(12);
  if (PREFIX + headerLength > buf.length) return 'cache truncated in its header';
  let header: CacheHeader;
  try {
    header = JSON.parse(buf.toString('utf8', PREFIX, PREFIX + headerLength)) as CacheHeader;
  } catch (e) {
    return `cache header unreadable: ${(e as Error).message}`;
  }
  const bad = checkHeader(header);
  if (bad) return `cache header invalid: ${bad}`;

  const runs = header.runNames.length;
  const nParams = header.paramNames.length;
  const numBins = header.objects.reduce((n, o) => n + o.numBins, 0);
  const counts = [runs * nParams, 2 * numBins, runs * numBins, runs * numBins, ...(header.noise ? [runs * numBins] : [])];
  const start = align8(PREFIX + headerLength);
  const expected = start + 8 * counts.reduce((a, b) => a + b, 0);
  if (buf.length !== expected) return `cache is ${buf.length} bytes, its header implies ${expected}`;

  // readFileSync gives an unpooled buffer, so this view is normally aligned; copy only when it is not.
  let data: Uint8Array = buf.subarray(start);
  if (BIG_ENDIAN || data.byteOffset % 8 !== 0) {
    const copy = new Uint8Array(data.length);
    copy.set(data);
    if (BIG_ENDIAN) Buffer.from(copy.buffer).swap64();
    data = copy;
  }
  let at = data.byteOffset;
  const [params, bounds, values, errors, noise] = counts.map((n) => {
    const a = new Float64Array(data.buffer, at, n);
    at += 8 * n;
    return a;
  }) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array | undefined];

  let offset = 0;
  const objects: TableObject[] = header.objects.map(({ path, numBins: n }) => {
    const lows = bounds.subarray(2 * offset, 2 * offset + n);
    const highs = bounds.subarray(2 * offset + n, 2 * offset + 2 * n);
    const o = { path, offset, numBins: n, binning: Binning.fromBounds(lows, highs) };
    offset += n;
    return o;
  });
  const table: RunTable = {
    paramNames: header.paramNames,
    runNames: header.runNames,
    params,
    objects,
    numBins,
    values,
    errors,
    ...(noise ? { noise } : {}),
    problems: header.problems,
    excluded: header.excluded,
  };
  return { table, fingerprints: header.fingerprints, parameters: header.parameters ?? undefined };
}

/** Enough shape checking that a damaged header cannot produce a table with wrong sizes. */
function checkHeader(parsed: unknown): string | undefined {
  if (typeof parsed !== 'object' || parsed === null) return 'not an object';
  const h = parsed as { readonly [K in keyof CacheHeader]?: unknown };
  const strings = (a: unknown): boolean => Array.isArray(a) && a.every((s) => typeof s === 'string');
  const records = (a: unknown, ok: (r: Record<string, unknown>) => boolean): boolean => Array.isArray(a) && a.every((r: unknown) => typeof r === 'object' && r !== null && ok(r as Record<string, unknown>));
  if (!strings(h.paramNames) || !strings(h.runNames)) return 'names';
  if (!records(h.objects, (o) => typeof o.path === 'string' && Number.isInteger(o.numBins) && (o.numBins as number) > 0)) return 'objects';
  if (!records(h.problems, (p) => typeof p.name === 'string' && typeof p.reason === 'string')) return 'problems';
  if (!records(h.excluded, (o) => typeof o.path === 'string' && typeof o.reason === 'string')) return 'excluded';
  if (h.parameters !== null && !strings(h.parameters)) return 'parameters';
  if (typeof h.fingerprints !== 'object' || h.fingerprints === null) return 'fingerprints';
  if (typeof h.noise !== 'boolean') return 'noise';
  return undefined;
}

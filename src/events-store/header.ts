/**
 * What a sample was generated with, kept in the Arrow schema's metadata so
 * that any Arrow reader (pyarrow: `schema.metadata`) sees it beside the
 * columns. The header is one JSON object under `mctune.header`, guarded by
 * its own CRC-32: the per-batch checksums do not cover the schema.
 */
import { crc32 } from 'node:zlib';

/** The value of `mctune.format`: what kind of file this is. */
export const FORMAT_NAME = 'mctune-events';
/**
 * The layout version, `mctune.format_version`. Readers refuse versions they
 * do not know; a change of columns, types or units means a new version.
 */
export const FORMAT_VERSION = 1;

export const KEY = {
  format: 'mctune.format',
  version: 'mctune.format_version',
  header: 'mctune.header',
  headerCrc: 'mctune.header_crc32',
  units: 'mctune.units',
} as const;

/** Written for people who open the file in another tool; not read back. */
const UNITS = 'px py pz E in GeV; charge3 in units of e/3; weight: the nominal event weight';

export interface EventSampleHeader {
  /** The generator that made the events, e.g. `mctune built-in e+e- → hadrons` or `Pythia 8.312`. */
  readonly generator: string;
  /** Its random seed, or null when unknown (a converted file). */
  readonly seed: number | null;
  /** Its random stream for that seed (mctune's `--stream`), or null. */
  readonly stream: number | null;
  /** Parameter point: setting name, the Pythia way (`StringZ:aLund`) → value. */
  readonly settings: Readonly<Record<string, number>>;
  /** Where the events come from: the command, or the file they were converted from. */
  readonly source: string;
}

/** The header as written (the format version is the one this code writes). */
export function headerMetadata(h: EventSampleHeader): Map<string, string> {
  checkHeader(h, (msg) => new TypeError(`event sample header: ${msg}`));
  const json = JSON.stringify({ generator: h.generator, seed: h.seed, stream: h.stream, settings: { ...h.settings }, source: h.source });
  return new Map([
    [KEY.format, FORMAT_NAME],
    [KEY.version, String(FORMAT_VERSION)],
    [KEY.header, json],
    [KEY.headerCrc, crcHex(json)],
    [KEY.units, UNITS],
  ]);
}

/** CRC-32 of a string's UTF-8 bytes as 8 hex digits. */
export function crcHex(text: string): string {
  return crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');
}

/**
 * The header from a file's schema metadata; `fail` makes the error (it names
 * the file) for metadata that is missing, of another version or corrupt.
 */
export function readHeader(meta: ReadonlyMap<string, string>, fail: (msg: string) => Error): EventSampleHeader {
  const format = meta.get(KEY.format);
  if (format !== FORMAT_NAME) {
    throw fail(format === undefined ? `not an mctune event sample: the Arrow schema has no ${KEY.format} metadata` : `${KEY.format} is '${format}', expected '${FORMAT_NAME}'`);
  }
  const version = meta.get(KEY.version);
  if (version !== String(FORMAT_VERSION)) {
    throw fail(`format version ${version === undefined ? '(missing)' : `'${version}'`}; this mctune reads version ${FORMAT_VERSION}`);
  }
  const json = meta.get(KEY.header);
  if (json === undefined) throw fail(`no ${KEY.header} metadata`);
  if (meta.get(KEY.headerCrc) !== crcHex(json)) throw fail(`corrupt header: ${KEY.header} does not match its checksum ${KEY.headerCrc}`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw fail(`${KEY.header} is not JSON: ${(e as Error).message}`);
  }
  checkHeader(value, (msg) => fail(`${KEY.header}: ${msg}`));
  return value;
}

function checkHeader(v: unknown, fail: (msg: string) => Error): asserts v is EventSampleHeader {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail('expected an object');
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(', ');
  if (keys !== 'generator, seed, settings, source, stream') throw fail(`expected the keys generator, seed, settings, source, stream; found ${keys}`);
  if (typeof o.generator !== 'string') throw fail('generator: expected a string');
  if (typeof o.source !== 'string') throw fail('source: expected a string');
  for (const k of ['seed', 'stream'] as const) {
    const x = o[k];
    if (x !== null && !(typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) throw fail(`${k}: expected an integer ≥ 0 or null`);
  }
  const s = o.settings;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw fail('settings: expected an object of name → number');
  for (const [name, x] of Object.entries(s as Record<string, unknown>)) {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw fail(`settings.${name}: expected a finite number`);
  }
}

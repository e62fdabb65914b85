import type { AnyObject } from '../histo/index.js';
import { beginAt, endAt, nextBodyLine, readHeader, type BlockHeader } from './block.js';
import { YodaDocument } from './document.js';
import { LineCursor } from './lines.js';
import { readCounter, readLegacyHisto1D, readLegacyProfile1D, readScatter2D } from './read-legacy.js';
import { readV3Estimate0D, readV3Estimate1D, readV3Histo1D, readV3Profile1D } from './read-v3.js';
import { loadText, loadTextSync, textBytes } from './source.js';

type BodyReader = (cur: LineCursor, h: BlockHeader) => AnyObject;

/** Body readers by type, for YODA 1 (unversioned and V2) and YODA 2 (V3) files. */
const READERS: { readonly [kind: string]: { legacy?: BodyReader; v3?: BodyReader } | undefined } = {
  HISTO1D: { legacy: readLegacyHisto1D, v3: readV3Histo1D },
  PROFILE1D: { legacy: readLegacyProfile1D, v3: readV3Profile1D },
  COUNTER: { legacy: readCounter, v3: readCounter },
  SCATTER2D: { legacy: readScatter2D, v3: readScatter2D },
  ESTIMATE0D: { v3: readV3Estimate0D },
  ESTIMATE1D: { v3: readV3Estimate1D },
};

function readerFor(h: BlockHeader): BodyReader | undefined {
  const r = READERS[h.kind];
  if (!r || h.version > 3) return undefined;
  return h.version === 3 ? r.v3 : r.legacy;
}

/**
 * Parses YODA text (any version; gzip is undone first). Unsupported object
 * types are skipped with a warning; anything malformed throws a
 * {@link YodaFormatError} naming the file and line.
 */
export function parseYoda(raw: Uint8Array, file = '<input>'): YodaDocument {
  return parseDecoded(textBytes(raw, file), file);
}

function parseDecoded(text: Uint8Array, file: string): YodaDocument {
  const cur = new LineCursor(text, file);
  const objects: AnyObject[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  let blocks = 0;
  while (cur.next()) {
    const at = beginAt(cur);
    if (at < 0) {
      if (cur.isBlank()) continue;
      if (endAt(cur) >= 0) cur.fail(`END without BEGIN: '${cur.text().trim()}'`);
      if (cur.bytes[cur.firstNonBlank()] === 35) continue;
      cur.fail(`expected 'BEGIN YODA_<TYPE> <path>', found '${cur.text().trim().slice(0, 60)}'`);
    }
    const h = readHeader(cur, at);
    blocks++;
    const first = seen.get(h.path);
    if (first !== undefined) cur.fail(`duplicate path ${h.path} (first defined at line ${first})`, h.line);
    seen.set(h.path, h.line);
    const read = readerFor(h);
    if (!read) {
      while (nextBodyLine(cur, h));
      warnings.push(`${file}:${h.line}: skipped ${h.path}: object type ${h.typeToken} is not supported`);
      continue;
    }
    objects.push(read(cur, h));
  }
  if (blocks === 0) cur.fail("empty file: expected at least one 'BEGIN YODA_<TYPE> <path>' block", 0);
  return new YodaDocument(objects, warnings);
}

/** Reads a YODA file (plain or gzipped). */
export async function readYodaFile(path: string): Promise<YodaDocument> {
  return parseDecoded(await loadText(path), path);
}

export function readYodaFileSync(path: string): YodaDocument {
  return parseDecoded(loadTextSync(path), path);
}

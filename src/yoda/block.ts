import type { LineCursor } from './lines.js';

/** What a `BEGIN YODA_<KIND>[_V<n>] <path>` line and the annotations after it say. */
export interface BlockHeader {
  /** The type token as written, e.g. `YODA_HISTO1D_V2`: the END line must repeat it. */
  typeToken: string;
  /** `HISTO1D`, `SCATTER2D`, … */
  kind: string;
  /** 1 for old files without a version suffix. */
  version: number;
  path: string;
  /** Line of the BEGIN. */
  line: number;
  annotations: Map<string, string>;
}

const TYPE_TOKEN = /^YODA_(.+?)(?:_V(\d+))?$/;

/** Is the current line a block start (`BEGIN …` or the old `# BEGIN …`)? Returns where BEGIN starts. */
export function beginAt(cur: LineCursor): number {
  const i = cur.firstNonBlank();
  if (cur.startsWith('BEGIN ', i)) return i;
  if (cur.startsWith('# BEGIN ', i)) return i + 2;
  return -1;
}

/** Is the current line a block end (`END …` or `# END …`)? Returns where END starts. */
export function endAt(cur: LineCursor): number {
  const i = cur.firstNonBlank();
  if (cur.startsWith('END ', i) || (cur.startsWith('END', i) && i + 3 === cur.end)) return i;
  if (cur.startsWith('# END ', i)) return i + 2;
  return -1;
}

/** Parses the BEGIN line the cursor is on and the annotations that follow it. */
export function readHeader(cur: LineCursor, at: number): BlockHeader {
  const words = cur.text().slice(at - cur.start).trim().split(/\s+/);
  const m = TYPE_TOKEN.exec(words[1] ?? '');
  if (!m || words.length !== 3) {
    cur.fail(`expected 'BEGIN YODA_<TYPE> <path>', found '${cur.text().trim()}'`);
  }
  const header: BlockHeader = {
    typeToken: words[1],
    kind: m[1],
    // An optional group that did not match is undefined, whatever its static type says.
    version: m[2] ? Number(m[2]) : 1,
    path: words[2],
    line: cur.line,
    annotations: new Map(),
  };
  if (!header.path.startsWith('/')) cur.fail(`object path '${header.path}' must start with '/'`);
  if (header.version === 1) readKeyEqualsValue(cur, header);
  else readYamlAnnotations(cur, header);
  return header;
}

/** YODA 1: `key=value` lines until the first line that is not one. */
function readKeyEqualsValue(cur: LineCursor, h: BlockHeader): void {
  while (cur.next()) {
    if (cur.isBlank()) continue;
    const t = cur.text();
    const eq = t.indexOf('=');
    if (t.trimStart().startsWith('#') || eq <= 0) {
      cur.rewind();
      return;
    }
    h.annotations.set(t.slice(0, eq).trim(), t.slice(eq + 1).trim());
  }
}

/**
 * YODA 2+: `Key: value` lines up to `---`. A value may continue on following
 * indented lines (YAML block style); those lines are kept with their newlines.
 */
function readYamlAnnotations(cur: LineCursor, h: BlockHeader): void {
  let last: string | undefined;
  while (cur.next()) {
    const i = cur.firstNonBlank();
    if (i === cur.end) continue;
    if (cur.startsWith('---', cur.start) && cur.text().trim() === '---') return;
    if (beginAt(cur) >= 0 || endAt(cur) >= 0) {
      cur.fail(`expected 'Key: value' annotations ended by '---' in ${h.typeToken} ${h.path} (begun at line ${h.line})`);
    }
    if (cur.startsWith('#', i)) continue;
    const t = cur.text();
    if (i > cur.start && last !== undefined) {
      h.annotations.set(last, `${h.annotations.get(last) ?? ''}\n${t}`);
      continue;
    }
    const colon = t.indexOf(':');
    if (colon <= 0) cur.fail(`expected 'Key: value' annotation or '---', found '${t.trim()}'`);
    last = t.slice(0, colon).trim();
    h.annotations.set(last, t.slice(colon + 1).trim());
  }
  cur.fail(`truncated block: file ends inside the header of ${h.typeToken} ${h.path} (begun at line ${h.line})`);
}

/**
 * Advances to the next line of the block's body that holds something, skipping
 * blanks and comments. Returns false on the block's END (checking it matches
 * the BEGIN); a file that ends first, or a new BEGIN, is a truncated block.
 */
export function nextBodyLine(cur: LineCursor, h: BlockHeader, keepComment?: (cur: LineCursor, at: number) => boolean): boolean {
  while (cur.next()) {
    const i = cur.firstNonBlank();
    if (i === cur.end) continue;
    const e = endAt(cur);
    if (e >= 0) {
      const token = cur.text().slice(e - cur.start).trim().split(/\s+/)[1] ?? '';
      if (token !== h.typeToken) {
        cur.fail(`END ${token || '(no type)'} does not match BEGIN ${h.typeToken} ${h.path} at line ${h.line}`);
      }
      return false;
    }
    if (beginAt(cur) >= 0) {
      cur.fail(`truncated block: BEGIN before the END of ${h.typeToken} ${h.path} (begun at line ${h.line})`);
    }
    if (cur.bytes[i] === 35 && !keepComment?.(cur, i)) continue; // '#'
    return true;
  }
  cur.fail(`truncated block: file ends before END ${h.typeToken} of ${h.path} (begun at line ${h.line})`);
}

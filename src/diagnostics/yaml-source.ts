/**
 * A parsed YAML document whose nodes can be traced back to their line, so
 * validation errors read `file:line: key.path: what was expected`.
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type Pair } from 'yaml';
import { FileError } from './file-error.js';

/** Keys and list indices from the document root, e.g. `['parameters', 'StringZ:aLund', 'range', 1]`. */
export type KeyPath = readonly PropertyKey[];

export interface YamlSource {
  readonly doc: Document.Parsed;
  readonly file: string;
  /** 1-based line of a node (0 when it has no position). */
  lineOf(node: YamlNode | null | undefined): number;
  /** Throws a FileError located at `node`. */
  fail(node: YamlNode | null | undefined, message: string): never;
  /**
   * The node at `path`, or the deepest node on the way there when the path
   * leads to nothing (a missing key is reported where its mapping is).
   */
  nodeAt(path: KeyPath): YamlNode | undefined;
  /** The key node of `key` in the mapping at `path`: where a problem with the key itself is reported. */
  keyAt(path: KeyPath, key: string): YamlNode | undefined;
  /** Throws a FileError at the node of `path`, reading `key.path: message`. */
  failAt(path: KeyPath, message: string): never;
}

/** Builds the FileError (or a subclass) a source throws. */
export type FileErrorFactory = (file: string, line: number, detail: string) => FileError;

/** `parameters.StringZ:aLund.range[1]`: how messages name a place in a YAML document. */
export function pathText(path: KeyPath): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `${out === '' ? '' : '.'}${String(k)}`;
  return out;
}

/**
 * Parses `text`; YAML syntax errors and duplicate keys become FileErrors with
 * their line (made by `makeError`, so a reader can throw its own subclass).
 */
export function parseYamlSource(text: string, file: string, makeError: FileErrorFactory = (f, l, d) => new FileError(f, l, d)): YamlSource {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw makeError(file, e.linePos?.[0].line ?? 0, `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const lineOf = (node: YamlNode | null | undefined): number => (node?.range ? lc.linePos(node.range[0]).line : 0);
  const fail = (node: YamlNode | null | undefined, message: string): never => {
    throw makeError(file, lineOf(node), message);
  };
  const nodeAt = (path: KeyPath): YamlNode | undefined => walk(doc.contents, path);
  return {
    doc,
    file,
    lineOf,
    fail,
    nodeAt,
    keyAt: (path, key) => {
      const map = nodeAt(path);
      const k: unknown = isMap(map) ? pairOf(map.items, key)?.key : undefined;
      return isNode(k) ? k : undefined;
    },
    failAt: (path, message) => fail(nodeAt(path), path.length ? `${pathText(path)}: ${message}` : message),
  };
}

function pairOf(items: readonly Pair[], key: PropertyKey): Pair | undefined {
  return items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
}

function walk(root: YamlNode | null, path: KeyPath): YamlNode | undefined {
  let node = root ?? undefined;
  for (const k of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = pairOf(node.items, k);
      // `key:` with nothing after it: the key is where the (null) value is.
      next = isNode(pair?.value) && pair.value.range ? pair.value : pair?.key;
    } else if (isSeq(node) && typeof k === 'number') {
      next = node.items[k];
    }
    if (!isNode(next)) return node;
    node = next;
  }
  return node;
}

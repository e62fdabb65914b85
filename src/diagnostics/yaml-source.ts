/**
 * A parsed YAML document whose nodes can be traced back to their line, so
 * validation errors read `file:line: key: what was expected`.
 */
import { LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { FileError } from './file-error.js';

export interface YamlSource {
  readonly doc: Document.Parsed;
  readonly file: string;
  /** 1-based line of a node (0 when it has no position). */
  lineOf(node: YamlNode | null | undefined): number;
  /** Throws a FileError located at `node`. */
  fail(node: YamlNode | null | undefined, message: string): never;
}

/** Parses `text`; YAML syntax errors and duplicate keys become FileErrors with their line. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new FileError(file, e.linePos?.[0].line ?? 0, `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const lineOf = (node: YamlNode | null | undefined): number => (node?.range ? lc.linePos(node.range[0]).line : 0);
  return {
    doc,
    file,
    lineOf,
    fail(node, message) {
      throw new FileError(file, lineOf(node), message);
    },
  };
}

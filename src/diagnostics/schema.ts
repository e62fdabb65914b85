/**
 * Checking a YAML document against a zod schema with errors that point at the
 * line: a zod issue's path leads back to the YAML node, and the message reads
 * `key.path: what was expected, got what was there`. Schemas give their own
 * wording where a generic one would be vague (`expected [low, high]`);
 * everything else is phrased here, one way for every file mctune reads.
 */
import { isNode } from 'yaml';
import * as z from 'zod';
import { pathText, type KeyPath, type YamlSource } from './yaml-source.js';

/** Validates the value at `at` (default: the whole document) and returns what the schema makes of it. */
export function validateYaml<S extends z.ZodType>(src: YamlSource, schema: S, at: KeyPath = []): z.output<S> {
  const node: unknown = at.length ? src.doc.getIn(at, true) : src.doc.contents;
  const data: unknown = isNode(node) ? node.toJS(src.doc) : undefined;
  const result = schema.safeParse(data, { error: describeIssue, reportInput: true });
  if (result.success) return result.data;
  const issue = firstIssue(src, result.error.issues, at);
  const path = [...at, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    return src.fail(src.keyAt(path, key), `${pathText([...path, key])}: ${issue.message}`);
  }
  return src.failAt(path, issue.message);
}

/** Unknown keys first (a misspelt key also makes its right spelling "missing"), then in the order of the file. */
function firstIssue(src: YamlSource, issues: readonly z.core.$ZodIssue[], at: KeyPath): z.core.$ZodIssue {
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown) return unknown;
  let best = issues[0];
  let bestLine = Infinity;
  for (const i of issues) {
    const line = src.lineOf(src.nodeAt([...at, ...i.path])) || Infinity;
    if (line < bestLine) [best, bestLine] = [i, line];
  }
  return best;
}

/** The value as a message shows it: `"text"`, `1.5`, `a mapping`, `nothing`. */
export function shown(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return v.length <= 8 && v.every((x) => typeof x === 'number') ? `[${v.join(', ')}]` : 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return typeof v;
}

/** Issues about a value as a whole, which a schema's own wording describes; the others are about keys inside it. */
const WHOLE_VALUE = new Set(['invalid_type', 'invalid_value', 'invalid_union', 'invalid_format', 'too_small', 'too_big', 'not_multiple_of']);

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  tuple: 'a list',
};

/** zod's error map: mctune's wording for every issue a schema did not word itself. */
function describeIssue(iss: z.core.$ZodRawIssue): string {
  if (iss.input === undefined && WHOLE_VALUE.has(iss.code)) return 'missing';
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[iss.expected] ?? iss.expected}, got ${shown(iss.input)}`;
    case 'invalid_value':
      return `unknown value ${shown(iss.input)}; expected ${iss.values.length === 1 ? String(iss.values[0]) : `one of ${iss.values.map(String).join(', ')}`}`;
    case 'unrecognized_keys':
      return 'unknown key';
    case 'invalid_union': {
      if (typeof iss.discriminator !== 'string' || !Array.isArray(iss.options)) return `unexpected ${shown(iss.input)}`;
      const got = (iss.input as Record<string, unknown> | undefined)?.[iss.discriminator];
      const options = iss.options.map(String).join(', ');
      return got === undefined ? `missing; expected one of ${options}` : `unknown value ${shown(got)}; expected one of ${options}`;
    }
    case 'too_small':
    case 'too_big': {
      const bound = iss.code === 'too_small' ? `at least ${iss.minimum}` : `at most ${iss.maximum}`;
      const what = iss.origin === 'array' ? `a list of ${bound} entries` : iss.origin === 'string' ? `${bound} characters` : bound;
      return `expected ${what}, got ${shown(iss.input)}`;
    }
    case 'invalid_key':
      return iss.issues[0]?.message ?? `unexpected key ${shown(iss.input)}`;
    case 'invalid_format':
      return `expected ${iss.format === 'regex' ? `text matching ${iss.pattern ?? 'its pattern'}` : iss.format}, got ${shown(iss.input)}`;
    default:
      return iss.message ?? `unexpected ${shown(iss.input)}`;
  }
}

/**
 * A mapping with exactly these keys; an unknown key is an error that lists
 * the known ones.
 */
export function strictMapping<Shape extends z.core.$ZodLooseShape>(shape: Shape, note = '') {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key; expected one of ${known}${note}` : undefined),
  });
}

/**
 * Wording for a schema that knows best what it wants: `expected WHAT, got
 * VALUE`. A missing value stays `missing`, and problems with keys inside a
 * mapping keep their own wording.
 */
export function expected(what: string): (iss: z.core.$ZodRawIssue) => string | undefined {
  return (iss) => (iss.input === undefined || !WHOLE_VALUE.has(iss.code) ? undefined : `expected ${what}, got ${shown(iss.input)}`);
}

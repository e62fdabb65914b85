import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { expected, FileError, parseYamlSource, pathText, strictMapping, validateYaml } from '../../src/diagnostics/index.js';
import { expectLocated } from '../helpers/located.js';

const schema = strictMapping({
  name: z.string(),
  size: z.int({ error: expected('a whole size') }).optional(),
  items: z.array(strictMapping({ id: z.string(), weight: z.number() })).optional(),
});

function fails(text: string): FileError {
  try {
    validateYaml(parseYamlSource(text, 'f.yaml'), schema);
  } catch (e) {
    expect(e).toBeInstanceOf(FileError);
    return e as FileError;
  }
  throw new Error('expected an error');
}

describe('validateYaml', () => {
  it('returns what the schema makes of a valid document', () => {
    expect(validateYaml(parseYamlSource('name: a\nitems:\n  - { id: x, weight: 2 }\n', 'f.yaml'), schema)).toEqual({ name: 'a', items: [{ id: 'x', weight: 2 }] });
  });

  it('an unknown key: at the key, listing the known ones, before any other problem', () => {
    expectLocated(fails('size: 1.5\nnmae: a\n'), 'f.yaml', 2, /^f\.yaml:2: nmae: unknown key; expected one of name, size, items$/);
  });

  it('a missing key: at its mapping', () => {
    expectLocated(fails('# comment\nsize: 1\n'), 'f.yaml', 2, /^f\.yaml:2: name: missing$/);
  });

  it('a wrong value deep in a list: its path and line, the schema\'s wording and what was there', () => {
    expectLocated(fails('name: a\nitems:\n  - { id: x, weight: 2 }\n  - id: y\n    weight: heavy\n'), 'f.yaml', 5, /^f\.yaml:5: items\[1\]\.weight: expected a number, got "heavy"$/);
    expectLocated(fails('name: a\nsize: 2.5\n'), 'f.yaml', 2, /^f\.yaml:2: size: expected a whole size, got 2\.5$/);
  });

  it('several problems: the first in the file is reported', () => {
    expectLocated(fails('items:\n  - { id: 1, weight: 2 }\nname: 3\n'), 'f.yaml', 2, /items\[0\]\.id: expected a string, got 1/);
  });

  it('validates a part of a document, located in the whole', () => {
    const src = parseYamlSource('top:\n  inner:\n    n: x\n', 'f.yaml');
    try {
      validateYaml(src, z.object({ n: z.number() }), ['top', 'inner']);
      throw new Error('expected an error');
    } catch (e) {
      expectLocated(e as FileError, 'f.yaml', 3, /^f\.yaml:3: top\.inner\.n: expected a number, got "x"$/);
    }
  });
});

describe('pathText', () => {
  it('joins keys with dots and writes list indices in brackets', () => {
    expect(pathText(['parameters', 'StringZ:aLund', 'range', 1])).toBe('parameters.StringZ:aLund.range[1]');
    expect(pathText([0, 'a'])).toBe('[0].a');
  });
});

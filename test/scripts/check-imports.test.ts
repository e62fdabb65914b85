/**
 * The import-boundary check: it flags every kind of import that reaches into
 * another folder's internals (a fixture tree with one of each), and this
 * repository has none.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importViolations } from '../../scripts/check-imports.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'check-imports.ts');

/** Fixture files; the comment on a line says whether the checker must flag it. */
const FILES: Record<string, string> = {
  'src/index.ts': "export * as a from './a/index.js';\nexport { y } from './b/use.js'; // flag\n",
  'src/a/index.ts': "export { x } from './inner.js';\nexport type { X } from './inner.js';\n",
  'src/a/inner.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\nexport type X = number;\n",
  'src/a/deep/more.ts': "import { x } from '../inner.js';\nexport const m = x;\n",
  'src/b/index.ts': "export { y } from './use.js';\n",
  'src/b/use.ts': "import type { X } from '../a/index.js';\nimport { x } from '../a/inner.js'; // flag\nexport const y: X = x.length;\n",
  'src/b/types.ts': "import type { X } from '../a/inner.js'; // flag\nexport type Y = X;\n",
  'src/b/lazy.ts': "export const z = () => import('../a/inner.js'); // flag\n",
  'src/b/reexport.ts': "export { x } from '../a/inner.js'; // flag\n",
  'src/b/leak.ts': "import '../../test/helpers/h.js'; // flag\n",
  'test/a/inner.test.ts': "import { x } from '../../src/a/inner.js';\nimport { m } from '../../src/a/deep/more.js';\nimport { y } from '../../src/b/index.js';\nimport { h } from '../helpers/h.js';\n",
  'test/a/cross.test.ts': "import { y } from '../../src/b/use.js'; // flag\n",
  'test/helpers/h.ts': "import { x } from '../../src/a/inner.js'; // flag\nexport const h = x;\n",
  'test-slow/s.test.ts': "import { x } from '../src/a/inner.js'; // flag\n",
  'bench/run.ts': "import { a } from '../src/index.js';\nimport { x } from '../src/a/index.js';\nimport { m } from '../src/a/deep/more.js'; // flag\n",
};

function fixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'mctune-imports-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** `file:line` of every fixture line marked `// flag`. */
function marked(): string[] {
  return Object.entries(FILES)
    .flatMap(([path, text]) => text.split('\n').flatMap((l, i) => (l.endsWith('// flag') ? [`${path}:${i + 1}`] : [])))
    .sort();
}

describe('importViolations', () => {
  it('flags exactly the imports into another folder’s internals', () => {
    const found = importViolations(fixture());
    expect(found.map((v) => `${v.file}:${v.line}`).sort()).toEqual(marked());
  });

  it('names the internal file and the index to import instead', () => {
    const found = importViolations(fixture()).find((v) => v.file === 'test/a/cross.test.ts');
    expect(found).toMatchObject({ specifier: '../../src/b/use.js', message: 'src/b/use.ts is internal to src/b: import it from src/b/index.ts' });
  });

  it('finds none in this repository', () => {
    expect(importViolations(ROOT)).toEqual([]);
  });
});

describe('check-imports script', () => {
  it('exits 1 and lists each crossing import with file and line', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, fixture()], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("test/a/cross.test.ts:1: '../../src/b/use.js': src/b/use.ts is internal to src/b");
    expect(r.stderr).toContain(`${marked().length} import(s) cross a folder boundary`);
  });
});

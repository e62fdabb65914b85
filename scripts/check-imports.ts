/**
 * The import boundaries between the folders of src/: each folder is read
 * through its index.ts, so code elsewhere imports only that. Precisely:
 *  - a file in src/X imports from another folder src/Y only src/Y/index.ts;
 *  - a test in test/X may import any file of src/X (its own folder's
 *    internals are what it tests), and of other folders only their index.ts;
 *  - everything else (test helpers, bench/, test-slow/, test-slurm/) imports
 *    only index.ts files; src/ imports nothing outside src/.
 * Static imports, `export … from`, `import type` and `import()` all count.
 *
 * Usage: tsx scripts/check-imports.ts [root]  (exit code 1 and one line per import that crosses a boundary)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Top-level folders whose TypeScript is checked. */
const CHECKED = ['src', 'test', 'test-slow', 'test-slurm', 'bench', 'scripts'];

export interface Violation {
  /** Importing file, relative to the root, with '/' separators. */
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly message: string;
}

function tsFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules' || n.startsWith('.')) return [];
    if (statSync(p).isDirectory()) return tsFiles(p);
    return /\.(ts|mts)$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

/** 'src/pool/attempt.ts' → ['src', 'pool', 'attempt.ts']. */
const parts = (rel: string): string[] => rel.split(sep).join('/').split('/');

/** The src folder a path lies in ('pool' for src/pool/x.ts), or undefined for src/index.ts and paths outside src. */
function srcFolder(p: string[]): string | undefined {
  return p[0] === 'src' && p.length > 2 ? p[1] : undefined;
}

/** Why importing `target` from `source` crosses a boundary, or undefined when it does not. */
export function crossing(source: string, target: string): string | undefined {
  const s = parts(source);
  const t = parts(target);
  if (s[0] === 'src' && t[0] !== 'src') return `src/ imports ${t.join('/')}, outside src/`;
  const folder = srcFolder(t);
  if (folder === undefined) return undefined;
  const isIndex = t.length === 3 && t[2] === 'index.ts';
  if (isIndex) return undefined;
  if (s[0] === 'src' && srcFolder(s) === folder) return undefined;
  if (s[0] === 'test' && s[1] === folder) return undefined;
  return `${t.join('/')} is internal to src/${folder}: import it from src/${folder}/index.ts`;
}

/** The file a relative specifier names, with the `.js` of ESM imports mapped back to the TypeScript source. */
function resolveSpecifier(fromFile: string, specifier: string): string {
  const abs = resolve(dirname(fromFile), specifier);
  return abs.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts');
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every import under `root` that crosses a folder boundary, in file order. */
export function importViolations(root: string): Violation[] {
  const out: Violation[] = [];
  for (const top of CHECKED) {
    for (const file of tsFiles(join(root, top))) {
      const text = readFileSync(file, 'utf8');
      const source = relative(root, file);
      for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
        if (!ref.fileName.startsWith('.')) continue;
        const target = relative(root, resolveSpecifier(file, ref.fileName));
        const why = crossing(source, target);
        if (why !== undefined) out.push({ file: parts(source).join('/'), line: lineAt(text, ref.pos), specifier: ref.fileName, message: why });
      }
    }
  }
  return out;
}

function main(argv: string[]): number {
  const root = resolve(argv.at(0) ?? '.');
  const found = importViolations(root);
  for (const v of found) console.error(`${v.file}:${v.line}: '${v.specifier}': ${v.message}`);
  if (found.length > 0) console.error(`${found.length} import(s) cross a folder boundary (see scripts/check-imports.ts)`);
  return found.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv.at(1) ?? '').href) process.exitCode = main(process.argv.slice(2));

// Lint configuration: typescript-eslint's strict type-checked rules on all TypeScript, the
// house limits on file and function length, and plain JavaScript for the few .js/.mjs files.
//
// noUncheckedIndexedAccess stays off (see tsconfig.json): the numerical kernels index typed
// arrays in hot loops where every index is bounded by the loop. A `!` after such an index
// proves nothing, and `no-unnecessary-type-assertion` (part of strictTypeChecked, auto-fixable)
// removes it. In the library no `!` is written at all (`no-non-null-assertion`): a value that
// can be absent is checked.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly',
  setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
};

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results/', 'test-slurm/.work/'],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: nodeGlobals,
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'test/pool/fixtures/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Numbers in messages are the common case (`line ${n}`); their default formatting is what we want.
      '@typescript-eslint/restrict-template-expressions': ['error', {
        allowNumber: true, allowAny: false, allowBoolean: false, allowNullish: false, allowRegExp: false, allowNever: false, allowArray: false,
      }],
      // `() => resolve()` is the idiom for callbacks, and `return fill(…)` in a void function's switch
      // ends a case in one line; a block adds nothing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Functions ≲ 60 lines in the library and benchmarks. Tests are exempt: a `describe` callback
    // is a list of cases, not a function to read top to bottom.
    files: ['src/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    // In tests a `!` states what the test expects to find (`rows.find(…)!`, `map.get(k)!`); when
    // wrong, the test fails on the next line, which is what a test is for.
    files: ['test/**/*.ts', 'test-slow/**/*.ts', 'test-slurm/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);

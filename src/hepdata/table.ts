import { readFile } from 'node:fs/promises';
import { isMap } from 'yaml';
import * as z from 'zod';
import { expected, FileError, parseYamlSource, validateYaml, type YamlSource } from '../diagnostics/index.js';
import { Binning, BinningError, Estimate1D, type ErrorSource } from '../histo/index.js';

/** A HEPData table that cannot be read, located to the line. */
export class HepDataError extends FileError {
  constructor(file: string, line: number, detail: string) {
    super(file, line, detail);
    this.name = 'HepDataError';
  }
}

export interface HepDataImportOptions {
  /** Analysis name for the object paths. Default: `HEPDATA`. */
  analysis?: string;
  /** HEPData table number, the `dXX` of the paths. Default: 1. */
  table?: number;
  /** Prefix `/REF` to the paths, as reference data. Default: true. */
  ref?: boolean;
}

/** A plain decimal number, as text: what HEPData means by a number (no hex, no empty string). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A YAML number, or a plain decimal number in a string, finite either way. */
const decimal = z
  .union([z.number(), z.string().trim().regex(DECIMAL).transform(Number)], { error: expected('a number') })
  .refine(Number.isFinite, { error: expected('a finite number') });

/** An error size: a number, or a percentage of the bin's value like `5%`. */
const amount = z.union(
  [
    decimal.transform((v) => ({ v, percent: false })),
    z.string().trim().regex(/^\S+\s*%$/).transform((s) => s.slice(0, -1).trim()).pipe(z.string().regex(DECIMAL)).transform((s) => ({ v: Number(s), percent: true })),
  ],
  { error: expected('a number or a percentage like 5%') },
);
type Amount = z.output<typeof amount>;

const bin = z.object({ low: decimal, high: decimal }, { error: expected("a bin with 'low' and 'high'") });

const errorEntry = z
  .object(
    {
      label: z.union([z.string(), z.number()]).transform(String).optional(),
      symerror: amount.optional(),
      asymerror: z.object({ plus: amount, minus: amount }, { error: expected("a mapping with 'plus' and 'minus'") }).optional(),
    },
    { error: expected("a mapping with 'symerror' or 'asymerror'") },
  )
  .refine((e) => e.symerror !== undefined || e.asymerror !== undefined, { error: "expected 'symerror' or 'asymerror'" });

const point = z.object(
  {
    value: z.union([decimal, z.literal(['-', ''])], { error: expected('a number, or - where there is none') }),
    errors: z.array(errorEntry, { error: expected('a list of errors') }).optional(),
  },
  { error: expected("a mapping with 'value'") },
);

const valuesOf = <T extends z.ZodType>(item: T) => z.object({ values: z.array(item, { error: expected('a list') }) }, { error: expected("a mapping with 'values'") });

const dependent = valuesOf(point).extend({
  // The title is a nicety: a table with an odd header still imports.
  header: z.object({ name: z.string().optional().catch(undefined) }).optional().catch(undefined),
});

const table = z.object({
  independent_variables: z.array(z.unknown(), { error: expected('a list') }).min(1, { error: 'expected at least one independent variable' }),
  dependent_variables: z.array(dependent, { error: expected('a list') }),
});

type Point = z.output<typeof point>;

/**
 * Imports a HEPData table (YAML): the first independent variable gives the bins
 * (each value needs `low` and `high`), each dependent variable becomes one
 * Estimate1D at `/REF/<analysis>/dXX-x01-yYY`. Errors become named sources:
 * `symerror` (a number, or a percentage of the value like `5%`) as ±e,
 * `asymerror` with its signed `minus` and `plus`. A source that a bin lacks is
 * absent (NaN) there.
 */
export function parseHepDataTable(text: string, file: string, opts: HepDataImportOptions = {}): Estimate1D[] {
  const src = parseYamlSource(text, file, (f, l, d) => new HepDataError(f, l, d));
  if (!isMap(src.doc.contents)) src.fail(src.doc.contents, 'expected a mapping with independent_variables and dependent_variables');
  const t = validateYaml(src, table);
  const bins = validateYaml(src, valuesOf(bin), ['independent_variables', 0]).values;
  const binning = binningOf(src, bins);
  const tableNo = opts.table ?? 1;
  const base = `${opts.ref === false ? '' : '/REF'}/${opts.analysis ?? 'HEPDATA'}/d${pad(tableNo)}-x01`;
  return t.dependent_variables.map((dep, k) => {
    if (dep.values.length !== binning.size) {
      src.fail(src.keyAt(['dependent_variables', k], 'values'), `dependent_variables[${k}].values: ${dep.values.length} values, but the independent variable has ${binning.size} bins`);
    }
    const est = new Float64Array(binning.size + 2).fill(NaN);
    dep.values.forEach((p, i) => (est[i + 1] = typeof p.value === 'number' ? p.value : NaN));
    const annotations: Array<[string, string]> = [['IsRef', '1']];
    if (dep.header?.name !== undefined) annotations.push(['Title', dep.header.name]);
    return new Estimate1D(`${base}-y${pad(k + 1)}`, binning, est, errorSources(src, dep.values, k), annotations);
  });
}

export async function readHepDataTable(path: string, opts: HepDataImportOptions = {}): Promise<Estimate1D[]> {
  return parseHepDataTable(await readFile(path, 'utf8'), path, opts);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function binningOf(src: YamlSource, bins: readonly { low: number; high: number }[]): Binning {
  try {
    return Binning.fromBounds(Float64Array.from(bins, (b) => b.low), Float64Array.from(bins, (b) => b.high));
  } catch (e) {
    if (e instanceof BinningError) src.failAt(['independent_variables', 0, 'values', e.bin], `bad bins: ${e.message}`);
    throw e;
  }
}

/** The errors of every point, gathered by label into sources; a label twice in one point is an error. */
function errorSources(src: YamlSource, points: readonly Point[], k: number): ErrorSource[] {
  const n = points.length;
  const sources = new Map<string, ErrorSource>();
  points.forEach((p, i) => {
    const value = typeof p.value === 'number' ? p.value : NaN;
    (p.errors ?? []).forEach((e, j) => {
      const label = e.label ?? 'error';
      let s = sources.get(label);
      if (!s) {
        s = { label, dn: new Float64Array(n + 2).fill(NaN), up: new Float64Array(n + 2).fill(NaN) };
        sources.set(label, s);
      }
      if (!Number.isNaN(s.dn[i + 1])) src.failAt(['dependent_variables', k, 'values', i, 'errors', j], `error label '${label}' appears twice in this value`);
      if (e.symerror !== undefined) {
        const size = Math.abs(sizeOf(e.symerror, value));
        [s.dn[i + 1], s.up[i + 1]] = [-size, size];
      } else {
        [s.dn[i + 1], s.up[i + 1]] = e.asymerror ? [sizeOf(e.asymerror.minus, value), sizeOf(e.asymerror.plus, value)] : [NaN, NaN];
      }
    });
  });
  return [...sources.values()];
}

/** A signed shift; a percentage is of |value| (absent where the value is). */
function sizeOf(a: Amount, value: number): number {
  return a.percent ? (Math.abs(value) * a.v) / 100 : a.v;
}

import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { FileError } from '../diagnostics/index.js';
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

/**
 * Imports a HEPData table (YAML): the first independent variable gives the bins
 * (each value needs `low` and `high`), each dependent variable becomes one
 * Estimate1D at `/REF/<analysis>/dXX-x01-yYY`. Errors become named sources:
 * `symerror` (a number, or a percentage of the value like `5%`) as ±e,
 * `asymerror` with its signed `minus` and `plus`. A source that a bin lacks is
 * absent (NaN) there.
 */
export function parseHepDataTable(text: string, file: string, opts: HepDataImportOptions = {}): Estimate1D[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const fail = (node: unknown, msg: string): never => {
    const r = (node as Node | undefined)?.range;
    throw new HepDataError(file, r ? lc.linePos(r[0]).line : 0, msg);
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new HepDataError(file, e.linePos?.[0].line ?? 0, `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root)) fail(root, 'expected a mapping with independent_variables and dependent_variables');
  const indep = seqAt(root as YAMLMap, 'independent_variables', fail);
  const deps = seqAt(root as YAMLMap, 'dependent_variables', fail);
  if (indep.items.length === 0) fail(indep, 'expected at least one independent variable');
  const binning = readBins(indep.items[0], fail);
  const table = opts.table ?? 1;
  const base = `${opts.ref === false ? '' : '/REF'}/${opts.analysis ?? 'HEPDATA'}/d${pad(table)}-x01`;
  return deps.items.map((dep, k) => readDependent(dep, k, binning, `${base}-y${pad(k + 1)}`, fail));
}

export async function readHepDataTable(path: string, opts: HepDataImportOptions = {}): Promise<Estimate1D[]> {
  return parseHepDataTable(await readFile(path, 'utf8'), path, opts);
}

type Fail = (node: unknown, msg: string) => never;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A plain decimal number, as text: what HEPData means by a number (no hex, no empty string). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The key node of `key` in a mapping: where a message about the whole entry should point. */
function keyNode(map: YAMLMap, key: string): unknown {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key)?.key;
}

function seqAt(map: YAMLMap, key: string, fail: Fail): YAMLSeq {
  const node = map.get(key, true);
  if (!isSeq(node)) fail(node ?? map, `expected '${key}' to be a list`);
  return node as YAMLSeq;
}

function valuesOf(variable: unknown, what: string, fail: Fail): YAMLSeq {
  if (!isMap(variable)) fail(variable, `expected ${what} to be a mapping with 'values'`);
  return seqAt(variable as YAMLMap, 'values', fail);
}

function num(node: unknown, what: string, fail: Fail): number {
  const v = (node as { toJSON?: () => unknown } | undefined)?.toJSON?.();
  const x = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(x)) fail(node, `expected a number for ${what}, found ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
  return x;
}

/** `5%` → 5, or NaN when the text before `%` is not a plain decimal number. */
function percent(text: string): number {
  const t = text.trim().slice(0, -1).trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

function readBins(variable: unknown, fail: Fail): Binning {
  const values = valuesOf(variable, 'independent variable 1', fail);
  const n = values.items.length;
  const lows = new Float64Array(n);
  const highs = new Float64Array(n);
  values.items.forEach((item, i) => {
    if (!isMap(item) || !item.has('low') || !item.has('high')) fail(item, `bin ${i + 1}: expected 'low' and 'high'`);
    lows[i] = num((item as YAMLMap).get('low', true), `bin ${i + 1} low`, fail);
    highs[i] = num((item as YAMLMap).get('high', true), `bin ${i + 1} high`, fail);
  });
  try {
    return Binning.fromBounds(lows, highs);
  } catch (e) {
    if (e instanceof BinningError) fail(values.items[e.bin], `bad bins: ${e.message}`);
    throw e;
  }
}

function readDependent(dep: unknown, k: number, binning: Binning, path: string, fail: Fail): Estimate1D {
  const values = valuesOf(dep, `dependent variable ${k + 1}`, fail);
  const n = binning.size;
  if (values.items.length !== n) {
    fail(keyNode(dep as YAMLMap, 'values') ?? values, `dependent variable ${k + 1} has ${values.items.length} values but the independent variable has ${n} bins`);
  }
  const est = new Float64Array(n + 2).fill(NaN);
  const sources = new Map<string, ErrorSource>();
  values.items.forEach((item, i) => {
    if (!isMap(item)) fail(item, `value ${i + 1}: expected a mapping with 'value'`);
    const m = item as YAMLMap;
    const raw = m.get('value', true);
    const v = (raw as { toJSON?: () => unknown } | undefined)?.toJSON?.();
    est[i + 1] = v === '-' || v === '' ? NaN : num(raw, `value ${i + 1}`, fail);
    const errs = m.get('errors', true);
    if (errs === undefined) return;
    if (!isSeq(errs)) fail(errs, `value ${i + 1}: expected 'errors' to be a list`);
    (errs as YAMLSeq).items.forEach((e, j) => {
      const [label, dn, up] = readError(e, est[i + 1]!, `value ${i + 1} error ${j + 1}`, fail);
      let src = sources.get(label);
      if (!src) {
        src = { label, dn: new Float64Array(n + 2).fill(NaN), up: new Float64Array(n + 2).fill(NaN) };
        sources.set(label, src);
      }
      if (!Number.isNaN(src.dn[i + 1]!)) fail(e, `value ${i + 1}: error label '${label}' appears twice`);
      src.dn[i + 1] = dn;
      src.up[i + 1] = up;
    });
  });
  const annotations: Array<[string, string]> = [['IsRef', '1']];
  const name = isMap(dep) ? (dep as YAMLMap).getIn(['header', 'name']) : undefined;
  if (typeof name === 'string') annotations.push(['Title', name]);
  return new Estimate1D(path, binning, est, [...sources.values()], annotations);
}

/** One error entry as [label, signed down shift, signed up shift]. */
function readError(e: unknown, value: number, what: string, fail: Fail): [string, number, number] {
  if (!isMap(e)) fail(e, `${what}: expected a mapping with 'symerror' or 'asymerror'`);
  const m = e as YAMLMap;
  const label = String(m.get('label') ?? 'error');
  if (m.has('symerror')) {
    const node = m.get('symerror', true);
    const raw = (node as { toJSON?: () => unknown }).toJSON?.();
    const size = typeof raw === 'string' && raw.trim().endsWith('%')
      ? (Math.abs(value) * percent(raw)) / 100
      : num(node, `${what} symerror`, fail);
    if (!Number.isFinite(size)) fail(node, `${what}: expected a number or a percentage for symerror`);
    return [label, -Math.abs(size), Math.abs(size)];
  }
  if (m.has('asymerror')) {
    const a = m.get('asymerror', true);
    if (!isMap(a) || !a.has('plus') || !a.has('minus')) fail(a, `${what}: asymerror needs 'plus' and 'minus'`);
    const am = a as YAMLMap;
    return [label, percentOr(am.get('minus', true), value, `${what} minus`, fail), percentOr(am.get('plus', true), value, `${what} plus`, fail)];
  }
  return fail(e, `${what}: expected 'symerror' or 'asymerror'`);
}

function percentOr(node: unknown, value: number, what: string, fail: Fail): number {
  const raw = (node as { toJSON?: () => unknown } | undefined)?.toJSON?.();
  if (typeof raw === 'string' && raw.trim().endsWith('%')) {
    const p = percent(raw);
    if (!Number.isFinite(p)) fail(node, `${what}: expected a percentage, found ${JSON.stringify(raw)}`);
    return (Math.abs(value) * p) / 100;
  }
  return num(node, what, fail);
}

/**
 * Professor 2's ipol text files, so a polynomial surrogate can go to Professor
 * and come back. Layout (DataFormat `binned 3`, Professor 2.4): `Key: value`
 * header lines (`#` starts a comment), `---`, then per bin
 *
 *   /ANA/d01-x01-y01#3 xmin xmax
 *     val: dim order c_0 … c_{N−1}  min_1 … min_d max_1 … max_d
 *     err: dim order c_0 …           min_1 … min_d max_1 … max_d
 *
 * with the coefficients in graded monomial order (see monomials.ts) on the
 * parameters scaled to [0, 1] between the line's min and max. Professor writes
 * 6 significant digits; we write every number in full so that a round trip is
 * exact, which Professor reads all the same. `binned 2` files (no limits on
 * the lines; the header's are used) are read too. Bins may have different
 * orders: lower orders are padded with zero coefficients, which changes no
 * value, since the monomials of order n start the list of order n + 1.
 */
import { readFileSync } from 'node:fs';
import { FileError } from '../diagnostics/index.js';
import { writeFileAtomicSync } from '../fsutil/index.js';
import { numCoefficients } from './monomials.js';
import { polyTerms, PolynomialSurrogate } from './polynomial.js';
import type { BinRef, ParamBox } from './types.js';

export interface IpolMeta {
  readonly summary?: string;
  readonly dataDir?: string;
}

export function formatIpol(model: PolynomialSurrogate, meta: IpolMeta = {}): string {
  const box = model.box;
  const limits = `${[...box.low].map(num).join(' ')} ${[...box.high].map(num).join(' ')}`;
  const lines = [
    `Summary: ${meta.summary ?? 'polynomial surrogate written by mctune'}`,
    `DataDir: ${meta.dataDir ?? '.'}`,
    'ProfVersion: 2.4.0  # the layout of Professor 2.4; written by mctune',
    `Date: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}`,
    'DataFormat: binned 3',
    `ParamNames: ${box.names.join(' ')}`,
    `Dimension: ${box.names.length}`,
    `MinParamVals: ${[...box.low].map(num).join(' ')}`,
    `MaxParamVals: ${[...box.high].map(num).join(' ')}`,
    'DoParamScaling: 1',
    `NumInputs: ${model.runs.length}`,
    `Runs: ${model.runs.join(' ')}`,
    '---',
  ];
  const d = box.names.length;
  const line = (name: string, order: number, c: Float64Array, b: number) => {
    const M = numCoefficients(d, order);
    return `  ${name}: ${d} ${order} ${[...c.subarray(b * M, (b + 1) * M)].map(num).join(' ')}  ${limits}`;
  };
  model.bins.forEach((bin, b) => {
    lines.push(`${bin.path}#${bin.index} ${num(bin.xlow)} ${num(bin.xhigh)}`);
    lines.push(line('val', model.value.order, model.value.coefficients, b));
    lines.push(line('err', model.error.order, model.error.coefficients, b));
  });
  return lines.join('\n') + '\n';
}

/** Shortest text that reads back to the same double. */
function num(x: number): string {
  return String(x);
}

export function writeIpol(model: PolynomialSurrogate, file: string, meta?: IpolMeta): void {
  writeFileAtomicSync(file, formatIpol(model, meta));
}

export function readIpol(file: string): PolynomialSurrogate {
  return parseIpol(readFileSync(file, 'utf8'), file);
}

interface IpolLine {
  readonly order: number;
  readonly coefficients: Float64Array;
  readonly low?: Float64Array;
  readonly high?: Float64Array;
}

interface IpolBin extends BinRef {
  readonly val: IpolLine;
  readonly err?: IpolLine;
}

export function parseIpol(text: string, file = '<ipol>'): PolynomialSurrogate {
  const lines = text.split('\n');
  const { header, body } = readHeader(lines, file);
  const box = headerBox(header, file);
  const bins = readBins(lines, body, box.names.length, file);
  if (bins.length === 0) throw new FileError(file, 0, 'no bins after the --- line');
  const lineBox = commonLimits(bins, box, header.get('DataFormat') ?? '', file);
  return toSurrogate(bins, lineBox, (header.get('Runs') ?? '').split(/\s+/).filter(Boolean));
}

function readHeader(lines: readonly string[], file: string): { header: Map<string, string>; body: number } {
  const header = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/#.*/, '').trim();
    if (raw === '---') return { header, body: i + 1 };
    if (raw === '') continue;
    const colon = raw.indexOf(':');
    if (colon < 0) throw new FileError(file, i + 1, `expected a "Key: value" header line or ---, got ${JSON.stringify(raw)}`);
    header.set(raw.slice(0, colon).trim(), raw.slice(colon + 1).trim());
  }
  throw new FileError(file, 0, 'no --- line ends the header: not an ipol file');
}

function headerBox(header: Map<string, string>, file: string): ParamBox {
  const format = header.get('DataFormat') ?? '';
  const m = /^binned\s*(\d*)$/.exec(format);
  if (!m || Number(m[1]) < 2) throw new FileError(file, 0, `DataFormat: expected 'binned 2' or 'binned 3', got ${JSON.stringify(format)} (files of Professor 2.1 and earlier order coefficients differently)`);
  const names = (header.get('ParamNames') ?? '').split(/\s+/).filter(Boolean);
  if (names.length === 0) throw new FileError(file, 0, 'ParamNames: missing');
  const dim = header.get('Dimension');
  if (dim !== undefined && Number(dim) !== names.length) throw new FileError(file, 0, `Dimension: ${dim}, but ParamNames lists ${names.length} parameters`);
  // binned 2 without parameter scaling evaluates on the raw parameters: the unit box is the identity map.
  if (m[1] === '2' && (header.get('DoParamScaling') ?? '0') === '0') return { names, low: new Float64Array(names.length), high: new Float64Array(names.length).fill(1) };
  const nums = (key: string) => {
    const v = (header.get(key) ?? '').split(/\s+/).filter(Boolean).map(Number);
    if (v.length !== names.length || !v.every(Number.isFinite)) throw new FileError(file, 0, `${key}: expected ${names.length} numbers`);
    return Float64Array.from(v);
  };
  return checkedBox({ names, low: nums('MinParamVals'), high: nums('MaxParamVals') }, file, 0);
}

/** Every side of a box must have a finite, positive extent: the scaling divides by it. */
function checkedBox(box: ParamBox, file: string, line: number): ParamBox {
  box.names.forEach((n, p) => {
    if (!(Number.isFinite(box.low[p]) && Number.isFinite(box.high[p]) && box.high[p] > box.low[p])) throw new FileError(file, line, `${n}: expected limits low < high, got ${box.low[p]} and ${box.high[p]}`);
  });
  return box;
}

function readBins(lines: readonly string[], from: number, d: number, file: string): IpolBin[] {
  const bins: IpolBin[] = [];
  let current: { ref: BinRef; val?: IpolLine; err?: IpolLine; line: number } | undefined;
  const close = () => {
    if (!current) return;
    if (!current.val) throw new FileError(file, current.line, `${current.ref.path}#${current.ref.index}: no val: line`);
    bins.push({ ...current.ref, val: current.val, ...(current.err ? { err: current.err } : {}) });
  };
  for (let i = from; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '') continue;
    if (t.startsWith('/')) {
      close();
      current = { ref: binLine(t, file, i + 1), line: i + 1 };
    } else if (t.startsWith('val:') || t.startsWith('err:')) {
      if (!current) throw new FileError(file, i + 1, 'a val:/err: line before any bin line');
      const parsed = coefficientLine(t.slice(4), d, file, i + 1);
      if (t.startsWith('val:')) current.val = parsed;
      else current.err = parsed;
    } else throw new FileError(file, i + 1, `expected a bin line (/PATH#n xmin xmax), val: or err:, got ${JSON.stringify(t.slice(0, 40))}`);
  }
  close();
  return bins;
}

function binLine(t: string, file: string, line: number): BinRef {
  const f = t.split(/\s+/);
  const m = /^(\/\S+)#(\d+)$/.exec(f[0]);
  const xlow = Number(f[1]);
  const xhigh = Number(f[2]);
  if (f.length !== 3 || !m || !Number.isFinite(xlow) || !Number.isFinite(xhigh)) throw new FileError(file, line, `expected "/PATH#n xmin xmax", got ${JSON.stringify(t)}`);
  return { path: m[1], index: Number(m[2]), xlow, xhigh };
}

function coefficientLine(rest: string, d: number, file: string, line: number): IpolLine {
  const v = rest.trim().split(/\s+/).map(Number);
  const [dim, order] = [v[0], v[1]];
  if (dim !== d) throw new FileError(file, line, `expected dimension ${d} (the header's), got ${String(dim)}`);
  if (!Number.isInteger(order) || order < 0 || order > 20) throw new FileError(file, line, `expected an order, got ${String(order)}`);
  const N = numCoefficients(d, order);
  if (!v.every((x) => Number.isFinite(x) || Number.isNaN(x)) || v.slice(2, 2 + N).some((x) => !Number.isFinite(x))) throw new FileError(file, line, 'expected numbers');
  const limits = v.length - 2 - N;
  if (limits !== 0 && limits !== 2 * d) throw new FileError(file, line, `expected ${N} coefficients for order ${order} in ${d} parameters (and optionally ${d} minima and ${d} maxima), got ${v.length - 2} numbers`);
  const coefficients = Float64Array.from(v.slice(2, 2 + N));
  return limits ? { order, coefficients, low: Float64Array.from(v.slice(2 + N, 2 + N + d)), high: Float64Array.from(v.slice(2 + N + d)) } : { order, coefficients };
}

/** The limits every line shares (binned 3), else the header's (binned 2); bins scaled differently are refused. */
function commonLimits(bins: readonly IpolBin[], header: ParamBox, format: string, file: string): ParamBox {
  const withLimits = bins.flatMap((b) => [b.val, ...(b.err ? [b.err] : [])]).filter((l) => l.low && l.high);
  // binned 2 scales with the header's limits (or not at all); only binned 3 carries them on its lines.
  if (format.endsWith('2')) return header;
  if (withLimits.length === 0) throw new FileError(file, 0, 'binned 3: the val: lines carry no parameter limits');
  const first = withLimits[0];
  const same = (a: Float64Array | undefined, b: Float64Array | undefined) => a !== undefined && b !== undefined && a.every((x, i) => x === b[i]);
  if (!withLimits.every((l) => same(l.low, first.low) && same(l.high, first.high))) {
    throw new FileError(file, 0, 'bins are scaled to different parameter limits (a run filter per bin); mctune models need one box for all bins');
  }
  return checkedBox({ names: header.names, low: first.low ?? header.low, high: first.high ?? header.high }, file, 0);
}

function toSurrogate(bins: readonly IpolBin[], box: ParamBox, runs: string[]): PolynomialSurrogate {
  const d = box.names.length;
  const pad = (lines: readonly IpolLine[]) => {
    const order = Math.max(...lines.map((l) => l.order));
    const M = numCoefficients(d, order);
    const c = new Float64Array(lines.length * M);
    lines.forEach((l, b) => c.set(l.coefficients, b * M));
    return polyTerms(d, order, c);
  };
  const value = pad(bins.map((b) => b.val));
  // A file without err: lines models no MC error: zero, the error mode 'none' of Professor.
  const error = pad(bins.map((b) => b.err ?? { order: 0, coefficients: new Float64Array(1) }));
  const refs = bins.map(({ path, index, xlow, xhigh }) => ({ path, index, xlow, xhigh }));
  return new PolynomialSurrogate(box, refs, { runs: [], bins: [] }, runs, value, error);
}

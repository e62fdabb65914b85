import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileError } from '../../src/diagnostics/index.js';
import { fitPolynomial, parseIpol, readIpol, writeIpol } from '../../src/surrogate/index.js';
import { expectLocated } from '../helpers/located.js';
import { syntheticTable } from './fixtures.js';

/** Written by hand in Professor 2.4's layout: 6 significant digits, limits on every line, bins of different orders. */
const HAND = `Summary: two bins by hand
DataDir: /somewhere/runs
ProfVersion: 2.4.0
Date: 2026-11-30 12:00:00
DataFormat: binned 3
ParamNames: StringZ:aLund StringZ:bLund
Dimension: 2
MinParamVals: 0.300000 0.500000
MaxParamVals: 1.000000 1.500000
DoParamScaling: 1
NumInputs: 40
Runs: 0000 0001
---
/ALEPH_1996_S3486095/d01-x01-y01#0 0.00000e+00 5.00000e-03
  val: 2 2 1.2 -0.35 0.8 0.012 -0.0045 2.1e-05  3.00000e-01 5.00000e-01 1.00000e+00 1.50000e+00
  err: 2 0 0.0123  3.00000e-01 5.00000e-01 1.00000e+00 1.50000e+00
/ALEPH_1996_S3486095/d01-x01-y01#2 1.00000e-02 1.50000e-02
  val: 2 1 0.5 1.5 -2  3.00000e-01 5.00000e-01 1.00000e+00 1.50000e+00
`;

/** The same polynomials evaluated here from their definition, independently of the code under test. */
function byHand(a: number, b: number): [number, number, number] {
  const x = (a - 0.3) / 0.7;
  const y = (b - 0.5) / 1.0;
  return [1.2 - 0.35 * x + 0.8 * y + 0.012 * x * x - 0.0045 * x * y + 2.1e-5 * y * y, 0.0123, 0.5 + 1.5 * x - 2 * y];
}

describe('Professor ipol files', () => {
  it('one written by hand in Professor\'s layout loads and predicts what its polynomials say', () => {
    const model = parseIpol(HAND, 'hand.ipol');
    expect(model.box.names).toEqual(['StringZ:aLund', 'StringZ:bLund']);
    expect(model.bins.map((b) => [b.path, b.index, b.xlow, b.xhigh])).toEqual([
      ['/ALEPH_1996_S3486095/d01-x01-y01', 0, 0, 0.005],
      ['/ALEPH_1996_S3486095/d01-x01-y01', 2, 0.01, 0.015],
    ]);
    for (const [a, b] of [[0.3, 0.5], [0.77, 1.21], [1.0, 1.5]]) {
      const p = model.predict(Float64Array.from([a, b]));
      const [v0, e0, v1] = byHand(a, b);
      expect(p.values[0]).toBeCloseTo(v0, 12);
      expect(p.errors[0]).toBeCloseTo(e0, 15);
      expect(p.values[1]).toBeCloseTo(v1, 12);
      // A bin without an err: line models no MC error.
      expect(p.errors[1]).toBe(0);
    }
  });

  it('export, import and predict reproduce a fitted model to 1e-12 relative', () => {
    const table = syntheticTable({ names: ['TimeShower:alphaSvalue', 'StringZ:aLund', 'StringZ:bLund'], low: [0.1, 0.3, 0.5], high: [0.16, 1, 1.5], runs: 50, response: (p) => [Math.exp(3 * p[0]) + p[1] * p[2], Math.log(1 + p[1]) - p[0], 1e-4 * p[2] ** 3], relError: 0.02, seed: 11 });
    const model = fitPolynomial(table, { order: 3 });
    const file = join(mkdtempSync(join(tmpdir(), 'mctune-ipol-')), 'poly.ipol');
    writeIpol(model, file);
    expect(readFileSync(file, 'utf8')).toMatch(/^DataFormat: binned 3$/m);
    const back = readIpol(file);
    const pts = Float64Array.from([0.1, 0.3, 0.5, 0.133, 0.61, 1.27, 0.16, 1, 1.5, 0.12, 0.9, 0.7]);
    const [a, b] = [model.predict(pts), back.predict(pts)];
    for (const key of ['values', 'errors'] as const) a[key].forEach((v, i) => expect(Math.abs(b[key][i] - v)).toBeLessThanOrEqual(1e-12 * Math.abs(v)));
    expect(back.runs).toEqual(model.runs);
  });

  it('binned 2 files scale with the header limits', () => {
    const text = HAND.replace('binned 3', 'binned 2').replace(/ {2}3\.00000e-01 5\.00000e-01 1\.00000e\+00 1\.50000e\+00/g, '');
    const p = parseIpol(text).predict(Float64Array.from([0.77, 1.21]));
    expect(p.values[0]).toBeCloseTo(byHand(0.77, 1.21)[0], 12);
  });

  it('binned 2 without DoParamScaling evaluates on the raw parameters, as Professor does', () => {
    const text = HAND.replace('binned 3', 'binned 2').replace('DoParamScaling: 1', 'DoParamScaling: 0').replace(/ {2}3\.00000e-01 5\.00000e-01 1\.00000e\+00 1\.50000e\+00/g, '');
    const p = parseIpol(text).predict(Float64Array.from([0.77, 1.21]));
    expect(p.values[1]).toBeCloseTo(0.5 + 1.5 * 0.77 - 2 * 1.21, 12);
  });

  it('refuses limits without extent and a dimension that disagrees with the names', () => {
    expect(() => parseIpol(HAND.replace('MaxParamVals: 1.000000 1.500000', 'MaxParamVals: 0.300000 1.500000'), 'flat.ipol')).toThrow(/flat\.ipol: StringZ:aLund: expected limits low < high, got 0\.3 and 0\.3/);
    expect(() => parseIpol(HAND.replace('Dimension: 2', 'Dimension: 3'), 'dim.ipol')).toThrow(/dim\.ipol: Dimension: 3, but ParamNames lists 2 parameters/);
  });

  it('refuses files of Professor 2.1 and earlier, and malformed lines, with the line', () => {
    expect(() => parseIpol(HAND.replace('binned 3', 'binned 1'), 'old.ipol')).toThrow(/old\.ipol: DataFormat: expected 'binned 2' or 'binned 3', got "binned 1"/);
    const bad = HAND.replace('val: 2 1 0.5 1.5 -2', 'val: 2 1 0.5 1.5');
    const e = (() => {
      try {
        parseIpol(bad, 'bad.ipol');
      } catch (err) {
        return err as FileError;
      }
      throw new Error('expected an error');
    })();
    expectLocated(e, 'bad.ipol', 18, /expected 3 coefficients for order 1 in 2 parameters/);
  });
});

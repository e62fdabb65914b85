import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitPolynomial, loadSurrogate, ModelFileError } from '../../src/surrogate/index.js';
import { syntheticTable } from './fixtures.js';

const table = syntheticTable({
  names: ['StringZ:aLund', 'StringZ:bLund'],
  low: [0.3, 0.5],
  high: [1.0, 1.5],
  runs: 30,
  response: (p) => [Math.exp(p[0]) * p[1], 1 / (1 + p[0] * p[1]), p[0] - p[1] ** 3],
  relError: 0.01,
  seed: 3,
});
const points = Float64Array.from([0.35, 0.6, 0.8, 1.4, 0.5, 1.0]);

describe('saved surrogates', () => {
  it('load back predicting exactly the same values, errors and Jacobians, with box, bins, runs and exclusions', async () => {
    const model = fitPolynomial(table, { order: 3, errorOrder: 1 });
    const dir = join(mkdtempSync(join(tmpdir(), 'mctune-surrogate-')), 'poly');
    await model.save(dir);
    const back = loadSurrogate(dir);
    expect(back.predict(points)).toEqual(model.predict(points));
    expect(back.jacobian(points.subarray(0, 2))).toEqual(model.jacobian(points.subarray(0, 2)));
    expect(back.box).toEqual(model.box);
    expect(back.bins).toEqual(model.bins);
    expect(back.runs).toEqual(model.runs);
    expect(back.exclusions).toEqual(model.exclusions);
    // Cross-validation's misses on every run (each held out once), with their noise and the discrepancy.
    expect(model.heldOut?.misses).toHaveLength(model.runs.length * model.bins.length);
    expect(back.heldOut).toEqual(model.heldOut);
  });

  it('keep the runs\' noise draws with the misses (rows of the runs that brought one) through a save and load', async () => {
    const B = table.numBins;
    // Every third run without a draw, as a campaign that mixes generators would have.
    const noise = Float64Array.from({ length: table.runNames.length * B }, (_, i) => (Math.floor(i / B) % 3 === 0 ? NaN : Math.sin(i)));
    const model = fitPolynomial({ ...table, noise }, { order: 2 });
    const draws = model.heldOut?.runNoise;
    expect(draws).toHaveLength(20 * model.bins.length);
    expect(draws?.[0]).toBe(Math.sin(B));
    expect(fitPolynomial(table, { order: 2 }).heldOut?.runNoise).toBeUndefined();
    const dir = join(mkdtempSync(join(tmpdir(), 'mctune-surrogate-')), 'poly');
    await model.save(dir);
    expect(loadSurrogate(dir).heldOut).toEqual(model.heldOut);
  });

  it('replace an older model whole, leaving no temp folders', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mctune-surrogate-'));
    const dir = join(root, 'poly');
    await fitPolynomial(table, { order: 1 }).save(dir);
    const second = fitPolynomial(table, { order: 2 });
    await second.save(dir);
    expect(loadSurrogate(dir).predict(points)).toEqual(second.predict(points));
    expect(readdirSync(root)).toEqual(['poly']);
  });

  it('refuse a model of another version, a corrupt weights file and a missing one, naming the file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mctune-surrogate-')), 'poly');
    await fitPolynomial(table, { order: 2 }).save(dir);
    const header = readFileSync(join(dir, 'model.json'), 'utf8');
    writeFileSync(join(dir, 'model.json'), header.replace('"version": 1', '"version": 99'));
    expect(() => loadSurrogate(dir)).toThrow(new ModelFileError(`${join(dir, 'model.json')}: surrogate format version 99; this mctune reads version 1 (fit the surrogate again)`));
    writeFileSync(join(dir, 'model.json'), header);
    const w = readFileSync(join(dir, 'weights.bin'));
    w[17] ^= 0xff;
    writeFileSync(join(dir, 'weights.bin'), w);
    expect(() => loadSurrogate(dir)).toThrow(`${join(dir, 'weights.bin')}: corrupt (its checksum does not match model.json)`);
    expect(() => loadSurrogate(join(dir, 'nothing'))).toThrow(/model\.json: missing/);
    writeFileSync(join(dir, 'weights.bin'), readFileSync(join(dir, 'weights.bin')));
    writeFileSync(join(dir, 'model.json'), header.replace(/"length": \d+/, '"length": -1'));
    writeFileSync(join(dir, 'weights.bin'), w.fill(0, 0, 0));
    expect(() => loadSurrogate(dir)).toThrow(ModelFileError);
    expect(existsSync(dir)).toBe(true);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { permutation, Random } from '../../src/generator/index.js';
import { fitNetwork, loadSurrogate, NetworkSurrogate, networkRefits, trainingSet } from '../../src/surrogate/index.js';
import { networkFromStored } from '../../src/surrogate/network.js';
import { readModelDir } from '../../src/surrogate/store.js';
import { VALIDATION_STREAM, validationFolds } from '../../src/surrogate/network-folds.js';
import { syntheticTable } from './fixtures.js';

const table = syntheticTable({
  names: ['StringZ:aLund', 'StringZ:bLund'],
  low: [0.3, 0.5],
  high: [1.0, 1.5],
  runs: 30,
  response: (p) => [10 + 4 * Math.sin(2 * p[0]) * p[1], 5 * Math.exp(-p[0]) + p[1] * p[1], 3 + p[0] * p[1]],
  relError: 0.02,
  seed: 11,
});
const FAST = { epochs: 60, learningRate: 0.02, patience: 30, backend: 'cpu' as const, threads: 1, seed: 3 };

describe('validation folds of a network', () => {
  it('hold out every run once, the first fold being the model\'s own validation runs', () => {
    for (const [runs, share] of [[100, 0.2], [61, 0.2], [30, 0.25], [7, 0.3]] as const) {
      const folds = validationFolds(runs, share, 5);
      const n = Math.round(runs * share);
      const held = folds.flatMap((f) => f.held).sort((a, b) => a - b);
      expect(held, `${runs} runs`).toEqual(Array.from({ length: runs }, (_, r) => r));
      // The first fold is the first n of the same seeded permutation as a split without folds.
      expect(folds[0].held).toEqual([...permutation(new Random(5, VALIDATION_STREAM), runs).subarray(0, n)].sort((a, b) => a - b));
      // The others are as large, but for the last, which takes a remainder of at least half a fold.
      for (const f of folds) {
        expect(f.held.length).toBeGreaterThanOrEqual(n / 2);
        expect(f.held.length).toBeLessThan(1.5 * n);
        expect([...f.held, ...f.kept].sort((a, b) => a - b)).toEqual(Array.from({ length: runs }, (_, r) => r));
      }
    }
    expect(validationFolds(100, 0, 5)).toEqual([]);
    expect(validationFolds(3, 0.5, 5)).toEqual([]);
    expect(validationFolds(4, 0.5, 5)).toHaveLength(2);
  });

  it('give a network whose folds hold out each run, with their own misses, through a save and load', async () => {
    const set = trainingSet(table);
    const plain = await fitNetwork(set, FAST);
    const model = await fitNetwork(set, { ...FAST, folds: true });
    expect(plain.folds).toBeUndefined();
    // The model itself is the same network with or without its folds.
    const at = Float64Array.from([0.5, 0.8]);
    expect(model.predict(at)).toEqual(plain.predict(at));
    const folds = model.folds;
    if (!folds) throw new Error('no folds trained');
    expect(folds.others).toHaveLength(4);
    const B = model.bins.length;
    for (const fold of folds.others) {
      // A fold's misses are its own network's on the runs it held out.
      const held = Array.from(fold.held);
      const points = Float64Array.from(held.flatMap((r) => Array.from(set.params.subarray(r * 2, r * 2 + 2))));
      const predicted = fold.model.predict(points).values;
      expect(Array.from(fold.model.heldOut?.misses ?? [])).toEqual(held.flatMap((r, i) => Array.from({ length: B }, (_, b) => predicted[i * B + b] - set.values[r * B + b])));
    }
    const dir = join(mkdtempSync(join(tmpdir(), 'mctune-nn-folds-')), 'nn');
    await model.save(dir);
    const back = loadSurrogate(dir);
    if (!(back instanceof NetworkSurrogate)) throw new Error('not a network');
    expect(back.folds?.own).toEqual(folds.own);
    back.folds?.others.forEach((f, k) => {
      expect(f.held).toEqual(folds.others[k].held);
      expect(f.model.predict(at)).toEqual(folds.others[k].model.predict(at));
      expect(f.model.heldOut).toEqual(folds.others[k].model.heldOut);
    });
  }, 60_000);

  it('serve as refits: each run\'s network never saw it, and the run\'s own miss is left out of that network\'s', async () => {
    const set = trainingSet(table);
    const model = await fitNetwork(set, { ...FAST, folds: true });
    const refits = networkRefits(set, model);
    if (!refits || !model.folds) throw new Error('no refits');
    const B = model.bins.length;
    const own = Array.from(model.folds.own);
    const r = own[1];
    const without = refits.without(r);
    if (!(without instanceof NetworkSurrogate)) throw new Error('not a network');
    // The model itself held r out; its misses lose r's row and keep the others in order.
    expect(without.members).toBe(model.members);
    const misses = model.heldOut?.misses ?? new Float64Array();
    expect(Array.from(without.heldOut?.misses ?? [])).toEqual([...misses.subarray(0, B), ...misses.subarray(2 * B)]);
    const other = model.folds.others[2];
    const s = other.held[0];
    const second = refits.without(s);
    expect(second instanceof NetworkSurrogate && second.members).toBe(other.model.members);
    expect(() => refits.without(set.runNames.length)).toThrow(/run 30 is held out by none of the network's 5 folds/);
    // Refits need the runs the model was fitted to.
    expect(networkRefits({ ...set, runNames: set.runNames.map((n) => `${n}-other`) }, model)).toBeUndefined();
  }, 60_000);

  it('are refused with the field named when a stored fold is damaged', async () => {
    const model = await fitNetwork(trainingSet(table), { ...FAST, folds: true });
    const dir = join(mkdtempSync(join(tmpdir(), 'mctune-nn-folds-')), 'nn');
    await model.save(dir);
    const { header, arrays } = readModelDir(dir);
    const file = join(dir, 'model.json');
    expect(networkFromStored(header, arrays, file).folds?.others).toHaveLength(4);
    expect(() => networkFromStored({ ...header, folds: -1 }, arrays, file)).toThrow(/folds: expected a whole number of folds/);
    expect(() => networkFromStored(header, { ...arrays, 'fold1.held': Float64Array.of(0, 99) }, file)).toThrow(/fold1\.held: expected rows of the 30 runs/);
    expect(() => networkFromStored(header, { ...arrays, 'fold2.l0.kernel': new Float64Array(3) }, file)).toThrow(/fold2\.l0\.kernel: expected/);
    const noNoise = Object.fromEntries(Object.entries(arrays).filter(([k]) => k !== 'fold0.heldOutNoise'));
    expect(() => networkFromStored(header, noNoise, file)).toThrow(/heldOutNoise/);
  }, 60_000);
});

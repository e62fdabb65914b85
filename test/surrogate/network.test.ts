import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitNetwork, loadSurrogate, NetworkSurrogate, splitHoldout, trainingSet, validateOnRuns } from '../../src/surrogate/index.js';
import { expectJacobianMatches, syntheticTable } from './fixtures.js';

/** Three smooth bins of two parameters, 2 % noise. */
const table = syntheticTable({
  names: ['StringZ:aLund', 'StringZ:bLund'],
  low: [0.3, 0.5],
  high: [1.0, 1.5],
  runs: 60,
  response: (p) => [10 + 4 * Math.sin(2 * p[0]) * p[1], 5 * Math.exp(-p[0]) + p[1] * p[1], 3 + p[0] * p[1]],
  relError: 0.02,
  seed: 5,
});
const FAST = { epochs: 400, learningRate: 0.02, patience: 100, backend: 'cpu' as const };
const at = Float64Array.from([0.4, 0.7, 0.9, 1.3, 0.65, 1.0]);

describe('per-bin network surrogate', () => {
  it('learns a smooth response: held-out pulls of order 1, and far better than a constant', async () => {
    const { train, test } = splitHoldout(trainingSet(table), 12, 3);
    const model = await fitNetwork(train, { ...FAST, seed: 1 });
    const v = validateOnRuns(model, test);
    // A constant (the mean of each bin) would be off by the response's spread: ~10σ here.
    expect(v.accuracy.rms, `held-out accuracy pull RMS ${v.accuracy.rms}`).toBeLessThan(2.5);
    expect(v.overall.rms).toBeLessThanOrEqual(v.accuracy.rms);
    expect(model.bins).toHaveLength(3);
  }, 60_000);

  it('is the same model bit for bit from the same seed, and another from another seed', async () => {
    const a = await fitNetwork(table, { ...FAST, seed: 7 });
    const b = await fitNetwork(table, { ...FAST, seed: 7 });
    const c = await fitNetwork(table, { ...FAST, seed: 8 });
    expect(b.predict(at)).toEqual(a.predict(at));
    expect(c.predict(at).values).not.toEqual(a.predict(at).values);
  }, 60_000);

  it('has a Jacobian that agrees with central differences of predict to 1e-6', async () => {
    const model = await fitNetwork(table, { ...FAST, epochs: 100, seed: 2 });
    expectJacobianMatches(model, Float64Array.from([0.55, 0.9]), [1e-5, 1e-5]);
  }, 60_000);

  it('as an ensemble, reports the members\' spread and survives a save and load', async () => {
    const one = await fitNetwork(table, { ...FAST, epochs: 150, seed: 4 });
    const ens = await fitNetwork(table, { ...FAST, epochs: 150, seed: 4, ensemble: 3 });
    // One net's own uncertainty is its discrepancy on the validation runs, the same at every point;
    // the members of an ensemble disagree somewhat everywhere, on top of theirs.
    const B = one.bins.length;
    one.predict(at).spread.forEach((s, i) => expect(s).toBe(one.discrepancy[i % B]));
    ens.predict(at).spread.forEach((s, i) => expect(s).toBeGreaterThan(ens.discrepancy[i % B]));
    // Without validation runs there is nothing to measure a discrepancy on.
    const unchecked = await fitNetwork(table, { ...FAST, epochs: 50, seed: 4, validation: 0 });
    expect(unchecked.predict(at).spread.every((s) => s === 0)).toBe(true);
    // The MC errors are the runs' median ones either way.
    expect(ens.predict(at).errors).toEqual(one.predict(at).errors);
    const dir = join(mkdtempSync(join(tmpdir(), 'mctune-nn-')), 'nn');
    await ens.save(dir);
    const back = loadSurrogate(dir);
    expect(back.kind).toBe('nn');
    expect(back.predict(at)).toEqual(ens.predict(at));
    expect(back.jacobian(at.subarray(0, 2))).toEqual(ens.jacobian(at.subarray(0, 2)));
    // The misses on the validation runs (a fifth of them), kept whole through the save.
    expect(ens.heldOut?.misses.length).toBe(Math.round(0.2 * ens.runs.length) * B);
    expect(back.heldOut).toEqual(ens.heldOut);
    expect(unchecked.heldOut).toBeUndefined();
  }, 60_000);

  it('keeps the runs\' noise draws beside its validation misses, through a save and load', async () => {
    const B = table.numBins;
    const noise = Float64Array.from({ length: table.runNames.length * B }, (_, i) => Math.cos(i));
    const model = await fitNetwork({ ...table, noise }, { ...FAST, epochs: 20, seed: 4 });
    // Every run and bin of the table is used, so the draws are the table's own.
    expect(model.bins.length).toBe(B);
    expect(model.heldOut?.runNoise).toEqual(noise);
    const dir = join(mkdtempSync(join(tmpdir(), 'mctune-nn-')), 'nn');
    await model.save(dir);
    expect(loadSurrogate(dir).heldOut).toEqual(model.heldOut);
  }, 60_000);

  it('as a bootstrap ensemble, trains members after the first on copies of the runs, and keeps that through a save', async () => {
    const seeds = await fitNetwork(table, { ...FAST, epochs: 150, seed: 6, ensemble: 3 });
    const boot = await fitNetwork(table, { ...FAST, epochs: 150, seed: 6, ensemble: 3, bootstrap: true });
    expect(seeds.bootstrapped).toBe(false);
    expect(boot.bootstrapped).toBe(true);
    // The first member learns the runs themselves either way; the others learn copies, so they differ.
    expect(boot.member(0).predict(at).values).toEqual(seeds.member(0).predict(at).values);
    expect(boot.member(1).predict(at).values).not.toEqual(seeds.member(1).predict(at).values);
    expect(boot.member(2).members).toHaveLength(1);
    expect(() => boot.member(3)).toThrow(/the ensemble has 3 members; there is no member 3/);
    const dir = join(mkdtempSync(join(tmpdir(), 'mctune-nn-boot-')), 'nn');
    await boot.save(dir);
    const back = loadSurrogate(dir);
    expect(back instanceof NetworkSurrogate && back.bootstrapped).toBe(true);
  }, 60_000);

  it('trains independent members on worker threads to the same weights as in this thread, with progress from each', async () => {
    const log: string[] = [];
    const seen = new Set<number>();
    const options = { ...FAST, epochs: 150, seed: 6, ensemble: 3, bootstrap: true };
    const here = await fitNetwork(table, { ...options, threads: 1, log: (l: string) => log.push(l) });
    expect(log.filter((l) => l.includes('worker threads'))).toEqual([]);
    const apart = await fitNetwork(table, { ...options, threads: 2, log: (l: string) => log.push(l), onProgress: (m: number) => seen.add(m) });
    // The first member trains alone (the others learn copies around its fit); the other two side by side.
    expect(log).toContain('training 2 networks on 2 worker threads');
    expect([...seen].sort()).toEqual([0, 1, 2]);
    for (const k of [0, 1, 2]) expect(apart.member(k).predict(at).values).toEqual(here.member(k).predict(at).values);
  }, 60_000);

  it('stops members training on worker threads when aborted', async () => {
    const stop = new AbortController();
    const run = fitNetwork(table, { ...FAST, epochs: 100_000, patience: 100_000, seed: 6, ensemble: 2, threads: 2, signal: stop.signal, onProgress: (_m: number, p: { epoch: number }) => { if (p.epoch === 20) stop.abort(); } });
    await expect(run).rejects.toThrow(/network training stopped before it finished/);
  }, 60_000);
});

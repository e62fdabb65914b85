import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/generator/index.js';
import { initBackend } from '../../src/nn/index.js';
import { reweightingAuc } from '../../src/reweight/check.js';
import { eventRows } from '../../src/reweight/observables.js';
import { ReweighterFileError, loadReweighter, saveReweighter } from '../../src/reweight/store.js';
import { trainParametrised, trainTwoSample } from '../../src/reweight/trainers.js';

const dir = mkdtempSync(join(tmpdir(), 'mctune-reweight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend();
});

/** n two-dimensional events: x ~ N(shift, 1), y ~ N(0, 1). */
function gaussRows(n: number, shift: number, rng: Random) {
  return eventRows(Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? shift : 0) + rng.gauss()), ['x', 'y']);
}

const quick = { epochs: 3, batchSize: 256, model: { kind: 'event-mlp', hidden: [8] } } as const;

function smallParametrised(seed: number) {
  const rng = new Random(21);
  const mu = Float64Array.from({ length: 2000 }, () => rng.uniform());
  const target = eventRows(Float32Array.from({ length: 4000 }, (_, i) => (i % 2 === 0 ? mu[i >> 1] : 0) + rng.gauss()), ['x', 'y']);
  return trainParametrised({ theta: { names: ['mu'], lo: [0], hi: [1], theta0: [0] }, baseline: { inputs: gaussRows(2000, 0, rng) }, target: { inputs: target, theta: mu } }, { ...quick, seed });
}

describe('training', () => {
  it('gives the same model for the same seed and another for another seed', async () => {
    const [a, b, c] = [await smallParametrised(3), await smallParametrised(3), await smallParametrised(4)];
    const probe = gaussRows(50, 0.5, new Random(1));
    const [wa, wb, wc] = [a, b, c].map((t) => t.reweighter.weights(probe, [0.5]).weights);
    expect(wb).toEqual(wa);
    expect(wc).not.toEqual(wa);
    expect(a.summary.epochs).toBeGreaterThan(0);
    for (const t of [a, b, c]) t.reweighter.dispose();
  });

  it('refuses target θ outside the range and an inconsistent θ space', async () => {
    const rng = new Random(1);
    const base = { inputs: gaussRows(10, 0, rng) };
    const target = { inputs: gaussRows(10, 0, rng), theta: new Float64Array(10).fill(2) };
    await expect(trainParametrised({ theta: { names: ['mu'], lo: [0], hi: [1], theta0: [0] }, baseline: base, target })).rejects.toThrow(/mu = 2 is outside the range \[0, 1\]/);
    await expect(trainParametrised({ theta: { names: ['mu'], lo: [1], hi: [0], theta0: [0] }, baseline: base, target })).rejects.toThrow(/range \[1, 0\] is empty/);
  });

  it('reweights sample A to B in two-sample mode with signed weights, and the fresh classifier sees it', async () => {
    const rng = new Random(31);
    const n = 6000;
    // B is N(0.8, 1), written as N(0.8, 1) plus a cancelling pair of identical events of weight ±1.
    const a = gaussRows(n, 0, rng);
    const bRows = gaussRows(n, 0.8, rng);
    const extra = gaussRows(500, 0, rng);
    const b = eventRows(Float32Array.from([...bRows.x, ...extra.x, ...extra.x]), ['x', 'y']);
    const weights = Float64Array.from({ length: n + 1000 }, (_, i) => (i < n ? 1 : i < n + 500 ? 1 : -1));
    const { reweighter } = await trainTwoSample({ a: { inputs: a }, b: { inputs: b, weights } }, { epochs: 20, seed: 2, model: { kind: 'event-mlp', hidden: [16, 16] } });
    const w = reweighter.weights(a).weights;
    const target = gaussRows(n, 0.8, new Random(32));
    const auc = await reweightingAuc({ inputs: a }, w, { inputs: target }, { epochs: 10, seed: 3 });
    reweighter.dispose();
    // Held-out halves of 3000 + 3000 events: the AUC of an uninformative score has σ ≈ 0.0075.
    expect(auc.before.auc).toBeGreaterThan(0.66);
    expect(Math.abs(auc.after.auc - 0.5)).toBeLessThan(0.03);
  }, 60_000);
});

describe('save and load', () => {
  it('round-trips to bit-identical logits, and refuses damaged folders naming the file', async () => {
    const { reweighter, summary } = await smallParametrised(5);
    const folder = join(dir, 'model');
    saveReweighter(folder, reweighter, summary);
    saveReweighter(folder, reweighter, summary); // replacing an existing one
    const loaded = loadReweighter(folder);
    const probe = gaussRows(100, 0.3, new Random(2));
    expect(loaded.reweighter.logits(probe, [0.4])).toEqual(reweighter.logits(probe, [0.4]));
    expect(loaded.training).toEqual(summary);
    expect(loaded.reweighter.info.theta).toEqual(reweighter.info.theta);
    loaded.reweighter.dispose();
    reweighter.dispose();

    const header = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as Record<string, unknown>;
    const broken = (name: string, edit: (h: Record<string, unknown>) => void, weights?: Buffer) => {
      const d = join(dir, name);
      const h = structuredClone(header);
      edit(h);
      saveLike(d, h, weights ?? readFileSync(join(folder, 'weights.bin')));
      return d;
    };
    expect(() => loadReweighter(join(dir, 'nothing'))).toThrow(/nothing\/model.json: missing/);
    expect(() => loadReweighter(broken('v1', (h) => (h.version = 1)))).toThrow(/v1\/model.json: reweighter format version 1; this mctune reads version 2/);
    expect(() => loadReweighter(broken('other', (h) => (h.format = 'x')))).toThrow(/not an mctune reweighter/);
    expect(() => loadReweighter(broken('act', (h) => (h.activation = 'swish')))).toThrow(/activation is "swish"/);
    expect(() => loadReweighter(broken('bytes', () => undefined, Buffer.alloc(8)))).toThrow(/bytes\/weights.bin: corrupt/);
    expect(() => loadReweighter(broken('shape', (h) => (h.spec = { kind: 'event-mlp', hidden: [9] })))).toThrow(ReweighterFileError);
    writeFileSync(join(dir, 'other', 'model.json'), '{');
    expect(() => loadReweighter(join(dir, 'other'))).toThrow(/other\/model.json: not valid JSON/);
  });
});

/** A folder with the given header and weight bytes (the checksum kept as the header says). */
function saveLike(d: string, header: Record<string, unknown>, weights: Buffer): void {
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'model.json'), JSON.stringify(header));
  writeFileSync(join(d, 'weights.bin'), weights);
}

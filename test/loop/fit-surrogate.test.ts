/** The loop's surrogate step tells a network's training epoch by epoch, with the most epochs the campaign allows. */
import { describe, expect, it } from 'vitest';
import { parseCampaign } from '../../src/campaign/index.js';
import { fitCampaignSurrogate, heldOutRefitsFor } from '../../src/loop/index.js';
import { subsetRuns, trainingSet } from '../../src/surrogate/index.js';
import { syntheticTable } from '../surrogate/fixtures.js';

const table = syntheticTable({
  names: ['StringZ:aLund', 'StringZ:bLund'],
  low: [0.3, 0.5],
  high: [1.0, 1.5],
  runs: 30,
  response: (p) => [10 + 4 * p[0] * p[1], 5 - p[0] + p[1] * p[1]],
  relError: 0.02,
  seed: 2,
});

const config = (surrogate: string, tune = '{ method: minuit-like }') =>
  parseCampaign(
    `name: f
parameters:
  StringZ:aLund: { range: [0.3, 1.0] }
  StringZ:bLund: { range: [0.5, 1.5] }
analyses: [ALEPH_1996_S3486095]
reference: []
runs: 30
surrogate: ${surrogate}
tune: ${tune}
`,
    'f.yaml',
  );

describe('fitCampaignSurrogate', () => {
  it("reports a network's epochs in order, each with its loss, up to the campaign's epochs", async () => {
    const seen: { member: number; epoch: number; epochs: number; loss: number }[] = [];
    const lines: string[] = [];
    await fitCampaignSurrogate('nn', trainingSet(table), config('{ kind: nn, epochs: 40 }'), {
      log: (l) => lines.push(l),
      progress: (member, p, epochs) => seen.push({ member, epoch: p.epoch, epochs, loss: p.loss }),
    });
    const own = seen.filter((s) => s.member === 0);
    expect(own.length).toBeGreaterThan(0);
    expect(own.map((s) => s.epoch)).toEqual(own.map((_, i) => i + 1));
    // The networks of the other four folds (a fifth of the runs each) report as members 1–4.
    expect([...new Set(seen.map((s) => s.member))].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(seen.every((s) => s.epochs === 40 && Number.isFinite(s.loss))).toBe(true);
    expect(lines.at(-1)).toMatch(/per-bin network surrogate \(1 member, 4 more on other folds for the held-out closure\) for 2 bins from 30 runs/);
  }, 60_000);

  it('a polynomial reports lines only', async () => {
    const lines: string[] = [];
    let epochs = 0;
    await fitCampaignSurrogate('polynomial', trainingSet(table), config('{ kind: polynomial, order: 2 }'), { log: (l) => lines.push(l), progress: () => epochs++ });
    expect(epochs).toBe(0);
    expect(lines[0]).toMatch(/polynomial surrogate of order 2/);
  });

  it('gives a polynomial fitted to the runs its refits for the held-out closure, unless the campaign turns it off', async () => {
    const set = trainingSet(table);
    const poly = await fitCampaignSurrogate('polynomial', set, config('{ kind: polynomial, order: 2 }'), () => {});
    const refits = heldOutRefitsFor(poly, set, config('{ kind: polynomial, order: 2 }'));
    expect(refits?.runs).toBe(set);
    expect(refits?.without(0).runs).toEqual(set.runNames.slice(1));
    expect(heldOutRefitsFor(poly, set, config('{ kind: polynomial, order: 2 }', '{ held-out-closure: false }'))).toBeUndefined();
    // Fitted to other runs than these: no refit could say what it would have done without one of them.
    expect(heldOutRefitsFor(poly, subsetRuns(set, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), config('{ kind: polynomial, order: 2 }'))).toBeUndefined();
  });

  it('gives a single network the networks of its folds as refits, but not an ensemble, nor a campaign that turns the closure off', async () => {
    const set = trainingSet(table);
    const nn = config('{ kind: nn, epochs: 5 }');
    const net = await fitCampaignSurrogate('nn', set, nn, () => {});
    const refits = heldOutRefitsFor(net, set, nn);
    expect(refits?.runs).toBe(set);
    expect(refits?.without(0).runs).toEqual(set.runNames);
    const off = config('{ kind: nn, epochs: 5 }', '{ held-out-closure: false }');
    const plain = await fitCampaignSurrogate('nn', set, off, () => {});
    expect(heldOutRefitsFor(plain, set, off)).toBeUndefined();
    expect(heldOutRefitsFor(net, set, off)).toBeUndefined();
    const ensemble = config('{ kind: nn, epochs: 5, ensemble: 2 }');
    expect(heldOutRefitsFor(await fitCampaignSurrogate('nn', set, ensemble, () => {}), set, ensemble)).toBeUndefined();
  }, 60_000);
});

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
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((s) => s.epoch)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.every((s) => s.member === 0 && s.epochs === 40 && Number.isFinite(s.loss))).toBe(true);
    expect(lines.at(-1)).toMatch(/per-bin network surrogate \(1 member\) for 2 bins from 30 runs/);
  }, 60_000);

  it('a polynomial reports lines only', async () => {
    const lines: string[] = [];
    let epochs = 0;
    await fitCampaignSurrogate('polynomial', trainingSet(table), config('{ kind: polynomial, order: 2 }'), { log: (l) => lines.push(l), progress: () => epochs++ });
    expect(epochs).toBe(0);
    expect(lines[0]).toMatch(/polynomial surrogate of order 2/);
  });

  it('gives a polynomial fitted to the runs its refits for the held-out closure, unless the campaign turns it off; a network none', async () => {
    const set = trainingSet(table);
    const poly = await fitCampaignSurrogate('polynomial', set, config('{ kind: polynomial, order: 2 }'), () => {});
    const refits = heldOutRefitsFor(poly, set, config('{ kind: polynomial, order: 2 }'));
    expect(refits?.runs).toBe(set);
    expect(refits?.without(0).runs).toEqual(set.runNames.slice(1));
    expect(heldOutRefitsFor(poly, set, config('{ kind: polynomial, order: 2 }', '{ held-out-closure: false }'))).toBeUndefined();
    // Fitted to other runs than these: no refit could say what it would have done without one of them.
    expect(heldOutRefitsFor(poly, subsetRuns(set, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), config('{ kind: polynomial, order: 2 }'))).toBeUndefined();
    const net = await fitCampaignSurrogate('nn', set, config('{ kind: nn, epochs: 5 }'), () => {});
    expect(heldOutRefitsFor(net, set, config('{ kind: nn, epochs: 5 }'))).toBeUndefined();
  });
});

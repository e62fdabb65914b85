import { describe, expect, it } from 'vitest';
import { parseCampaign } from '../../src/campaign/index.js';
import { fitRegion, initialBox, insideBox, nextBox } from '../../src/loop/index.js';

const config = parseCampaign(
  `name: b
parameters:
  TimeShower:alphaSvalue: { range: [0.10, 0.16] }
  StringZ:aLund: { range: [0.3, 1.0] }
  StringPT:sigma: { fixed: 0.335 }
analyses: [ALEPH_1996_S3486095]
reference: []
runs: 10
events: 100
`,
  'b.yaml',
);

describe('iteration boxes', () => {
  it('start as the free parameters\' ranges and shrink around the tune, clipped to the ranges', () => {
    const box = initialBox(config);
    expect(box).toEqual({ names: ['TimeShower:alphaSvalue', 'StringZ:aLund'], low: [0.1, 0.3], high: [0.16, 1] });
    const best = new Map([['TimeShower:alphaSvalue', 0.155], ['StringZ:aLund', 0.6]]);
    const next = nextBox(config, box, best, new Map(), { shrink: 0.5 });
    expect(next.low[0]).toBeCloseTo(0.14, 12);
    expect(next.high[0]).toBe(0.16);
    expect(next.low[1]).toBeCloseTo(0.425, 12);
    expect(next.high[1]).toBeCloseTo(0.775, 12);
    expect(insideBox(next, { 'TimeShower:alphaSvalue': 0.15, 'StringZ:aLund': 0.5 })).toBe(true);
    expect(insideBox(next, { 'TimeShower:alphaSvalue': 0.13, 'StringZ:aLund': 0.5 })).toBe(false);
  });

  it('by the σ rule, are the tune ± k σ, except for a parameter the tune held or could not constrain', () => {
    const box = initialBox(config);
    const best = new Map([['TimeShower:alphaSvalue', 0.13], ['StringZ:aLund', 0.6]]);
    const next = nextBox(config, box, best, new Map([['TimeShower:alphaSvalue', 0.002], ['StringZ:aLund', 0]]), { sigmas: 3 });
    expect(next.low[0]).toBeCloseTo(0.124, 12);
    expect(next.high[0]).toBeCloseTo(0.136, 12);
    expect([next.low[1], next.high[1]]).toEqual([0.3, 1]);
    const unconstrained = nextBox(config, box, best, new Map([['TimeShower:alphaSvalue', 0.002], ['StringZ:aLund', Infinity]]), { sigmas: 3 });
    expect([unconstrained.low[1], unconstrained.high[1]]).toEqual([0.3, 1]);
  });

  it('never shrinks past the last tune\'s eigentunes, so what the tune cannot exclude stays in reach', () => {
    const box = initialBox(config);
    const best = new Map([['TimeShower:alphaSvalue', 0.13], ['StringZ:aLund', 0.6]]);
    const eigentunes = [new Map([['TimeShower:alphaSvalue', 0.131], ['StringZ:aLund', 0.95]]), new Map([['TimeShower:alphaSvalue', 0.129], ['StringZ:aLund', 0.2]])];
    const next = nextBox(config, box, best, new Map(), { shrink: 0.5 }, eigentunes);
    // αs: the shrunk box [0.115, 0.145] already holds both eigentunes; aLund: widened to 0.95, and down to the range's 0.3.
    expect(next.low[0]).toBeCloseTo(0.115, 12);
    expect(next.high[0]).toBeCloseTo(0.145, 12);
    expect(next.low[1]).toBe(0.3);
    expect(next.high[1]).toBe(0.95);
  });

  it('never shrinks inside the last tune ± keepSigmas σ (default 3)', () => {
    const box = initialBox(config);
    const best = new Map([['TimeShower:alphaSvalue', 0.13], ['StringZ:aLund', 0.6]]);
    const sigma = new Map([['TimeShower:alphaSvalue', 0.001], ['StringZ:aLund', 0.1]]);
    const next = nextBox(config, box, best, sigma, { shrink: 0.5 });
    // αs: ± 3σ = [0.127, 0.133] lies inside the shrunk [0.115, 0.145]; aLund: ± 3σ = [0.3, 0.9] is wider than [0.425, 0.775].
    expect([next.low[0], next.high[0]].map((v) => Number(v.toFixed(12)))).toEqual([0.115, 0.145]);
    expect(next.low[1]).toBeCloseTo(0.3, 12);
    expect(next.high[1]).toBeCloseTo(0.9, 12);
    const one = nextBox(config, box, best, sigma, { shrink: 0.5, keepSigmas: 1 });
    expect(one.low[1]).toBeCloseTo(0.425, 12);
    expect(one.high[1]).toBeCloseTo(0.775, 12);
  });

  it('refuses a box too small to sample, naming the parameter', () => {
    const box = initialBox(config);
    const best = new Map([['TimeShower:alphaSvalue', 0.13], ['StringZ:aLund', 0.6]]);
    expect(() => nextBox(config, box, best, new Map([['TimeShower:alphaSvalue', 1e-12], ['StringZ:aLund', 0.01]]), { sigmas: 1 })).toThrow(/the next box of TimeShower:alphaSvalue is \[.*\].*too small to sample/);
  });

  it('give the surrogate the runs of the iteration\'s box, the box before it, or all', () => {
    const all = initialBox(config);
    const previous = { names: all.names, low: [0.11, 0.4], high: [0.15, 0.9] };
    const box = { names: all.names, low: [0.12, 0.5], high: [0.14, 0.8] };
    expect(fitRegion(config, 'box', box, previous)).toBe(box);
    expect(fitRegion(config, 'previous-box', box, previous)).toBe(previous);
    expect(fitRegion(config, 'all', box, previous)).toEqual(all);
    // A box that reaches past the one before (best ± k·σ) keeps its own runs in the fit.
    const beyond = { names: all.names, low: [0.1, 0.5], high: [0.14, 0.95] };
    expect(fitRegion(config, 'previous-box', beyond, previous)).toEqual({ names: all.names, low: [0.1, 0.4], high: [0.15, 0.95] });
  });
});

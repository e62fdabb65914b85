/**
 * The generator's response to each tuned parameter over its range, 200k
 * events per point (the acceptance figure): some observable must move by
 * more than 5 standard deviations, with the physical sign where one is known.
 */
import { describe, expect, it } from 'vitest';
import { measure, pulls } from '../test/helpers/response.js';

const EVENTS = 200_000;

const RANGES: [string, number, number][] = [
  ['TimeShower:alphaSvalue', 0.1, 0.16],
  ['StringZ:aLund', 0.3, 1.0],
  ['StringZ:bLund', 0.5, 1.5],
  ['StringPT:sigma', 0.25, 0.45],
  ['StringFlav:probStoUD', 0.15, 0.3],
];

describe('response over each parameter range (200k events per point)', () => {
  const results = new Map<string, ReturnType<typeof pulls>>();
  for (const [name, lo, hi] of RANGES) {
    it(`${name} from ${lo} to ${hi} moves some observable by > 5σ`, () => {
      const p = pulls(measure({ [name]: lo }, EVENTS, 101), measure({ [name]: hi }, EVENTS, 202));
      results.set(name, p);
      console.log(name, JSON.stringify(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Number(v.toFixed(1))]))));
      expect(Math.max(...Object.values(p).map(Math.abs))).toBeGreaterThan(5);
    });
  }

  it('the signs are physical', () => {
    const as = results.get('TimeShower:alphaSvalue')!;
    expect(as.oneMinusThrust).toBeGreaterThan(5);
    expect(as.nCharged).toBeGreaterThan(5);
    expect(results.get('StringZ:aLund')!.nCharged).toBeGreaterThan(5);
    expect(results.get('StringFlav:probStoUD')!.kaons).toBeGreaterThan(5);
    // Harder fragmentation (larger b) gives fewer, harder hadrons.
    expect(results.get('StringZ:bLund')!.meanXp).toBeGreaterThan(5);
    expect(results.get('StringPT:sigma')!.meanPtThrust).toBeGreaterThan(5);
  });
});

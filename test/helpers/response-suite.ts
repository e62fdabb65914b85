/**
 * The response test, shared by the quick suite (fewer events) and the slow
 * one (the 200k events per point of the acceptance): over each parameter's
 * range some observable moves by more than 5 standard deviations, with the
 * physical sign where one is known.
 */
import { describe, expect, it } from 'vitest';
import { RESPONSE_RANGES, measure, pulls } from './response.js';

export function responseSuite(events: number): void {
  describe(`response over each parameter range (${events} events per point)`, () => {
    const results = new Map<string, ReturnType<typeof pulls>>();
    for (const [name, lo, hi] of RESPONSE_RANGES) {
      it(`${name} from ${lo} to ${hi} moves some observable by > 5σ`, () => {
        const p = pulls(measure({ [name]: lo }, events, 101), measure({ [name]: hi }, events, 202));
        results.set(name, p);
        expect(Math.max(...Object.values(p).map(Math.abs)), JSON.stringify(p)).toBeGreaterThan(5);
      });
    }

    it('the signs are physical', () => {
      const as = results.get('TimeShower:alphaSvalue')!;
      expect(as.oneMinusThrust).toBeGreaterThan(5);
      expect(as.nCharged).toBeGreaterThan(5);
      expect(results.get('StringZ:aLund')!.nCharged).toBeGreaterThan(5);
      expect(results.get('StringFlav:probStoUD')!.kaons).toBeGreaterThan(5);
      // Larger b: harder fragmentation, fewer and faster hadrons.
      expect(results.get('StringZ:bLund')!.meanXp).toBeGreaterThan(5);
      expect(results.get('StringZ:bLund')!.nCharged).toBeLessThan(-3);
      // Larger σ: more transverse momentum about the thrust axis.
      expect(results.get('StringPT:sigma')!.meanPtThrust).toBeGreaterThan(5);
    });
  });
}

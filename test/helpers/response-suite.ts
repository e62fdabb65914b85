/**
 * The response test, shared by the quick suite (fewer events) and the slow
 * one (the 200k events per point of the acceptance): over each parameter's
 * range some observable moves by more than 5 standard deviations, with the
 * physical sign where one is known.
 */
import { describe, expect, it } from 'vitest';
import { RESPONSE_RANGES, measure, pulls } from './response.js';

type Pulls = ReturnType<typeof pulls>;

export function responseSuite(events: number): void {
  // Each parameter's pulls are computed by the first test that needs them and
  // kept: every test works alone (`vitest -t signs`) and in any order.
  const cache = new Map<string, Pulls>();
  const responseOf = (name: string): Pulls => {
    let p = cache.get(name);
    if (!p) {
      const range = RESPONSE_RANGES.find(([n]) => n === name);
      if (!range) throw new Error(`test bug: no response range for ${name}`);
      const [, lo, hi] = range;
      p = pulls(measure({ [name]: lo }, events, 101), measure({ [name]: hi }, events, 202));
      cache.set(name, p);
    }
    return p;
  };

  describe(`response over each parameter range (${events} events per point)`, () => {
    for (const [name, lo, hi] of RESPONSE_RANGES) {
      it(`${name} from ${lo} to ${hi} moves some observable by > 5σ`, () => {
        const p = responseOf(name);
        expect(Math.max(...Object.values(p).map(Math.abs)), JSON.stringify(p)).toBeGreaterThan(5);
      });
    }

    describe('the signs are physical', () => {
      it('larger αs: more radiation, so less thrust and more charged particles', () => {
        const as = responseOf('TimeShower:alphaSvalue');
        expect(as.oneMinusThrust).toBeGreaterThan(5);
        expect(as.nCharged).toBeGreaterThan(5);
      });

      it('larger a: softer fragmentation, more charged particles', () => {
        expect(responseOf('StringZ:aLund').nCharged).toBeGreaterThan(5);
      });

      it('larger s/u ratio: more kaons', () => {
        expect(responseOf('StringFlav:probStoUD').kaons).toBeGreaterThan(5);
      });

      it('larger b: harder fragmentation, fewer and faster hadrons', () => {
        const b = responseOf('StringZ:bLund');
        expect(b.meanXp).toBeGreaterThan(5);
        expect(b.nCharged).toBeLessThan(-3);
      });

      it('larger σ: more transverse momentum about the thrust axis', () => {
        expect(responseOf('StringPT:sigma').meanPtThrust).toBeGreaterThan(5);
      });
    });
  });
}

/**
 * Mean observables of the built-in generator at one parameter point, with
 * their standard errors, for response tests.
 */
import { EventRecord, Status } from '../../src/event/index.js';
import { Generator } from '../../src/generator/index.js';
import { EventShapes } from '../../src/observables/index.js';

export const RESPONSE_OBSERVABLES = ['nCharged', 'oneMinusThrust', 'kaons', 'meanXp', 'meanPtThrust', 'sphericity'] as const;
export type ResponseObservable = (typeof RESPONSE_OBSERVABLES)[number];
export type Means = Record<ResponseObservable, { mean: number; err: number }>;

export function measure(settings: Record<string, number>, events: number, seed: number): Means {
  const g = new Generator({ settings, seed });
  const r = new EventRecord();
  const shapes = new EventShapes();
  const px = new Float64Array(512);
  const py = new Float64Array(512);
  const pz = new Float64Array(512);
  const e = new Float64Array(512);
  const sums = RESPONSE_OBSERVABLES.map(() => [0, 0]);
  const add = (k: number, v: number) => {
    sums[k][0] += v;
    sums[k][1] += v * v;
  };
  for (let ev = 0; ev < events; ev++) {
    g.next(r);
    let n = 0;
    let kaons = 0;
    for (let i = 0; i < r.n; i++) {
      if (r.status[i] !== Status.final) continue;
      if (Math.abs(r.pid[i]) === 321) kaons++;
      if (r.charge3[i] === 0) continue;
      px[n] = r.px[i];
      py[n] = r.py[i];
      pz[n] = r.pz[i];
      e[n] = r.e[i];
      n++;
    }
    shapes.compute(px, py, pz, e, n);
    const a = shapes.thrustAxis;
    let xp = 0;
    let pt = 0;
    for (let i = 0; i < n; i++) {
      const p2 = px[i] ** 2 + py[i] ** 2 + pz[i] ** 2;
      const pl = px[i] * a[0] + py[i] * a[1] + pz[i] * a[2];
      xp += Math.sqrt(p2) / 45.6;
      pt += Math.sqrt(Math.max(0, p2 - pl * pl));
    }
    add(0, n);
    add(1, 1 - shapes.thrust);
    add(2, kaons);
    add(3, n ? xp / n : 0);
    add(4, n ? pt / n : 0);
    add(5, shapes.sphericity);
  }
  const out = {} as Means;
  RESPONSE_OBSERVABLES.forEach((k, i) => {
    const mean = sums[i][0] / events;
    const variance = sums[i][1] / events - mean * mean;
    out[k] = { mean, err: Math.sqrt(Math.max(variance, 0) / events) };
  });
  return out;
}

/** (high − low) in units of its statistical standard deviation, per observable. */
export function pulls(low: Means, high: Means): Record<ResponseObservable, number> {
  const out = {} as Record<ResponseObservable, number>;
  for (const k of RESPONSE_OBSERVABLES) out[k] = (high[k].mean - low[k].mean) / Math.hypot(high[k].err, low[k].err);
  return out;
}

/** Ranges over which the acceptance asks for a > 5σ response. */
export const RESPONSE_RANGES: readonly [string, number, number][] = [
  ['TimeShower:alphaSvalue', 0.1, 0.16],
  ['StringZ:aLund', 0.3, 1.0],
  ['StringZ:bLund', 0.5, 1.5],
  ['StringPT:sigma', 0.25, 0.45],
  ['StringFlav:probStoUD', 0.15, 0.3],
];

/**
 * Event-level inputs of the fast classifier: one row of D observables per
 * event. The caller may bring any [N, D] table (eventRows); eventObservables
 * computes a default set from an event chunk with src/observables, the event
 * shapes from the charged final state as ALEPH's (and our analysis's)
 * definitions use, the multiplicities from the whole final state.
 */
import type { EventChunk } from '../events-store/index.js';
import { EventShapes } from '../observables/index.js';
import { pidClass } from './features.js';

/** Observables of one event, N rows × D columns. */
export interface EventRows {
  readonly kind: 'event';
  /** Number of events. */
  readonly n: number;
  /** Column names (D = names.length). */
  readonly names: readonly string[];
  /** [N, D], row-major. */
  readonly x: Float32Array;
}

/** An [N, D] table (row-major) as event rows, checked. */
export function eventRows(x: Float32Array, names: readonly string[]): EventRows {
  const D = names.length;
  if (D === 0 || x.length % D !== 0) throw new Error(`eventRows: ${x.length} values do not make rows of ${D} columns (${names.join(', ')})`);
  return { kind: 'event', n: x.length / D, names: [...names], x };
}

/** What one event's observables are computed from. */
interface EventSummary {
  readonly shapes: EventShapes;
  charged: number;
  total: number;
  /** Final-state particles per PID class (see pidClass). */
  readonly byClass: Int32Array;
}

/** −ln y23 is undefined for y23 = 0 (fewer than 3 charged particles): such events get this value, beyond any real one. */
const NO_Y23 = 20;

/** Every observable eventObservables knows, by name. */
const CATALOGUE: Readonly<Record<string, (e: EventSummary) => number>> = {
  oneMinusThrust: (e) => 1 - e.shapes.thrust,
  thrustMajor: (e) => e.shapes.thrustMajor,
  thrustMinor: (e) => e.shapes.thrustMinor,
  sphericity: (e) => e.shapes.sphericity,
  aplanarity: (e) => e.shapes.aplanarity,
  cParameter: (e) => e.shapes.cParameter,
  heavyJetMass: (e) => e.shapes.heavyJetMass,
  totalBroadening: (e) => e.shapes.totalBroadening,
  wideBroadening: (e) => e.shapes.wideBroadening,
  minusLnY23: (e) => (e.shapes.y23 > 0 ? Math.min(NO_Y23, -Math.log(e.shapes.y23)) : NO_Y23),
  chargedMultiplicity: (e) => e.charged,
  multiplicity: (e) => e.total,
  photons: (e) => e.byClass[0],
  chargedPions: (e) => e.byClass[1],
  kaons: (e) => e.byClass[2],
  protons: (e) => e.byClass[3],
};

/** The observables eventObservables computes when not told which. */
export const DEFAULT_EVENT_OBSERVABLES: readonly string[] = Object.keys(CATALOGUE);

/** Charged-particle momenta of one event, gathered into reusable scratch arrays. */
class ChargedScratch {
  px = new Float64Array(64);
  py = new Float64Array(64);
  pz = new Float64Array(64);
  e = new Float64Array(64);

  gather(c: EventChunk, from: number, to: number): number {
    if (this.px.length < to - from) [this.px, this.py, this.pz, this.e] = [0, 1, 2, 3].map(() => new Float64Array(2 * (to - from)));
    let n = 0;
    for (let p = from; p < to; p++) {
      if (c.charge3[p] === 0) continue;
      [this.px[n], this.py[n], this.pz[n], this.e[n]] = [c.px[p], c.py[p], c.pz[p], c.E[p]];
      n++;
    }
    return n;
  }
}

/**
 * Observables of every event of `chunk`, by name from DEFAULT_EVENT_OBSERVABLES
 * (default: all of them): event shapes of the charged final state (dimensionless),
 * multiplicities of the final state (counts).
 */
export function eventObservables(chunk: EventChunk, names: readonly string[] = DEFAULT_EVENT_OBSERVABLES): EventRows {
  const columns = names.map((name) => {
    const f = CATALOGUE[name] as ((e: EventSummary) => number) | undefined;
    if (f === undefined) throw new Error(`unknown event observable '${name}'; known: ${DEFAULT_EVENT_OBSERVABLES.join(', ')}`);
    return f;
  });
  const D = names.length;
  const x = new Float32Array(chunk.n * D);
  const scratch = new ChargedScratch();
  const summary: EventSummary = { shapes: new EventShapes(), charged: 0, total: 0, byClass: new Int32Array(6) };
  for (let i = 0; i < chunk.n; i++) {
    const [from, to] = [chunk.offsets[i], chunk.offsets[i + 1]];
    summary.charged = scratch.gather(chunk, from, to);
    summary.total = to - from;
    summary.byClass.fill(0);
    for (let p = from; p < to; p++) summary.byClass[pidClass(chunk.pdgid[p])]++;
    summary.shapes.compute(scratch.px, scratch.py, scratch.pz, scratch.e, summary.charged);
    for (let d = 0; d < D; d++) x[i * D + d] = columns[d](summary);
  }
  return eventRows(x, names);
}

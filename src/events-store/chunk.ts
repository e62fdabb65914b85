/**
 * A chunk of events as columns: what the event store writes and reads. A
 * sample of millions of events is handled chunk by chunk through typed arrays,
 * never as one JavaScript object per event or particle.
 *
 * Names follow the file's columns: `E` and `pdgid` are the event record's `e`
 * and `pid`; `charge3` is three times the electric charge, as in the record.
 */

export interface EventChunk {
  /** Number of events. */
  readonly n: number;
  /**
   * Event i owns particle rows offsets[i] … offsets[i+1]−1; length n + 1,
   * offsets[0] = 0 and offsets[n] = the length of every particle column.
   */
  readonly offsets: Int32Array;
  /** Momenta and energies, GeV. */
  readonly px: Float64Array;
  readonly py: Float64Array;
  readonly pz: Float64Array;
  readonly E: Float64Array;
  /** PDG Monte Carlo particle number. */
  readonly pdgid: Int32Array;
  /** Electric charge in units of e/3 (so −3 for an electron, +2 for a u quark). */
  readonly charge3: Int8Array;
  /** Per event: the nominal event weight. */
  readonly weight: Float64Array;
}

/** The particle columns, in the order the file stores them. */
export const PARTICLE_COLUMNS = ['px', 'py', 'pz', 'E', 'pdgid', 'charge3'] as const;
export type ParticleColumn = (typeof PARTICLE_COLUMNS)[number];

/** Total number of particles in the chunk. */
export function particleCount(c: EventChunk): number {
  return c.offsets[c.n];
}

/**
 * Throws a RangeError, saying what is wrong, unless `c` is a consistent chunk:
 * offsets from 0, never decreasing, and columns as long as they say.
 */
export function checkChunk(c: EventChunk): void {
  if (!Number.isSafeInteger(c.n) || c.n < 0 || c.offsets.length < c.n + 1) throw new RangeError(`chunk of ${c.n} events with ${c.offsets.length} offsets; expected n + 1`);
  if (c.offsets[0] !== 0) throw new RangeError(`chunk offsets start at ${c.offsets[0]}, expected 0`);
  for (let i = 0; i < c.n; i++) {
    if (c.offsets[i + 1] < c.offsets[i]) throw new RangeError(`chunk offsets decrease at event ${i}: ${c.offsets[i]} → ${c.offsets[i + 1]}`);
  }
  const m = c.offsets[c.n];
  for (const k of PARTICLE_COLUMNS) if (c[k].length < m) throw new RangeError(`chunk column ${k} holds ${c[k].length} values; its offsets need ${m}`);
  if (c.weight.length < c.n) throw new RangeError(`chunk weights hold ${c.weight.length} values for ${c.n} events`);
}

/** A chunk with no events. */
export function emptyChunk(): EventChunk {
  return {
    n: 0,
    offsets: new Int32Array(1),
    px: new Float64Array(0),
    py: new Float64Array(0),
    pz: new Float64Array(0),
    E: new Float64Array(0),
    pdgid: new Int32Array(0),
    charge3: new Int8Array(0),
    weight: new Float64Array(0),
  };
}

/**
 * Events [from, to) of `c`. The particle columns are views (no copy); the
 * offsets are copied, since they must start at 0 again.
 */
export function sliceChunk(c: EventChunk, from: number, to: number): EventChunk {
  if (from < 0 || to > c.n || from > to) throw new RangeError(`slice [${from}, ${to}) of a chunk of ${c.n} events`);
  const base = c.offsets[from];
  const end = c.offsets[to];
  const offsets = new Int32Array(to - from + 1);
  for (let i = 0; i <= to - from; i++) offsets[i] = c.offsets[from + i] - base;
  return {
    n: to - from,
    offsets,
    px: c.px.subarray(base, end),
    py: c.py.subarray(base, end),
    pz: c.pz.subarray(base, end),
    E: c.E.subarray(base, end),
    pdgid: c.pdgid.subarray(base, end),
    charge3: c.charge3.subarray(base, end),
    weight: c.weight.subarray(from, to),
  };
}

/** One chunk holding the events of `parts` in order (a copy; a single part is returned as it is). */
export function concatChunks(parts: readonly EventChunk[]): EventChunk {
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((s, p) => s + p.n, 0);
  const m = parts.reduce((s, p) => s + particleCount(p), 0);
  const out: EventChunk = {
    n,
    offsets: new Int32Array(n + 1),
    px: new Float64Array(m),
    py: new Float64Array(m),
    pz: new Float64Array(m),
    E: new Float64Array(m),
    pdgid: new Int32Array(m),
    charge3: new Int8Array(m),
    weight: new Float64Array(n),
  };
  let events = 0;
  let particles = 0;
  for (const p of parts) {
    for (let i = 1; i <= p.n; i++) out.offsets[events + i] = particles + p.offsets[i];
    for (const k of PARTICLE_COLUMNS) out[k].set(p[k].subarray(0, particleCount(p)), particles);
    out.weight.set(p.weight.subarray(0, p.n), events);
    events += p.n;
    particles += particleCount(p);
  }
  return out;
}

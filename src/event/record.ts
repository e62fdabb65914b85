/**
 * The event record every analysis consumes, from the built-in generator or a
 * HepMC3 file. Columns are typed arrays so a classifier or an analysis can
 * stream events without allocating per particle; one record is reused for
 * every event (call `clear()` between events).
 *
 * Units: GeV for momenta, energies and masses.
 */

/** Particle status codes, the HepMC3 / Pythia convention. */
export const Status = {
  /** Undecayed final-state particle. */
  final: 1,
  /** Decayed hadron or lepton (its daughters are in the record). */
  decayed: 2,
  /** Incoming beam particle. */
  beam: 4,
} as const;

export class EventRecord {
  /** Number of particles in use. */
  n = 0;
  /** Event number as written to or read from files. */
  eventNumber = 0;
  /** Nominal event weight (the first weight of a HepMC3 event). */
  weight = 1;
  px: Float64Array;
  py: Float64Array;
  pz: Float64Array;
  e: Float64Array;
  /** Generated mass (not recomputed from the four-momentum). */
  m: Float64Array;
  /** PDG Monte Carlo particle number. */
  pid: Int32Array;
  /** Three times the electric charge, so quarks are exact too. */
  charge3: Int8Array;
  /** See `Status`; other values are generator-specific and kept as read. */
  status: Int16Array;
  /** Index of the mother particle in this record, or -1. */
  parent: Int32Array;

  constructor(capacity = 256) {
    this.px = new Float64Array(capacity);
    this.py = new Float64Array(capacity);
    this.pz = new Float64Array(capacity);
    this.e = new Float64Array(capacity);
    this.m = new Float64Array(capacity);
    this.pid = new Int32Array(capacity);
    this.charge3 = new Int8Array(capacity);
    this.status = new Int16Array(capacity);
    this.parent = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.px.length;
  }

  clear(): void {
    this.n = 0;
    this.weight = 1;
  }

  /** Appends a particle and returns its index. */
  push(
    pid: number,
    charge3: number,
    status: number,
    parent: number,
    px: number,
    py: number,
    pz: number,
    e: number,
    m: number,
  ): number {
    const i = this.n;
    if (i === this.px.length) this.grow();
    this.pid[i] = pid;
    this.charge3[i] = charge3;
    this.status[i] = status;
    this.parent[i] = parent;
    this.px[i] = px;
    this.py[i] = py;
    this.pz[i] = pz;
    this.e[i] = e;
    this.m[i] = m;
    this.n = i + 1;
    return i;
  }

  /** Indices of particles with status 1 and non-zero charge. */
  chargedFinal(out: Int32Array = new Int32Array(this.n)): { index: Int32Array; count: number } {
    let c = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.status[i] === Status.final && this.charge3[i] !== 0) out[c++] = i;
    }
    return { index: out, count: c };
  }

  /** A deep copy holding exactly `n` particles. */
  clone(): EventRecord {
    const r = new EventRecord(Math.max(this.n, 1));
    r.n = this.n;
    r.eventNumber = this.eventNumber;
    r.weight = this.weight;
    for (const k of COLUMNS) (r[k] as Float64Array).set((this[k] as Float64Array).subarray(0, this.n));
    return r;
  }

  private grow(): void {
    const cap = this.px.length * 2;
    for (const k of COLUMNS) {
      const old = this[k];
      const next = new (old.constructor as new (n: number) => typeof old)(cap);
      next.set(old);
      (this as Record<ColumnName, typeof old>)[k] = next;
    }
  }
}

type ColumnName = 'px' | 'py' | 'pz' | 'e' | 'm' | 'pid' | 'charge3' | 'status' | 'parent';
const COLUMNS: readonly ColumnName[] = ['px', 'py', 'pz', 'e', 'm', 'pid', 'charge3', 'status', 'parent'];

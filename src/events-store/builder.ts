/**
 * Gathers events into the columns of one record batch. The arrays are reused
 * batch after batch (they grow to the largest batch and stay), so writing a
 * sample allocates per batch at most, never per event.
 */
import { Status, type EventRecord } from '../event/index.js';
import { PARTICLE_COLUMNS, particleCount, type EventChunk } from './chunk.js';

export class ChunkBuilder {
  private n = 0;
  private m = 0;
  private offsets: Int32Array;
  private weight: Float64Array;
  private px: Float64Array;
  private py: Float64Array;
  private pz: Float64Array;
  private E: Float64Array;
  private pdgid: Int32Array;
  private charge3: Int8Array;

  /** `events`: the batch size, a hint; the arrays start at most this large and grow as events come. */
  constructor(events: number) {
    const start = Math.min(events, 16_384);
    const particles = 32 * start;
    this.offsets = new Int32Array(start + 1);
    this.weight = new Float64Array(start);
    this.px = new Float64Array(particles);
    this.py = new Float64Array(particles);
    this.pz = new Float64Array(particles);
    this.E = new Float64Array(particles);
    this.pdgid = new Int32Array(particles);
    this.charge3 = new Int8Array(particles);
  }

  /** Events gathered so far. */
  get events(): number {
    return this.n;
  }

  /** Appends the final-state (status 1) particles of `record` as one event, with the record's weight. */
  addFinalState(record: EventRecord): void {
    let count = 0;
    for (let i = 0; i < record.n; i++) if (record.status[i] === Status.final) count++;
    this.reserve(1, count);
    let j = this.m;
    for (let i = 0; i < record.n; i++) {
      if (record.status[i] !== Status.final) continue;
      this.px[j] = record.px[i];
      this.py[j] = record.py[i];
      this.pz[j] = record.pz[i];
      this.E[j] = record.e[i];
      this.pdgid[j] = record.pid[i];
      this.charge3[j] = record.charge3[i];
      j++;
    }
    this.endEvent(j, record.weight);
  }

  /** Appends events [from, to) of `c`. */
  addEvents(c: EventChunk, from: number, to: number): void {
    const base = c.offsets[from];
    const end = c.offsets[to];
    this.reserve(to - from, end - base);
    for (const k of PARTICLE_COLUMNS) this[k].set(c[k].subarray(base, end), this.m);
    this.weight.set(c.weight.subarray(from, to), this.n);
    const shift = this.m - base;
    for (let i = from + 1; i <= to; i++) this.offsets[this.n + i - from] = c.offsets[i] + shift;
    this.n += to - from;
    this.m += end - base;
  }

  /**
   * The events gathered, as views of the builder's arrays: valid until the
   * next `reset()` or add.
   */
  view(): EventChunk {
    const { n, m } = this;
    const c: EventChunk = {
      n,
      offsets: this.offsets.subarray(0, n + 1),
      px: this.px.subarray(0, m),
      py: this.py.subarray(0, m),
      pz: this.pz.subarray(0, m),
      E: this.E.subarray(0, m),
      pdgid: this.pdgid.subarray(0, m),
      charge3: this.charge3.subarray(0, m),
      weight: this.weight.subarray(0, n),
    };
    if (particleCount(c) !== m) throw new Error(`internal: ${m} particles but the offsets end at ${particleCount(c)}`);
    return c;
  }

  reset(): void {
    this.n = 0;
    this.m = 0;
  }

  private endEvent(particlesEnd: number, weight: number): void {
    this.weight[this.n] = weight;
    this.n++;
    this.m = particlesEnd;
    this.offsets[this.n] = particlesEnd;
  }

  /** Room for `events` more events holding `particles` more particles. */
  private reserve(events: number, particles: number): void {
    if (this.n + events + 1 > this.offsets.length) {
      const cap = Math.max(2 * this.offsets.length, this.n + events + 1);
      this.offsets = grown(this.offsets, cap, this.n + 1);
      this.weight = grown(this.weight, cap, this.n);
    }
    if (this.m + particles > this.px.length) {
      const cap = Math.max(2 * this.px.length, this.m + particles);
      this.px = grown(this.px, cap, this.m);
      this.py = grown(this.py, cap, this.m);
      this.pz = grown(this.pz, cap, this.m);
      this.E = grown(this.E, cap, this.m);
      this.pdgid = grown(this.pdgid, cap, this.m);
      this.charge3 = grown(this.charge3, cap, this.m);
    }
  }
}

function grown<T extends Float64Array | Int32Array | Int8Array>(a: T, capacity: number, used: number): T {
  const next = new (a.constructor as new (n: number) => T)(capacity);
  next.set(a.subarray(0, used));
  return next;
}

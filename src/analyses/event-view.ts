/**
 * What analyses see of one event: the charged final state gathered into
 * contiguous arrays, the beam momentum, and event shapes computed at most
 * once per event however many histograms use them (Rivet's projections).
 */
import { Status, type EventRecord } from '../event/index.js';
import { EventShapes } from '../observables/index.js';

const NONE: readonly number[] = [];

export class EventView {
  record!: EventRecord;
  /** Charged final-state momenta, GeV. */
  px = new Float64Array(128);
  py = new Float64Array(128);
  pz = new Float64Array(128);
  e = new Float64Array(128);
  /** Number of charged final-state particles. */
  nCharged = 0;
  /** |p| of each charged particle, GeV. */
  p = new Float64Array(128);
  /** Mean beam momentum, GeV (from the beams, else the analysis' nominal value). */
  beamMomentum = 0;
  readonly shapes = new EventShapes();
  private shapesDone = false;
  /** Per particle: 1 when a daughter is a copy with the same PDG id (count only the last copy). */
  private copied = new Uint8Array(256);
  private copiesDone = false;

  private yT = new Float64Array(128);
  private rapidityDone = false;
  private readonly byPid = new Map<number, number[]>();
  private hadronsDone = false;

  /** `wanted`: the |PDG ids| identified-hadron observables ask for. */
  constructor(
    private readonly nominalBeamEnergy: number,
    private readonly wanted: ReadonlySet<number> = new Set(),
  ) {}

  load(record: EventRecord): void {
    this.record = record;
    this.shapesDone = false;
    this.copiesDone = false;
    this.rapidityDone = false;
    this.hadronsDone = false;
    if (this.px.length < record.n) this.resize(record.n);
    let c = 0;
    let beamSum = 0;
    let beams = 0;
    for (let i = 0; i < record.n; i++) {
      const st = record.status[i];
      if (st === Status.final) {
        if (record.charge3[i] === 0) continue;
        this.px[c] = record.px[i];
        this.py[c] = record.py[i];
        this.pz[c] = record.pz[i];
        this.e[c] = record.e[i];
        this.p[c] = Math.hypot(record.px[i], record.py[i], record.pz[i]);
        c++;
      } else if (st === Status.beam) {
        beamSum += Math.hypot(record.px[i], record.py[i], record.pz[i]);
        beams++;
      }
    }
    this.nCharged = c;
    this.beamMomentum = beams === 2 ? beamSum / 2 : this.nominalBeamEnergy;
  }

  /** Event shapes of the charged final state, computed on first use. */
  eventShapes(): EventShapes {
    if (!this.shapesDone) {
      this.shapes.compute(this.px, this.py, this.pz, this.e, this.nCharged);
      this.shapesDone = true;
    }
    return this.shapes;
  }

  /** True when particle i has a daughter of the same species (a generator's bookkeeping copy). */
  isCopied(i: number): boolean {
    if (!this.copiesDone) {
      const r = this.record;
      if (this.copied.length < r.n) this.copied = new Uint8Array(2 * r.n);
      this.copied.fill(0, 0, r.n);
      for (let j = 0; j < r.n; j++) {
        const m = r.parent[j];
        if (m >= 0 && r.pid[m] === r.pid[j]) this.copied[m] = 1;
      }
      this.copiesDone = true;
    }
    return this.copied[i] === 1;
  }

  /** |rapidity| of each charged particle along the thrust axis. */
  rapidityThrust(): Float64Array {
    if (!this.rapidityDone) {
      const a = this.eventShapes().thrustAxis;
      if (this.yT.length < this.px.length) this.yT = new Float64Array(this.px.length);
      for (let i = 0; i < this.nCharged; i++) {
        const pl = this.px[i] * a[0] + this.py[i] * a[1] + this.pz[i] * a[2];
        this.yT[i] = Math.abs(0.5 * Math.log((this.e[i] + pl) / (this.e[i] - pl)));
      }
      this.rapidityDone = true;
    }
    return this.yT;
  }

  /**
   * Record indices of hadrons (decayed or not, each physical particle once)
   * with |PDG id| = `absPid`; built for all species in one pass per event.
   */
  hadrons(absPid: number): readonly number[] {
    if (!this.hadronsDone) this.indexHadrons();
    return this.byPid.get(absPid) ?? NONE;
  }

  private indexHadrons(): void {
    for (const list of this.byPid.values()) list.length = 0;
    const r = this.record;
    for (let i = 0; i < r.n; i++) {
      const st = r.status[i];
      if (st !== 1 && st !== 2) continue;
      const pid = r.pid[i];
      const a = pid < 0 ? -pid : pid;
      if (!this.wanted.has(a) || this.isCopied(i)) continue;
      let list = this.byPid.get(a);
      if (!list) this.byPid.set(a, (list = []));
      list.push(i);
    }
    this.hadronsDone = true;
  }

  private resize(n: number): void {
    const cap = Math.max(2 * n, 128);
    this.p = new Float64Array(cap);
    this.px = new Float64Array(cap);
    this.py = new Float64Array(cap);
    this.pz = new Float64Array(cap);
    this.e = new Float64Array(cap);
  }
}

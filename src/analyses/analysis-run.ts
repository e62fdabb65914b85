/**
 * One analysis applied to a stream of events: histograms booked from the
 * definition, filled per event, merged across workers and finalised the way
 * the reference data is normalised.
 */
import { Histo1D, histoToDensity, type Estimate1D } from '../histo/index.js';
import type { EventRecord } from '../event/index.js';
import type { AnalysisDefinition, ObservableSpec } from './definition.js';
import { EventView } from './event-view.js';

interface Booked {
  readonly spec: ObservableSpec;
  readonly histo: Histo1D;
  /** Centre of the first bin, where event sums are filled. */
  readonly centre: number;
}

/** An analysis run's raw fills, as plain data (see {@link AnalysisRun.state}). */
export interface AnalysisState {
  readonly name: string;
  readonly sumW: number;
  readonly sumWCharged: number;
  readonly events: number;
  readonly vetoed: number;
  /** Per histogram: each running-sum column (n+2 slots) in storage order, then the totals. */
  readonly sums: readonly Float64Array[];
}

export class AnalysisRun {
  private readonly booked: Booked[];
  private readonly view: EventView;
  /** Σ event weights over every event seen (vetoed or not), as Rivet's sumOfWeights. */
  sumW = 0;
  /** Σ weight × (number of charged particles) over accepted events. */
  sumWCharged = 0;
  events = 0;
  vetoed = 0;

  constructor(readonly definition: AnalysisDefinition) {
    this.view = new EventView(definition.beamEnergy, new Set(definition.observables.flatMap((o) => o.pids)));
    this.booked = definition.observables.map((spec) => {
      const h = new Histo1D(`/${definition.name}/${spec.id}`, spec.binning, [['Title', spec.title]]);
      const b = spec.binning;
      return { spec, histo: h, centre: 0.5 * (b.lows[0] + b.highs[0]) };
    });
  }

  analyze(record: EventRecord): void {
    const w = record.weight;
    this.events++;
    this.sumW += w;
    const v = this.view;
    v.load(record);
    if (v.nCharged < this.definition.minCharged) {
      this.vetoed++;
      return;
    }
    this.sumWCharged += w * v.nCharged;
    for (const b of this.booked) fillOne(b, v, w);
  }

  /** Adds another run's raw (unfinalised) fills of the same analysis. */
  merge(other: AnalysisRun): void {
    if (other.definition.name !== this.definition.name) throw new Error(`cannot merge ${other.definition.name} into ${this.definition.name}`);
    this.sumW += other.sumW;
    this.sumWCharged += other.sumWCharged;
    this.events += other.events;
    this.vetoed += other.vetoed;
    this.booked.forEach((b, i) => b.histo.add(other.booked[i].histo));
  }

  /** The raw fills as plain numbers and typed arrays, to send from a worker thread and {@link addState} elsewhere. */
  state(): AnalysisState {
    return {
      name: this.definition.name,
      sumW: this.sumW,
      sumWCharged: this.sumWCharged,
      events: this.events,
      vetoed: this.vetoed,
      sums: this.booked.map(({ histo }) => {
        const cols = histo.sumColumns.map((c) => histo.sums(c.name));
        const out = new Float64Array(cols.reduce((n, c) => n + c.length, 0) + histo.total.length);
        let at = 0;
        for (const c of cols) {
          out.set(c, at);
          at += c.length;
        }
        out.set(histo.total, at);
        return out;
      }),
    };
  }

  /** Adds fills exported by {@link state} from a run of the same analysis. */
  addState(s: AnalysisState): void {
    if (s.name !== this.definition.name || s.sums.length !== this.booked.length) throw new Error(`cannot add fills of ${s.name} to ${this.definition.name}`);
    this.sumW += s.sumW;
    this.sumWCharged += s.sumWCharged;
    this.events += s.events;
    this.vetoed += s.vetoed;
    this.booked.forEach(({ histo }, i) => {
      const src = s.sums[i];
      let at = 0;
      for (const c of histo.sumColumns) {
        const dst = histo.sums(c.name);
        if (at + dst.length > src.length) throw new Error(`${histo.path}: fills of another binning`);
        for (let k = 0; k < dst.length; k++) dst[k] += src[at + k];
        at += dst.length;
      }
      if (at + histo.total.length !== src.length) throw new Error(`${histo.path}: fills of another binning`);
      for (let k = 0; k < histo.total.length; k++) histo.total[k] += src[at + k];
    });
  }

  /** Raw histograms (unnormalised), e.g. to send between workers. */
  rawHistograms(): Histo1D[] {
    return this.booked.map((b) => b.histo);
  }

  /** Finalised copies: normalised or scaled as the definition says. The run can keep filling. */
  finalize(): Histo1D[] {
    return this.booked.map((b) => {
      const h = b.histo.clone();
      const f = b.spec.finalise;
      if (this.sumW > 0) {
        if (f.kind === 'per-event') h.scaleW(f.factor / this.sumW);
        else {
          const area = f.kind === 'normalise' ? f.area : this.sumWCharged / this.sumW;
          if (h.integral(true) !== 0) h.normalize(area, true);
        }
      }
      return h;
    });
  }
}

/**
 * Finalised results as estimates with statistical errors (pseudo-data):
 * densities of the finalised histograms, except that event means (mean
 * multiplicities) get the standard error of the mean, √(Var/N), rather than
 * the √Σw² a histogram fill would give.
 */
export function statisticalEstimates(run: AnalysisRun): Estimate1D[] {
  const finals = run.finalize();
  const raws = run.rawHistograms();
  return finals.map((h, i) => {
    const e = histoToDensity(h, 'stat');
    const spec = run.definition.observables[i];
    if (spec.observable.startsWith('mean-') && run.sumW > 0) {
      const raw = raws[i];
      const mean = raw.sumw[1] / run.sumW;
      const variance = Math.max(0, raw.sumw2[1] / run.sumW - mean * mean);
      const err = Math.sqrt(variance / run.sumW) / spec.binning.width(0);
      const src = e.sources[0];
      src.dn[1] = -err;
      src.up[1] = err;
    }
    return e;
  });
}

function fillOne(b: Booked, v: EventView, w: number): void {
  const h = b.histo;
  const spec = b.spec;
  switch (spec.observable) {
    case 'charged-multiplicity':
      return h.fill(v.nCharged, w);
    case 'sphericity':
      return h.fill(v.eventShapes().sphericity, w);
    case 'aplanarity':
      return h.fill(v.eventShapes().aplanarity, w);
    case 'one-minus-thrust':
      return h.fill(1 - v.eventShapes().thrust, w);
    case 'thrust-major':
      return h.fill(v.eventShapes().thrustMajor, w);
    case 'thrust-minor':
      return h.fill(v.eventShapes().thrustMinor, w);
    case 'oblateness':
      return h.fill(v.eventShapes().oblateness, w);
    case 'c-parameter':
      return h.fill(v.eventShapes().cParameter, w);
    case 'heavy-jet-mass':
      return h.fill(v.eventShapes().heavyJetMass, w);
    case 'durham-minus-ln-y23': {
      const y = v.eventShapes().y23;
      if (y > 0) h.fill(-Math.log(y), w);
      return;
    }
    case 'mean-charged-multiplicity':
      return h.fill(b.centre, w * countInRapidity(v, spec.maxRapidity));
    case 'mean-hadron-multiplicity':
      return h.fill(b.centre, w * countHadrons(v, spec.pids, spec.minXp));
    case 'hadron-xp':
    case 'hadron-xe':
    case 'hadron-ln-inverse-xp':
      return fillHadrons(b, v, w);
    default:
      return fillPerCharged(b, v, w);
  }
}

function fillPerCharged(b: Booked, v: EventView, w: number): void {
  const h = b.histo;
  const n = v.nCharged;
  const kind = b.spec.observable;
  if (kind === 'xp' || kind === 'ln-inverse-xp') {
    const inv = 1 / v.beamMomentum;
    for (let i = 0; i < n; i++) {
      const xp = v.p[i] * inv;
      h.fill(kind === 'xp' ? xp : -Math.log(xp), w);
    }
    return;
  }
  if (kind === 'rapidity-thrust') {
    const y = v.rapidityThrust();
    for (let i = 0; i < n; i++) h.fill(y[i], w);
    return;
  }
  // Rivet's ALEPH analysis: p_T^in along the λ2 eigenvector, p_T^out along λ3.
  const s = v.eventShapes();
  const a = kind === 'pt-in-sphericity' ? s.sphericityAxis2 : s.sphericityAxis3;
  for (let i = 0; i < n; i++) h.fill(Math.abs(v.px[i] * a[0] + v.py[i] * a[1] + v.pz[i] * a[2]), w);
}

function countInRapidity(v: EventView, yMax: number): number {
  if (!(yMax < Infinity)) return v.nCharged;
  const y = v.rapidityThrust();
  let c = 0;
  for (let i = 0; i < v.nCharged; i++) if (y[i] <= yMax) c++;
  return c;
}

/** Hadrons of the listed species at any stage (decayed or not), once per physical particle. */
function countHadrons(v: EventView, pids: readonly number[], minXp: number): number {
  const r = v.record;
  let c = 0;
  for (const pid of pids) {
    for (const i of v.hadrons(pid)) {
      if (minXp > 0 && Math.hypot(r.px[i], r.py[i], r.pz[i]) / v.beamMomentum < minXp) continue;
      c++;
    }
  }
  return c;
}

function fillHadrons(b: Booked, v: EventView, w: number): void {
  const r = v.record;
  const pb = v.beamMomentum;
  const kind = b.spec.observable;
  for (const pid of b.spec.pids) {
    for (const i of v.hadrons(pid)) {
      const xp = Math.hypot(r.px[i], r.py[i], r.pz[i]) / pb;
      if (xp < b.spec.minXp) continue;
      b.histo.fill(kind === 'hadron-xp' ? xp : kind === 'hadron-xe' ? r.e[i] / pb : -Math.log(xp), w);
    }
  }
}

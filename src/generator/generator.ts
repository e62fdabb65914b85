/**
 * The built-in event generator: e+e- → Z/γ* → q q̄ at √s = 91.2 GeV, a
 * dipole parton shower, Lund string fragmentation and hadron decays.
 *
 * Hard process: flavours d u s c b weighted by the Z couplings v_q² + a_q²
 * (sin²θ_W = 0.2312; photon exchange and γ–Z interference are neglected at
 * the pole), quark direction from 1 + cos²θ. No initial-state radiation.
 * Each event's record holds the two beams (status 4), every hadron made
 * (status 2 once decayed) and the final state (status 1), whose total
 * four-momentum equals the beams' to rounding. A rare event whose strings
 * cannot close is regenerated from scratch and counted in `stats.vetoed`.
 */
import { EventRecord, Status } from '../event/index.js';
import { Random } from './random.js';
import { resolveSettings, type Settings } from './settings.js';
import { Partons } from './partons.js';
import { DipoleShower } from './shower.js';
import { StringFragmenter } from './string-fragmentation.js';
import { StringBuilder } from './string-pieces.js';
import { Decayer } from './decays.js';
import { collapsePiece, pieceMass } from './ministrings.js';
import { constituentMass } from './flavour.js';

/** Pieces lighter than their ends' constituent masses plus this (GeV) become a single hadron. */
const COLLAPSE_MARGIN = 0.3;

/** Centre-of-mass energy, GeV. */
export const ECM = 91.2;
const ELECTRON_MASS = 0.000511;
const SIN2W = 0.2312;

const FLAVOUR_CUMULATIVE = (() => {
  const down = (-0.5 + (2 / 3) * SIN2W) ** 2 + 0.25;
  const up = (0.5 - (4 / 3) * SIN2W) ** 2 + 0.25;
  const w = [down, up, down, up, down];
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return Float64Array.from(w, (x) => (acc += x / total));
})();

export interface GeneratorOptions {
  /** Pythia-named settings changed from the Monash defaults. */
  readonly settings?: Readonly<Record<string, number>>;
  /** Seed of the random sequence (an unsigned 32-bit integer). */
  readonly seed?: number;
  /** Independent stream number for the same seed, e.g. the run index. */
  readonly stream?: number;
}

export interface GeneratorStats {
  events: number;
  /** Events regenerated because a string piece could not close. */
  vetoed: number;
}

export class Generator {
  readonly settings: Settings;
  readonly stats: GeneratorStats = { events: 0, vetoed: 0 };
  private readonly rng: Random;
  private readonly partons = new Partons();
  private readonly shower: DipoleShower;
  private readonly fragmenter: StringFragmenter;
  private readonly strings = new StringBuilder();
  private readonly decayer: Decayer;
  private done = new Uint8Array(16);

  constructor(opts: GeneratorOptions = {}) {
    this.settings = resolveSettings(opts.settings);
    this.rng = new Random(opts.seed ?? 1, opts.stream ?? 0);
    this.shower = new DipoleShower(
      { alphaSMZ: this.settings['TimeShower:alphaSvalue'], pTmin: this.settings['TimeShower:pTmin'] },
      this.rng,
    );
    this.fragmenter = new StringFragmenter(this.settings, this.rng);
    this.decayer = new Decayer(this.rng);
  }

  /** Fills `record` (cleared first) with the next event. */
  next(record: EventRecord): void {
    for (;;) {
      record.clear();
      this.stats.events++;
      record.eventNumber = this.stats.events - this.stats.vetoed;
      const pBeam = Math.sqrt((ECM / 2) ** 2 - ELECTRON_MASS ** 2);
      record.push(-11, 3, Status.beam, -1, 0, 0, pBeam, ECM / 2, ELECTRON_MASS);
      record.push(11, -3, Status.beam, -1, 0, 0, -pBeam, ECM / 2, ELECTRON_MASS);
      this.hardProcess();
      this.shower.run(this.partons, (ECM * ECM) / 4);
      if (this.hadronise(record)) {
        this.decayer.decayAll(record, 2);
        return;
      }
      this.stats.vetoed++;
    }
  }

  private hardProcess(): void {
    const rng = this.rng;
    const u = rng.uniform();
    let f = 0;
    while (FLAVOUR_CUMULATIVE[f] < u) f++;
    const flavour = f + 1;
    const c = sampleOnePlusCos2(rng);
    const s = Math.sqrt(1 - c * c);
    const phi = 2 * Math.PI * rng.uniform();
    const E = ECM / 2;
    const x = E * s * Math.cos(phi);
    const y = E * s * Math.sin(phi);
    const z = E * c;
    const p = this.partons;
    p.clear();
    const q = p.add(flavour, x, y, z, E);
    const qbar = p.add(-flavour, -x, -y, -z, E);
    p.next[q] = qbar;
    p.prev[qbar] = q;
  }

  private hadronise(record: EventRecord): boolean {
    this.strings.build(this.partons, this.fragmenter.flavours);
    const pieces = this.strings.pieces();
    const count = this.strings.count;
    if (this.done.length < count) this.done = new Uint8Array(2 * count);
    const done = this.done.fill(0, 0, count);
    const flav = this.fragmenter.flavours;
    for (let i = 0; i < count; i++) {
      const piece = pieces[i];
      if (pieceMass(piece.p) < constituentMass(piece.fA) + constituentMass(piece.fB) + COLLAPSE_MARGIN) {
        if (!collapsePiece(pieces, count, i, done, flav, record)) return false;
      }
    }
    for (let i = 0; i < count; i++) {
      if (!done[i] && !this.fragmenter.fragment(pieces[i], record)) return false;
    }
    return true;
  }
}

/** cos θ with density ∝ 1 + cos²θ on [−1, 1] (accept/reject, efficiency 2/3). */
function sampleOnePlusCos2(rng: Random): number {
  for (;;) {
    const c = 2 * rng.uniform() - 1;
    if (2 * rng.uniform() <= 1 + c * c) return c;
  }
}

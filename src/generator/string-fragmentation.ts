/**
 * Lund string fragmentation of one straight string piece in its rest frame.
 *
 * Hadrons are peeled off at random from either end. Each break makes a
 * flavour pair with Gaussian transverse momentum (each component of width
 * `StringPT:sigma`/√2, so ⟨p⊥²⟩ = σ² per quark) and the hadron takes the
 * fraction z (Lund symmetric function) of the light-cone momentum left on
 * its side. When the remaining mass falls below the ends' constituent masses
 * plus `StringFragmentation:stopMass` (smeared by ±20 %), the last two
 * hadrons are made together, solving their light-cone momenta exactly, so
 * the hadrons add up to the string's four-momentum to rounding. A piece that
 * cannot close is started again; after repeated failures the caller vetoes.
 */
import type { EventRecord } from '../event/index.js';
import type { Random } from './random.js';
import type { Settings } from './settings.js';
import { FlavourSelector, constituentMass, isDiquark } from './flavour.js';
import { sampleLundZ } from './lund-z.js';
import { boostInPlace, breitWigner, restFrameAxes } from './kinematics.js';
import { charge3, particle } from './particle-data.js';

const STOP_SMEAR = 0.2;
const MAX_STEPS = 400;
const PIECE_TRIES = 20;
const CLOSE_TRIES = 10;
const STEP_RETRIES = 10;
const TWO_PIONS_SQUARED = (2 * 0.134977) ** 2;

/** A colour-singlet string piece: flavours at its two ends, the direction of end A, and its total four-momentum. */
export interface StringPiece {
  /** Triplet end flavour (quark or antidiquark). */
  fA: number;
  /** Antitriplet end flavour (antiquark or diquark). */
  fB: number;
  /** A four-vector along end A (only its direction in the rest frame matters). */
  a: Float64Array;
  /** Total four-momentum (px, py, pz, E), GeV. */
  p: Float64Array;
  /** 1 when end A (B) is half a gluon at a kink of the colour chain rather than a real string end. */
  kinkA: number;
  kinkB: number;
  /**
   * Mass whose logarithm measures the string length to fragment (GeV): the
   * full dipole mass √((p_i + p_k)²) of the partons the piece spans, which is
   * what the Lund λ measure of a kinked string counts, or the piece's own
   * mass when larger.
   */
  mEff: number;
}

export class StringFragmenter {
  private readonly flav: FlavourSelector;
  private readonly aLund: number;
  private readonly bLund: number;
  private readonly sigma: number;
  private readonly stopMass: number;
  private readonly rFact: Float64Array;
  // Hadrons of the piece being made, rest-frame (px, py, pz, E) and id, mass.
  private hv = new Float64Array(4 * 64);
  private hid = new Int32Array(64);
  private hm = new Float64Array(64);
  private nh = 0;
  private readonly tmp = new Float64Array(4);
  private readonly frame = new Float64Array(9);
  // Working state of the current attempt.
  private wp = 0;
  private wm = 0;
  private endA = 0;
  private endB = 0;
  private ptAx = 0;
  private ptAy = 0;
  private ptBx = 0;
  private ptBy = 0;
  // The step proposed by `propose`: the hadron, the string end it leaves, and
  // the new break's transverse momentum.
  private stepId = 0;
  private stepEnd = 0;
  private stepM = 0;
  private stepNx = 0;
  private stepNy = 0;
  private stepHx = 0;
  private stepHy = 0;
  private stepPp = 0;
  private stepPm = 0;

  constructor(settings: Settings, private readonly rng: Random) {
    this.flav = new FlavourSelector(settings, rng);
    this.aLund = settings['StringZ:aLund'];
    this.bLund = settings['StringZ:bLund'];
    this.sigma = settings['StringPT:sigma'] / Math.SQRT2;
    this.stopMass = settings['StringFragmentation:stopMass'];
    this.rFact = Float64Array.from([0, 0, 0, 0, settings['StringZ:rFactC'], settings['StringZ:rFactB']]);
  }

  get flavours(): FlavourSelector {
    return this.flav;
  }

  /** Fragments `piece` and appends the primary hadrons to `record`; false when it could not close. */
  fragment(piece: StringPiece, record: EventRecord): boolean {
    const P = piece.p;
    const M2 = P[3] * P[3] - P[0] * P[0] - P[1] * P[1] - P[2] * P[2];
    if (!(M2 > 0)) return false;
    const M = Math.sqrt(M2);
    const budget = Math.max(M, piece.mEff);
    for (let attempt = 0; attempt < PIECE_TRIES; attempt++) {
      if (this.iterate(piece, budget) && this.shrinkTo(M)) {
        this.emit(piece, record);
        return true;
      }
    }
    // The rescaled hadrons did not fit: fragment on the piece's own mass.
    for (let attempt = 0; attempt < PIECE_TRIES; attempt++) {
      if (budget > M && this.iterate(piece, M)) {
        this.emit(piece, record);
        return true;
      }
    }
    return false;
  }

  /**
   * Scales all rest-frame three-momenta by one factor α so the energies add
   * up to M (Newton's method; the total momentum stays zero). Hadrons made
   * on the λ-equivalent budget thus share the piece's real energy, as
   * hadrons at a string kink share the gluon's. False when Σm ≥ M.
   */
  private shrinkTo(M: number): boolean {
    const h = this.hv;
    const n = this.nh;
    let sumM = 0;
    let sumE = 0;
    for (let i = 0; i < n; i++) {
      sumM += this.hm[i];
      sumE += h[4 * i + 3];
    }
    if (sumE <= M * (1 + 1e-15)) return true;
    if (sumM >= M) return false;
    let alpha = M / sumE;
    for (let it = 0; it < 50; it++) {
      let f = -M;
      let df = 0;
      for (let i = 0; i < n; i++) {
        const o = 4 * i;
        const p2 = h[o] * h[o] + h[o + 1] * h[o + 1] + h[o + 2] * h[o + 2];
        const e = Math.sqrt(this.hm[i] * this.hm[i] + alpha * alpha * p2);
        f += e;
        df += (alpha * p2) / e;
      }
      const step = f / df;
      alpha -= step;
      if (Math.abs(step) <= 1e-15 * alpha) break;
    }
    for (let i = 0; i < n; i++) {
      const o = 4 * i;
      h[o] = h[o] * alpha;
      h[o + 1] = h[o + 1] * alpha;
      h[o + 2] = h[o + 2] * alpha;
      const p2 = h[o] * h[o] + h[o + 1] * h[o + 1] + h[o + 2] * h[o + 2];
      h[o + 3] = Math.sqrt(this.hm[i] * this.hm[i] + p2);
    }
    return true;
  }

  private iterate(piece: StringPiece, M: number): boolean {
    const rng = this.rng;
    // A kink is not a string end: it pays neither stop mass nor quark mass
    // until a real break has replaced it.
    const stopMass = (this.stopMass * (2 - piece.kinkA - piece.kinkB)) / 2;
    let kinkA = piece.kinkA;
    let kinkB = piece.kinkB;
    this.nh = 0;
    this.wp = M;
    this.wm = M;
    this.endA = piece.fA;
    this.endB = piece.fB;
    this.ptAx = this.ptAy = this.ptBx = this.ptBy = 0;
    let firstA = true;
    let firstB = true;
    let rejected = 0;
    for (let step = 0; step < MAX_STEPS; step++) {
      const wMin = ((kinkA ? 0 : constituentMass(this.endA)) + (kinkB ? 0 : constituentMass(this.endB)) + stopMass) * (1 + STOP_SMEAR * (2 * rng.uniform() - 1));
      const tx = this.ptAx + this.ptBx;
      const ty = this.ptAy + this.ptBy;
      if (this.wp * this.wm - tx * tx - ty * ty < wMin * wMin) return this.closeString();
      const fromA = rng.uniform() < 0.5;
      if (!this.propose(fromA, fromA ? firstA : firstB)) {
        if (++rejected > STEP_RETRIES) return this.closeString();
        continue;
      }
      rejected = 0;
      this.take(fromA);
      if (fromA) {
        firstA = false;
        kinkA = 0;
      } else {
        firstB = false;
        kinkB = 0;
      }
    }
    return false;
  }

  /**
   * Proposes the next hadron from end A or B (flavour, transverse momentum, z)
   * into the step fields. False when the step would leave less than two pions'
   * worth of string, which can never close: the caller proposes it again rather
   * than restart the whole piece.
   */
  private propose(fromA: boolean, first: boolean): boolean {
    const rng = this.rng;
    const end = fromA ? this.endA : this.endB;
    let id = 0;
    let newEnd = 0;
    while (id === 0) {
      const g = this.flav.breakFlavour(end, false);
      const dq = isDiquark(g);
      if (fromA) {
        newEnd = dq ? -g : g;
        id = this.flav.hadron(end, dq ? g : -g);
      } else {
        newEnd = dq ? g : -g;
        id = this.flav.hadron(dq ? -g : g, end);
      }
    }
    const m = this.mass(id);
    const nx = this.sigma * rng.gauss();
    const ny = this.sigma * rng.gauss();
    const hx = (fromA ? this.ptAx : this.ptBx) - nx;
    const hy = (fromA ? this.ptAy : this.ptBy) - ny;
    const mT2 = m * m + hx * hx + hy * hy;
    const q = end < 0 ? -end : end;
    const c2 = first && (q === 4 || q === 5) ? this.rFact[q] * this.bLund * constituentMass(q) ** 2 : 0;
    const z = sampleLundZ(rng, this.aLund, this.bLund, mT2, c2);
    let pp: number;
    let pm: number;
    if (fromA) {
      pp = z * this.wp;
      pm = mT2 / pp;
    } else {
      pm = z * this.wm;
      pp = mT2 / pm;
    }
    this.stepId = id;
    this.stepEnd = newEnd;
    this.stepM = m;
    this.stepNx = nx;
    this.stepNy = ny;
    this.stepHx = hx;
    this.stepHy = hy;
    this.stepPp = pp;
    this.stepPm = pm;
    const rx = fromA ? nx + this.ptBx : this.ptAx + nx;
    const ry = fromA ? ny + this.ptBy : this.ptAy + ny;
    const restP = this.wp - pp;
    const restM = this.wm - pm;
    const restMin = constituentMass(fromA ? newEnd : this.endA) + constituentMass(fromA ? this.endB : newEnd);
    return !(restP <= 0 || restM <= 0 || restP * restM - rx * rx - ry * ry <= restMin * restMin);
  }

  /** Takes the proposed hadron off the string; its end and the break's transverse momentum become the new end. */
  private take(fromA: boolean): void {
    this.wp -= this.stepPp;
    this.wm -= this.stepPm;
    this.add(this.stepId, this.stepM, this.stepHx, this.stepHy, this.stepPp, this.stepPm);
    if (fromA) {
      this.endA = this.stepEnd;
      this.ptAx = this.stepNx;
      this.ptAy = this.stepNy;
    } else {
      this.endB = this.stepEnd;
      this.ptBx = this.stepNx;
      this.ptBy = this.stepNy;
    }
  }

  /** The last two hadrons, with light-cone momenta solved so the piece closes exactly. */
  private closeString(): boolean {
    const rng = this.rng;
    const endA = this.endA;
    const endB = this.endB;
    const qB = endB < 0 ? -endB : endB;
    const quarkOnly = isDiquark(endA) || isDiquark(endB) || qB === 4 || qB === 5;
    const tau = this.wp * this.wm;
    // Below two pions nothing can close it: start again without more tries.
    if (this.wp <= 0 || this.wm <= 0 || tau <= TWO_PIONS_SQUARED) return false;
    for (let t = 0; t < CLOSE_TRIES; t++) {
      const g = this.flav.breakFlavour(endA, quarkOnly);
      const dq = isDiquark(g);
      const id1 = this.flav.hadron(endA, dq ? g : -g);
      if (id1 === 0) continue;
      const id2 = this.flav.hadron(dq ? -g : g, endB);
      if (id2 === 0) continue;
      const m1 = this.mass(id1);
      const m2 = this.mass(id2);
      const nx = this.sigma * rng.gauss();
      const ny = this.sigma * rng.gauss();
      const x1 = this.ptAx - nx;
      const y1 = this.ptAy - ny;
      const x2 = this.ptBx + nx;
      const y2 = this.ptBy + ny;
      const mT1s = m1 * m1 + x1 * x1 + y1 * y1;
      const mT2s = m2 * m2 + x2 * x2 + y2 * y2;
      const sum = Math.sqrt(mT1s) + Math.sqrt(mT2s);
      if (tau <= sum * sum) continue;
      const d = tau - mT1s - mT2s;
      const lambda = Math.sqrt(Math.max(0, d * d - 4 * mT1s * mT2s));
      const p1p = (this.wp * (tau + mT1s - mT2s + lambda)) / (2 * tau);
      const p1m = mT1s / p1p;
      this.add(id1, m1, x1, y1, p1p, p1m);
      this.add(id2, m2, x2, y2, this.wp - p1p, this.wm - p1m);
      return true;
    }
    return false;
  }

  private mass(id: number): number {
    const d = particle(id);
    return d.width > 0 ? breitWigner(this.rng, d.mass, d.width, d.minMass, d.maxMass) : d.mass;
  }

  private add(id: number, m: number, px: number, py: number, pp: number, pm: number): void {
    const i = this.nh;
    if (i === this.hid.length) {
      const v = new Float64Array(this.hv.length * 2);
      v.set(this.hv);
      this.hv = v;
      const h = new Int32Array(this.hid.length * 2);
      h.set(this.hid);
      this.hid = h;
      const mm = new Float64Array(this.hm.length * 2);
      mm.set(this.hm);
      this.hm = mm;
    }
    this.hid[i] = id;
    this.hm[i] = m;
    this.hv[4 * i] = px;
    this.hv[4 * i + 1] = py;
    this.hv[4 * i + 2] = 0.5 * (pp - pm);
    this.hv[4 * i + 3] = 0.5 * (pp + pm);
    this.nh = i + 1;
  }

  /** Rotates the rest-frame hadrons onto the piece's axis, boosts them to the lab and stores them. */
  private emit(piece: StringPiece, record: EventRecord): void {
    const P = piece.p;
    const bx = P[0] / P[3];
    const by = P[1] / P[3];
    const bz = P[2] / P[3];
    const f = this.frame;
    restFrameAxes(piece.a, bx, by, bz, f);
    const ux = f[0];
    const uy = f[1];
    const uz = f[2];
    const vx = f[3];
    const vy = f[4];
    const vz = f[5];
    const zx = f[6];
    const zy = f[7];
    const zz = f[8];
    const h = this.hv;
    const out = this.tmp;
    for (let i = 0; i < this.nh; i++) {
      const o = 4 * i;
      const x = h[o];
      const y = h[o + 1];
      const z = h[o + 2];
      out[0] = x * ux + y * vx + z * zx;
      out[1] = x * uy + y * vy + z * zy;
      out[2] = x * uz + y * vz + z * zz;
      out[3] = h[o + 3];
      boostInPlace(out, 0, bx, by, bz);
      const id = this.hid[i];
      record.push(id, charge3(id), 1, -1, out[0], out[1], out[2], out[3], this.hm[i]);
    }
  }
}

/**
 * Final-state parton shower: a pT-ordered dipole (antenna) shower with the
 * Sudakov veto algorithm.
 *
 * Gluon emission from a colour dipole (I, K) of mass² s, in terms of
 * y_ij = s_ij/s, y_jk = s_jk/s, evolution p⊥² = s_ij s_jk / s and rapidity
 * ζ = ½ ln(y_ij/y_jk):
 *   dP = αs(p⊥²)/(2π) · C · (x_i^n_i + x_k^n_k) · d ln p⊥² dζ,
 * x = 1 − y of the opposite pair, n = 2 for quark and 3 for gluon ends,
 * C = C_F for a q q̄ dipole and N_c/2 otherwise (large-N_c colour). For q q̄
 * this is the exact e+e- → q q̄ g matrix element, so the first emission
 * needs no correction.
 * g → q q̄ at a gluon end, with z the quark's light-cone share and the pair
 * mass² s_ij = p⊥²/(z(1−z)):
 *   dP = αs(p⊥²)/(2π) · (n_f T_R / 2) · (z² + (1−z)²) dz d ln p⊥²,
 * half per dipole end since each gluon ends two dipoles. Heavy flavours need
 * s_ij > 4 m_q².
 *
 * αs runs at one loop from `TimeShower:alphaSvalue` at MZ, matched at the
 * b and c thresholds (n_f = 5, 4, 3), as Pythia does. The trial
 * distributions use K/(b₀⁽³⁾ ln(p⊥²/Λ₃²)), integrated exactly, with K the
 * smallest factor that makes it an upper bound; ζ is bounded by the largest
 * range ln(s/p⊥²_cut). Vetoes then apply αs/αs_trial, phase space and the
 * splitting functions' numerators. The cutoff is max(`TimeShower:pTmin`,
 * 1.1 Λ₃) so the shower never reaches the Landau pole (Pythia protects its
 * cutoff the same way).
 * Partons are massless; heavy-quark dead cones are neglected.
 */
import type { Random } from './random.js';
import { GLUON, Partons } from './partons.js';
import { antennaMap } from './antenna-map.js';

const MZ = 91.1876;
const NF = 5;
const M_B = 4.8;
const M_C = 1.5;
const b0 = (nf: number) => (33 - 2 * nf) / (12 * Math.PI);
const B0 = b0(3);
const CF = 4 / 3;
const HALF_NC = 1.5;
/** Quark masses (GeV) for the g → q q̄ thresholds, by PDG code. */
const QUARK_MASS = [0, 0, 0, 0, 1.5, 4.8];

const EMIT = 0;
const SPLIT_LEFT = 1;
const SPLIT_RIGHT = 2;

export interface ShowerOptions {
  readonly alphaSMZ: number;
  /** GeV */
  readonly pTmin: number;
}

export class DipoleShower {
  private readonly lambda2: number;
  readonly pt2cut: number;
  private trialPt2 = new Float64Array(256);
  private trialKind = new Int8Array(256);
  /** Branchings accepted in the last event. */
  branchings = 0;

  // Λ² for n_f = 5, 4, 3 (GeV²), continuous αs at the thresholds.
  private readonly lam5: number;
  private readonly lam4: number;
  private readonly lam3: number;
  /** Factor making the trial αs an upper bound of the true one above the cutoff. */
  private readonly kTrial: number;

  constructor(
    opts: ShowerOptions,
    private readonly rng: Random,
  ) {
    this.lam5 = MZ * MZ * Math.exp(-1 / (b0(5) * opts.alphaSMZ));
    const aB = 1 / (b0(5) * Math.log((M_B * M_B) / this.lam5));
    this.lam4 = M_B * M_B * Math.exp(-1 / (b0(4) * aB));
    const aC = 1 / (b0(4) * Math.log((M_C * M_C) / this.lam4));
    this.lam3 = M_C * M_C * Math.exp(-1 / (b0(3) * aC));
    this.lambda2 = this.lam3;
    this.pt2cut = Math.max(opts.pTmin * opts.pTmin, 1.21 * this.lam3);
    let k = 1;
    for (let x = Math.log(this.pt2cut); x < Math.log(MZ * MZ); x += 0.01) {
      const pt2 = Math.exp(x);
      k = Math.max(k, this.alphaS(pt2) * B0 * Math.log(pt2 / this.lam3));
    }
    this.kTrial = k * 1.001;
  }

  /** αs(p⊥²) at one loop with flavour thresholds. */
  alphaS(pt2: number): number {
    if (pt2 > M_B * M_B) return 1 / (b0(5) * Math.log(pt2 / this.lam5));
    if (pt2 > M_C * M_C) return 1 / (b0(4) * Math.log(pt2 / this.lam4));
    return 1 / (B0 * Math.log(pt2 / this.lam3));
  }

  /** The trial αs: an upper bound that integrates in closed form. */
  private alphaTrial(pt2: number): number {
    return this.kTrial / (B0 * Math.log(pt2 / this.lam3));
  }

  /** Showers every dipole of `p` from `pt2Start` (GeV²) down to the cutoff. */
  run(p: Partons, pt2Start: number): void {
    this.branchings = 0;
    if (this.trialPt2.length < p.px.length) this.resize(p.px.length);
    for (let i = 0; i < p.n; i++) if (p.next[i]! >= 0) this.newTrial(p, i, pt2Start);
    for (;;) {
      let best = -1;
      let bestPt2 = this.pt2cut;
      for (let i = 0; i < p.n; i++) {
        if (p.next[i]! >= 0 && this.trialPt2[i]! > bestPt2) {
          bestPt2 = this.trialPt2[i]!;
          best = i;
        }
      }
      if (best < 0) return;
      if (p.n + 1 >= this.trialPt2.length) {
        p.reserve(p.n + 2);
        this.resize(p.px.length);
      }
      if (!this.tryBranch(p, best, bestPt2)) this.newTrial(p, best, bestPt2);
      else this.branchings++;
    }
  }

  private resize(cap: number): void {
    const t = new Float64Array(cap);
    t.set(this.trialPt2);
    const k = new Int8Array(cap);
    k.set(this.trialKind);
    this.trialPt2 = t;
    this.trialKind = k;
  }

  /** Next trial scale of dipole (i, next[i]) below pt2Start: the largest over its branching kinds. */
  private newTrial(p: Partons, i: number, pt2Start: number): void {
    const k = p.next[i]!;
    const s = p.s(i, k);
    const top = Math.min(pt2Start, s / 4);
    this.trialPt2[i] = 0;
    if (top <= this.pt2cut) return;
    const t0 = Math.log(top / this.lambda2);
    const L = Math.log(s / this.pt2cut);
    const quarks = p.id[i] !== GLUON && p.id[k] !== GLUON;
    const c = quarks ? CF : HALF_NC;
    let tBest = t0 * Math.pow(this.rng.uniform(), (Math.PI * B0) / (this.kTrial * c * L));
    let kind = EMIT;
    const splitExp = (8 * Math.PI * B0) / (this.kTrial * NF);
    if (p.id[i] === GLUON) {
      const t = t0 * Math.pow(this.rng.uniform(), splitExp);
      if (t > tBest) {
        tBest = t;
        kind = SPLIT_LEFT;
      }
    }
    if (p.id[k] === GLUON) {
      const t = t0 * Math.pow(this.rng.uniform(), splitExp);
      if (t > tBest) {
        tBest = t;
        kind = SPLIT_RIGHT;
      }
    }
    this.trialPt2[i] = this.lambda2 * Math.exp(tBest);
    this.trialKind[i] = kind;
  }

  /** Accepts or vetoes the trial of dipole (i, next[i]) at pt2; performs it when accepted. */
  private tryBranch(p: Partons, i: number, pt2: number): boolean {
    const k = p.next[i]!;
    const s = p.s(i, k);
    const rng = this.rng;
    if (rng.uniform() * this.alphaTrial(pt2) > this.alphaS(pt2)) return false;
    if (this.trialKind[i] === EMIT) {
      const L = Math.log(s / this.pt2cut);
      const zeta = (rng.uniform() - 0.5) * L;
      const r = Math.sqrt(pt2 / s);
      const yij = r * Math.exp(zeta);
      const yjk = r * Math.exp(-zeta);
      if (yij + yjk >= 1) return false;
      const xi = 1 - yjk;
      const xk = 1 - yij;
      const wi = p.id[i] === GLUON ? xi * xi * xi : xi * xi;
      const wk = p.id[k] === GLUON ? xk * xk * xk : xk * xk;
      if (2 * rng.uniform() > wi + wk) return false;
      const j = p.add(GLUON, 0, 0, 0, 0);
      antennaMap(p, i, k, j, yij * s, yjk * s, 2 * Math.PI * rng.uniform());
      p.next[i] = j;
      p.prev[j] = i;
      p.next[j] = k;
      p.prev[k] = j;
      this.refresh(p, pt2, p.prev[i]!, i, j, k);
      return true;
    }
    const z = rng.uniform();
    const sPair = pt2 / (z * (1 - z));
    if (sPair >= s) return false;
    const flavour = 1 + Math.floor(NF * rng.uniform());
    const mq = QUARK_MASS[flavour]!;
    if (sPair < 4 * mq * mq) return false;
    if (rng.uniform() > z * z + (1 - z) * (1 - z)) return false;
    const rest = s - sPair;
    const phi = 2 * Math.PI * rng.uniform();
    if (this.trialKind[i] === SPLIT_LEFT) {
      // Gluon i → antiquark (stays in slot i, ends the chain towards the
      // quark end) + quark j (starts a new chain with k).
      const j = p.add(flavour, 0, 0, 0, 0);
      antennaMap(p, i, k, j, sPair, (1 - z) * rest, phi);
      p.id[i] = -flavour;
      p.next[i] = -1;
      p.prev[j] = -1;
      p.next[j] = k;
      p.prev[k] = j;
      this.refresh(p, pt2, p.prev[i]!, j, k, -1);
    } else {
      // Gluon k → antiquark j (ends the chain with i) + quark k (starts a new one).
      const j = p.add(-flavour, 0, 0, 0, 0);
      antennaMap(p, i, k, j, (1 - z) * rest, sPair, phi);
      p.id[k] = flavour;
      p.next[i] = j;
      p.prev[j] = i;
      p.next[j] = -1;
      p.prev[k] = -1;
      this.refresh(p, pt2, p.prev[i]!, i, k, -1);
    }
    return true;
  }

  /** New trials for every dipole starting at one of the listed partons. */
  private refresh(p: Partons, pt2: number, a: number, b: number, c: number, d: number): void {
    for (const x of [a, b, c, d]) if (x >= 0 && p.next[x]! >= 0) this.newTrial(p, x, pt2);
  }
}

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
  /** Trial scale of each dipole as t = ln(p⊥²/Λ₃²); -Infinity for none. */
  private trialT = new Float64Array(256);
  /** ln(s/p⊥²_cut) of each dipole when its trial was made (s cannot change without a new trial). */
  private trialL = new Float64Array(256);
  private trialKind = new Int8Array(256);
  /** Branchings accepted in the last event. */
  branchings = 0;

  // Λ² for n_f = 5, 4, 3 (GeV²), continuous αs at the thresholds.
  private readonly lam5: number;
  private readonly lam4: number;
  private readonly lam3: number;
  /** Factor making the trial αs an upper bound of the true one above the cutoff. */
  private readonly kTrial: number;
  private readonly tCut: number;
  private readonly splitExp: number;

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
    this.tCut = Math.log(this.pt2cut / this.lambda2);
    this.splitExp = (8 * Math.PI * B0) / (this.kTrial * NF);
  }

  /** αs(p⊥²) at one loop with flavour thresholds. */
  alphaS(pt2: number): number {
    if (pt2 > M_B * M_B) return 1 / (b0(5) * Math.log(pt2 / this.lam5));
    if (pt2 > M_C * M_C) return 1 / (b0(4) * Math.log(pt2 / this.lam4));
    return 1 / (B0 * Math.log(pt2 / this.lam3));
  }

  /** Showers every dipole of `p` from `pt2Start` (GeV²) down to the cutoff. */
  run(p: Partons, pt2Start: number): void {
    this.branchings = 0;
    if (this.trialT.length < p.px.length) this.resize(p.px.length);
    const tStart = Math.log(pt2Start / this.lambda2);
    for (let i = 0; i < p.n; i++) if (p.next[i] >= 0) this.newTrial(p, i, tStart);
    const tCut = this.tCut;
    for (;;) {
      let best = -1;
      let bestT = tCut;
      for (let i = 0; i < p.n; i++) {
        if (p.next[i] >= 0 && this.trialT[i] > bestT) {
          bestT = this.trialT[i];
          best = i;
        }
      }
      if (best < 0) return;
      if (p.n + 1 >= this.trialT.length) {
        p.reserve(p.n + 2);
        this.resize(p.px.length);
      }
      if (!this.tryBranch(p, best, bestT)) this.newTrial(p, best, bestT);
      else this.branchings++;
    }
  }

  private resize(cap: number): void {
    const t = new Float64Array(cap);
    t.set(this.trialT);
    const l = new Float64Array(cap);
    l.set(this.trialL);
    const k = new Int8Array(cap);
    k.set(this.trialKind);
    this.trialT = t;
    this.trialL = l;
    this.trialKind = k;
  }

  /** Next trial scale of dipole (i, next[i]) below tStart: the largest over its branching kinds. */
  private newTrial(p: Partons, i: number, tStart: number): void {
    const k = p.next[i];
    const s = p.s(i, k);
    const tTop = Math.min(tStart, Math.log(s / (4 * this.lambda2)));
    this.trialT[i] = -Infinity;
    if (tTop <= this.tCut) return;
    const L = Math.log(s / this.pt2cut);
    this.trialL[i] = L;
    const quarks = p.id[i] !== GLUON && p.id[k] !== GLUON;
    const c = quarks ? CF : HALF_NC;
    let tBest = tTop * Math.pow(this.rng.uniform(), (Math.PI * B0) / (this.kTrial * c * L));
    let kind = EMIT;
    if (p.id[i] === GLUON) {
      const t = tTop * Math.pow(this.rng.uniform(), this.splitExp);
      if (t > tBest) {
        tBest = t;
        kind = SPLIT_LEFT;
      }
    }
    if (p.id[k] === GLUON) {
      const t = tTop * Math.pow(this.rng.uniform(), this.splitExp);
      if (t > tBest) {
        tBest = t;
        kind = SPLIT_RIGHT;
      }
    }
    this.trialT[i] = tBest;
    this.trialKind[i] = kind;
  }

  /** Accepts or vetoes the trial of dipole (i, next[i]) at pt2; performs it when accepted. */
  private tryBranch(p: Partons, i: number, t: number): boolean {
    const k = p.next[i];
    const s = p.s(i, k);
    const rng = this.rng;
    const pt2 = this.lambda2 * Math.exp(t);
    if (rng.uniform() * this.kTrial > this.alphaS(pt2) * B0 * t) return false;
    if (this.trialKind[i] === EMIT) {
      const L = this.trialL[i];
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
      this.refresh(p, t, p.prev[i], i, j, k);
      return true;
    }
    const z = rng.uniform();
    const sPair = pt2 / (z * (1 - z));
    if (sPair >= s) return false;
    const flavour = 1 + Math.floor(NF * rng.uniform());
    const mq = QUARK_MASS[flavour];
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
      this.refresh(p, t, p.prev[i], j, k, -1);
    } else {
      // Gluon k → antiquark j (ends the chain with i) + quark k (starts a new one).
      const j = p.add(-flavour, 0, 0, 0, 0);
      antennaMap(p, i, k, j, (1 - z) * rest, sPair, phi);
      p.id[k] = flavour;
      p.next[i] = j;
      p.prev[j] = i;
      p.next[j] = -1;
      p.prev[k] = -1;
      this.refresh(p, t, p.prev[i], i, k, -1);
    }
    return true;
  }

  /** New trials for every dipole starting at one of the listed partons. */
  private refresh(p: Partons, t: number, a: number, b: number, c: number, d: number): void {
    if (a >= 0 && p.next[a] >= 0) this.newTrial(p, a, t);
    if (b >= 0 && p.next[b] >= 0) this.newTrial(p, b, t);
    if (c >= 0 && p.next[c] >= 0) this.newTrial(p, c, t);
    if (d >= 0 && p.next[d] >= 0) this.newTrial(p, d, t);
  }
}

/**
 * From colour chains to straight string pieces. Each gluon is split into two
 * collinear halves joined by a fresh light q q̄ pair, so a chain
 * q g₁ … gₙ q̄ becomes n+1 pieces (q, ½g₁), (½g₁, ½g₂), …, (½gₙ, q̄) whose
 * masses add up, in logarithm, to roughly the Lund string length of the kinked
 * string. Pieces too light to make two hadrons are merged with the lighter
 * neighbour (the merged piece keeps the direction of its first end). The
 * pieces' four-momenta add up exactly to the partons'.
 */
import type { Partons } from './partons.js';
import type { StringPiece } from './string-fragmentation.js';
import type { FlavourSelector } from './flavour.js';
import { GLUON } from './partons.js';
import { constituentMass } from './flavour.js';

/** Pieces lighter than their ends' constituent masses plus this (GeV) are merged. */
const MERGE_MARGIN = 0.25;

export class StringBuilder {
  private pool: StringPiece[] = [];
  private masses: number[] = [];
  count = 0;

  pieces(): readonly StringPiece[] {
    return this.pool;
  }

  /** Builds the pieces of every chain of `p`; use `pieces()[0..count)`. */
  build(p: Partons, flav: FlavourSelector): void {
    this.count = 0;
    for (let start = 0; start < p.n; start++) {
      if (p.prev[start] !== -1 || p.next[start] === -1) continue;
      const first = this.count;
      let i = start;
      let endFlavour = p.id[start];
      let half = 1;
      while (p.next[i] !== -1) {
        const k = p.next[i];
        const piece = this.take();
        const kGluon = p.id[k] === GLUON;
        const fB = kGluon ? -flav.lightQuark() : p.id[k];
        piece.fA = endFlavour;
        piece.fB = fB;
        piece.kinkA = half < 1 ? 1 : 0;
        piece.kinkB = kGluon ? 1 : 0;
        piece.mEff = Math.sqrt(Math.max(0, p.s(i, k)));
        const wk = kGluon ? 0.5 : 1;
        for (let c = 0; c < 4; c++) {
          const vi = component(p, i, c) * half;
          piece.a[c] = vi;
          piece.p[c] = vi + component(p, k, c) * wk;
        }
        endFlavour = -fB;
        half = 0.5;
        i = k;
      }
      this.mergeLight(first);
    }
  }

  private take(): StringPiece {
    if (this.count === this.pool.length) {
      this.pool.push({ fA: 0, fB: 0, a: new Float64Array(4), p: new Float64Array(4), kinkA: 0, kinkB: 0, mEff: 0 });
    }
    return this.pool[this.count++];
  }

  /** Merges too-light pieces of the chain occupying pool[first..count). */
  private mergeLight(first: number): void {
    const m = this.masses;
    for (;;) {
      const n = this.count - first;
      if (n <= 1) return;
      m.length = n;
      let worst = -1;
      let worstGap = 0;
      for (let j = 0; j < n; j++) {
        const s = this.pool[first + j];
        const mass = invariantMass(s.p);
        m[j] = mass;
        const gap = mass - (constituentMass(s.fA) + constituentMass(s.fB) + MERGE_MARGIN);
        if (gap < worstGap) {
          worstGap = gap;
          worst = j;
        }
      }
      if (worst < 0) return;
      const left = worst === 0 ? 0 : worst === n - 1 ? n - 2 : m[worst - 1] < m[worst + 1] ? worst - 1 : worst;
      this.mergePair(first + left);
    }
  }

  /** Joins pool[j] and pool[j+1] into pool[j] and closes the gap. */
  private mergePair(j: number): void {
    const a = this.pool[j];
    const b = this.pool[j + 1];
    a.fB = b.fB;
    a.kinkB = b.kinkB;
    a.mEff = Math.max(a.mEff, b.mEff);
    for (let c = 0; c < 4; c++) a.p[c] = a.p[c] + b.p[c];
    // Rotate the freed object to the end of the pool so it can be reused.
    this.pool.splice(j + 1, 1);
    this.pool.splice(this.count - 1, 0, b);
    this.count--;
  }
}

function component(p: Partons, i: number, c: number): number {
  return c === 0 ? p.px[i] : c === 1 ? p.py[i] : c === 2 ? p.pz[i] : p.e[i];
}

function invariantMass(v: Float64Array): number {
  const m2 = v[3] * v[3] - v[0] * v[0] - v[1] * v[1] - v[2] * v[2];
  return m2 > 0 ? Math.sqrt(m2) : 0;
}

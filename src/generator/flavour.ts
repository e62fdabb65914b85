/**
 * Flavour choice at string breaks and the hadron a pair of flavours forms.
 *
 * Flavour codes: quark +q (1..5), antiquark −q, diquark +(1000 q1 + 100 q2 + s),
 * antidiquark the negative. Colour-triplet ends are quarks and antidiquarks,
 * antitriplet ends antiquarks and diquarks. A hadron is a triplet plus an
 * antitriplet: q q̄' a meson, q + diquark a baryon, antidiquark + q̄ an antibaryon.
 */
import type { Random } from './random.js';
import type { Settings } from './settings.js';

/** Share of baryons made with spin 3/2 when both spins are possible (SU(6)-like, not a Pythia setting). */
const DECUPLET_FRACTION = 0.3;
/** Λ versus Σ0 for the uds octet. */
const LAMBDA_FRACTION = 0.75;
/** Constituent masses (GeV) used for string-end thresholds. */
const CONSTITUENT = [0, 0.33, 0.33, 0.5, 1.5, 4.8];

export function isDiquark(f: number): boolean {
  return f >= 1000 || f <= -1000;
}

/** Constituent mass of a quark or diquark end, GeV. */
export function constituentMass(f: number): number {
  const a = f < 0 ? -f : f;
  if (a < 10) return CONSTITUENT[a];
  return CONSTITUENT[Math.floor(a / 1000)] + CONSTITUENT[Math.floor(a / 100) % 10];
}

export class FlavourSelector {
  private readonly pS: number;
  private readonly pQQ: number;
  private readonly pSinQQ: number;
  private readonly vectorFrac: Float64Array;
  private readonly etaSup: number;
  private readonly etaPrimeSup: number;

  constructor(settings: Settings, private readonly rng: Random) {
    const s = settings['StringFlav:probStoUD'];
    this.pS = s / (2 + s);
    const qq = settings['StringFlav:probQQtoQ'];
    this.pQQ = qq / (1 + qq);
    const sq = s * settings['StringFlav:probSQtoQQ'];
    this.pSinQQ = sq / (2 + sq);
    const v = (r: number) => r / (1 + r);
    this.vectorFrac = Float64Array.from([
      0,
      v(settings['StringFlav:mesonUDvector']),
      v(settings['StringFlav:mesonUDvector']),
      v(settings['StringFlav:mesonSvector']),
      v(settings['StringFlav:mesonCvector']),
      v(settings['StringFlav:mesonBvector']),
    ]);
    this.etaSup = settings['StringFlav:etaSup'];
    this.etaPrimeSup = settings['StringFlav:etaPrimeSup'];
  }

  /** A light quark flavour 1, 2 or 3 with strangeness suppression. */
  lightQuark(pS = this.pS): number {
    const r = this.rng.uniform();
    if (r < pS) return 3;
    return r < pS + (1 - pS) / 2 ? 1 : 2;
  }

  /**
   * The flavour (positive code, quark or diquark) of the pair made at a break
   * next to end `end`. Diquarks are not made next to a diquark end (that
   * would be a four-quark state) nor next to c or b ends (heavy baryons are
   * not modelled) nor when `quarkOnly`.
   */
  breakFlavour(end: number, quarkOnly: boolean): number {
    const a = end < 0 ? -end : end;
    if (quarkOnly || a >= 1000 || a === 4 || a === 5 || this.rng.uniform() >= this.pQQ) return this.lightQuark();
    const q1 = this.lightQuark(this.pSinQQ);
    const q2 = this.lightQuark(this.pSinQQ);
    const hi = q1 > q2 ? q1 : q2;
    const lo = q1 > q2 ? q2 : q1;
    return 1000 * hi + 100 * lo + (hi === lo ? 3 : 1);
  }

  /**
   * Hadron formed by triplet end `t` and antitriplet `a`; 0 when the choice
   * is rejected (η, η′ suppression) and the break must be chosen again.
   */
  hadron(t: number, a: number): number {
    if (t > 0 && a < 0) return this.meson(t, -a);
    if (t > 0) return this.baryon(t, a);
    return -this.baryon(-a, -t);
  }

  private meson(q: number, p: number): number {
    const heavy = q > p ? q : p;
    const light = q > p ? p : q;
    const vector = this.rng.uniform() < this.vectorFrac[heavy];
    if (q !== p) {
      const code = 100 * heavy + 10 * light + (vector ? 3 : 1);
      // PDG sign: positive when an up-type heavier flavour is the quark, or a
      // down-type heavier flavour is the antiquark.
      const upType = heavy === 2 || heavy === 4;
      return (upType ? q === heavy : p === heavy) ? code : -code;
    }
    // Heavy quarkonia are not modelled; only ministrings can ask for them.
    if (q > 3) return 0;
    const r = this.rng.uniform();
    if (vector) return q === 3 ? 333 : r < 0.5 ? 113 : 223;
    if (q === 3) return r < 0.5 ? this.eta(221) : this.eta(331);
    if (r < 0.5) return 111;
    return r < 0.75 ? this.eta(221) : this.eta(331);
  }

  private eta(id: number): number {
    const keep = id === 221 ? this.etaSup : this.etaPrimeSup;
    return this.rng.uniform() < keep ? id : 0;
  }

  /** Baryon from quark q and diquark d (all positive codes). */
  private baryon(q: number, d: number): number {
    let a = q;
    let b = Math.floor(d / 1000);
    let c = Math.floor(d / 100) % 10;
    // Sort descending: the PDG code lists the heaviest flavour first.
    if (b > a) [a, b] = [b, a];
    if (c > b) [b, c] = [c, b];
    if (b > a) [a, b] = [b, a];
    const allSame = a === b && b === c;
    if (allSame || this.rng.uniform() < DECUPLET_FRACTION) return 1000 * a + 100 * b + 10 * c + 4;
    if (a === 3 && b === 2 && c === 1) return this.rng.uniform() < LAMBDA_FRACTION ? 3122 : 3212;
    return 1000 * a + 100 * b + 10 * c + 2;
  }
}

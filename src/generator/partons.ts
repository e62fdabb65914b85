/**
 * Partons of one event during the shower: massless four-momenta in GeV and
 * their colour chains. A chain runs from a colour-triplet end (quark) through
 * gluons to an antitriplet end (antiquark); `next`/`prev` link it, −1 at the
 * ends. Each adjacent pair is a colour dipole that can radiate.
 */
export const GLUON = 21;

export class Partons {
  n = 0;
  px = new Float64Array(256);
  py = new Float64Array(256);
  pz = new Float64Array(256);
  e = new Float64Array(256);
  id = new Int32Array(256);
  next = new Int32Array(256);
  prev = new Int32Array(256);

  clear(): void {
    this.n = 0;
  }

  /** Makes room for `count` partons without moving existing ones. */
  reserve(count: number): void {
    while (this.px.length < count) this.grow();
  }

  add(id: number, px: number, py: number, pz: number, e: number): number {
    const i = this.n;
    if (i === this.px.length) this.grow();
    this.id[i] = id;
    this.px[i] = px;
    this.py[i] = py;
    this.pz[i] = pz;
    this.e[i] = e;
    this.next[i] = -1;
    this.prev[i] = -1;
    this.n = i + 1;
    return i;
  }

  /** Invariant 2 p_i·p_k (the dipole mass squared for massless partons). */
  s(i: number, k: number): number {
    return 2 * (this.e[i] * this.e[k] - this.px[i] * this.px[k] - this.py[i] * this.py[k] - this.pz[i] * this.pz[k]);
  }

  private grow(): void {
    const cap = this.px.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.px = f(this.px);
    this.py = f(this.py);
    this.pz = f(this.pz);
    this.e = f(this.e);
    this.id = g(this.id);
    this.next = g(this.next);
    this.prev = g(this.prev);
  }
}

/**
 * The generator's random numbers: xoshiro128** (32-bit arithmetic, fast in
 * JavaScript), seeded through SplitMix32 from a (seed, stream) pair so that
 * every run of a campaign gets its own statistically independent sequence
 * and the same (seed, stream) always replays the same events bit for bit.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number, stream = 0) {
    let x = mix32((seed >>> 0) ^ 0x9e3779b9);
    x = mix32(x ^ Math.imul((stream >>> 0) + 1, 0x85ebca6b));
    // Four SplitMix32 outputs; never all zero because mix32 is a bijection
    // applied to distinct inputs.
    this.s0 = mix32((x += 0x9e3779b9));
    this.s1 = mix32((x += 0x9e3779b9));
    this.s2 = mix32((x += 0x9e3779b9));
    this.s3 = mix32(x + 0x9e3779b9);
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 = s2 ^ s0;
    this.s3 = s3 ^ s1;
    this.s1 = s1 ^ this.s2;
    this.s0 = s0 ^ this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r >>> 0;
  }

  /** Uniform double in the open interval (0, 1), 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /** Standard normal deviate (Marsaglia's polar method, one value per call). */
  gauss(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const q = u * u + v * v;
      if (q >= 1 || q === 0) continue;
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      this.spare = v * f;
      return u * f;
    }
  }

  private spare: number | undefined = undefined;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded random permutation of 0…n−1 (Fisher–Yates), for validation splits, folds and bootstraps. */
export function permutation(rng: Random, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

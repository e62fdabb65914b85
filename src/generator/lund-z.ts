/**
 * Light-cone fraction z taken by a hadron at a string break, from the Lund
 * symmetric fragmentation function
 *   f(z) ∝ z^-(1 + r_Q b m_Q²) (1−z)^a exp(−b m⊥²/z),
 * where the extra Bowler power (r_Q, m_Q) applies only to the hadron that
 * contains a c or b string end. Sampled by accept/reject against f at its
 * maximum, which is a root of (1+c₂−a) z² − (1+c₂+c) z + c = 0 with
 * c = b m⊥², c₂ = r_Q b m_Q².
 */
import type { Random } from './random.js';

/** m⊥² in GeV², a and b as in `StringZ:aLund`, `StringZ:bLund` (GeV⁻²), c2 the Bowler exponent r_Q b m_Q². */
export function sampleLundZ(rng: Random, a: number, b: number, mT2: number, c2 = 0): number {
  const c = b * mT2;
  const p = 1 + c2;
  const A = p - a;
  const B = p + c;
  let zMax: number;
  if (Math.abs(A) < 1e-9) zMax = c / B;
  else {
    const disc = Math.sqrt(Math.max(0, B * B - 4 * A * c));
    // The smaller root in a cancellation-free form.
    zMax = (2 * c) / (B + disc);
  }
  if (!(zMax > 0 && zMax < 1)) zMax = Math.min(Math.max(zMax, 1e-6), 1 - 1e-6);
  const logMax = logF(zMax, a, c, p);
  // Expected uniforms per accepted z: 2 f_max (flat) against 3 (1 + ln f_max).
  if (c2 === 0 && logMax > 0 && 3 * (1 + logMax) < 2 * Math.exp(logMax)) return sampleTwoPiece(rng, a, c, logMax);
  for (;;) {
    const z = rng.uniform();
    if (Math.log(rng.uniform()) <= logF(z, a, c, p) - logMax) return z;
  }
}

/**
 * For light hadrons f peaks sharply at small z; a flat proposal then wastes
 * most draws. Without the Bowler term f(z) ≤ 1/z, so the envelope is f_max
 * on (0, 1/f_max) and 1/z above: area 1 + ln f_max instead of f_max.
 */
function sampleTwoPiece(rng: Random, a: number, c: number, logMax: number): number {
  const z1 = Math.exp(-logMax);
  const pFlat = 1 / (1 + logMax);
  for (;;) {
    if (rng.uniform() < pFlat) {
      const z = z1 * rng.uniform();
      if (Math.log(rng.uniform()) <= logF(z, a, c, 1) - logMax) return z;
    } else {
      const z = Math.exp(-logMax * rng.uniform());
      // Envelope 1/z: accept with f(z)·z.
      if (Math.log(rng.uniform()) <= logF(z, a, c, 1) + Math.log(z)) return z;
    }
  }
}

function logF(z: number, a: number, c: number, p: number): number {
  return -p * Math.log(z) + (a > 0 ? a * Math.log1p(-z) : 0) - c / z;
}

/**
 * Electric charge from a PDG Monte Carlo particle number, for any particle a
 * real generator writes (the built-in generator knows its charges already).
 * Hadrons are decoded from their quark digits n_q1 n_q2 n_q3, following the
 * numbering scheme of the Review of Particle Physics.
 */

// Three times the charge of quarks d u s c b t (index = PDG code).
const QUARK3 = [0, -1, 2, -1, 2, -1, 2, -1, 2];

/** Three times the electric charge of particle `pid` (0 when unknown). */
export function charge3Of(pid: number): number {
  const a = pid < 0 ? -pid : pid;
  const sign = pid < 0 ? -1 : 1;
  if (a <= 8) return sign * QUARK3[a];
  if (a < 100) return sign * fundamentalCharge3(a);
  if (a >= 1_000_000_000) {
    // Nucleus 10LZZZAAAI.
    return sign * 3 * Math.floor((a % 10_000_000) / 10_000);
  }
  const q1 = Math.floor(a / 1000) % 10;
  const q2 = Math.floor(a / 100) % 10;
  const q3 = Math.floor(a / 10) % 10;
  if (q2 === 0 || q3 > 8 || q2 > 8 || q1 > 8) return 0;
  if (q3 === 0) {
    // Diquark q1 q2 (e.g. 2101).
    return sign * (QUARK3[q1] + QUARK3[q2]);
  }
  if (q1 === 0) {
    // Meson: the positive code carries the down-type antiquark when the
    // heavier quark is s or b, the up-type quark otherwise.
    const c = q2 === 3 || q2 === 5 || q2 === 1 ? QUARK3[q3] - QUARK3[q2] : QUARK3[q2] - QUARK3[q3];
    return sign * c;
  }
  return sign * (QUARK3[q1] + QUARK3[q2] + QUARK3[q3]);
}

function fundamentalCharge3(a: number): number {
  switch (a) {
    case 11:
    case 13:
    case 15:
    case 17:
      return -3;
    case 24:
    case 37:
      return 3;
    default:
      return 0;
  }
}

/** True for hadrons: mesons, baryons (not diquarks, not nuclei). */
export function isHadron(pid: number): boolean {
  const a = pid < 0 ? -pid : pid;
  if (a < 100 || a >= 1_000_000_000) return false;
  const q2 = Math.floor(a / 100) % 10;
  const q3 = Math.floor(a / 10) % 10;
  return q2 !== 0 && q3 !== 0;
}

/**
 * The 2→3 kinematics of a dipole branching: massless I, K → i, j, k with
 * given invariants s_ij, s_jk, conserving the dipole four-momentum exactly
 * (up to rounding). In the dipole rest frame the parton with the larger
 * energy keeps its direction more closely: the angle of i to the old I axis
 * is E_k²/(E_i²+E_k²)·(π−θ_ik), the Kleiss/Ariadne recoil choice.
 */
import type { Partons } from './partons.js';
import { boostInPlace, restFrameAxes } from './kinematics.js';

const v = new Float64Array(4);
const out = new Float64Array(12);
const frame = new Float64Array(9);

/**
 * Overwrites partons `iSlot` and `kSlot` (which held I and K) with i and k
 * and writes j into `jSlot`; `phi` is the azimuth of the branching plane.
 */
export function antennaMap(p: Partons, iSlot: number, kSlot: number, jSlot: number, sij: number, sjk: number, phi: number): void {
  const Px = p.px[iSlot] + p.px[kSlot];
  const Py = p.py[iSlot] + p.py[kSlot];
  const Pz = p.pz[iSlot] + p.pz[kSlot];
  const Pe = p.e[iSlot] + p.e[kSlot];
  const s = Pe * Pe - Px * Px - Py * Py - Pz * Pz;
  const M = Math.sqrt(s);
  const bx = Px / Pe;
  const by = Py / Pe;
  const bz = Pz / Pe;
  // Frame of the dipole rest frame with z along I.
  v[0] = p.px[iSlot];
  v[1] = p.py[iSlot];
  v[2] = p.pz[iSlot];
  v[3] = p.e[iSlot];
  restFrameAxes(v, bx, by, bz, frame);
  restFrameMomenta(s, M, sij, sjk, phi);
  for (let o = 0; o < 12; o += 4) boostInPlace(out, o, bx, by, bz);
  store(p, iSlot, 0);
  store(p, jSlot, 4);
  store(p, kSlot, 8);
}

/**
 * i, j, k in the dipole rest frame (axes in `frame`, z along I) into `out`:
 * energies from the invariants, i and k at the recoil angles above on either
 * side of the z axis in the plane at azimuth φ, j balancing them.
 */
function restFrameMomenta(s: number, M: number, sij: number, sjk: number, phi: number): void {
  const ax = frame[0];
  const ay = frame[1];
  const az = frame[2];
  const bx2 = frame[3];
  const by2 = frame[4];
  const bz2 = frame[5];
  const zx = frame[6];
  const zy = frame[7];
  const zz = frame[8];
  const c = Math.cos(phi);
  const sn = Math.sin(phi);
  const ex = c * ax + sn * bx2;
  const ey = c * ay + sn * by2;
  const ez = c * az + sn * bz2;
  const sik = s - sij - sjk;
  const Ei = (s - sjk) / (2 * M);
  const Ek = (s - sij) / (2 * M);
  const cosIK = Math.min(1, Math.max(-1, 1 - sik / (2 * Ei * Ek)));
  const thetaIK = Math.acos(cosIK);
  const open = Math.PI - thetaIK;
  const thetaI = ((Ek * Ek) / (Ei * Ei + Ek * Ek)) * open;
  const thetaK = open - thetaI;
  const si = Math.sin(thetaI) * Ei;
  const ci = Math.cos(thetaI) * Ei;
  const sk = Math.sin(thetaK) * Ek;
  const ck = Math.cos(thetaK) * Ek;
  // i and k lean towards +e, j balances them.
  out[0] = si * ex + ci * zx;
  out[1] = si * ey + ci * zy;
  out[2] = si * ez + ci * zz;
  out[3] = Ei;
  out[8] = sk * ex - ck * zx;
  out[9] = sk * ey - ck * zy;
  out[10] = sk * ez - ck * zz;
  out[11] = Ek;
  out[4] = -(out[0] + out[8]);
  out[5] = -(out[1] + out[9]);
  out[6] = -(out[2] + out[10]);
  out[7] = M - Ei - Ek;
}

function store(p: Partons, slot: number, o: number): void {
  p.px[slot] = out[o];
  p.py[slot] = out[o + 1];
  p.pz[slot] = out[o + 2];
  p.e[slot] = out[o + 3];
}

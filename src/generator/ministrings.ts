/**
 * String pieces too light to fragment into two hadrons become one hadron.
 * The hadron's mass differs from the piece's, so four-momentum is shuffled
 * with the heaviest other piece of the event: in their common rest frame
 * both keep their directions and the momentum is rescaled until the hadron
 * is on shell and the partner keeps its mass (Pythia treats such
 * "ministrings" similarly). The event's total four-momentum is unchanged.
 */
import type { EventRecord } from '../event/index.js';
import type { StringPiece } from './string-fragmentation.js';
import type { FlavourSelector } from './flavour.js';
import { boostInPlace, twoBodyMomentum } from './kinematics.js';
import { PARTICLES, charge3, particle } from './particle-data.js';

const tmp = new Float64Array(4);

export function pieceMass(p: Float64Array): number {
  const m2 = p[3] * p[3] - p[0] * p[0] - p[1] * p[1] - p[2] * p[2];
  return m2 > 0 ? Math.sqrt(m2) : 0;
}

/**
 * Turns `pieces[i]` into one hadron appended to `record`, taking the
 * momentum difference from another piece (marked in `done` when it is the
 * collapsed one). False when no flavour or partner works (caller vetoes).
 */
export function collapsePiece(pieces: readonly StringPiece[], count: number, i: number, done: Uint8Array, flav: FlavourSelector, record: EventRecord): boolean {
  const piece = pieces[i];
  let id = 0;
  for (let t = 0; t < 20 && id === 0; t++) id = flav.hadron(piece.fA, piece.fB);
  if (id === 0 || !PARTICLES.has(Math.abs(id))) return false;
  const mh = particle(id).mass;
  let partner = -1;
  let best = 0;
  for (let j = 0; j < count; j++) {
    if (j === i || done[j]) continue;
    const m = pieceMass(pieces[j].p);
    if (m > best) {
      best = m;
      partner = j;
    }
  }
  if (partner < 0) return false;
  const other = pieces[partner];
  const Pi = piece.p;
  const Pj = other.p;
  const tot = [Pi[0] + Pj[0], Pi[1] + Pj[1], Pi[2] + Pj[2], Pi[3] + Pj[3]] as const;
  const Mtot = pieceMass(Float64Array.from(tot));
  const Mj = best;
  if (Mtot <= mh + Mj) return false;
  const bx = tot[0] / tot[3];
  const by = tot[1] / tot[3];
  const bz = tot[2] / tot[3];
  // Direction of the collapsing piece in the common rest frame.
  tmp.set(Pi);
  boostInPlace(tmp, 0, -bx, -by, -bz);
  const len = Math.hypot(tmp[0], tmp[1], tmp[2]);
  const p = twoBodyMomentum(Mtot, mh, Mj);
  const ux = len > 0 ? tmp[0] / len : 0;
  const uy = len > 0 ? tmp[1] / len : 0;
  const uz = len > 0 ? tmp[2] / len : 1;
  tmp[0] = p * ux;
  tmp[1] = p * uy;
  tmp[2] = p * uz;
  tmp[3] = Math.sqrt(p * p + mh * mh);
  boostInPlace(tmp, 0, bx, by, bz);
  // The partner's end-A direction must stay the same in its own rest frame.
  const a = other.a;
  boostInPlace(a, 0, -Pj[0] / Pj[3], -Pj[1] / Pj[3], -Pj[2] / Pj[3]);
  for (let c = 0; c < 4; c++) Pj[c] = tot[c] - tmp[c];
  boostInPlace(a, 0, Pj[0] / Pj[3], Pj[1] / Pj[3], Pj[2] / Pj[3]);
  record.push(id, charge3(id), 1, -1, tmp[0], tmp[1], tmp[2], tmp[3], mh);
  done[i] = 1;
  return true;
}

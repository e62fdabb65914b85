/**
 * Decays of unstable hadrons (and of K0 → K0S/K0L), repeated until only
 * particles stable on detector scales remain: π±, K±, K0L, p, n, γ, e, μ, ν.
 * K0S, Λ, Σ, Ξ and Ω decay, as at LEP, where the measured charged
 * multiplicity includes their decay products. Two-body decays are isotropic
 * in the rest frame, three and more bodies follow flat phase space;
 * resonance masses come from truncated Breit–Wigners. Daughters add up to the
 * mother's four-momentum to rounding.
 */
import type { EventRecord } from '../event/index.js';
import type { Random } from './random.js';
import { boostInPlace, breitWigner, phaseSpace, type MaxWeight } from './kinematics.js';
import { charge3, conjugate, findParticle, particle, type Channel, type ParticleData } from './particle-data.js';

const CHANNEL_TRIES = 50;

export class Decayer {
  private readonly masses = new Float64Array(8);
  private readonly moms = new Float64Array(32);
  private readonly ids = new Int32Array(8);
  /** Learned maximum phase-space weights of many-body channels. */
  private readonly maxWeights = new Map<Channel, MaxWeight>();

  constructor(private readonly rng: Random) {}

  /** Decays every unstable particle from index `from` on, including daughters. */
  decayAll(record: EventRecord, from: number): void {
    for (let i = from; i < record.n; i++) {
      if (record.status[i] !== 1) continue;
      const pid = record.pid[i];
      const data = findParticle(pid);
      if (!data || data.channels.length === 0) continue;
      this.decay(record, i, data, pid < 0);
    }
  }

  private decay(record: EventRecord, i: number, data: ParticleData, anti: boolean): void {
    const M = record.m[i];
    const rng = this.rng;
    for (let t = 0; t < CHANNEL_TRIES; t++) {
      const u = rng.uniform();
      let c = 0;
      while (data.cumulative[c] < u) c++;
      const channel = data.channels[c];
      const daughters = channel.daughters;
      const n = daughters.length;
      let left = M;
      for (let j = 0; j < n; j++) {
        const d = particle(daughters[j]);
        left -= d.width > 0 ? d.minMass : d.mass;
      }
      if (left < 0 || (left === 0 && n > 1)) continue;
      for (let j = 0; j < n; j++) {
        const id = daughters[j];
        const d = particle(id);
        this.ids[j] = anti ? conjugate(id) : id;
        if (d.width > 0) {
          // Room for this resonance: what the others leave at their minimum.
          const hi = Math.min(d.maxMass, d.minMass + left);
          const m = breitWigner(rng, d.mass, d.width, d.minMass, hi);
          left -= m - d.minMass;
          this.masses[j] = m;
        } else this.masses[j] = d.mass;
      }
      let mw = this.maxWeights.get(channel);
      if (!mw && n > 3) this.maxWeights.set(channel, (mw = { value: 0 }));
      if (!phaseSpace(rng, M, this.masses, n, this.moms, mw)) continue;
      const bx = record.px[i] / record.e[i];
      const by = record.py[i] / record.e[i];
      const bz = record.pz[i] / record.e[i];
      record.status[i] = 2;
      for (let j = 0; j < n; j++) {
        boostInPlace(this.moms, 4 * j, bx, by, bz);
        const id = this.ids[j];
        const o = 4 * j;
        record.push(id, charge3(id), 1, i, this.moms[o], this.moms[o + 1], this.moms[o + 2], this.moms[o + 3], this.masses[j]);
      }
      return;
    }
    throw new Error(`built-in generator: no open decay channel for ${record.pid[i]} at mass ${M} GeV`);
  }
}

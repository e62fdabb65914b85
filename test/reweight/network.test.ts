import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/generator/index.js';
import { initBackend } from '../../src/nn/index.js';
import { PARTICLE_FEATURES, repadParticles, type ParticleSet } from '../../src/reweight/features.js';
import { assembleBatch, standardisationOf } from '../../src/reweight/inputs.js';
import { DEFAULT_PARTICLE_FLOW, initNet } from '../../src/reweight/network.js';
import { Reweighter } from '../../src/reweight/reweighter.js';

const K = PARTICLE_FEATURES.length;

/** n events of 3…M−1 random particles (features drawn directly), padded to M rows. */
function randomSet(n: number, M: number, rng: Random): ParticleSet {
  const x = new Float32Array(n * M * K);
  const mask = new Float32Array(n * M);
  for (let i = 0; i < n; i++) {
    const m = 3 + Math.floor(rng.uniform() * (M - 3));
    for (let j = 0; j < m; j++) {
      mask[i * M + j] = 1;
      const row = x.subarray((i * M + j) * K, (i * M + j + 1) * K);
      row.set([rng.uniform() / m, 2 * rng.gauss(), Math.PI * (2 * rng.uniform() - 1), Math.sign(rng.gauss())]);
      row[4 + Math.floor(rng.uniform() * 6)] = 1;
    }
  }
  return { kind: 'particles', n, maxParticles: M, names: PARTICLE_FEATURES, x, mask, truncatedEvents: 0 };
}

/** The same events with each one's real particles in reversed order. */
function reversed(set: ParticleSet): ParticleSet {
  const [M, x] = [set.maxParticles, new Float32Array(set.x.length)];
  for (let i = 0; i < set.n; i++) {
    let m = 0;
    while (m < M && set.mask[i * M + m] !== 0) m++;
    for (let j = 0; j < m; j++) x.set(set.x.subarray((i * M + j) * K, (i * M + j + 1) * K), (i * M + m - 1 - j) * K);
  }
  return { ...set, x };
}

let model: Reweighter;
let set: ParticleSet;

beforeAll(async () => {
  await initBackend();
  set = randomSet(300, 24, new Random(11));
  const net = initNet(DEFAULT_PARTICLE_FLOW, K + 1, 'relu', 1 / 12, 5);
  const theta = { names: ['StringZ:aLund'], lo: [0.5], hi: [1], theta0: [0.68] };
  model = new Reweighter({ mode: 'parametrised', spec: DEFAULT_PARTICLE_FLOW, activation: 'relu', inputKind: 'particles', featureNames: PARTICLE_FEATURES, standardisation: standardisationOf([set]), theta }, net);
});
afterAll(() => model.dispose());

describe('Particle Flow network', () => {
  /**
   * Reordering changes only the order of the float32 sum over particles (≲ 24 terms of
   * magnitude ≲ 1 after × sumScale), so the logits agree to a few ulps of the pooled sum:
   * 1e-6 absolute is ~10 float32 ulps at |logit| ≈ 1.
   */
  it('gives the same logits whatever the order of the particles', () => {
    const a = model.logits(set, [0.8]);
    const b = model.logits(reversed(set), [0.8]);
    let worst = 0;
    a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]))));
    expect(worst).toBeLessThan(1e-6);
    expect(new Set(a).size).toBeGreaterThan(250);
  });

  it('gives the same logits with more padding rows', () => {
    const a = model.logits(set, [0.6]);
    const b = model.logits(repadParticles(set, 40), [0.6]);
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-6));
  });

  it('appends θ to real particles only, padding rows staying all zero', () => {
    const batch = assembleBatch(set, model.info.standardisation, { values: Float32Array.of(0.25), perEvent: false }, 1, undefined, 0, 5);
    for (let r = 0; r < 5 * 24; r++) {
      const row = batch.rows.subarray(r * (K + 1), (r + 1) * (K + 1));
      if (set.mask[r] === 0) expect(row.every((v) => v === 0)).toBe(true);
      else expect(row[K]).toBe(-0.5); // the unit θ 0.25, centred: 2·0.25 − 1
    }
    expect(Array.from(batch.mask ?? [])).toEqual(Array.from(set.mask.subarray(0, 5 * 24)));
  });

  it('refuses θ outside the trained range, naming it', () => {
    expect(() => model.logits(set, [1.2])).toThrow(/StringZ:aLund = 1.2 is outside the trained range \[0.5, 1\]/);
  });

  it('frees its intermediate tensors', () => {
    const before = tf.memory().numTensors;
    model.logits(set, [0.7]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

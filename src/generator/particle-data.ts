/**
 * Hadron and lepton properties the built-in generator needs: PDG masses and
 * widths (GeV) and decay tables with rounded PDG branching ratios. Channels
 * are written for the particle; the antiparticle decays to the conjugates.
 * Heavy-flavour tables keep the main exclusive and semileptonic modes plus a
 * few multi-pion modes standing in for the inclusive rest, so charged
 * multiplicities of b and c events come out near the measured ones.
 */
import { charge3Of } from '../event/index.js';

export interface Channel {
  /** Branching ratio (normalised over the listed channels at start-up). */
  readonly br: number;
  readonly daughters: readonly number[];
}

export interface ParticleData {
  readonly id: number;
  readonly mass: number;
  /** Breit–Wigner width; 0 for a fixed mass. */
  readonly width: number;
  readonly charge3: number;
  /** True when the particle is its own antiparticle. */
  readonly selfConjugate: boolean;
  /** Cumulative branching ratios, one per channel; empty when stable. */
  readonly cumulative: Float64Array;
  readonly channels: readonly Channel[];
  /** Lowest mass a Breit–Wigner may give (threshold of the lightest channel). */
  readonly minMass: number;
  readonly maxMass: number;
}

type Row = [id: number, mass: number, width: number, self: boolean, channels?: [number, ...number[]][]];

const ROWS: Row[] = [
  [22, 0, 0, true],
  [11, 0.000511, 0, false],
  [12, 0, 0, false],
  [13, 0.10566, 0, false],
  [14, 0, 0, false],
  [211, 0.13957, 0, false],
  [111, 0.134977, 0, true, [[0.988, 22, 22], [0.012, 22, 11, -11]]],
  [321, 0.493677, 0, false],
  [311, 0.497611, 0, false, [[0.5, 310], [0.5, 130]]],
  [310, 0.497611, 0, true, [[0.692, 211, -211], [0.307, 111, 111]]],
  [130, 0.497611, 0, true],
  [221, 0.547862, 0, true, [[0.394, 22, 22], [0.327, 111, 111, 111], [0.229, 211, -211, 111], [0.046, 211, -211, 22]]],
  [331, 0.95778, 0, true, [[0.425, 211, -211, 221], [0.224, 111, 111, 221], [0.289, 113, 22], [0.026, 223, 22], [0.022, 22, 22]]],
  [113, 0.77526, 0.1491, true, [[1, 211, -211]]],
  [213, 0.77526, 0.1491, false, [[1, 211, 111]]],
  [223, 0.78266, 0.00868, true, [[0.892, 211, -211, 111], [0.083, 111, 22], [0.015, 211, -211]]],
  [333, 1.019461, 0.004249, true, [[0.492, 321, -321], [0.34, 130, 310], [0.051, 213, -211], [0.051, 113, 111], [0.051, -213, 211], [0.013, 221, 22]]],
  [323, 0.89166, 0.0508, false, [[0.667, 311, 211], [0.333, 321, 111]]],
  [313, 0.89555, 0.0473, false, [[0.667, 321, -211], [0.333, 311, 111]]],
  // Charm mesons (c q̄): c → s W+.
  [421, 1.86484, 0, false, [
    [0.039, -321, 211], [0.144, -321, 211, 111], [0.082, -321, 211, 211, -211], [0.028, -311, 211, -211],
    [0.024, -311, 111], [0.035, -321, -11, 12], [0.033, -321, -13, 14], [0.022, -323, -11, 12],
    [0.11, -321, 213], [0.054, -323, 211], [0.042, -321, 211, 211, -211, 111], [0.05, -311, 211, -211, 111],
  ]],
  [411, 1.86966, 0, false, [
    [0.031, -311, 211], [0.094, -321, 211, 211], [0.069, -311, 211, 111], [0.062, -321, 211, 211, 111],
    [0.088, -311, -11, 12], [0.088, -311, -13, 14], [0.054, -313, -11, 12], [0.03, -311, 211, 211, -211],
    [0.015, -313, 211],
  ]],
  [431, 1.96835, 0, false, [
    [0.045, 333, 211], [0.029, 321, -311], [0.017, 221, 211], [0.039, 331, 211], [0.024, 333, -11, 12],
    [0.023, 221, -11, 12], [0.055, 321, -321, 211, 111], [0.089, 221, 213], [0.058, 331, 213],
  ]],
  [423, 2.00685, 0, false, [[0.647, 421, 111], [0.353, 421, 22]]],
  [413, 2.01026, 0, false, [[0.677, 421, 211], [0.307, 411, 111], [0.016, 411, 22]]],
  [433, 2.1122, 0, false, [[0.935, 431, 22], [0.058, 431, 111]]],
  // Bottom mesons (q b̄): b̄ → c̄ W+.
  [521, 5.27934, 0, false, [
    [0.023, -421, -11, 12], [0.057, -423, -11, 12], [0.023, -421, -13, 14], [0.057, -423, -13, 14],
    [0.005, -421, 211], [0.005, -423, 211], [0.013, -421, 213], [0.01, -423, 213],
    [0.01, -421, 431], [0.008, -423, 431], [0.017, -423, 433], [0.011, -421, 211, 211, -211],
    [0.1, -421, 211, 211, -211, 111], [0.1, -423, 211, 211, -211, 111], [0.08, -421, 211, 211, -211, 211, -211],
    [0.1, -411, 211, 211, 111], [0.08, -413, 211, 211, 211, -211],
  ]],
  [511, 5.27966, 0, false, [
    [0.022, -411, -11, 12], [0.05, -413, -11, 12], [0.022, -411, -13, 14], [0.05, -413, -13, 14],
    [0.003, -411, 211], [0.003, -413, 211], [0.008, -411, 213], [0.007, -413, 213],
    [0.007, -411, 431], [0.008, -413, 431], [0.018, -413, 433], [0.007, -413, 211, 211, -211],
    [0.1, -411, 211, 211, -211, 111], [0.1, -413, 211, 211, -211, 111], [0.1, -421, 211, -211, 111],
    [0.08, -421, 211, 211, -211, -211, 111], [0.08, -423, 211, -211, 211, -211],
  ]],
  [531, 5.36688, 0, false, [
    [0.08, -431, -11, 12], [0.08, -431, -13, 14], [0.003, -431, 211], [0.007, -431, 213],
    [0.004, -431, 431], [0.06, -431, 211, 211, -211], [0.2, -431, 211, 211, -211, 111],
    [0.1, -433, 211, 211, -211], [0.1, -421, -321, 211, 211, -211],
  ]],
  [513, 5.32471, 0, false, [[1, 511, 22]]],
  [523, 5.32471, 0, false, [[1, 521, 22]]],
  [533, 5.4154, 0, false, [[1, 531, 22]]],
  // Baryons.
  [2212, 0.938272, 0, false],
  [2112, 0.939565, 0, false],
  [3122, 1.115683, 0, false, [[0.639, 2212, -211], [0.358, 2112, 111]]],
  [3222, 1.18937, 0, false, [[0.516, 2212, 111], [0.483, 2112, 211]]],
  [3212, 1.192642, 0, false, [[1, 3122, 22]]],
  [3112, 1.197449, 0, false, [[1, 2112, -211]]],
  [3322, 1.31486, 0, false, [[1, 3122, 111]]],
  [3312, 1.32171, 0, false, [[1, 3122, -211]]],
  [3334, 1.67245, 0, false, [[0.678, 3122, -321], [0.236, 3322, -211], [0.086, 3312, 111]]],
  [2224, 1.232, 0.117, false, [[1, 2212, 211]]],
  [2214, 1.232, 0.117, false, [[0.667, 2212, 111], [0.333, 2112, 211]]],
  [2114, 1.232, 0.117, false, [[0.667, 2112, 111], [0.333, 2212, -211]]],
  [1114, 1.232, 0.117, false, [[1, 2112, -211]]],
  [3224, 1.3828, 0.036, false, [[0.87, 3122, 211], [0.065, 3222, 111], [0.065, 3212, 211]]],
  [3214, 1.3837, 0.036, false, [[0.87, 3122, 111], [0.065, 3222, -211], [0.065, 3112, 211]]],
  [3114, 1.3872, 0.0394, false, [[0.87, 3122, -211], [0.065, 3212, -211], [0.065, 3112, 111]]],
  [3324, 1.5318, 0.0091, false, [[0.667, 3312, 211], [0.333, 3322, 111]]],
  [3314, 1.535, 0.0099, false, [[0.667, 3322, -211], [0.333, 3312, 111]]],
];

// Breit–Wigner masses are kept within this many widths of the pole.
const BW_WIDTHS = 3;

function build(): Map<number, ParticleData> {
  const table = new Map<number, ParticleData>();
  const mass = new Map(ROWS.map((r) => [r[0], r[1]]));
  const m = (id: number): number => mass.get(Math.abs(id)) ?? NaN;
  for (const [id, m0, width, self, chans = []] of ROWS) {
    const total = chans.reduce((s, c) => s + c[0], 0);
    const channels = chans.map(([br, ...d]) => ({ br: br / total, daughters: d }));
    const cumulative = new Float64Array(channels.length);
    let acc = 0;
    channels.forEach((c, i) => (cumulative[i] = acc += c.br));
    if (channels.length) cumulative[channels.length - 1] = 1;
    const threshold = channels.length ? Math.min(...channels.map((c) => c.daughters.reduce((s, d) => s + m(d), 0))) : 0;
    table.set(id, {
      id,
      mass: m0,
      width,
      charge3: charge3Of(id),
      selfConjugate: self,
      cumulative,
      channels,
      minMass: width > 0 ? Math.max(m0 - BW_WIDTHS * width, threshold + 0.01) : m0,
      maxMass: width > 0 ? m0 + BW_WIDTHS * width : m0,
    });
  }
  return table;
}

/** Properties by positive PDG code. */
export const PARTICLES: ReadonlyMap<number, ParticleData> = build();

// Dense lookup by |PDG id|: the event loop asks for every hadron it makes.
const BY_ID: (ParticleData | undefined)[] = (() => {
  const a: (ParticleData | undefined)[] = new Array<ParticleData | undefined>(Math.max(...PARTICLES.keys()) + 1).fill(undefined);
  for (const [id, p] of PARTICLES) a[id] = p;
  return a;
})();

/** Data for `pid` or its antiparticle, or undefined for particles the generator never makes. */
export function findParticle(pid: number): ParticleData | undefined {
  return BY_ID[pid < 0 ? -pid : pid];
}

/** Data for `pid` or its antiparticle; throws for particles the generator never makes. */
export function particle(pid: number): ParticleData {
  const p = BY_ID[pid < 0 ? -pid : pid];
  if (!p) throw new Error(`built-in generator: no particle data for PDG id ${pid}`);
  return p;
}

/** The antiparticle's code (self-conjugate particles map to themselves). */
export function conjugate(pid: number): number {
  const p = BY_ID[pid < 0 ? -pid : pid];
  return p && p.selfConjugate ? pid : -pid;
}

/** Three times the charge of `pid` (antiparticles flip sign). */
export function charge3(pid: number): number {
  const c = particle(pid).charge3;
  return pid < 0 ? -c : c;
}

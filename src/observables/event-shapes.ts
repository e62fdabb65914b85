/**
 * All event shapes of one event computed together, once, from contiguous
 * momentum arrays (like a set of Rivet projections). One instance is reused
 * for every event: compute() allocates nothing once its scratch has grown to
 * the largest multiplicity seen.
 */
import { Durham } from './durham.js';
import { Hemispheres } from './hemispheres.js';
import { LinearisedTensor } from './linearised.js';
import { Sphericity } from './sphericity.js';
import { Thrust } from './thrust.js';

/** Event shapes of one event; all scalars are dimensionless unless stated. */
export class EventShapes {
  /** Number of particles in the last compute(). */
  n = 0;
  /** Visible energy Σ E_i, GeV. */
  evis = 0;
  /** Thrust T (exact). */
  thrust = 0;
  /** Thrust major (exact maximum ⊥ the thrust axis). */
  thrustMajor = 0;
  /** Thrust minor, along thrustAxis × thrustMajorAxis. */
  thrustMinor = 0;
  /** Oblateness = thrustMajor − thrustMinor. */
  oblateness = 0;
  /** Sphericity S = 3/2 (λ2 + λ3) of the quadratic tensor. */
  sphericity = 0;
  /** Aplanarity A = 3/2 λ3. */
  aplanarity = 0;
  /** Planarity λ2 − λ3. */
  planarity = 0;
  /** C-parameter of the linearised tensor. */
  cParameter = 0;
  /** D-parameter of the linearised tensor. */
  dParameter = 0;
  /** Heavy jet mass ρ_H = M²_high / E_vis² (hemispheres ⊥ thrust axis). */
  heavyJetMass = 0;
  /** Light jet mass M²_low / E_vis². */
  lightJetMass = 0;
  /** Jet mass difference (M²_high − M²_low) / E_vis². */
  jetMassDifference = 0;
  /** Total jet broadening B_T. */
  totalBroadening = 0;
  /** Wide jet broadening B_W. */
  wideBroadening = 0;
  /** Narrow jet broadening B_N. */
  narrowBroadening = 0;
  /** Durham y_23 (FastJet exclusive_ymerge_max(2)); 0 for n < 3 — skip y ≤ 0 before taking logs. */
  y23 = 0;
  /** Durham y_34; 0 for n < 4. */
  y34 = 0;
  /** Durham y_45; 0 for n < 5. */
  y45 = 0;

  /** The kernels, for results not copied here (e.g. durhamKernel.yMerge(k)). */
  readonly thrustKernel: Thrust;
  readonly sphericityKernel = new Sphericity();
  readonly linearisedKernel = new LinearisedTensor();
  readonly hemispheresKernel = new Hemispheres();
  readonly durhamKernel: Durham;

  /** Unit thrust axis (sign arbitrary: largest component positive). Live view, overwritten by compute(). */
  readonly thrustAxis: Float64Array;
  /** Unit thrust-major axis. */
  readonly thrustMajorAxis: Float64Array;
  /** Unit thrust-minor axis = thrustAxis × thrustMajorAxis. */
  readonly thrustMinorAxis: Float64Array;
  /** Sphericity eigenvalues λ1 ≥ λ2 ≥ λ3. */
  readonly sphericityLambda: Float64Array;
  /** Eigenvector of λ1: the sphericity (event) axis. */
  readonly sphericityAxis1: Float64Array;
  /** Eigenvector of λ2: Rivet's sphericity "major" axis; ALEPH p_T^in = |p·sphericityAxis2|. */
  readonly sphericityAxis2: Float64Array;
  /** Eigenvector of λ3: Rivet's "minor" axis, normal to the event plane; p_T^out = |p·sphericityAxis3|. */
  readonly sphericityAxis3: Float64Array;

  /** @param maxParticles initial scratch size; grows on demand. */
  constructor(maxParticles = 64) {
    this.thrustKernel = new Thrust(maxParticles);
    this.durhamKernel = new Durham(maxParticles);
    this.thrustAxis = this.thrustKernel.axis;
    this.thrustMajorAxis = this.thrustKernel.majorAxis;
    this.thrustMinorAxis = this.thrustKernel.minorAxis;
    this.sphericityLambda = this.sphericityKernel.lambda;
    this.sphericityAxis1 = this.sphericityKernel.axis1;
    this.sphericityAxis2 = this.sphericityKernel.axis2;
    this.sphericityAxis3 = this.sphericityKernel.axis3;
  }

  /** Computes every shape from the first n particles (momenta and energies in GeV). Returns this. */
  compute(px: Float64Array, py: Float64Array, pz: Float64Array, e: Float64Array, n: number): this {
    this.n = n;
    const t = this.thrustKernel.compute(px, py, pz, n);
    this.thrust = t.thrust;
    this.thrustMajor = t.major;
    this.thrustMinor = t.minor;
    this.oblateness = t.oblateness;
    const s = this.sphericityKernel.compute(px, py, pz, n);
    this.sphericity = s.sphericity;
    this.aplanarity = s.aplanarity;
    this.planarity = s.planarity;
    const l = this.linearisedKernel.compute(px, py, pz, n);
    this.cParameter = l.cParameter;
    this.dParameter = l.dParameter;
    const h = this.hemispheresKernel.compute(px, py, pz, e, n, t.axis);
    this.evis = h.evis;
    this.heavyJetMass = h.heavyJetMass;
    this.lightJetMass = h.lightJetMass;
    this.jetMassDifference = h.jetMassDifference;
    this.totalBroadening = h.totalBroadening;
    this.wideBroadening = h.wideBroadening;
    this.narrowBroadening = h.narrowBroadening;
    const d = this.durhamKernel.compute(px, py, pz, e, n);
    this.y23 = d.y23;
    this.y34 = d.y34;
    this.y45 = d.y45;
    return this;
  }
}

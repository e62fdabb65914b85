/**
 * One member's per-bin networks repacked for evaluation in the minimiser's
 * inner loop, where a tune spends nearly all its time: every bin's weights lie
 * together in the order a pass reads them (per layer, per unit: its bias, then
 * its inputs' weights), so a pass walks one array front to back and allocates
 * nothing. Hidden units are tanh, written as 1 − 2/(e^{2s} + 1): the same to
 * 3e-16 and a third cheaper than Math.tanh in V8.
 */
import type { NetLayer } from './network-eval.js';

export class PackedMember {
  /** Per bin, `stride` weights: layer by layer, unit by unit, bias then kernel row. */
  private readonly weights: Float64Array;
  private readonly stride: number;
  /** Layer widths, inputs first. */
  private readonly sizes: Int32Array;
  /** Where layer l's weights start within a bin's block. */
  private readonly layerAt: Int32Array;
  /** Where layer l's activations start in `acts` (layer 0: the inputs). */
  private readonly actAt: Int32Array;
  private readonly acts: Float64Array;
  private readonly deltaA: Float64Array;
  private readonly deltaB: Float64Array;

  constructor(layers: readonly NetLayer[]) {
    const sizes = [layers[0].inputs, ...layers.map((L) => L.outputs)];
    if (sizes[sizes.length - 1] !== 1) throw new Error(`a per-bin network has one output, not ${sizes[sizes.length - 1]}`);
    this.sizes = Int32Array.from(sizes);
    this.layerAt = new Int32Array(layers.length);
    let stride = 0;
    layers.forEach((L, l) => {
      this.layerAt[l] = stride;
      stride += L.outputs * (L.inputs + 1);
    });
    this.stride = stride;
    this.actAt = new Int32Array(sizes.length);
    for (let l = 1; l < sizes.length; l++) this.actAt[l] = this.actAt[l - 1] + sizes[l - 1];
    this.acts = new Float64Array(this.actAt[sizes.length - 1] + sizes[sizes.length - 1]);
    const widest = Math.max(...sizes);
    this.deltaA = new Float64Array(widest);
    this.deltaB = new Float64Array(widest);
    const bins = layers[0].bias.length / layers[0].outputs;
    this.weights = new Float64Array(bins * stride);
    for (let b = 0; b < bins; b++) layers.forEach((L, l) => packLayer(L, b, this.weights, b * stride + this.layerAt[l]));
  }

  /** Bin b's output at the unit-box point x[xAt…]; fills the activations the gradient reads. */
  value(b: number, x: ArrayLike<number>, xAt: number): number {
    const { weights: W, sizes, acts } = this;
    const last = sizes.length - 2;
    for (let i = 0; i < sizes[0]; i++) acts[i] = x[xAt + i];
    let w = b * this.stride;
    let inAt = 0;
    for (let l = 0; l < last; l++) {
      const n = sizes[l];
      const m = sizes[l + 1];
      const outAt = inAt + n;
      for (let o = 0; o < m; o++) {
        let s = W[w++];
        for (let i = 0; i < n; i++) s += W[w++] * acts[inAt + i];
        acts[outAt + o] = 1 - 2 / (Math.exp(2 * s) + 1);
      }
      inAt = outAt;
    }
    const n = sizes[last];
    let s = W[w++];
    for (let i = 0; i < n; i++) s += W[w++] * acts[inAt + i];
    acts[inAt + n] = s;
    return s;
  }

  /**
   * Bin b's output and, into grad[0…inputs), its gradient by one reverse pass
   * over the activations of the forward one.
   */
  valueAndGradient(b: number, x: ArrayLike<number>, xAt: number, grad: Float64Array): number {
    const out = this.value(b, x, xAt);
    const { weights: W, sizes, acts, actAt, layerAt } = this;
    let delta = this.deltaA;
    let back = this.deltaB;
    delta[0] = 1;
    for (let l = sizes.length - 2; l >= 0; l--) {
      const n = sizes[l];
      const m = sizes[l + 1];
      const base = b * this.stride + layerAt[l];
      back.fill(0, 0, n);
      for (let o = 0; o < m; o++) {
        const d = delta[o];
        const row = base + o * (n + 1) + 1;
        for (let i = 0; i < n; i++) back[i] += W[row + i] * d;
      }
      // Through the tanh that made this layer's inputs (none for the network's inputs).
      if (l > 0) for (let i = 0; i < n; i++) back[i] *= 1 - acts[actAt[l] + i] ** 2;
      [delta, back] = [back, delta];
    }
    for (let i = 0; i < sizes[0]; i++) grad[i] = delta[i];
    return out;
  }
}

function packLayer(L: NetLayer, b: number, into: Float64Array, at: number): void {
  let w = at;
  for (let o = 0; o < L.outputs; o++) {
    into[w++] = L.bias[b * L.outputs + o];
    for (let i = 0; i < L.inputs; i++) into[w++] = L.kernel[(b * L.inputs + i) * L.outputs + o];
  }
}

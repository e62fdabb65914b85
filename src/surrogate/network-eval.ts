/**
 * A trained per-bin network evaluated in float64 JavaScript: the nets are tiny
 * (a few hundred weights per bin), so predictions and Jacobians need no
 * TensorFlow at all, and come out the same on every backend and machine
 * (the per-bin surrogate's hot path is network-packed.ts).
 * Layer l of member m holds, for every bin b, kernel[b][in][out] and bias[b][out]
 * (row-major, bins outermost); hidden layers are tanh, the last is linear.
 */

export interface NetLayer {
  readonly inputs: number;
  readonly outputs: number;
  /** bins × inputs × outputs. */
  readonly kernel: Float64Array;
  /** bins × outputs. */
  readonly bias: Float64Array;
}

/** Every output of one bin's network (for networks with several outputs, e.g. the inverse model's parameters). */
export function evalOutputs(layers: readonly NetLayer[], b: number, x: ArrayLike<number>, xAt: number): Float64Array {
  let h = Float64Array.from({ length: layers[0].inputs }, (_, i) => x[xAt + i]);
  layers.forEach((L, l) => {
    const out = new Float64Array(L.outputs);
    for (let o = 0; o < L.outputs; o++) {
      let s = L.bias[b * L.outputs + o];
      for (let i = 0; i < L.inputs; i++) s += h[i] * L.kernel[(b * L.inputs + i) * L.outputs + o];
      out[o] = l === layers.length - 1 ? s : Math.tanh(s);
    }
    h = out;
  });
  return h;
}

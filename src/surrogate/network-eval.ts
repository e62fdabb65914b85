/**
 * A trained per-bin network evaluated in float64 JavaScript: the nets are tiny
 * (a few hundred weights per bin), so predictions and Jacobians need no
 * TensorFlow at all, and come out the same on every backend and machine.
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

/** Scratch activations for {@link evalValue}, grown as wider layers come. */
let scratchA = new Float64Array(64);
let scratchB = new Float64Array(64);

/**
 * One bin's standardised output, without its gradient: the hot path of
 * predictions (every bin at every point a minimiser tries), so it allocates nothing.
 */
export function evalValue(layers: readonly NetLayer[], b: number, x: ArrayLike<number>, xAt: number): number {
  let h = scratchA;
  let out = scratchB;
  let widest = 0;
  for (const L of layers) widest = Math.max(widest, L.inputs, L.outputs);
  if (widest > h.length) {
    scratchA = h = new Float64Array(widest);
    scratchB = out = new Float64Array(widest);
  }
  for (let i = 0; i < layers[0].inputs; i++) h[i] = x[xAt + i];
  for (let l = 0; l < layers.length; l++) {
    const L = layers[l];
    const last = l === layers.length - 1;
    const kb = b * L.inputs * L.outputs;
    for (let o = 0; o < L.outputs; o++) {
      let s = L.bias[b * L.outputs + o];
      for (let i = 0; i < L.inputs; i++) s += h[i] * L.kernel[kb + i * L.outputs + o];
      out[o] = last ? s : Math.tanh(s);
    }
    [h, out] = [out, h];
  }
  return h[0];
}

/**
 * One bin's output and its gradient by reverse mode: a forward pass keeping
 * every layer's activations, then one backward pass, about twice a forward
 * pass whatever the number of inputs (forward mode costs one pass per input).
 */
export function evalBinGradient(layers: readonly NetLayer[], b: number, x: Float64Array, xAt: number, grad: Float64Array): number {
  const acts: Float64Array[] = [x.subarray(xAt, xAt + layers[0].inputs)];
  layers.forEach((L, l) => {
    const h = acts[l];
    const out = new Float64Array(L.outputs);
    const last = l === layers.length - 1;
    for (let o = 0; o < L.outputs; o++) {
      let s = L.bias[b * L.outputs + o];
      for (let i = 0; i < L.inputs; i++) s += h[i] * L.kernel[(b * L.inputs + i) * L.outputs + o];
      out[o] = last ? s : Math.tanh(s);
    }
    acts.push(out);
  });
  let delta = Float64Array.of(1);
  for (let l = layers.length - 1; l >= 0; l--) {
    const L = layers[l];
    if (l < layers.length - 1) for (let o = 0; o < L.outputs; o++) delta[o] *= 1 - acts[l + 1][o] ** 2;
    const back = new Float64Array(L.inputs);
    for (let i = 0; i < L.inputs; i++) {
      let g = 0;
      for (let o = 0; o < L.outputs; o++) g += L.kernel[(b * L.inputs + i) * L.outputs + o] * delta[o];
      back[i] = g;
    }
    delta = back;
  }
  grad.set(delta);
  return acts[layers.length][0];
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

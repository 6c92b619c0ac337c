/**
 * Training of small fully connected ReLU networks in float64, for the project's model scripts
 * (models/): the forward pass, backpropagation and Adam. Layers as glorotLayers (dense_model.ts)
 * makes them: weights [out, in] row-major, ReLU between layers, a linear last layer.
 */

export interface TrainableLayer {
  w: Float64Array;
  b: Float64Array;
  in: number;
  out: number;
}

/** Buffers for forwardDense / backpropDense: one per layer boundary (the input first). */
export function layerBuffers(layers: readonly TrainableLayer[]): Float64Array[] {
  return [new Float64Array(layers[0]!.in), ...layers.map((l) => new Float64Array(l.out))];
}

/** Forward pass; acts[k] receives layer k's input (acts[L] the output). Returns the output. */
export function forwardDense(layers: readonly TrainableLayer[], x: ArrayLike<number>, acts: Float64Array[]): Float64Array {
  acts[0]!.set(x);
  layers.forEach((l, k) => {
    const a = acts[k]!, z = acts[k + 1]!;
    for (let o = 0; o < l.out; o++) {
      let s = l.b[o]!;
      for (let i = 0; i < l.in; i++) s += l.w[o * l.in + i]! * a[i]!;
      z[o] = k < layers.length - 1 ? Math.max(0, s) : s;
    }
  });
  return acts[layers.length]!;
}

/**
 * Backpropagation of one example after forwardDense: deltas[L] holds the loss's gradient with
 * respect to the output; each layer's weight and bias gradients are added into grads[2k] and
 * grads[2k + 1]; deltas[0..L-1] are overwritten.
 */
export function backpropDense(layers: readonly TrainableLayer[], acts: readonly Float64Array[], deltas: Float64Array[], grads: Float64Array[]): void {
  for (let k = layers.length - 1; k >= 0; k--) {
    const l = layers[k]!, a = acts[k]!, gw = grads[2 * k]!, gb = grads[2 * k + 1]!, d = deltas[k + 1]!, prev = deltas[k]!;
    prev.fill(0);
    for (let o = 0; o < l.out; o++) {
      const dd = d[o]!;
      if (dd === 0) continue;
      gb[o]! += dd;
      for (let i = 0; i < l.in; i++) {
        gw[o * l.in + i]! += dd * a[i]!;
        prev[i]! += dd * l.w[o * l.in + i]!;
      }
    }
    if (k > 0) for (let i = 0; i < l.in; i++) if (a[i]! <= 0) prev[i] = 0;
  }
}

/** Adam's state for a list of parameter arrays. */
export interface Adam {
  params: Float64Array[];
  grads: Float64Array[];
  step(lr: number, weightDecay?: number): void;
}

/** Adam (beta1 0.9, beta2 0.999, epsilon 1e-8) over the layers' weights and biases; weightDecay is added to weight gradients. */
export function adam(layers: readonly TrainableLayer[]): Adam {
  const params = layers.flatMap((l) => [l.w, l.b]);
  const grads = params.map((p) => new Float64Array(p.length));
  const m1 = params.map((p) => new Float64Array(p.length)), m2 = params.map((p) => new Float64Array(p.length));
  const b1 = 0.9, b2 = 0.999;
  let t = 0;
  return {
    params,
    grads,
    step(lr, weightDecay = 0) {
      t++;
      params.forEach((q, j) => {
        const g = grads[j]!, u = m1[j]!, v = m2[j]!, isWeight = j % 2 === 0;
        for (let i = 0; i < q.length; i++) {
          const gi = g[i]! + (isWeight ? weightDecay * q[i]! : 0);
          u[i] = b1 * u[i]! + (1 - b1) * gi;
          v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
          q[i]! -= (lr * (u[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + 1e-8);
        }
      });
      for (const g of grads) g.fill(0);
    },
  };
}

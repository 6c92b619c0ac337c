/** Float32 element-wise activation kernels in portable TypeScript: TFLM's reference float arithmetic, step by step in float32. */

/** LOGISTIC: 1 for x > 16.619047..., exp(x) below -9, else 1 / (1 + exp(-x)) (TFLM's reference cut-offs). */
export function logisticFloat32(input: Float32Array, output: Float32Array): void {
  const f = Math.fround;
  const upper = f(16.619047164916992188), lower = -9;
  const n = output.length;
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    output[i] = v > upper ? 1 : v < lower ? f(Math.exp(v)) : f(1 / f(1 + f(Math.exp(-v))));
  }
}

export function tanhFloat32(input: Float32Array, output: Float32Array): void {
  const n = output.length;
  for (let i = 0; i < n; i++) output[i] = Math.tanh(input[i]!);
}

/** HARD_SWISH: x * min(6, max(0, x + 3)) / 6, each step in float32. */
export function hardSwishFloat32(input: Float32Array, output: Float32Array): void {
  const f = Math.fround;
  const n = output.length;
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    const r = f(v + 3);
    // std::max(0, r) then std::min(6, .), with their argument order (NaN becomes 0).
    const m = 0 < r ? r : 0;
    const c = m < 6 ? m : 6;
    output[i] = f(f(v * c) / 6);
  }
}

/** LEAKY_RELU: x > 0 ? x : x * alpha[0]. */
export function leakyReluFloat32(alpha: Float32Array, input: Float32Array, output: Float32Array): void {
  const a = alpha[0]!;
  const n = output.length;
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    output[i] = v > 0 ? v : v * a;
  }
}

/** RELU, RELU6, RELU_N1_TO_1: clamp to [act[0], act[1]] (NaN and -0 pass through, as TFLM's comparisons let them). */
export function clampFloat32(act: Float32Array, input: Float32Array, output: Float32Array): void {
  const lo = act[0]!, hi = act[1]!;
  const n = output.length;
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    output[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

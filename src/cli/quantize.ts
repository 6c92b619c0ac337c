/**
 * Post-training int8 quantization helpers with TFLite's conventions: activations asymmetric per
 * tensor (zero point in [-128, 127], zero exactly representable), weights symmetric per output
 * channel (zero point 0, range [-127, 127]), biases int32 at input_scale * weight_scale.
 */

export interface QuantParams {
  scale: number;
  zeroPoint: number;
}

/** Int8 parameters covering [min, max] (widened to include 0). */
export function activationParams(min: number, max: number): QuantParams {
  const lo = Math.min(0, min), hi = Math.max(0, max);
  const scale = Math.fround(hi > lo ? (hi - lo) / 255 : 1);
  const zeroPoint = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
  return { scale, zeroPoint };
}

export function quantizeValue(x: number, q: QuantParams): number {
  return Math.max(-128, Math.min(127, Math.round(x / q.scale) + q.zeroPoint));
}

/** Weights [outputs][depth] row-major, one scale per output row. */
export function quantizeWeightsPerChannel(w: ArrayLike<number>, outputs: number): { data: Int8Array; scales: number[] } {
  const depth = w.length / outputs;
  const data = new Int8Array(w.length);
  const scales: number[] = [];
  for (let o = 0; o < outputs; o++) {
    let m = 0;
    for (let d = 0; d < depth; d++) m = Math.max(m, Math.abs(w[o * depth + d]!));
    const scale = Math.fround(m > 0 ? m / 127 : 1);
    scales.push(scale);
    for (let d = 0; d < depth; d++) data[o * depth + d] = Math.max(-127, Math.min(127, Math.round(w[o * depth + d]! / scale)));
  }
  return { data, scales };
}

export function quantizeBias(b: ArrayLike<number>, inputScale: number, weightScales: readonly number[]): { data: Int32Array; scales: number[] } {
  const scales = weightScales.map((s) => inputScale * s);
  const data = new Int32Array(b.length);
  for (let i = 0; i < b.length; i++) data[i] = Math.round(b[i]! / scales[i]!);
  return { data, scales };
}

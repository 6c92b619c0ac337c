/**
 * TRANSPOSE_CONV kernels in portable TypeScript, TFLM's reference order: every input pixel
 * scatters input x filter into the output positions its taps reach (int8: into an int32 scratch, 16x8: int64),
 * then bias, requantization (per channel) and the activation. Layout Conv (K_H, K_W, STRIDE_*,
 * PAD_*; IN_C the input depth, OUT_C the filters).
 */
import { Conv } from "../layout";
import { multiplyByQuantizedMultiplier } from "../../math/fixed_point";
import { requantize16x8 } from "./requantize_16x8";

/** How scatter sums: int32 (wrapping), float32 (rounding at each step) or exact (integers in a Float64Array, TFLM's int64). */
const INT32 = 0, FLOAT32 = 1, EXACT = 2;

/** Adds input x filter for every tap into acc. */
function scatter(p: Int32Array, input: ArrayLike<number>, inputOffset: number, filter: ArrayLike<number>, acc: Int32Array | Float32Array | Float64Array, sums: number): void {
  const batches = p[Conv.BATCHES]!, inH = p[Conv.IN_H]!, inW = p[Conv.IN_W]!, inC = p[Conv.IN_C]!;
  const outH = p[Conv.OUT_H]!, outW = p[Conv.OUT_W]!, outC = p[Conv.OUT_C]!, kH = p[Conv.K_H]!, kW = p[Conv.K_W]!;
  const sH = p[Conv.STRIDE_H]!, sW = p[Conv.STRIDE_W]!, pH = p[Conv.PAD_H]!, pW = p[Conv.PAD_W]!;
  const f = Math.fround;
  for (let b = 0; b < batches; b++) {
    for (let iy = 0; iy < inH; iy++) {
      for (let ix = 0; ix < inW; ix++) {
        for (let ic = 0; ic < inC; ic++) {
          const x = input[((b * inH + iy) * inW + ix) * inC + ic]! + inputOffset;
          for (let fy = 0; fy < kH; fy++) {
            const oy = iy * sH - pH + fy;
            if (oy < 0 || oy >= outH) continue;
            for (let fx = 0; fx < kW; fx++) {
              const ox = ix * sW - pW + fx;
              if (ox < 0 || ox >= outW) continue;
              const o = ((b * outH + oy) * outW + ox) * outC;
              for (let oc = 0; oc < outC; oc++) {
                const w = filter[((oc * kH + fy) * kW + fx) * inC + ic]!;
                acc[o + oc] = sums === INT32 ? (acc[o + oc]! + x * w) | 0 : sums === FLOAT32 ? f(acc[o + oc]! + f(x * w)) : acc[o + oc]! + x * w;
              }
            }
          }
        }
      }
    }
  }
}

/** int8 TRANSPOSE_CONV; `scratch` holds one int32 per output element. */
export function transposeConvInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, scratch: Int32Array, output: Int8Array): void {
  scratch.fill(0);
  scatter(p, input, p[Conv.INPUT_OFFSET]!, filter, scratch, INT32);
  const outC = p[Conv.OUT_C]!, outOffset = p[Conv.OUTPUT_OFFSET]!, min = p[Conv.ACT_MIN]!, max = p[Conv.ACT_MAX]!;
  const mult = Conv.HEADER, shift = Conv.HEADER + outC;
  const n = output.length;
  for (let i = 0, oc = 0; i < n; i++, oc = oc + 1 === outC ? 0 : oc + 1) {
    const acc = bias === null ? scratch[i]! : (scratch[i]! + bias[oc]!) | 0;
    const v = multiplyByQuantizedMultiplier(acc, p[mult + oc]!, p[shift + oc]!) + outOffset;
    output[i] = v < min ? min : v > max ? max : v;
  }
}

/**
 * 16x8 TRANSPOSE_CONV (int16 input and output, int8 filter, optional int64 bias as low, high int32
 * words): TFLM sums in int64, here exactly in `scratch` (one double per output element).
 */
export function transposeConvInt16(p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, scratch: Float64Array, output: Int16Array): void {
  scratch.fill(0);
  scatter(p, input, 0, filter, scratch, EXACT);
  const outC = p[Conv.OUT_C]!, min = p[Conv.ACT_MIN]!, max = p[Conv.ACT_MAX]!;
  const mult = Conv.HEADER, shift = Conv.HEADER + outC;
  const n = output.length;
  for (let i = 0, oc = 0; i < n; i++, oc = oc + 1 === outC ? 0 : oc + 1) output[i] = requantize16x8(scratch[i]!, bias, oc, true, p[mult + oc]!, p[shift + oc]!, min, max);
}

/** float32 TRANSPOSE_CONV; `act` holds the activation [min, max]. */
export function transposeConvFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void {
  output.fill(0);
  scatter(p, input, 0, filter, output, FLOAT32);
  const outC = p[Conv.OUT_C]!, lo = act[0]!, hi = act[1]!;
  const n = output.length;
  for (let i = 0, oc = 0; i < n; i++, oc = oc + 1 === outC ? 0 : oc + 1) {
    const v = bias === null ? output[i]! : Math.fround(output[i]! + bias[oc]!);
    output[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

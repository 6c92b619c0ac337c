/**
 * QUANTIZE and DEQUANTIZE kernels in portable TypeScript, TFLM's reference arithmetic:
 * AffineQuantize (float32 division by the scale, round half away from zero, add the zero point,
 * clamp), Requantize (MultiplyByQuantizedMultiplier on value - input zero point, plus the output
 * zero point, clamp) and Dequantize (double scale times (value - zero point), rounded to float32).
 */
import { INT32_MAX, INT32_MIN, multiplyByQuantizedMultiplier } from "../../math/fixed_point";
import { Quantize } from "../layout";

export function quantizeFloat32(p: Int32Array, scale: Float32Array, input: Float32Array, output: Int8Array | Int16Array): void {
  const n = p[Quantize.COUNT]!, zp = p[Quantize.OUTPUT_ZERO_POINT]!;
  const lo = p[Quantize.OUT_MIN]!, hi = p[Quantize.OUT_MAX]!;
  const s = scale[0]!;
  for (let i = 0; i < n; i++) {
    const q = Math.fround(input[i]! / s);
    let r = q < 0 ? -Math.round(-q) : Math.round(q);
    // The float-to-int32 conversion of out-of-range values is undefined in C; saturate (NaN -> 0)
    // as Arm's VCVT does, and add the zero point without wrapping, so huge values clamp to the type's bounds.
    r = r !== r ? 0 : r > INT32_MAX ? INT32_MAX : r < INT32_MIN ? INT32_MIN : r;
    const v = r + zp;
    output[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

export function requantize(p: Int32Array, input: Int8Array | Uint8Array | Int16Array | Int32Array, output: Int8Array | Uint8Array | Int16Array | Int32Array): void {
  const n = p[Quantize.COUNT]!, izp = p[Quantize.INPUT_ZERO_POINT]!, ozp = p[Quantize.OUTPUT_ZERO_POINT]!;
  const m = p[Quantize.MULTIPLIER]!, s = p[Quantize.SHIFT]!;
  const lo = p[Quantize.OUT_MIN]!, hi = p[Quantize.OUT_MAX]!;
  // TFLM's int8 <-> uint8 fast path (XOR 0x80 when only the zero point moves by 128) equals this general formula.
  for (let i = 0; i < n; i++) {
    const v = (multiplyByQuantizedMultiplier((input[i]! - izp) | 0, m, s) + ozp) | 0;
    output[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

export function dequantize(p: Int32Array, scale: Float32Array, input: Int8Array | Uint8Array | Int16Array, output: Float32Array): void {
  const n = p[Quantize.COUNT]!, zp = p[Quantize.INPUT_ZERO_POINT]!;
  const s = scale[0]!;
  // The product is a double (exact scale times an int32), rounded once to float32 by the store.
  for (let i = 0; i < n; i++) output[i] = s * ((input[i]! - zp) | 0);
}

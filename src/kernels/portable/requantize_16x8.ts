/** The last step of TFLM's 16x8 kernels (int16 activations, int8 weights): bias, requantization, clamp. */
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplier64 } from "../../math/fixed_point";

const TWO_POW_32 = 4294967296;

/**
 * One output of a 16x8 kernel from `sum`, the exact sum of its products (below 2^53). Wide: an
 * int64 accumulator, the bias of channel c as int32 words (low, high), the int64 requantization;
 * else TFLM's int32 accumulator (wrapping) and requantization. Clamped to [min, max].
 */
export function requantize16x8(sum: number, bias: Int32Array | null, c: number, wide: boolean, multiplier: number, shift: number, min: number, max: number): number {
  let v: number;
  if (wide) {
    const acc = bias === null ? sum : sum + bias[2 * c + 1]! * TWO_POW_32 + (bias[2 * c]! >>> 0);
    v = multiplyByQuantizedMultiplier64(acc, multiplier, shift);
  } else {
    v = multiplyByQuantizedMultiplier(bias === null ? sum | 0 : (sum + bias[c]!) | 0, multiplier, shift);
  }
  return v < min ? min : v > max ? max : v;
}

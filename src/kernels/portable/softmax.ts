/** SOFTMAX kernels in portable TypeScript: TFLM's reference arithmetic (int8 -> int8/int16 in gemmlowp fixed point, int16 with its tables, float32). */
import { Softmax } from "../layout";
import { multiplyByQuantizedMultiplier, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from "../../math/fixed_point";
import { INT16_LUT_SIZE, int16LutLookup } from "../../math/int16_lut";
import { getReciprocal, numBitsOverUnit } from "../../math/gemmlowp";

/** Integer bits of the fixed-point sum of exponentials (TFLM's kAccumulationIntegerBits). */
const ACCUMULATION_INTEGER_BITS = 12;

/**
 * One row loop for both int8 and int16 outputs. The header's table holds, for k = 0..255, the
 * Q0.31 exp of the scaled difference -k (0 where -k < DIFF_MIN, which TFLM skips: a zero term
 * adds nothing to the sum and yields the output minimum, exactly as the skip does).
 */
function softmaxQuantized(p: Int32Array, input: Int8Array, output: Int8Array | Int16Array, outBits: number, outMin: number, outMax: number): void {
  const outer = p[Softmax.OUTER]!, depth = p[Softmax.DEPTH]!;
  const table = Softmax.HEADER;
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let max = -128;
    for (let c = 0; c < depth; c++) {
      const v = input[base + c]!;
      if (v > max) max = v;
    }
    let sum = 0;
    // Rescale<12> of a Q0.31 value: a rounding right shift by 12; the Q12 sum wraps like gemmlowp's int32 Add.
    for (let c = 0; c < depth; c++) sum = (sum + roundingDivideByPOT(p[table + max - input[base + c]!]!, ACCUMULATION_INTEGER_BITS)) | 0;
    const shiftedScale = getReciprocal(sum);
    const exponent = numBitsOverUnit(sum, ACCUMULATION_INTEGER_BITS) + 31 - outBits;
    for (let c = 0; c < depth; c++) {
      // TFLM aborts when the exponent exceeds 31 (a sum of 2^(32-outBits) or more); every
      // quotient then rounds to zero, so the output minimum is the exact continuation.
      const e = p[table + max - input[base + c]!]!;
      let v = exponent > 31 ? outMin : roundingDivideByPOT(saturatingRoundingDoublingHighMul(shiftedScale, e), exponent) + outMin;
      v = v < outMin ? outMin : v > outMax ? outMax : v;
      output[base + c] = v;
    }
  }
}

export function softmaxInt8(p: Int32Array, input: Int8Array, output: Int8Array): void {
  softmaxQuantized(p, input, output, 8, -128, 127);
}

export function softmaxInt8Int16(p: Int32Array, input: Int8Array, output: Int16Array): void {
  softmaxQuantized(p, input, output, 16, -32768, 32767);
}

/**
 * int16 -> int16 (TFLM's SoftmaxInt16): each difference to the row's maximum scaled so that
 * [-65535, 0] spans [-10, 0], recentred and looked up in the exp table (Q0.15, kept in the output),
 * the sum's reciprocal from the 1 / (1 + x) table, the products rounded right to Q0.15 in [0, 32767].
 * `luts` holds the exp table then the reciprocal table (INT16_LUT_SIZE entries each).
 */
export function softmaxInt16(p: Int32Array, luts: Int16Array, input: Int16Array, output: Int16Array): void {
  const outer = p[Softmax.OUTER]!, depth = p[Softmax.DEPTH]!;
  const m = p[Softmax.INPUT_MULTIPLIER]!, s = p[Softmax.INPUT_LEFT_SHIFT]!;
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let max = -32768;
    for (let c = 0; c < depth; c++) if (input[base + c]! > max) max = input[base + c]!;
    let sum = 0;
    for (let c = 0; c < depth; c++) {
      const v = multiplyByQuantizedMultiplier(input[base + c]! - max, m, s) + 32767;
      const e = int16LutLookup(luts, 0, v < -32768 ? -32768 : v > 32767 ? 32767 : v);
      output[base + c] = e;
      sum = (sum + e) | 0;
    }
    // With TFLM's tables the maximum's exp alone is 32767; the C kernel takes any tables and treats a smaller sum so.
    if (sum < 2) {
      output.fill(0, base, base + depth);
      continue;
    }
    // The op limits DEPTH so that the sum stays below 2^31: headroom is 1..30.
    const headroom = Math.clz32(sum);
    const shifted = Math.floor((sum * 2 ** (headroom - 1) + 8192) / 16384) - 98304;
    const reciprocal = int16LutLookup(luts, INT16_LUT_SIZE, shifted < -32768 ? -32768 : shifted > 32767 ? 32767 : shifted);
    const rightShift = 31 - headroom, round = 2 ** (rightShift - 1), divisor = 2 ** rightShift;
    for (let c = 0; c < depth; c++) {
      const v = Math.floor((output[base + c]! * reciprocal + round) / divisor);
      output[base + c] = v < 0 ? 0 : v > 32767 ? 32767 : v;
    }
  }
}

/** numeric_limits<float>::lowest(), TFLM's starting maximum. */
const FLOAT_LOWEST = -3.4028234663852886e38;

export function softmaxFloat32(p: Int32Array, beta: Float32Array, input: Float32Array, output: Float32Array): void {
  const outer = p[Softmax.OUTER]!, depth = p[Softmax.DEPTH]!;
  const b = beta[0]!;
  const f = Math.fround;
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let max = FLOAT_LOWEST;
    for (let c = 0; c < depth; c++) {
      const v = input[base + c]!;
      if (max < v) max = v; // std::max keeps the first argument unless the second is greater
    }
    let sum = 0;
    for (let c = 0; c < depth; c++) {
      const e = f(Math.exp(f(f(input[base + c]! - max) * b)));
      output[base + c] = e;
      sum = f(sum + e);
    }
    for (let c = 0; c < depth; c++) output[base + c] = f(output[base + c]! / sum);
  }
}

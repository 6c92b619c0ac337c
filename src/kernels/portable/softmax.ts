/** SOFTMAX kernels in portable TypeScript: TFLM's reference arithmetic (int8 -> int8/int16 in gemmlowp fixed point, float32). */
import { Softmax } from "../layout";
import { roundingDivideByPOT, saturatingRoundingDoublingHighMul } from "../../math/fixed_point";
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

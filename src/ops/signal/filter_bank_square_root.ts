/**
 * CUSTOM:SignalFilterBankSquareRoot — the rounded square root of every uint64 channel (TFLM's
 * bit-by-bit Sqrt64: floor(sqrt(x)) plus one when the remainder exceeds the root, capped at
 * 2^32 - 1), shifted right by the FFT auto-scale bits (an int32 scalar input).
 */
import { BuiltinOperator, TensorType } from "../../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "../op";
import { expectRank, uint32View } from "./common";

const TWO_32 = 4294967296;

/** TFLM's Sqrt32: digit-by-digit integer root, rounded up when the remainder exceeds it (but not past 0xFFFF). */
export function sqrt32(num: number): number {
  if (num === 0) return 0;
  let res = 0;
  // Start at the highest even bit at or below the top bit (TFLM: 31 - (clz | 1)).
  const top = 31 - (Math.clz32(num) | 1);
  let bit = 2 ** top;
  let iterations = (top >> 1) + 1;
  while (iterations-- > 0) {
    if (num >= res + bit) {
      num -= res + bit;
      res = Math.floor(res / 2) + bit;
    } else {
      res = Math.floor(res / 2);
    }
    bit /= 4;
  }
  if (num > res && res !== 0xffff) res++;
  return res;
}

/** TFLM's Sqrt64 on the uint64 (lo, hi), in 32-bit halves (no BigInt: nothing allocates). */
export function sqrt64(lo: number, hi: number): number {
  if (hi === 0) return sqrt32(lo);
  // num, res and bit as (high, low) uint32 pairs held in doubles.
  let nH = hi, nL = lo, rH = 0, rL = 0, bH: number, bL: number;
  const top = 63 - ((Math.clz32(hi)) | 1); // 64 - msb64 = clz32(hi) since hi != 0
  if (top >= 32) {
    bH = 2 ** (top - 32);
    bL = 0;
  } else {
    bH = 0;
    bL = 2 ** top;
  }
  let iterations = (top >> 1) + 1;
  while (iterations-- > 0) {
    // t = res + bit (never carries past 64 bits: res + bit <= num's range)
    let tL = rL + bL, tH = rH + bH;
    if (tL >= TWO_32) {
      tL -= TWO_32;
      tH += 1;
    }
    if (nH > tH || (nH === tH && nL >= tL)) {
      nL -= tL;
      nH -= tH;
      if (nL < 0) {
        nL += TWO_32;
        nH -= 1;
      }
      // res = (res >> 1) + bit
      rL = Math.floor(rL / 2) + (rH % 2) * 2147483648;
      rH = Math.floor(rH / 2);
      rL += bL;
      rH += bH;
      if (rL >= TWO_32) {
        rL -= TWO_32;
        rH += 1;
      }
    } else {
      rL = Math.floor(rL / 2) + (rH % 2) * 2147483648;
      rH = Math.floor(rH / 2);
    }
    // bit >>= 2
    bL = Math.floor(bL / 4) + (bH % 4) * 1073741824;
    bH = Math.floor(bH / 4);
  }
  // The root fits 32 bits: rH is 0 here.
  if ((nH > 0 || nL > rL) && rL !== 0xffffffff) rL++;
  return rL;
}

export const signalFilterBankSquareRoot: OpRegistration = {
  name: "CUSTOM:SignalFilterBankSquareRoot",
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: "SignalFilterBankSquareRoot",
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 2, 1);
    const input = ctx.input(0), scaleBits = ctx.input(1), output = ctx.output(0);
    ctx.expectType(input, "input", TensorType.UINT64);
    ctx.expectType(scaleBits, "scale bits", TensorType.INT32);
    ctx.expectType(output, "output", TensorType.UINT32);
    expectRank(ctx, input, "input", 1);
    expectRank(ctx, scaleBits, "scale bits", 0);
    expectRank(ctx, output, "output", 1);
    if (output.elements < input.elements) ctx.fail("BAD_SHAPE", `output has ${output.elements} values for ${input.elements} channels`);
    const n = input.elements;
    return {
      macs: n,
      bind(a) {
        const x = uint32View(a, input), bits = a.int32(scaleBits), y = uint32View(a, output);
        return () => {
          const s = bits[0]!; // a uint32 shifted by s: C leaves s outside 0..31 undefined; here it is taken mod 32 (as x86 does)
          for (let i = 0; i < n; i++) y[i] = sqrt64(x[2 * i]!, x[2 * i + 1]!) >>> s;
        };
      },
    };
  },
};

/**
 * Quantized ADD and SUB kernels in portable TypeScript, TFLM's reference arithmetic: each input
 * value (plus its offset) is shifted left by LEFT_SHIFT and rescaled with its own multiplier, the
 * two are added (or subtracted: TFLM subtracts the rescaled values, it does not negate a multiplier),
 * and the sum is rescaled to the output, offset and clamped.
 */
import { multiplyByQuantizedMultiplierSmallerThanOneExp as scale } from "../../math/fixed_point";
import { AddSub, Binary } from "../layout";
import { rowLength, rowOffset } from "./binary";

function addSub(p: Int32Array, input1: Int8Array | Int16Array, input2: Int8Array | Int16Array, output: Int8Array | Int16Array, subtract: boolean): void {
  const inner = rowLength(p);
  if (inner === 0) return;
  const rank = p[Binary.RANK]!;
  const st1 = p[Binary.STRIDES1 + rank - 1]!, st2 = p[Binary.STRIDES2 + rank - 1]!;
  const rows = p[Binary.COUNT]! / inner;
  const actMin = p[Binary.ACT_MIN]!, actMax = p[Binary.ACT_MAX]!;
  const leftShift = p[AddSub.LEFT_SHIFT]!;
  const off1 = p[AddSub.INPUT1_OFFSET]!, m1 = p[AddSub.INPUT1_MULTIPLIER]!, s1 = p[AddSub.INPUT1_SHIFT]!;
  const off2 = p[AddSub.INPUT2_OFFSET]!, m2 = p[AddSub.INPUT2_MULTIPLIER]!, s2 = p[AddSub.INPUT2_SHIFT]!;
  const outOff = p[AddSub.OUTPUT_OFFSET]!, mo = p[AddSub.OUTPUT_MULTIPLIER]!, so = p[AddSub.OUTPUT_SHIFT]!;
  // The rescaled value of an input depends on its raw value only: remember the last one of each
  // (a broadcast input repeats, so its rescaling runs once per run of equal values).
  let last1 = NaN, scaled1 = 0, last2 = NaN, scaled2 = 0;
  for (let r = 0; r < rows; r++) {
    let i1 = rowOffset(p, r, Binary.STRIDES1), i2 = rowOffset(p, r, Binary.STRIDES2), o = r * inner;
    const end = o + inner;
    for (; o < end; o++, i1 += st1, i2 += st2) {
      const a = input1[i1]!, b = input2[i2]!;
      if (a !== last1) {
        last1 = a;
        scaled1 = scale((off1 + a) << leftShift, m1, s1);
      }
      if (b !== last2) {
        last2 = b;
        scaled2 = scale((off2 + b) << leftShift, m2, s2);
      }
      const raw = subtract ? scaled1 - scaled2 : scaled1 + scaled2;
      const v = scale(raw | 0, mo, so) + outOff;
      output[o] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
  }
}

export function addInt8(p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array): void {
  addSub(p, input1, input2, output, false);
}

export function subInt8(p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array): void {
  addSub(p, input1, input2, output, true);
}

export function addInt16(p: Int32Array, input1: Int16Array, input2: Int16Array, output: Int16Array): void {
  addSub(p, input1, input2, output, false);
}

export function subInt16(p: Int32Array, input1: Int16Array, input2: Int16Array, output: Int16Array): void {
  addSub(p, input1, input2, output, true);
}

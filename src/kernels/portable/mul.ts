/**
 * Quantized MUL kernels in portable TypeScript, TFLM's reference arithmetic: the product of the
 * offset inputs (exact in int32 for int8 and zero-point-free int16), rescaled with the output
 * multiplier, offset and clamped.
 */
import { multiplyByQuantizedMultiplier } from "../../math/fixed_point";
import { Binary, Mul } from "../layout";
import { rowLength, rowOffset } from "./binary";

function mul(p: Int32Array, input1: Int8Array | Int16Array, input2: Int8Array | Int16Array, output: Int8Array | Int16Array): void {
  const inner = rowLength(p);
  if (inner === 0) return;
  const rank = p[Binary.RANK]!;
  const st1 = p[Binary.STRIDES1 + rank - 1]!, st2 = p[Binary.STRIDES2 + rank - 1]!;
  const rows = p[Binary.COUNT]! / inner;
  const actMin = p[Binary.ACT_MIN]!, actMax = p[Binary.ACT_MAX]!;
  const off1 = p[Mul.INPUT1_OFFSET]!, off2 = p[Mul.INPUT2_OFFSET]!, outOff = p[Mul.OUTPUT_OFFSET]!;
  const m = p[Mul.OUTPUT_MULTIPLIER]!, s = p[Mul.OUTPUT_SHIFT]!;
  for (let r = 0; r < rows; r++) {
    let i1 = rowOffset(p, r, Binary.STRIDES1), i2 = rowOffset(p, r, Binary.STRIDES2), o = r * inner;
    const end = o + inner;
    for (; o < end; o++, i1 += st1, i2 += st2) {
      const v = multiplyByQuantizedMultiplier(Math.imul(off1 + input1[i1]!, off2 + input2[i2]!), m, s) + outOff;
      output[o] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
  }
}

export function mulInt8(p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array): void {
  mul(p, input1, input2, output);
}

export function mulInt16(p: Int32Array, input1: Int16Array, input2: Int16Array, output: Int16Array): void {
  mul(p, input1, input2, output);
}

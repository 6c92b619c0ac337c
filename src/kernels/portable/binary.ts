/**
 * Binary elementwise kernels in portable TypeScript, and the broadcast walk they share: the output
 * is visited row by row (a row is the innermost loop of the Binary layout); each input's offset at
 * the start of a row comes from the row number, then advances by its innermost stride.
 * Float ops follow TFLM's float32 arithmetic; int32 ops wrap as TFLM's int32 arithmetic does in practice.
 */
import { Binary, BinaryOp } from "../layout";

/** Offset into the input whose strides start at p[strides] of the first element of output row r. */
export function rowOffset(p: Int32Array, r: number, strides: number): number {
  const rank = p[Binary.RANK]!;
  let off = 0;
  for (let d = rank - 2; d >= 0; d--) {
    const e = p[Binary.EXTENTS + d]!;
    const i = r % e;
    r = (r - i) / e;
    off += i * p[strides + d]!;
  }
  return off;
}

/** Elements per row (the innermost extent); 0 when the output is empty. */
export function rowLength(p: Int32Array): number {
  return p[Binary.COUNT] === 0 ? 0 : p[Binary.EXTENTS + p[Binary.RANK]! - 1]!;
}

export function binaryFloat32(p: Int32Array, act: Float32Array, input1: Float32Array, input2: Float32Array, output: Float32Array): void {
  const inner = rowLength(p);
  if (inner === 0) return;
  const rank = p[Binary.RANK]!, op = p[Binary.OP]!;
  const st1 = p[Binary.STRIDES1 + rank - 1]!, st2 = p[Binary.STRIDES2 + rank - 1]!;
  const rows = p[Binary.COUNT]! / inner;
  const lo = act[0]!, hi = act[1]!;
  const f = Math.fround;
  for (let r = 0; r < rows; r++) {
    let i1 = rowOffset(p, r, Binary.STRIDES1), i2 = rowOffset(p, r, Binary.STRIDES2), o = r * inner;
    const end = o + inner;
    switch (op) {
      case BinaryOp.ADD:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const v = f(input1[i1]! + input2[i2]!);
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      case BinaryOp.SUB:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const v = f(input1[i1]! - input2[i2]!);
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      case BinaryOp.MUL:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const v = f(input1[i1]! * input2[i2]!);
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      case BinaryOp.DIV:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const v = f(input1[i1]! / input2[i2]!);
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      case BinaryOp.MINIMUM:
        // TFLM: el1 < el2 ? el1 : el2 (so a NaN in input1 yields input2), no clamp.
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const a = input1[i1]!, b = input2[i2]!;
          output[o] = a < b ? a : b;
        }
        break;
      case BinaryOp.MAXIMUM:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const a = input1[i1]!, b = input2[i2]!;
          output[o] = a > b ? a : b;
        }
        break;
      case BinaryOp.SQUARED_DIFFERENCE:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const d = f(input1[i1]! - input2[i2]!);
          const v = f(d * d);
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      default:
        return;
    }
  }
}

export function binaryInt32(p: Int32Array, input1: Int32Array, input2: Int32Array, output: Int32Array): void {
  const inner = rowLength(p);
  if (inner === 0) return;
  const rank = p[Binary.RANK]!, op = p[Binary.OP]!;
  const st1 = p[Binary.STRIDES1 + rank - 1]!, st2 = p[Binary.STRIDES2 + rank - 1]!;
  const rows = p[Binary.COUNT]! / inner;
  const lo = p[Binary.ACT_MIN]!, hi = p[Binary.ACT_MAX]!;
  for (let r = 0; r < rows; r++) {
    let i1 = rowOffset(p, r, Binary.STRIDES1), i2 = rowOffset(p, r, Binary.STRIDES2), o = r * inner;
    const end = o + inner;
    switch (op) {
      case BinaryOp.ADD:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const v = (input1[i1]! + input2[i2]!) | 0;
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      case BinaryOp.SUB:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const v = (input1[i1]! - input2[i2]!) | 0;
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      case BinaryOp.MUL:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const v = Math.imul(input1[i1]!, input2[i2]!);
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      case BinaryOp.DIV:
        // C's truncating division. Division by zero and INT32_MIN / -1 are undefined in C; this
        // gives what Cortex-M's SDIV gives: 0, and INT32_MIN.
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const b = input2[i2]!;
          const v = b === 0 ? 0 : (input1[i1]! / b) | 0;
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      case BinaryOp.MINIMUM:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const a = input1[i1]!, b = input2[i2]!;
          output[o] = a < b ? a : b;
        }
        break;
      case BinaryOp.MAXIMUM:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const a = input1[i1]!, b = input2[i2]!;
          output[o] = a > b ? a : b;
        }
        break;
      case BinaryOp.SQUARED_DIFFERENCE:
        for (; o < end; o++, i1 += st1, i2 += st2) {
          const d = (input1[i1]! - input2[i2]!) | 0;
          const v = Math.imul(d, d);
          output[o] = v < lo ? lo : v > hi ? hi : v;
        }
        break;
      default:
        return;
    }
  }
}

function minMax(p: Int32Array, input1: Int8Array | Int16Array, input2: Int8Array | Int16Array, output: Int8Array | Int16Array): void {
  const inner = rowLength(p);
  if (inner === 0) return;
  const rank = p[Binary.RANK]!;
  const st1 = p[Binary.STRIDES1 + rank - 1]!, st2 = p[Binary.STRIDES2 + rank - 1]!;
  const rows = p[Binary.COUNT]! / inner;
  const isMax = p[Binary.OP] === BinaryOp.MAXIMUM;
  for (let r = 0; r < rows; r++) {
    let i1 = rowOffset(p, r, Binary.STRIDES1), i2 = rowOffset(p, r, Binary.STRIDES2), o = r * inner;
    const end = o + inner;
    if (isMax) {
      for (; o < end; o++, i1 += st1, i2 += st2) {
        const a = input1[i1]!, b = input2[i2]!;
        output[o] = a > b ? a : b;
      }
    } else {
      for (; o < end; o++, i1 += st1, i2 += st2) {
        const a = input1[i1]!, b = input2[i2]!;
        output[o] = a < b ? a : b;
      }
    }
  }
}

/** MINIMUM / MAXIMUM of raw int8 values (TFLM compares the stored values, whatever their quantization). */
export function minMaxInt8(p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array): void {
  minMax(p, input1, input2, output);
}

export function minMaxInt16(p: Int32Array, input1: Int16Array, input2: Int16Array, output: Int16Array): void {
  minMax(p, input1, input2, output);
}

/**
 * What the binary elementwise ops (ADD, SUB, MUL, DIV, MINIMUM, MAXIMUM, SQUARED_DIFFERENCE) share
 * at prepare time: numpy-style broadcasting of the two input shapes (TFLM's micro kernels accept
 * any rank up to 8 here), the loop nest of the Binary layout, tensor checks, and the activation
 * bounds TFLM applies to float and int32 results.
 */
import { Binary, BinaryOp } from "../kernels/layout";
import { Activation, TensorType } from "../model/schema";
import type { TensorSpec } from "../model/model";
import type { OpContext } from "./op";

const MAX_LOOPS = 8;
/** std::numeric_limits<float>::max(): TFLM's float activation bounds are finite, so they also clamp infinities. */
export const FLT_MAX = 3.4028234663852886e38;

/** The broadcast of two shapes (dims aligned at the right; equal, or one of them 1), or null when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1, db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return null;
  }
  return out;
}

/** Shapes equal once both are padded on the left with 1s to the same rank. */
export function sameExtendedShape(a: readonly number[], b: readonly number[]): boolean {
  const rank = Math.max(a.length, b.length);
  for (let i = 0; i < rank; i++) if ((a[a.length - rank + i] ?? 1) !== (b[b.length - rank + i] ?? 1)) return false;
  return true;
}

export interface BinaryLoops {
  /** Binary.MODE value. */
  mode: number;
  count: number;
  extents: number[];
  strides1: number[];
  strides2: number[];
}

/**
 * The loop nest that walks an output of shape `out` (the broadcast of a and b) in order: dims of
 * extent 1 dropped, neighbouring dims merged wherever both inputs step through them as one, at
 * least one loop. Strides are 0 along the dims an input broadcasts.
 */
export function broadcastLoops(a: readonly number[], b: readonly number[], out: readonly number[]): BinaryLoops {
  const rank = out.length;
  const extents: number[] = [], strides1: number[] = [], strides2: number[] = [];
  let count = 1;
  for (const d of out) count *= d;
  // Walk from the innermost dim outwards, tracking each input's contiguous stride.
  let acc1 = 1, acc2 = 1;
  for (let i = rank - 1; i >= 0; i--) {
    const e = out[i]!;
    const da = a[a.length - rank + i] ?? 1, db = b[b.length - rank + i] ?? 1;
    if (e !== 1) {
      const s1 = da === 1 ? 0 : acc1, s2 = db === 1 ? 0 : acc2;
      const k = extents.length - 1; // the loop just outside which this dim sits (innermost first while building)
      if (k >= 0 && s1 === strides1[k]! * extents[k]! && s2 === strides2[k]! * extents[k]!) {
        // This dim continues the previous loop for both inputs: one longer loop.
        extents[k] = extents[k]! * e;
      } else {
        extents.push(e);
        strides1.push(s1);
        strides2.push(s2);
      }
    }
    acc1 *= da;
    acc2 *= db;
  }
  if (extents.length === 0) {
    extents.push(1);
    strides1.push(0);
    strides2.push(0);
  }
  extents.reverse();
  strides1.reverse();
  strides2.reverse();
  let mode = 3;
  if (extents.length === 1) {
    if (strides1[0] === 1 && strides2[0] === 1) mode = 0;
    else if (strides1[0] === 0 && strides2[0] === 1) mode = 1;
    else if (strides1[0] === 1 && strides2[0] === 0) mode = 2;
  }
  if (count === 1 || count === 0) mode = 0;
  return { mode, count, extents, strides1, strides2 };
}

/** A packed parameter array of `size` ints whose Binary block describes the broadcast of in1 and in2 to out. */
export function binaryParams(size: number, op: number, in1: TensorSpec, in2: TensorSpec, out: TensorSpec): Int32Array {
  const loops = broadcastLoops(in1.shape, in2.shape, broadcastShape(in1.shape, in2.shape) ?? out.shape);
  if (loops.extents.length > MAX_LOOPS) throw new RangeError("too many broadcast loops");
  const p = new Int32Array(size);
  p[Binary.MODE] = loops.mode;
  p[Binary.COUNT] = loops.count;
  p[Binary.RANK] = loops.extents.length;
  p[Binary.OP] = op;
  p[Binary.ACT_MIN] = -2147483648;
  p[Binary.ACT_MAX] = 2147483647;
  for (let i = 0; i < MAX_LOOPS; i++) {
    p[Binary.EXTENTS + i] = loops.extents[i] ?? 1;
    p[Binary.STRIDES1 + i] = loops.strides1[i] ?? 0;
    p[Binary.STRIDES2 + i] = loops.strides2[i] ?? 0;
  }
  return p;
}

export interface BinaryTensors {
  input1: TensorSpec;
  input2: TensorSpec;
  output: TensorSpec;
  /** Output elements. */
  count: number;
}

/**
 * Checks a binary elementwise op: 2 inputs, 1 output, input1 of one of `types` (else BAD_TYPE),
 * input2 and output of the same type (else BAD_TYPE), inputs that broadcast and an output of
 * their broadcast shape (else BAD_SHAPE).
 */
export function checkBinary(ctx: OpContext, types: readonly number[]): BinaryTensors {
  ctx.expectCounts(2, 2, 1);
  const input1 = ctx.input(0), input2 = ctx.input(1), output = ctx.output(0);
  ctx.expectType(input1, "input1", ...types);
  if (input2.type !== input1.type) ctx.fail("BAD_TYPE", `input2 '${input2.name}' has type ${input2.type}, input1 has ${input1.type}`);
  if (output.type !== input1.type) ctx.fail("BAD_TYPE", `output '${output.name}' has type ${output.type}, the inputs have ${input1.type}`);
  const shape = broadcastShape(input1.shape, input2.shape);
  if (shape === null) ctx.fail("BAD_SHAPE", `input shapes [${input1.shape.join(", ")}] and [${input2.shape.join(", ")}] do not broadcast`);
  if (!sameExtendedShape(shape, output.shape)) ctx.fail("BAD_SHAPE", `output has shape [${output.shape.join(", ")}], the inputs broadcast to [${shape.join(", ")}]`);
  return { input1, input2, output, count: output.elements };
}

/**
 * TFLM's CalculateActivationRange for float and int32 results: RELU [0, max], RELU6 [0, 6],
 * RELU_N1_TO_1 [-1, 1], anything else the type's whole range (float: +-FLT_MAX).
 */
export function activationRange(activation: number, type: number): { min: number; max: number } {
  const lowest = type === TensorType.FLOAT32 ? -FLT_MAX : -2147483648;
  const highest = type === TensorType.FLOAT32 ? FLT_MAX : 2147483647;
  switch (activation) {
    case Activation.RELU: return { min: 0, max: highest };
    case Activation.RELU6: return { min: 0, max: 6 };
    case Activation.RELU_N1_TO_1: return { min: -1, max: 1 };
    default: return { min: lowest, max: highest };
  }
}

/** Fails unless the tensor carries no quantization (TFLM requires that of int32 ADD/SUB/DIV inputs). */
export function expectNotQuantized(ctx: OpContext, t: TensorSpec, what: string): void {
  if (t.quantization !== null) ctx.fail("BAD_QUANTIZATION", `${what} '${t.name}' is int32 and must not be quantized`);
}

/** Float activation bounds as the kernels read them. */
export function floatAct(min: number, max: number): Float32Array {
  return new Float32Array([min, max]);
}

export { BinaryOp };

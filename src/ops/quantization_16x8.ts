/**
 * What the 16x8 ops (int16 activations, int8 weights: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
 * TRANSPOSE_CONV) check and pack beyond the int8 ones, as TFLM: zero points 0, the bias type choosing
 * the accumulator (int64 bias: int64 sums and the 16-bit-multiplier requantization; int32 or none:
 * int32 sums), the accumulator word of the layout (wideBiasIndex).
 */
import { rememberBytes } from "../kernels/byte_views";
import type { TensorSpec } from "../model/model";
import { TensorType } from "../model/schema";
import type { ArenaBinding, OpContext, PreparedOp } from "./op";

/** TFLM's int64 requantization shifts right by 15 - shift: a shift above 14 has no meaning there. */
const MAX_WIDE_SHIFT = 14;
/** TFLM's int64 requantization takes accumulators below 2^47 in magnitude. */
const MAX_WIDE_BIAS = 2 ** 47;

/** Fails unless input and output are int16 with zero point 0 and the weights int8 (symmetric). */
export function check16x8Tensors(ctx: OpContext, input: TensorSpec, filter: TensorSpec, output: TensorSpec): void {
  ctx.expectType(filter, "filter", TensorType.INT8);
  ctx.expectType(output, "output", TensorType.INT16);
  for (const [t, what] of [[input, "input"], [output, "output"]] as const) {
    if (ctx.quant(t, what).zeroPoint !== 0) ctx.fail("BAD_QUANTIZATION", `int16 ${what} '${t.name}' must have zero point 0`);
  }
}

/**
 * Checks the optional bias (one value per output channel; int64, or int32 where `int32Allowed`, or
 * else int16, which TRANSPOSE_CONV widens to int64 as TFLM does) and returns whether the kernel
 * accumulates in int64. A constant int64 bias must stay below 2^47.
 */
export function check16x8Bias(ctx: OpContext, index: number, outC: number, int32Allowed: boolean): boolean {
  const bias = ctx.optionalInput(index);
  if (bias === null) return !int32Allowed;
  ctx.expectType(bias, "bias", TensorType.INT64, int32Allowed ? TensorType.INT32 : TensorType.INT16);
  if (bias.elements !== outC) ctx.fail("BAD_SHAPE", `bias has ${bias.elements} values for ${outC} output channels`);
  if (bias.type === TensorType.INT16) {
    ctx.expectConstant(bias, "int16 bias");
    return true;
  }
  if (bias.type !== TensorType.INT64) return false;
  if (bias.data !== null) {
    const words = new DataView(bias.data.buffer, bias.data.byteOffset, bias.data.byteLength);
    for (let c = 0; c < outC; c++) {
      const v = words.getInt32(8 * c + 4, true) * 4294967296 + words.getUint32(8 * c, true);
      if (Math.abs(v) >= MAX_WIDE_BIAS) ctx.fail("BAD_QUANTIZATION", `bias '${bias.name}' value ${c} is beyond TFLM's 48-bit accumulator`);
    }
  }
  return true;
}

/** Writes the accumulator word at `at` and, for int64 sums, checks the `count` shifts at `shifts`. */
export function set16x8Accumulator(ctx: OpContext, p: Int32Array, at: number, wide: boolean, shifts: number, count: number): void {
  p[at] = wide ? 1 : 0;
  if (!wide) return;
  for (let c = 0; c < count; c++) {
    if (p[shifts + c]! > MAX_WIDE_SHIFT) ctx.fail("BAD_QUANTIZATION", `output channel ${c} needs a left shift of ${p[shifts + c]} (at most ${MAX_WIDE_SHIFT} with an int64 bias); check the scales`);
  }
}

/** The bias as the 16x8 kernels take it: int32 values, or an int64 bias's (low, high) int32 words (an int16 bias widened to them). */
export function bias16x8(a: ArenaBinding, bias: TensorSpec | null): Int32Array | null {
  if (bias === null) return null;
  if (bias.type === TensorType.INT32) return a.int32(bias);
  if (bias.type === TensorType.INT16) {
    // A copy made once at bind: a constant bias (TFLM converts it at every invoke, into a scratch buffer).
    const v = a.int16(bias), words = new Int32Array(2 * v.length);
    for (let i = 0; i < v.length; i++) {
      words[2 * i] = v[i]!;
      words[2 * i + 1] = v[i]! < 0 ? -1 : 0;
    }
    return words;
  }
  const b = a.bytes(bias);
  const words = new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
  rememberBytes(words, b);
  return words;
}

/**
 * A prepared 16x8 conv-like op (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED): its kernel's scratch
 * requested now, and at bind the kernel `name` of the op's kernel set bound to the tensors' views.
 */
export function prepared16x8(
  ctx: OpContext,
  name: "conv2dInt16" | "depthwiseConv2dInt16" | "fullyConnectedInt16",
  scratchBytes: number,
  macs: number,
  p: Int32Array,
  tensors: { input: TensorSpec; filter: TensorSpec; bias: TensorSpec | null; output: TensorSpec },
): PreparedOp {
  const k = ctx.kernels;
  const scratch = ctx.requestKernelScratch(scratchBytes);
  return {
    macs,
    bind(a) {
      const s = scratch < 0 ? null : a.scratch(scratch);
      return k[name].bind(null, p, a.int16(tensors.input), a.int8(tensors.filter), bias16x8(a, tensors.bias), a.int16(tensors.output), s);
    },
  };
}

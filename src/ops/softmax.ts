/** SOFTMAX over the last dimension: int8 -> int8, int8 -> int16, int16 -> int16 and float32, as TFLM's reference kernels compute it. */
import { multiplyByQuantizedMultiplierGreaterThanOne, quantizeMultiplier } from "../math/fixed_point";
import { INT16_LUT_SIZE, fillInt16Lut } from "../math/int16_lut";
import { requantization } from "./quantization";
import { expOnNegativeValues } from "../math/gemmlowp";
import { BuiltinOperator, TensorType } from "../model/schema";
import { SOFTMAX_EXP_TABLE, Softmax } from "../kernels/layout";
import { type OpContext, type OpRegistration, type PreparedOp, optFloat, sameShape } from "./op";

const Opt = Object.freeze({ beta: 0 } as const);

/** Integer bits of the scaled input differences fed to exp (TFLM's kScaledDiffIntegerBits). */
const SCALED_DIFF_INTEGER_BITS = 5;

export interface SoftmaxInt8Params {
  multiplier: number;
  leftShift: number;
  diffMin: number;
}

/**
 * TFLM's PreprocessSoftmaxScaling and CalculateInputRadius for int8 input: beta * input_scale * 2^26
 * (in double, capped at 2^31 - 1) as a multiplier of at least one, and the most negative input
 * difference whose scaled value still fits Q5.26. Returns null where TFLM's check (multiplier > 1) fails.
 */
export function softmaxInt8Params(beta: number, inputScale: number): SoftmaxInt8Params | null {
  const real = Math.min(beta * inputScale * 2 ** (31 - SCALED_DIFF_INTEGER_BITS), 2 ** 31 - 1);
  if (!(real > 1)) return null;
  const { multiplier, shift } = quantizeMultiplier(real);
  const radius = Math.floor((((1 << SCALED_DIFF_INTEGER_BITS) - 1) * 2 ** (31 - SCALED_DIFF_INTEGER_BITS)) / 2 ** shift);
  return { multiplier, leftShift: shift, diffMin: -radius };
}

/** Q0.31 exp of the input difference `diff` (<= 0), or 0 where TFLM skips it (diff < diffMin). */
export function softmaxExp(diff: number, q: SoftmaxInt8Params): number {
  if (diff < q.diffMin) return 0;
  const scaled = multiplyByQuantizedMultiplierGreaterThanOne(diff, q.multiplier, q.leftShift);
  return expOnNegativeValues(scaled, SCALED_DIFF_INTEGER_BITS);
}

// TFLM's two int16 tables, the same for every layer: made at the first int16 SOFTMAX's prepare.
let int16Luts: Int16Array | null = null;

/** exp over [-10, 0], then 1 / (1 + x) over [0, 1], as TFLM's SoftmaxPrepare generates them. */
export function softmaxInt16Luts(): Int16Array {
  if (int16Luts === null) {
    const f = Math.fround;
    const luts = new Int16Array(2 * INT16_LUT_SIZE);
    fillInt16Lut(luts, 0, (x) => f(Math.exp(x)), -10, 0);
    fillInt16Lut(luts, INT16_LUT_SIZE, (x) => f(1 / f(1 + x)), 0, 1);
    int16Luts = luts;
  }
  return int16Luts;
}

/** int16 -> int16: zero points 0, output scale 1/32768 (within 0.1%), the input scaled so that [-65535, 0] spans [-10, 0]. */
function prepareInt16(ctx: OpContext, beta: number, outer: number, depth: number): PreparedOp {
  const input = ctx.input(0), output = ctx.output(0);
  ctx.expectType(output, "output", TensorType.INT16);
  const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
  const f = Math.fround, want = f(1 / 32768);
  const delta = outQ.scale > want ? f(outQ.scale - want) : f(want - outQ.scale);
  if (inQ.zeroPoint !== 0 || outQ.zeroPoint !== 0 || delta > f(f(0.001) * want)) ctx.fail("BAD_QUANTIZATION", `int16 softmax needs zero points 0 and output scale 1/32768, has ${inQ.zeroPoint}, ${outQ.zeroPoint} and ${outQ.scale}`);
  // 32767 per exp: longer rows would overflow TFLM's int32 sum.
  if (depth > 65536) ctx.fail("BAD_SHAPE", `rows of ${depth} values are longer than int16 softmax's 65536`);
  const q = requantization(ctx, (inQ.scale * beta) / (10 / 65535), "input");
  const p = new Int32Array(Softmax.HEADER);
  p[Softmax.OUTER] = outer;
  p[Softmax.DEPTH] = depth;
  p[Softmax.INPUT_MULTIPLIER] = q.multiplier;
  p[Softmax.INPUT_LEFT_SHIFT] = q.shift;
  const luts = softmaxInt16Luts(), k = ctx.kernels;
  return {
    macs: input.elements,
    bind(a) {
      return k.softmaxInt16.bind(null, p, luts, a.int16(input), a.int16(output));
    },
  };
}

export const softmax: OpRegistration = {
  name: "SOFTMAX",
  builtinCode: BuiltinOperator.SOFTMAX,
  maxVersion: 3,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    ctx.expectType(input, "input", TensorType.INT8, TensorType.INT16, TensorType.FLOAT32);
    if (input.shape.length < 1) ctx.fail("BAD_SHAPE", "input must have at least one dimension");
    if (!sameShape(input.shape, output.shape)) ctx.fail("BAD_SHAPE", `output shape [${output.shape.join(", ")}] differs from input shape [${input.shape.join(", ")}]`);
    const depth = input.shape[input.shape.length - 1]!;
    const outer = depth === 0 ? 0 : input.elements / depth;
    const beta = optFloat(ctx.options, Opt.beta, 0);
    const k = ctx.kernels;
    const macs = input.elements;

    if (input.type === TensorType.INT16) return prepareInt16(ctx, beta, outer, depth);
    if (input.type === TensorType.FLOAT32) {
      ctx.expectType(output, "output", TensorType.FLOAT32);
      const p = new Int32Array(Softmax.HEADER);
      p[Softmax.OUTER] = outer;
      p[Softmax.DEPTH] = depth;
      const b = new Float32Array([beta]);
      return {
        macs,
        bind(a) {
          const x = a.float32(input), y = a.float32(output);
          return k.softmaxFloat32.bind(null, p, b, x, y);
        },
      };
    }

    ctx.expectType(output, "output", TensorType.INT8, TensorType.INT16);
    const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
    if (output.type === TensorType.INT8) {
      // TFLM requires exactly scale 1/256 and zero point -128 for int8 output.
      if (outQ.zeroPoint !== -128 || outQ.scale !== 1 / 256) ctx.fail("BAD_QUANTIZATION", `int8 output must have scale 1/256 and zero point -128, has ${outQ.scale} and ${outQ.zeroPoint}`);
    } else {
      // int16 output: zero point -32768 and scale within 0.1% of 1/65536 (compared in float32).
      const f = Math.fround, want = f(1 / 65536);
      const delta = outQ.scale > want ? f(outQ.scale - want) : f(want - outQ.scale);
      if (outQ.zeroPoint !== -32768 || delta > f(f(0.001) * want)) ctx.fail("BAD_QUANTIZATION", `int16 output must have scale 1/65536 and zero point -32768, has ${outQ.scale} and ${outQ.zeroPoint}`);
    }
    const q = softmaxInt8Params(beta, inQ.scale);
    if (q === null) ctx.fail("BAD_QUANTIZATION", `beta ${beta} times input scale ${inQ.scale} is too small to scale into Q5.26`);
    const p = new Int32Array(Softmax.HEADER + SOFTMAX_EXP_TABLE);
    p[Softmax.OUTER] = outer;
    p[Softmax.DEPTH] = depth;
    p[Softmax.INPUT_MULTIPLIER] = q.multiplier;
    p[Softmax.INPUT_LEFT_SHIFT] = q.leftShift;
    p[Softmax.DIFF_MIN] = q.diffMin;
    // int8 differences lie in [-255, 0]: their exps, computed once, are the whole exp work of the op.
    for (let d = 0; d < SOFTMAX_EXP_TABLE; d++) p[Softmax.HEADER + d] = softmaxExp(-d, q);
    if (output.type === TensorType.INT16) {
      return {
        macs,
        bind(a) {
          const x = a.int8(input), y = a.int16(output);
          return k.softmaxInt8Int16.bind(null, p, x, y);
        },
      };
    }
    return {
      macs,
      bind(a) {
        const x = a.int8(input), y = a.int8(output);
        return k.softmaxInt8.bind(null, p, x, y);
      },
    };
  },
};

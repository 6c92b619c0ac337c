/**
 * QUANTIZE: float32 -> int8 / int16 (TFLM's AffineQuantize: float32 value / scale, rounded half
 * away from zero, plus the zero point, clamped), and requantization between integer types (TFLM's
 * Requantize: (value - input zero point) times input_scale / output_scale as a quantized
 * multiplier, plus the output zero point, clamped). Per-tensor quantization only, as in TFLM.
 */
import { Quantize } from "../kernels/layout";
import { quantizedTypeRange } from "../math/activation";
import { quantizeMultiplier } from "../math/fixed_point";
import type { TensorSpec } from "../model/model";
import { BuiltinOperator, TensorType } from "../model/schema";
import type { ArenaBinding, OpContext, OpRegistration, PreparedOp } from "./op";

const { FLOAT32, INT32, INT16, INT8, UINT8 } = TensorType;

/** The integer type pairs TFLM requantizes (input -> output). */
const REQUANTIZE: readonly (readonly [number, number])[] = Object.freeze(([
  [INT16, INT8], [INT8, INT8], [INT8, UINT8], [UINT8, INT8], [INT8, INT16], [INT8, INT32],
  [INT16, INT16], [INT16, INT32], [INT32, INT8], [INT32, INT16],
] as [number, number][]).map((pair) => Object.freeze(pair)));

/** The typed view of an integer tensor. */
export function intView(a: ArenaBinding, t: TensorSpec): Int8Array | Uint8Array | Int16Array | Int32Array {
  switch (t.type) {
    case INT8: return a.int8(t);
    case UINT8: return a.uint8(t);
    case INT16: return a.int16(t);
    default: return a.int32(t);
  }
}

export const quantize: OpRegistration = {
  name: "QUANTIZE",
  builtinCode: BuiltinOperator.QUANTIZE,
  // v2 int16 output; v3 (per-channel) is not supported by TFLM's kernel either.
  maxVersion: 2,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    ctx.expectType(input, "input", FLOAT32, INT32, INT16, INT8, UINT8);
    ctx.expectType(output, "output", INT8, INT16, INT32, UINT8);
    if (input.elements !== output.elements) ctx.fail("BAD_SHAPE", `input has ${input.elements} values, output ${output.elements}`);
    const oq = output.quantization;
    if (oq === null || oq.scale.length !== 1) ctx.fail("BAD_QUANTIZATION", `output '${output.name}' needs exactly one scale (per-tensor quantization)`);
    const outScale = oq.scale[0]!, outZp = oq.zeroPoint[0]!;
    const range = quantizedTypeRange(output.type);
    const p = new Int32Array(Quantize.HEADER);
    p[Quantize.COUNT] = output.elements;
    p[Quantize.IN_TYPE] = input.type;
    p[Quantize.OUT_TYPE] = output.type;
    p[Quantize.OUTPUT_ZERO_POINT] = outZp;
    p[Quantize.OUT_MIN] = range.min;
    p[Quantize.OUT_MAX] = range.max;
    const k = ctx.kernels;
    const macs = output.elements;
    if (input.type === FLOAT32) {
      if (output.type !== INT8 && output.type !== INT16) ctx.fail("BAD_TYPE", `float32 quantizes to int8 or int16, not type ${output.type}`);
      const scale = new Float32Array([outScale]);
      return {
        macs,
        bind(a) {
          const x = a.float32(input), y = output.type === INT8 ? a.int8(output) : a.int16(output);
          return () => k.quantizeFloat32(p, scale, x, y);
        },
      };
    }
    if (!REQUANTIZE.some(([i, o]) => i === input.type && o === output.type)) ctx.fail("BAD_TYPE", `requantizing type ${input.type} to type ${output.type} is not supported`);
    const iq = ctx.quant(input, "input");
    const effective = iq.scale / outScale;
    if (!(effective >= 0 && Number.isFinite(effective))) ctx.fail("BAD_QUANTIZATION", `the rescale ${effective} is invalid; check the scales`);
    const m = quantizeMultiplier(effective);
    if (m.shift > 30) ctx.fail("BAD_QUANTIZATION", `the rescale ${effective} is too large`);
    p[Quantize.INPUT_ZERO_POINT] = iq.zeroPoint;
    p[Quantize.MULTIPLIER] = m.multiplier;
    p[Quantize.SHIFT] = m.shift;
    return {
      macs,
      bind(a) {
        const x = intView(a, input), y = intView(a, output);
        return () => k.requantize(p, x, y);
      },
    };
  },
};

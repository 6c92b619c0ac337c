/** LOGISTIC: int8 through a table of TFLM's fixed-point reference arithmetic, int16 (TFLM's table interpolation), and float32. */
import { frexp, multiplyByQuantizedMultiplier, roundHalfAway, roundingDivideByPOT } from "../math/fixed_point";
import { logistic as fixedLogistic } from "../math/gemmlowp";
import { BuiltinOperator, TensorType } from "../model/schema";
import { SigmoidInt16 } from "../kernels/layout";
import { checkedLog2, int16SigmoidScaling } from "../math/int16_activation";
import type { TensorSpec } from "../model/model";
import { checkUnary, float32UnaryOp, int8Table, int8TableOp } from "./lookup_table";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

/** int16 LOGISTIC or TANH, as TFLM prepares them: zero points 0, output scale 2^-15, the input scaling of int16SigmoidScaling. */
export function sigmoidInt16Op(ctx: OpContext, input: TensorSpec, output: TensorSpec, tanh: boolean): PreparedOp {
  const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
  if (inQ.zeroPoint !== 0 || outQ.zeroPoint !== 0) ctx.fail("BAD_QUANTIZATION", `int16 zero points must be 0 (input ${inQ.zeroPoint}, output ${outQ.zeroPoint})`);
  const out = checkedLog2(outQ.scale);
  if (!(outQ.scale > 0) || !out.exact || out.log2 !== -15) ctx.fail("BAD_QUANTIZATION", `output '${output.name}' scale ${outQ.scale} must be 2^-15`);
  const scaling = inQ.scale > 0 ? int16SigmoidScaling(inQ.scale, tanh) : null;
  if (scaling === null) ctx.fail("BAD_QUANTIZATION", `input '${input.name}' scale ${inQ.scale} is outside what TFLM's int16 kernel takes`);
  const p = new Int32Array(SigmoidInt16.HEADER);
  p[SigmoidInt16.TANH] = tanh ? 1 : 0;
  p[SigmoidInt16.MULTIPLIER] = scaling.multiplier;
  p[SigmoidInt16.SHIFT] = scaling.shift;
  const k = ctx.kernels;
  return {
    macs: input.elements,
    bind(a) {
      const x = a.int16(input), y = a.int16(output);
      return () => k.sigmoidInt16(p, x, y);
    },
  };
}

/** TFLM's per-op constants of the int8 LOGISTIC and TANH kernels. */
export interface SigmoidInt8Params {
  zeroPoint: number;
  /** |input - zero point| at or beyond which the output saturates. */
  radius: number;
  multiplier: number;
  shift: number;
}

/** Integer bits of the fixed-point input of gemmlowp's logistic / tanh (kInputIntegerBits). */
export const SIGMOID_INPUT_INTEGER_BITS = 4;

/**
 * As TFLM prepares int8 LOGISTIC and TANH: input_scale * 2^27 split by frexp into a rounded Q31
 * multiplier and a shift, and the input radius floor(15 * 2^27 / 2^shift).
 */
export function sigmoidInt8Params(inputScale: number, inputZeroPoint: number): SigmoidInt8Params {
  const [q, shift] = frexp(inputScale * 2 ** (31 - SIGMOID_INPUT_INTEGER_BITS));
  const multiplier = roundHalfAway(q * 2 ** 31);
  const radius = Math.floor((((1 << SIGMOID_INPUT_INTEGER_BITS) - 1) * 2 ** (31 - SIGMOID_INPUT_INTEGER_BITS)) / 2 ** shift);
  return { zeroPoint: inputZeroPoint, radius, multiplier, shift };
}

/** TFLM's reference_integer_ops::Logistic on one int8 value (output scale 1/256, zero point -128). */
export function logisticInt8Value(x: number, p: SigmoidInt8Params): number {
  const input = x - p.zeroPoint;
  if (input <= -p.radius) return -128;
  if (input >= p.radius) return 127;
  const inQ4 = multiplyByQuantizedMultiplier(input, p.multiplier, p.shift);
  const outQ0 = fixedLogistic(inQ4, SIGMOID_INPUT_INTEGER_BITS);
  const v = roundingDivideByPOT(outQ0, 31 - 8) - 128;
  return v < -128 ? -128 : v > 127 ? 127 : v;
}

export const logistic: OpRegistration = {
  name: "LOGISTIC",
  builtinCode: BuiltinOperator.LOGISTIC,
  maxVersion: 3,
  prepare(ctx: OpContext): PreparedOp {
    const { input, output } = checkUnary(ctx, TensorType.INT8, TensorType.INT16, TensorType.FLOAT32);
    if (input.type === TensorType.FLOAT32) {
      const k = ctx.kernels;
      return float32UnaryOp(input, output, (x, y) => k.logisticFloat32(x, y));
    }
    if (input.type === TensorType.INT16) return sigmoidInt16Op(ctx, input, output, false);
    const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
    // TFLM checks only the output zero point (-128); the kernel's arithmetic assumes scale 1/256.
    if (outQ.zeroPoint !== -128) ctx.fail("BAD_QUANTIZATION", `output zero point must be -128, is ${outQ.zeroPoint}`);
    if (!(inQ.scale > 0)) ctx.fail("BAD_QUANTIZATION", `input scale ${inQ.scale} must be positive`);
    const p = sigmoidInt8Params(inQ.scale, inQ.zeroPoint);
    return int8TableOp(ctx, input, output, int8Table((x) => logisticInt8Value(x, p)));
  },
};

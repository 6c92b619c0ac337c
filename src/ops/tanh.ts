/** TANH: int8 through a table of TFLM's fixed-point reference arithmetic, int16 (TFLM's table interpolation), and float32. */
import { multiplyByQuantizedMultiplier, roundingDivideByPOT } from "../math/fixed_point";
import { tanh as fixedTanh } from "../math/gemmlowp";
import { BuiltinOperator, TensorType } from "../model/schema";
import { SIGMOID_INPUT_INTEGER_BITS, type SigmoidInt8Params, sigmoidInt16Op, sigmoidInt8Params } from "./logistic";
import { checkUnary, float32UnaryOp, int8Table, int8TableOp } from "./lookup_table";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

/** TFLM's reference_integer_ops::Tanh on one int8 value (output scale 1/128, zero point 0). */
export function tanhInt8Value(x: number, p: SigmoidInt8Params): number {
  const input = x - p.zeroPoint;
  if (input <= -p.radius) return -128;
  if (input >= p.radius) return 127;
  const inQ4 = multiplyByQuantizedMultiplier(input, p.multiplier, p.shift);
  const outQ0 = fixedTanh(inQ4, SIGMOID_INPUT_INTEGER_BITS);
  const v = roundingDivideByPOT(outQ0, 31 - 7);
  return v < -128 ? -128 : v > 127 ? 127 : v;
}

export const tanh: OpRegistration = {
  name: "TANH",
  builtinCode: BuiltinOperator.TANH,
  maxVersion: 3,
  prepare(ctx: OpContext): PreparedOp {
    const { input, output } = checkUnary(ctx, TensorType.INT8, TensorType.INT16, TensorType.FLOAT32);
    if (input.type === TensorType.FLOAT32) {
      const k = ctx.kernels;
      return float32UnaryOp(input, output, (x, y) => k.tanhFloat32(x, y));
    }
    if (input.type === TensorType.INT16) return sigmoidInt16Op(ctx, input, output, true);
    const inQ = ctx.quant(input, "input");
    // TFLM checks nothing of the output quantization; the kernel's arithmetic assumes scale 1/128, zero point 0.
    ctx.quant(output, "output");
    if (!(inQ.scale > 0)) ctx.fail("BAD_QUANTIZATION", `input scale ${inQ.scale} must be positive`);
    const p = sigmoidInt8Params(inQ.scale, inQ.zeroPoint);
    return int8TableOp(ctx, input, output, int8Table((x) => tanhInt8Value(x, p)));
  },
};

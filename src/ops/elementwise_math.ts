/**
 * The element-wise math ops of TFLM: ABS (float32, and int8 as TFLM requantizes |x - zero point|),
 * NEG, EXP, LOG, SQRT and RSQRT (float32).
 */
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from "../math/fixed_point";
import { BuiltinOperator, TensorType } from "../model/schema";
import { ElementwiseMathOp } from "../kernels/layout";
import { checkUnary, float32UnaryOp, int8Table, int8TableOp } from "./lookup_table";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

/** TFLM's AbsEvalQuantized for int8: |x - input zero point|, rescaled by input / output scale (in float32) when they differ, plus the output zero point, clamped. */
function absInt8Table(ctx: OpContext, inputScale: number, inputZeroPoint: number, outputScale: number, outputZeroPoint: number): Int8Array {
  const rescale = inputScale !== outputScale;
  const { multiplier, shift } = quantizeMultiplier(Math.fround(inputScale / outputScale));
  if (rescale && !(outputScale > 0)) ctx.fail("BAD_QUANTIZATION", `output scale ${outputScale} must be positive`);
  return int8Table((x) => {
    const value = Math.abs(x - inputZeroPoint);
    const v = (rescale ? multiplyByQuantizedMultiplier(value, multiplier, shift) : value) + outputZeroPoint;
    return v < -128 ? -128 : v > 127 ? 127 : v;
  });
}

function elementwiseMath(name: string, code: number, maxVersion: number, op: number, int8: boolean): OpRegistration {
  return {
    name,
    builtinCode: code,
    maxVersion,
    prepare(ctx: OpContext): PreparedOp {
      const { input, output } = int8 ? checkUnary(ctx, TensorType.FLOAT32, TensorType.INT8) : checkUnary(ctx, TensorType.FLOAT32);
      if (input.type === TensorType.INT8) {
        const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
        return int8TableOp(ctx, input, output, absInt8Table(ctx, inQ.scale, inQ.zeroPoint, outQ.scale, outQ.zeroPoint));
      }
      const k = ctx.kernels;
      const p = new Int32Array([op]);
      return float32UnaryOp(input, output, (x, y) => k.elementwiseMathFloat32(p, x, y));
    },
  };
}

export const abs: OpRegistration = elementwiseMath("ABS", BuiltinOperator.ABS, 5, ElementwiseMathOp.ABS, true);
export const neg: OpRegistration = elementwiseMath("NEG", BuiltinOperator.NEG, 2, ElementwiseMathOp.NEG, false);
export const exp: OpRegistration = elementwiseMath("EXP", BuiltinOperator.EXP, 2, ElementwiseMathOp.EXP, false);
export const log: OpRegistration = elementwiseMath("LOG", BuiltinOperator.LOG, 2, ElementwiseMathOp.LOG, false);
export const sqrt: OpRegistration = elementwiseMath("SQRT", BuiltinOperator.SQRT, 2, ElementwiseMathOp.SQRT, false);
export const rsqrt: OpRegistration = elementwiseMath("RSQRT", BuiltinOperator.RSQRT, 3, ElementwiseMathOp.RSQRT, false);

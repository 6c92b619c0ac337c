/**
 * MUL: int8 and int16 (TFLM's quantized multiply: the product of the offset inputs rescaled by
 * input1_scale * input2_scale / output_scale), float32 with fused activation, and int32 (wrapping
 * product, fused activation clamp); all with broadcasting.
 */
import { Binary, BinaryOp, Mul } from "../kernels/layout";
import { quantizeMultiplier } from "../math/fixed_point";
import { BuiltinOperator, TensorType } from "../model/schema";
import { activationRange, binaryParams, checkBinary, floatAct } from "./broadcast";
import { type OpContext, type OpRegistration, type PreparedOp, optByte } from "./op";
import { int8ActivationRange } from "./quantization";

/** MulOptions: fused_activation_function. */
const Opt = Object.freeze({ activation: 0 } as const);

export const mul: OpRegistration = {
  name: "MUL",
  builtinCode: BuiltinOperator.MUL,
  // v2 int8, v3 rescales >= 1, v4 quantized int16; v5+ (int64, complex, unquantized int16) are not supported.
  maxVersion: 4,
  prepare(ctx: OpContext): PreparedOp {
    const { input1, input2, output, count } = checkBinary(ctx, [TensorType.INT8, TensorType.INT16, TensorType.FLOAT32, TensorType.INT32]);
    const activation = optByte(ctx.options, Opt.activation, 0);
    const k = ctx.kernels;
    if (input1.type === TensorType.INT8 || input1.type === TensorType.INT16) {
      const q1 = ctx.quant(input1, "input1"), q2 = ctx.quant(input2, "input2"), qo = ctx.quant(output, "output");
      if (input1.type === TensorType.INT16 && (q1.zeroPoint !== 0 || q2.zeroPoint !== 0 || qo.zeroPoint !== 0)) {
        ctx.fail("BAD_QUANTIZATION", "int16 MUL needs zero points of 0");
      }
      const real = (q1.scale * q2.scale) / qo.scale;
      if (!(real >= 0 && Number.isFinite(real))) ctx.fail("BAD_QUANTIZATION", `the rescale ${real} is invalid; check the scales`);
      const m = quantizeMultiplier(real);
      if (m.shift > 30) ctx.fail("BAD_QUANTIZATION", `the rescale ${real} is too large`);
      const range = int8ActivationRange(ctx, activation, output);
      const p = binaryParams(Mul.HEADER, BinaryOp.MUL, input1, input2, output);
      p[Binary.ACT_MIN] = range.min;
      p[Binary.ACT_MAX] = range.max;
      p[Mul.INPUT1_OFFSET] = -q1.zeroPoint;
      p[Mul.INPUT2_OFFSET] = -q2.zeroPoint;
      p[Mul.OUTPUT_OFFSET] = qo.zeroPoint;
      p[Mul.OUTPUT_MULTIPLIER] = m.multiplier;
      p[Mul.OUTPUT_SHIFT] = m.shift;
      if (input1.type === TensorType.INT8) {
        return {
          macs: count,
          bind(a) {
            const x = a.int8(input1), y = a.int8(input2), z = a.int8(output);
            return () => k.mulInt8(p, x, y, z);
          },
        };
      }
      return {
        macs: count,
        bind(a) {
          const x = a.int16(input1), y = a.int16(input2), z = a.int16(output);
          return () => k.mulInt16(p, x, y, z);
        },
      };
    }
    const p = binaryParams(Binary.HEADER, BinaryOp.MUL, input1, input2, output);
    const r = activationRange(activation, input1.type);
    if (input1.type === TensorType.INT32) {
      p[Binary.ACT_MIN] = r.min;
      p[Binary.ACT_MAX] = r.max;
      return {
        macs: count,
        bind(a) {
          const x = a.int32(input1), y = a.int32(input2), z = a.int32(output);
          return () => k.binaryInt32(p, x, y, z);
        },
      };
    }
    const act = floatAct(r.min, r.max);
    return {
      macs: count,
      bind(a) {
        const x = a.float32(input1), y = a.float32(input2), z = a.float32(output);
        return () => k.binaryFloat32(p, act, x, y, z);
      },
    };
  },
};

/**
 * DIV: float32 (with fused activation) and int32 (C's truncating division, fused activation
 * clamp), with broadcasting. TFLM's int8 DIV (reciprocal-based) is not implemented.
 */
import { Binary, BinaryOp } from "../kernels/layout";
import { BuiltinOperator, TensorType } from "../model/schema";
import { activationRange, binaryParams, checkBinary, expectNotQuantized, floatAct } from "./broadcast";
import { type OpContext, type OpRegistration, type PreparedOp, optByte } from "./op";

/** DivOptions: fused_activation_function. */
const Opt = Object.freeze({ activation: 0 } as const);

export const div: OpRegistration = {
  name: "DIV",
  builtinCode: BuiltinOperator.DIV,
  // v2: broadcasting beyond 4-D.
  maxVersion: 2,
  prepare(ctx: OpContext): PreparedOp {
    const { input1, input2, output, count } = checkBinary(ctx, [TensorType.FLOAT32, TensorType.INT32]);
    const activation = optByte(ctx.options, Opt.activation, 0);
    const k = ctx.kernels;
    const p = binaryParams(Binary.HEADER, BinaryOp.DIV, input1, input2, output);
    const r = activationRange(activation, input1.type);
    if (input1.type === TensorType.INT32) {
      expectNotQuantized(ctx, input1, "input1");
      expectNotQuantized(ctx, input2, "input2");
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

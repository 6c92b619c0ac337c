/**
 * SQUARED_DIFFERENCE: (a - b)^2 elementwise with broadcasting, float32 (float32 difference, then
 * its float32 square) and int32 (wrapping). TFLM's quantized int8/int16 variant is not implemented.
 */
import { Binary, BinaryOp } from "../kernels/layout";
import { BuiltinOperator, TensorType } from "../model/schema";
import { binaryParams, checkBinary, floatAct } from "./broadcast";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

export const squaredDifference: OpRegistration = {
  name: "SQUARED_DIFFERENCE",
  builtinCode: BuiltinOperator.SQUARED_DIFFERENCE,
  // v2 is int8.
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    const { input1, input2, output, count } = checkBinary(ctx, [TensorType.FLOAT32, TensorType.INT32]);
    const k = ctx.kernels;
    const p = binaryParams(Binary.HEADER, BinaryOp.SQUARED_DIFFERENCE, input1, input2, output);
    if (input1.type === TensorType.INT32) {
      return {
        macs: count,
        bind(a) {
          const x = a.int32(input1), y = a.int32(input2), z = a.int32(output);
          return () => k.binaryInt32(p, x, y, z);
        },
      };
    }
    // TFLM applies no activation here.
    const act = floatAct(-Infinity, Infinity);
    return {
      macs: count,
      bind(a) {
        const x = a.float32(input1), y = a.float32(input2), z = a.float32(output);
        return () => k.binaryFloat32(p, act, x, y, z);
      },
    };
  },
};

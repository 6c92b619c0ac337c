/**
 * MINIMUM and MAXIMUM: elementwise with broadcasting on float32, int8, int16 and int32. As in
 * TFLM, quantized values are compared raw (the converter gives inputs and output one scale) and
 * there is no activation: max is `a > b ? a : b`, min is `a < b ? a : b`.
 */
import { Binary, BinaryOp } from "../kernels/layout";
import { BuiltinOperator, TensorType } from "../model/schema";
import { binaryParams, checkBinary, floatAct } from "./broadcast";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

function prepareMinMax(ctx: OpContext, op: number): PreparedOp {
  const { input1, input2, output, count } = checkBinary(ctx, [TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32]);
  const k = ctx.kernels;
  const p = binaryParams(Binary.HEADER, op, input1, input2, output);
  switch (input1.type) {
    case TensorType.INT8:
      return {
        macs: count,
        bind(a) {
          const x = a.int8(input1), y = a.int8(input2), z = a.int8(output);
          return () => k.minMaxInt8(p, x, y, z);
        },
      };
    case TensorType.INT16:
      return {
        macs: count,
        bind(a) {
          const x = a.int16(input1), y = a.int16(input2), z = a.int16(output);
          return () => k.minMaxInt16(p, x, y, z);
        },
      };
    case TensorType.INT32:
      return {
        macs: count,
        bind(a) {
          const x = a.int32(input1), y = a.int32(input2), z = a.int32(output);
          return () => k.binaryInt32(p, x, y, z);
        },
      };
    default: {
      const act = floatAct(-Infinity, Infinity);
      return {
        macs: count,
        bind(a) {
          const x = a.float32(input1), y = a.float32(input2), z = a.float32(output);
          return () => k.binaryFloat32(p, act, x, y, z);
        },
      };
    }
  }
}

export const minimum: OpRegistration = {
  name: "MINIMUM",
  builtinCode: BuiltinOperator.MINIMUM,
  // v2 int8, v3 broadcasting beyond 4-D, v4 int16.
  maxVersion: 4,
  prepare: (ctx) => prepareMinMax(ctx, BinaryOp.MINIMUM),
};

export const maximum: OpRegistration = {
  name: "MAXIMUM",
  builtinCode: BuiltinOperator.MAXIMUM,
  maxVersion: 4,
  prepare: (ctx) => prepareMinMax(ctx, BinaryOp.MAXIMUM),
};

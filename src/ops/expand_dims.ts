/** EXPAND_DIMS: the same bytes with a size-1 dimension inserted at a constant axis; the model's output shape must be exactly that. */
import { BuiltinOperator } from "../model/schema";
import { constantInts, byteCopier, expectSameType, shapeText, unitFormat } from "./movement";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

export const expandDims: OpRegistration = {
  name: "EXPAND_DIMS",
  builtinCode: BuiltinOperator.EXPAND_DIMS,
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 2, 1);
    const input = ctx.input(0), axisTensor = ctx.input(1), output = ctx.output(0);
    expectSameType(ctx, input, output);
    unitFormat(ctx, input, "input");
    const axisValues = constantInts(ctx, axisTensor, "axis", true);
    if (axisValues.length !== 1 || axisTensor.shape.length > 1) ctx.fail("BAD_SHAPE", `axis ${shapeText(axisTensor.shape)} must hold one value`);
    const rank = input.shape.length;
    // A negative axis counts from the end of the output's dimensions.
    const axis = axisValues[0]! < 0 ? axisValues[0]! + rank + 1 : axisValues[0]!;
    if (axis < 0 || axis > rank) ctx.fail("BAD_SHAPE", `axis ${axisValues[0]} is out of range for rank ${rank}`);
    const expected = [...input.shape.slice(0, axis), 1, ...input.shape.slice(axis)];
    if (expected.length !== output.shape.length || expected.some((d, i) => d !== output.shape[i])) {
      ctx.fail("BAD_SHAPE", `output is ${shapeText(output.shape)}, expanding ${shapeText(input.shape)} at axis ${axis} gives ${shapeText(expected)}`);
    }
    return {
      macs: 0,
      bind(a) {
        const x = a.bytes(input), y = a.bytes(output);
        return byteCopier(x, y);
      },
    };
  },
};

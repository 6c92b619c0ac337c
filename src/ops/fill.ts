/** FILL: an output of the (constant) dims' shape with every element the scalar value, for any fixed-size type. */
import { BuiltinOperator } from "../model/schema";
import { constantInts, expectSameType, shapeText, unitFormat, unitsView } from "./movement";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

export const fill: OpRegistration = {
  name: "FILL",
  builtinCode: BuiltinOperator.FILL,
  maxVersion: 4,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 2, 1);
    const dims = ctx.input(0), value = ctx.input(1), output = ctx.output(0);
    expectSameType(ctx, value, output);
    if (value.shape.length !== 0) ctx.fail("BAD_SHAPE", `value '${value.name}' must be a scalar, is ${shapeText(value.shape)}`);
    const shape = constantInts(ctx, dims, "dims", true);
    if (shape.length !== output.shape.length || shape.some((d, i) => d !== output.shape[i])) ctx.fail("BAD_SHAPE", `dims ${shapeText(shape)} differ from the output's shape ${shapeText(output.shape)}`);
    const fmt = unitFormat(ctx, output, "output");
    return {
      macs: 0,
      bind(a) {
        const v = unitsView(a.bytes(value), fmt.unitBytes), y = unitsView(a.bytes(output), fmt.unitBytes);
        const per = fmt.perElement, n = y.length;
        return () => {
          for (let i = 0; i < n; i += per) for (let k = 0; k < per; k++) y[i + k] = v[k]!;
        };
      },
    };
  },
};

/** ZEROS_LIKE: zeros of the input's shape and type (the raw value 0, as TFLM writes it, whatever the quantization). */
import { BuiltinOperator } from "../model/schema";
import { expectSameType, shapeText, unitFormat } from "./movement";
import { type OpContext, type OpRegistration, type PreparedOp, sameShape } from "./op";

export const zerosLike: OpRegistration = {
  name: "ZEROS_LIKE",
  builtinCode: BuiltinOperator.ZEROS_LIKE,
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    expectSameType(ctx, input, output);
    unitFormat(ctx, output, "output");
    if (!sameShape(input.shape, output.shape)) ctx.fail("BAD_SHAPE", `output ${shapeText(output.shape)} differs from the input ${shapeText(input.shape)}`);
    return {
      macs: 0,
      bind(a) {
        const y = a.bytes(output);
        return () => {
          y.fill(0);
        };
      },
    };
  },
};

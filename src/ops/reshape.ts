/** RESHAPE: the same bytes under a new shape (the model states the output shape; element counts must agree). */
import { BuiltinOperator } from "../model/schema";
import { byteCopier } from "./movement";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

export const reshape: OpRegistration = {
  name: "RESHAPE",
  builtinCode: BuiltinOperator.RESHAPE,
  maxVersion: 2,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 2, 1);
    const input = ctx.input(0), output = ctx.output(0);
    if (input.type !== output.type) ctx.fail("BAD_TYPE", `input and output types differ (${input.type} vs ${output.type})`);
    if (input.elements !== output.elements) ctx.fail("BAD_SHAPE", `cannot reshape [${input.shape.join(", ")}] to [${output.shape.join(", ")}]`);
    return {
      macs: 0,
      bind(a) {
        return byteCopier(a.bytes(input), a.bytes(output));
      },
    };
  },
};

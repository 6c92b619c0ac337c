/** SQUEEZE: the same bytes without some (or all) size-1 dimensions; the model's output shape must be exactly that. */
import { BuiltinOperator } from "../model/schema";
import { byteCopier, expectSameType, shapeText, unitFormat } from "./movement";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

const Opt = Object.freeze({ squeezeDims: 0 } as const);

export const squeeze: OpRegistration = {
  name: "SQUEEZE",
  builtinCode: BuiltinOperator.SQUEEZE,
  maxVersion: 2,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    expectSameType(ctx, input, output);
    unitFormat(ctx, input, "input");
    const rank = input.shape.length;
    const dims = ctx.options?.i32Vector(Opt.squeezeDims, "squeeze_dims") ?? [];
    const squeezed = new Array<boolean>(rank).fill(false);
    if (dims.length === 0) {
      // No dimensions listed: every size-1 dimension goes.
      for (let i = 0; i < rank; i++) squeezed[i] = input.shape[i] === 1;
    } else {
      for (const d of dims) {
        const i = d < 0 ? d + rank : d;
        if (i < 0 || i >= rank) ctx.fail("BAD_SHAPE", `squeeze dimension ${d} is out of range for rank ${rank}`);
        if (input.shape[i] !== 1) ctx.fail("BAD_SHAPE", `dimension ${d} of ${shapeText(input.shape)} is not 1`);
        squeezed[i] = true;
      }
    }
    const expected = input.shape.filter((_, i) => !squeezed[i]);
    if (expected.length !== output.shape.length || expected.some((d, i) => d !== output.shape[i])) {
      ctx.fail("BAD_SHAPE", `output is ${shapeText(output.shape)}, squeezing ${shapeText(input.shape)} gives ${shapeText(expected)}`);
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

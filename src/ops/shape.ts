/** SHAPE: the input's dimensions as an int32 (or int64) vector. */
import { BuiltinOperator, TensorType } from "../model/schema";
import { shapeText } from "./movement";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

export const shape: OpRegistration = {
  name: "SHAPE",
  builtinCode: BuiltinOperator.SHAPE,
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    ctx.expectType(output, "output", TensorType.INT32, TensorType.INT64);
    const rank = input.shape.length;
    if (output.shape.length !== 1 || output.shape[0] !== rank) ctx.fail("BAD_SHAPE", `output is ${shapeText(output.shape)}, expected [${rank}]`);
    // The values never change: build their bytes once (little-endian, int64 high words 0 as dims are >= 0).
    const wide = output.type === TensorType.INT64 ? 2 : 1;
    const bytes = new Uint8Array(rank * wide * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < rank; i++) view.setInt32(i * wide * 4, input.shape[i]!, true);
    return {
      macs: 0,
      bind(a) {
        const y = a.bytes(output);
        return () => y.set(bytes);
      },
    };
  },
};

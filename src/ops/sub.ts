/** SUB: int8, int16, float32 and int32 with broadcasting; TFLM's quantized subtraction (see add.ts). */
import { BuiltinOperator } from "../model/schema";
import { prepareAddSub } from "./add";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

export const sub: OpRegistration = {
  name: "SUB",
  builtinCode: BuiltinOperator.SUB,
  // v2 int8, v3 broadcast beyond 4-D, v5 int16 with general scales; v4 (int64) types fail at prepare.
  maxVersion: 5,
  prepare(ctx: OpContext): PreparedOp {
    return prepareAddSub(ctx, true);
  },
};

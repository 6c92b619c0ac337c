/** TRANSPOSE: output dimension i is input dimension perm[i], for any fixed-size element type, up to 6-D. */
import { BuiltinOperator } from "../model/schema";
import { constantInts, expectSameType, planCopy, runCopy, shapeText, stridesOf, unitFormat, unitsView } from "./movement";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

/** TFLite's reference transpose handles up to 6 dimensions. */
const MAX_RANK = 6;

export const transpose: OpRegistration = {
  name: "TRANSPOSE",
  builtinCode: BuiltinOperator.TRANSPOSE,
  maxVersion: 6,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 2, 1);
    const input = ctx.input(0), permTensor = ctx.input(1), output = ctx.output(0);
    expectSameType(ctx, input, output);
    const fmt = unitFormat(ctx, input, "input");
    const rank = input.shape.length;
    if (rank > MAX_RANK) ctx.fail("BAD_SHAPE", `input has rank ${rank}; at most ${MAX_RANK} is supported`);
    // TFLite reads perm as int32 only.
    const perm = constantInts(ctx, permTensor, "perm", false);
    if (perm.length !== rank || permTensor.shape.length !== 1) ctx.fail("BAD_SHAPE", `perm ${shapeText(permTensor.shape)} must be a vector of ${rank} values`);
    const seen = new Array<boolean>(rank).fill(false);
    for (let i = 0; i < rank; i++) {
      // TFLite counts negative entries from the end.
      const p = perm[i]! < 0 ? perm[i]! + rank : perm[i]!;
      if (p < 0 || p >= rank || seen[p]) ctx.fail("BAD_FORMAT", `perm [${perm.join(", ")}] is not a permutation of 0..${rank - 1}`);
      seen[p] = true;
      perm[i] = p;
    }
    const expected = perm.map((p) => input.shape[p]!);
    if (output.shape.length !== rank || expected.some((d, i) => d !== output.shape[i])) {
      ctx.fail("BAD_SHAPE", `output is ${shapeText(output.shape)}, transposing ${shapeText(input.shape)} by [${perm.join(", ")}] gives ${shapeText(expected)}`);
    }
    const inStrides = stridesOf(input.shape);
    const plan = planCopy(fmt, expected, perm.map((p) => inStrides[p]!), stridesOf(expected), 0, 0);
    return {
      macs: 0,
      bind(a) {
        const x = unitsView(a.bytes(input), fmt.unitBytes), y = unitsView(a.bytes(output), fmt.unitBytes);
        return () => runCopy(plan, x, y);
      },
    };
  },
};

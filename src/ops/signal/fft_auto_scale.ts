/**
 * CUSTOM:SignalFftAutoScale — scales the frame up by the largest power of two that keeps its peak
 * within int16 and outputs that shift (int32 scalar), which SignalFilterBankSquareRoot undoes.
 */
import { BuiltinOperator, TensorType } from "../../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "../op";
import { expectRank, msb32 } from "./common";

export const signalFftAutoScale: OpRegistration = {
  name: "CUSTOM:SignalFftAutoScale",
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: "SignalFftAutoScale",
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 2);
    const input = ctx.input(0), output = ctx.output(0), scaleBits = ctx.output(1);
    ctx.expectType(input, "input", TensorType.INT16);
    ctx.expectType(output, "output", TensorType.INT16);
    ctx.expectType(scaleBits, "scale bits", TensorType.INT32);
    expectRank(ctx, input, "input", 1);
    expectRank(ctx, output, "output", 1);
    expectRank(ctx, scaleBits, "scale bits", 0);
    // TFLM scans and writes output->dims[0] values of the input.
    if (output.elements > input.elements) ctx.fail("BAD_SHAPE", `output has ${output.elements} values, the input only ${input.elements}`);
    const n = output.elements;
    return {
      macs: n,
      bind(a) {
        const x = a.int16(input), y = a.int16(output), bits = a.int32(scaleBits);
        return () => {
          // TFLM's MaxAbs16 keeps the running maximum in an int16: |-32768| wraps back to -32768.
          let max = 0;
          for (let i = 0; i < n; i++) {
            const v = x[i]!;
            if (v > max) max = v;
            else if (-v > max) max = (-v << 16) >> 16;
          }
          // The int16 maximum goes to MostSignificantBit32 as a uint32 (sign-extended), 0 counts 32 bits.
          let shift = 15 - msb32(max >>> 0);
          if (shift <= 0) shift = 0;
          for (let i = 0; i < n; i++) y[i] = x[i]! << shift;
          bits[0] = shift;
        };
      },
    };
  },
};

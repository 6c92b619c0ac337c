/** CUSTOM:SignalEnergy — |X[k]|^2 = re^2 + im^2 (int32 arithmetic, stored as uint32) for start_index <= k < end_index. */
import { BuiltinOperator, TensorType } from "../../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "../op";
import { expectRank, intOption, signalOptions, uint32View } from "./common";

export const signalEnergy: OpRegistration = {
  name: "CUSTOM:SignalEnergy",
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: "SignalEnergy",
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    ctx.expectType(input, "input", TensorType.INT16);
    ctx.expectType(output, "output", TensorType.UINT32);
    expectRank(ctx, input, "input", 1);
    expectRank(ctx, output, "output", 1);
    const options = signalOptions(ctx);
    const start = intOption(ctx, options, "start_index"), end = intOption(ctx, options, "end_index");
    const bins = output.elements;
    if (input.elements !== 2 * bins) ctx.fail("BAD_SHAPE", `input of ${input.elements} values is not ${bins} complex bins`);
    if (!(start >= 0 && start <= end && end <= bins)) ctx.fail("BAD_FORMAT", `bins ${start}..${end} do not fit the ${bins}-bin output`);
    return {
      macs: 2 * (end - start),
      bind(a) {
        const x = a.int16(input), y = uint32View(a, output);
        return () => {
          // TFLM leaves the bins outside [start, end) unwritten; they are zeroed here (deterministic output).
          for (let k = 0; k < start; k++) y[k] = 0;
          for (let k = start; k < end; k++) {
            const re = x[2 * k]!, im = x[2 * k + 1]!;
            y[k] = re * re + im * im; // int32 sum (wraps only for -32768^2 * 2), stored as uint32
          }
          for (let k = end; k < bins; k++) y[k] = 0;
        };
      },
    };
  },
};

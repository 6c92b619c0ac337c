/** CUSTOM:SignalWindow — TFLM's signal library window: (x * w) >> shift, saturated to int16, frame by frame. */
import { BuiltinOperator, TensorType } from "../../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "../op";
import { expectRank, intOption, signalOptions } from "./common";

export const signalWindow: OpRegistration = {
  name: "CUSTOM:SignalWindow",
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: "SignalWindow",
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 2, 1);
    const input = ctx.input(0), weights = ctx.input(1), output = ctx.output(0);
    ctx.expectType(input, "input", TensorType.INT16);
    ctx.expectType(weights, "weights", TensorType.INT16);
    ctx.expectType(output, "output", TensorType.INT16);
    if (input.shape.length < 1) ctx.fail("BAD_SHAPE", "input must have at least one dimension");
    expectRank(ctx, weights, "weights", 1);
    if (output.shape.length !== input.shape.length || output.elements !== input.elements) ctx.fail("BAD_SHAPE", "output must have the input's shape");
    const shift = intOption(ctx, signalOptions(ctx), "shift");
    if (shift < 0 || shift > 31) ctx.fail("BAD_FORMAT", `shift ${shift} is outside 0..31`);
    const size = weights.shape[0]!;
    // TFLM applies the window to consecutive runs of `size` samples, one per frame.
    if (size <= 0 || input.elements % size !== 0) ctx.fail("BAD_SHAPE", `input of ${input.elements} samples is not a whole number of ${size}-sample frames`);
    const n = input.elements;
    return {
      macs: n,
      bind(a) {
        const x = a.int16(input), w = a.int16(weights), y = a.int16(output);
        return () => {
          for (let i = 0; i < n; i += size) {
            for (let j = 0; j < size; j++) {
              const raw = (x[i + j]! * w[j]!) >> shift;
              y[i + j] = raw < -32768 ? -32768 : raw > 32767 ? 32767 : raw;
            }
          }
        };
      },
    };
  },
};

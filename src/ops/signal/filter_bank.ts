/**
 * CUSTOM:SignalFilterBank — TFLM's mel filter bank: weighted sums of the uint32 energy spectrum
 * into uint64 channels, each bin shared between two neighbouring channels (weight / unweight).
 */
import { FilterBank } from "../../kernels/layout";
import { BuiltinOperator, TensorType } from "../../model/schema";
import type { TensorSpec } from "../../model/model";
import type { OpContext, OpRegistration, PreparedOp } from "../op";
import { expectRank, intOption, signalOptions, uint32View } from "./common";

function int16Constant(ctx: OpContext, t: TensorSpec, what: string): Int16Array {
  const d = ctx.expectConstant(t, what);
  const out = new Int16Array(t.elements);
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = v.getInt16(2 * i, true);
  return out;
}

export const signalFilterBank: OpRegistration = {
  name: "CUSTOM:SignalFilterBank",
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: "SignalFilterBank",
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(6, 6, 1);
    const input = ctx.input(0), weights = ctx.input(1), unweights = ctx.input(2), output = ctx.output(0);
    ctx.expectType(input, "input", TensorType.UINT32);
    expectRank(ctx, input, "input", 1);
    const names = ["weights", "unweights", "channel frequency starts", "channel weight starts", "channel widths"];
    for (let i = 1; i < 6; i++) {
      ctx.expectType(ctx.input(i), names[i - 1]!, TensorType.INT16);
      expectRank(ctx, ctx.input(i), names[i - 1]!, 1);
    }
    ctx.expectType(output, "output", TensorType.UINT64);
    expectRank(ctx, output, "output", 1);
    const channels = intOption(ctx, signalOptions(ctx), "num_channels");
    if (!(channels >= 1 && channels <= 0x10000)) ctx.fail("BAD_FORMAT", `num_channels ${channels} is out of range`);
    if (output.elements !== channels) ctx.fail("BAD_SHAPE", `output has ${output.elements} channels, num_channels is ${channels}`);
    if (unweights.elements !== weights.elements) ctx.fail("BAD_SHAPE", `${weights.elements} weights but ${unweights.elements} unweights`);
    // The band tables drive every index of the loop: they must be constant and inside the tensors.
    const starts = int16Constant(ctx, ctx.input(3), names[2]!);
    const weightStarts = int16Constant(ctx, ctx.input(4), names[3]!);
    const widths = int16Constant(ctx, ctx.input(5), names[4]!);
    const n = channels + 1;
    for (const [t, what] of [[starts, names[2]], [weightStarts, names[3]], [widths, names[4]]] as const) {
      if (t.length < n) ctx.fail("BAD_SHAPE", `${what} has ${t.length} entries, needs num_channels + 1 = ${n}`);
    }
    const p = new Int32Array(FilterBank.HEADER + 3 * n);
    p[FilterBank.NUM_CHANNELS] = channels;
    p[FilterBank.INPUT_LENGTH] = input.elements;
    p[FilterBank.WEIGHTS_LENGTH] = weights.elements;
    let macs = 0;
    for (let i = 0; i < n; i++) {
      const f = starts[i]!, w = weightStarts[i]!, width = widths[i]!;
      if (width < 0 || (width > 0 && (f < 0 || w < 0 || f + width > input.elements || w + width > weights.elements))) {
        ctx.fail("BAD_FORMAT", `channel ${i}: bins ${f}..${f + width} / weights ${w}..${w + width} fall outside the ${input.elements}-bin input or the ${weights.elements} weights`);
      }
      p[FilterBank.HEADER + i] = f;
      p[FilterBank.HEADER + n + i] = w;
      p[FilterBank.HEADER + 2 * n + i] = width;
      macs += 2 * width;
    }
    const k = ctx.kernels;
    return {
      macs,
      bind(a) {
        const x = uint32View(a, input), w = a.int16(weights), u = a.int16(unweights), y = uint32View(a, output);
        return k.filterBankUint32.bind(null, p, x, w, u, y);
      },
    };
  },
};

/**
 * CUSTOM:SignalFilterBankSpectralSubtraction — TFLM's noise reduction: a per-channel running noise
 * estimate (the op's state, even and odd channels with their own smoothing) is subtracted from
 * each channel, never going below min_signal_remaining of the signal. Output 1 is a copy of the
 * estimate (SignalPCAN reads it). The estimate starts at zero (TFLM zeroes it in Prepare and on
 * reset; here it lives in a persistent buffer that starts zeroed and reset() zeroes).
 */
import { BuiltinOperator, TensorType } from "../../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "../op";
import { boolOption, expectRank, intOption, mulAddShr, mulShr, signalOptions, uint32View } from "./common";

export const signalFilterBankSpectralSubtraction: OpRegistration = {
  name: "CUSTOM:SignalFilterBankSpectralSubtraction",
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: "SignalFilterBankSpectralSubtraction",
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 2);
    const input = ctx.input(0), output = ctx.output(0), noise = ctx.output(1);
    ctx.expectType(input, "input", TensorType.UINT32);
    ctx.expectType(output, "output", TensorType.UINT32);
    ctx.expectType(noise, "noise estimate", TensorType.UINT32);
    expectRank(ctx, input, "input", 1);
    expectRank(ctx, output, "output", 1);
    expectRank(ctx, noise, "noise estimate", 1);
    const o = signalOptions(ctx);
    const channels = intOption(ctx, o, "num_channels");
    // TFLM keeps these as uint32 (smoothing_bits as a shift of a uint32, spectral_subtraction_bits of a uint64).
    const smoothing = intOption(ctx, o, "smoothing") >>> 0;
    const oneMinus = intOption(ctx, o, "one_minus_smoothing") >>> 0;
    const altSmoothing = intOption(ctx, o, "alternate_smoothing") >>> 0;
    const altOneMinus = intOption(ctx, o, "alternate_one_minus_smoothing") >>> 0;
    const minRemaining = intOption(ctx, o, "min_signal_remaining") >>> 0;
    const smoothingBits = intOption(ctx, o, "smoothing_bits");
    const ssBits = intOption(ctx, o, "spectral_subtraction_bits");
    const clamping = boolOption(ctx, o, "clamping");
    if (!(smoothingBits >= 0 && smoothingBits <= 31)) ctx.fail("BAD_FORMAT", `smoothing_bits ${smoothingBits} is outside 0..31`);
    if (!(ssBits >= 0 && ssBits <= 63)) ctx.fail("BAD_FORMAT", `spectral_subtraction_bits ${ssBits} is outside 0..63`);
    if (!(channels >= 0 && channels <= input.elements && channels <= output.elements)) ctx.fail("BAD_SHAPE", `num_channels ${channels} exceeds the input or output`);
    if (noise.elements > channels) ctx.fail("BAD_SHAPE", `noise estimate output has ${noise.elements} values for ${channels} channels`);
    const state = ctx.requestPersistent(4 * channels);
    const nNoise = noise.elements;
    return {
      macs: 2 * channels,
      bind(a) {
        const x = uint32View(a, input), y = uint32View(a, output), out = uint32View(a, noise);
        const s = a.persistent(state);
        const est = new Uint32Array(s.buffer as ArrayBuffer, s.byteOffset, channels);
        return () => {
          for (let i = 0; i < channels; i++) {
            const odd = (i & 1) !== 0;
            const signal = x[i]!;
            const scaled = (signal << smoothingBits) >>> 0;
            let e = mulAddShr(scaled, odd ? altSmoothing : smoothing, est[i]!, odd ? altOneMinus : oneMinus, ssBits);
            est[i] = e;
            if (e > scaled) {
              e = scaled;
              if (clamping) est[i] = e;
            }
            const floor = mulShr(signal, minRemaining, ssBits);
            const subtracted = (scaled - e) >>> smoothingBits;
            y[i] = subtracted > floor ? subtracted : floor;
          }
          for (let i = 0; i < nNoise; i++) out[i] = est[i]!;
        };
      },
    };
  },
};

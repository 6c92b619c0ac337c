/**
 * CUSTOM:SignalRfft (int16) — TFLM's real FFT (kissfft fixed point) of every input frame, zero
 * padded to fft_length, giving fft_length / 2 + 1 complex bins (real, imaginary int16 pairs).
 */
import { rememberBytes } from "../../kernels/byte_views";
import { rfftParams } from "../../kernels/portable/rfft";
import { BuiltinOperator, TensorType } from "../../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "../op";
import { intOption, signalOptions } from "./common";

export const signalRfft: OpRegistration = {
  name: "CUSTOM:SignalRfft",
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: "SignalRfft",
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    const options = signalOptions(ctx);
    // TFLM picks the int16, int32 or float FFT from the option 'T'; only int16 is implemented.
    const t = options !== null && options.has("T") ? intOption(ctx, options, "T") : input.type;
    if (t !== TensorType.INT16) ctx.fail("BAD_TYPE", `FFT type ${t} is not supported (int16 only)`);
    ctx.expectType(input, "input", TensorType.INT16);
    ctx.expectType(output, "output", TensorType.INT16);
    if (input.shape.length < 1 || output.shape.length !== input.shape.length) ctx.fail("BAD_SHAPE", "input and output must have the same, non-zero rank");
    const n = intOption(ctx, options, "fft_length");
    // Length 2 would factor n / 2 = 1 as kissfft's "radix 1", its generic butterfly, which needs the
    // temporary buffer TFLM's build cannot allocate (as for prime factors above 5).
    if (!(n >= 4 && n <= 0x10000 && n % 2 === 0)) ctx.fail("BAD_FORMAT", `fft_length ${n} must be even, 4..65536`);
    const inLen = input.shape[input.shape.length - 1]!;
    const outLen = output.shape[output.shape.length - 1]!;
    if (inLen <= 0 || inLen > n) ctx.fail("BAD_SHAPE", `frames of ${inLen} samples do not fit fft_length ${n}`);
    if (outLen !== 2 * (n / 2 + 1)) ctx.fail("BAD_SHAPE", `output frames have ${outLen} values, expected ${2 * (n / 2 + 1)} (fft_length / 2 + 1 complex bins)`);
    const frames = input.elements / inLen;
    if (output.elements !== frames * outLen) ctx.fail("BAD_SHAPE", `output has ${output.elements} values for ${frames} frames`);
    const p = rfftParams(n, inLen, frames, outLen);
    if (p === null) ctx.fail("BAD_FORMAT", `fft_length ${n}: n / 2 has a prime factor above 5, which TFLM's kissfft build cannot run`);
    const work = ctx.requestScratch(2 * n * 2);
    const k = ctx.kernels;
    let log = 0;
    while (1 << log < n) log++;
    return {
      macs: frames * 2 * n * log,
      bind(a) {
        const x = a.int16(input), y = a.int16(output);
        const s = a.scratch(work);
        const w = new Int16Array(s.buffer as ArrayBuffer, s.byteOffset, 2 * n);
        rememberBytes(w, s.subarray(0, 4 * n));
        return k.rfftInt16.bind(null, p, x, w, y);
      },
    };
  },
};

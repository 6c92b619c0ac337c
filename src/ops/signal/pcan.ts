/**
 * CUSTOM:SignalPCAN — per-channel automatic gain control (TFLM's fixed-point PCAN): a gain from
 * the noise estimate through the piecewise-quadratic LUT, snr = (x * gain) >> snr_shift, then the
 * "shrink" curve (quadratic below 2 in Q12, linear above), all in TFLM's integer arithmetic.
 */
import { BuiltinOperator, TensorType } from "../../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "../op";
import { expectRank, intOption, msb32, mulShr, signalOptions, uint32View } from "./common";

const SNR_BITS = 12;
const OUTPUT_BITS = 6;
/** Entries the LUT needs: WideDynamicFunction reads lut[4 * msb - 6 + 2] for msb up to 32. */
export const PCAN_LUT_SIZE = 125;

/** TFLM's WideDynamicFunction: the int16 gain for noise estimate x. */
export function wideDynamicFunction(x: number, lut: Int16Array): number {
  if (x <= 2) return lut[x]!;
  const interval = msb32(x);
  const base = 4 * interval - 6;
  const frac = (interval < 11 ? x << (11 - interval) : x >>> (interval - 11)) & 0x3ff;
  let result = (lut[base + 2]! * frac) >> 5;
  result = (result + (lut[base + 1]! << 5)) | 0;
  result = Math.imul(result, frac);
  result = (result + (1 << 14)) >> 15;
  result += lut[base]!;
  return (result << 16) >> 16;
}

/** TFLM's PcanShrink. */
export function pcanShrink(x: number): number {
  if (x < 2 << SNR_BITS) return Math.imul(x, x) >>> (2 + 2 * SNR_BITS - OUTPUT_BITS);
  return ((x >>> (SNR_BITS - OUTPUT_BITS)) - (1 << OUTPUT_BITS)) >>> 0;
}

export const signalPcan: OpRegistration = {
  name: "CUSTOM:SignalPCAN",
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: "SignalPCAN",
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(3, 3, 1);
    const input = ctx.input(0), noise = ctx.input(1), lut = ctx.input(2), output = ctx.output(0);
    ctx.expectType(input, "input", TensorType.UINT32);
    ctx.expectType(noise, "noise estimate", TensorType.UINT32);
    ctx.expectType(lut, "gain LUT", TensorType.INT16);
    ctx.expectType(output, "output", TensorType.UINT32);
    expectRank(ctx, input, "input", 1);
    expectRank(ctx, noise, "noise estimate", 1);
    expectRank(ctx, lut, "gain LUT", 1);
    expectRank(ctx, output, "output", 1);
    const snrShift = intOption(ctx, signalOptions(ctx), "snr_shift");
    if (!(snrShift >= 0 && snrShift <= 63)) ctx.fail("BAD_FORMAT", `snr_shift ${snrShift} is outside 0..63`);
    if (lut.elements < PCAN_LUT_SIZE) ctx.fail("BAD_SHAPE", `gain LUT has ${lut.elements} entries, needs ${PCAN_LUT_SIZE}`);
    const n = input.elements;
    if (output.elements !== n) ctx.fail("BAD_SHAPE", `output has ${output.elements} values, the input ${n}`);
    if (noise.elements < n) ctx.fail("BAD_SHAPE", `noise estimate has ${noise.elements} values for ${n} channels`);
    return {
      macs: 2 * n,
      bind(a) {
        const x = uint32View(a, input), e = uint32View(a, noise), g = a.int16(lut), y = uint32View(a, output);
        return () => {
          for (let i = 0; i < n; i++) {
            const gain = wideDynamicFunction(e[i]!, g) >>> 0; // int16 to uint32: negative gains sign-extend
            y[i] = pcanShrink(mulShr(x[i]!, gain, snrShift));
          }
        };
      },
    };
  },
};

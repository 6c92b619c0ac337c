/**
 * CUSTOM:SignalFilterBankLog — TFLM's fixed-point natural log of every channel: (x << correction)
 * through a log2 with a 128-segment interpolated LUT for the fraction, times ln 2 in Q16, times
 * output_scale, rounded; values <= 1 give 0, results saturate at INT16_MAX.
 */
import { BuiltinOperator, TensorType } from "../../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "../op";
import { expectRank, intOption, msb32, signalOptions, uint32View } from "./common";

/** TFLM's kLogLut: the correction of log2(1 + f) over the linear f, 128 segments plus an end point. */
const LOG_LUT = new Int32Array([
  0, 224, 442, 654, 861, 1063, 1259, 1450, 1636, 1817, 1992, 2163, 2329, 2490, 2646, 2797, 2944, 3087, 3224, 3358, 3487, 3611, 3732, 3848, 3960, 4068, 4172, 4272,
  4368, 4460, 4549, 4633, 4714, 4791, 4864, 4934, 5001, 5063, 5123, 5178, 5231, 5280, 5326, 5368, 5408, 5444, 5477, 5507, 5533, 5557, 5578, 5595, 5610, 5622,
  5631, 5637, 5640, 5641, 5638, 5633, 5626, 5615, 5602, 5586, 5568, 5547, 5524, 5498, 5470, 5439, 5406, 5370, 5332, 5291, 5249, 5203, 5156, 5106, 5054, 5000,
  4944, 4885, 4825, 4762, 4697, 4630, 4561, 4490, 4416, 4341, 4264, 4184, 4103, 4020, 3935, 3848, 3759, 3668, 3575, 3481, 3384, 3286, 3186, 3084, 2981, 2875,
  2768, 2659, 2549, 2437, 2323, 2207, 2090, 1971, 1851, 1729, 1605, 1480, 1353, 1224, 1094, 963, 830, 695, 559, 421, 282, 142, 0, 0,
]);
const LOG_COEFF = 45426; // ln 2 in Q16

/** TFLM's Log32(x, scale) for x > 1: scale * ln(x) in Q16 arithmetic, as uint32. */
export function log32(x: number, outScale: number): number {
  const integer = msb32(x) - 1;
  // The fraction of log2: x's bits below the top one, in Q16.
  let frac = x - 2 ** integer;
  frac = integer < 16 ? frac * 2 ** (16 - integer) : Math.floor(frac / 2 ** (integer - 16));
  const seg = frac >> 9;
  const c0 = LOG_LUT[seg]!, c1 = LOG_LUT[seg + 1]!;
  const rel = ((c1 - c0) * (frac - seg * 512)) >> 16;
  const log2 = ((integer << 16) + frac + c0 + rel) >>> 0;
  const loge = Math.floor((LOG_COEFF * log2 + 32768) / 65536) >>> 0; // uint64 product, then truncated to uint32
  // out_scale * loge and the rounding add are uint32 (wrapping) in TFLM.
  return ((Math.imul(outScale, loge) >>> 0) + 32768) % 4294967296 >>> 16;
}

export const signalFilterBankLog: OpRegistration = {
  name: "CUSTOM:SignalFilterBankLog",
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: "SignalFilterBankLog",
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    ctx.expectType(input, "input", TensorType.UINT32);
    ctx.expectType(output, "output", TensorType.INT16);
    expectRank(ctx, input, "input", 1);
    expectRank(ctx, output, "output", 1);
    const o = signalOptions(ctx);
    const correction = intOption(ctx, o, "input_correction_bits");
    const outScale = intOption(ctx, o, "output_scale") >>> 0;
    if (!(correction >= 0 && correction <= 31)) ctx.fail("BAD_FORMAT", `input_correction_bits ${correction} is outside 0..31`);
    const n = input.elements;
    if (output.elements !== n) ctx.fail("BAD_SHAPE", `output has ${output.elements} values, the input ${n}`);
    return {
      macs: n,
      bind(a) {
        const x = uint32View(a, input), y = a.int16(output);
        return () => {
          for (let i = 0; i < n; i++) {
            const scaled = (x[i]! << correction) >>> 0;
            if (scaled > 1) {
              const v = log32(scaled, outScale);
              y[i] = v < 32767 ? v : 32767;
            } else {
              y[i] = 0;
            }
          }
        };
      },
    };
  },
};

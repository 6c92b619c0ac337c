/** HARD_SWISH: int8 through a table of TFLM's int16 fixed-point reference arithmetic, and float32. */
import { quantizeMultiplier } from "../math/fixed_point";
import {
  roundingDivideByPOT16,
  saturatingDoublingHighMul16,
  saturatingLeftShift16,
  saturatingRoundingDoublingHighMul16,
  toInt16,
} from "../math/gemmlowp";
import { BuiltinOperator, TensorType } from "../model/schema";
import { checkUnary, float32UnaryOp, int8Table, int8TableOp } from "./lookup_table";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

/** TFLM's HardSwishParams. */
export interface HardSwishParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  reluishMultiplier: number;
  reluishExponent: number;
  outputMultiplier: number;
  outputExponent: number;
}

/** TFLM's DownScaleInt32ToInt16Multiplier: a Q31 multiplier rounded to Q15. */
export function downScaleInt32ToInt16Multiplier(m: number): number {
  if (m >= 2147483647 - 32768) return 32767;
  return (m + 32768) >> 16;
}

/**
 * As TFLM's HardSwishPrepare: the "high-res" input scale (input scale / 128), its ratios to the
 * output scale and to the "relu-ish" scale 3/32768, each divided in float32, then quantized
 * in double and rounded down to int16 multipliers.
 */
export function hardSwishParams(inputScale: number, inputZeroPoint: number, outputScale: number, outputZeroPoint: number): HardSwishParams {
  const f = Math.fround;
  const hiresInputScale = f(f(1 / 128) * inputScale);
  const reluishScale = f(3 / 32768);
  const out = quantizeMultiplier(f(hiresInputScale / outputScale));
  const reluish = quantizeMultiplier(f(hiresInputScale / reluishScale));
  return {
    inputZeroPoint,
    outputZeroPoint,
    reluishMultiplier: downScaleInt32ToInt16Multiplier(reluish.multiplier),
    reluishExponent: reluish.shift,
    outputMultiplier: downScaleInt32ToInt16Multiplier(out.multiplier),
    outputExponent: out.shift,
  };
}

/** TFLM's reference_ops::HardSwish<int8_t> on one value, int16 steps and all. */
export function hardSwishInt8Value(x: number, p: HardSwishParams): number {
  const inputValue = toInt16(x - p.inputZeroPoint);
  const hires = toInt16(inputValue * 128);
  const preshiftOutputScale = saturatingRoundingDoublingHighMul16(hires, p.outputMultiplier);
  let reluish = hires;
  // Left shifts saturate all but the last bit first, so that only the last one can clip the result.
  if (p.reluishExponent > 0) reluish = saturatingLeftShift16(reluish, p.reluishExponent - 1);
  reluish = saturatingRoundingDoublingHighMul16(reluish, p.reluishMultiplier);
  if (p.reluishExponent > 0) reluish = saturatingLeftShift16(reluish, 1);
  if (p.reluishExponent < 0) reluish = roundingDivideByPOT16(reluish, -p.reluishExponent);
  // From [-1, 1] to [0, 1] in Q15.
  reluish = (reluish + 32768) >> 1;
  const preshiftOutput = saturatingDoublingHighMul16(reluish, preshiftOutputScale);
  // The int16 sum wraps before the clamp, as TFLM's int16_t arithmetic does.
  const v = toInt16(roundingDivideByPOT16(preshiftOutput, -p.outputExponent) + p.outputZeroPoint);
  return v < -128 ? -128 : v > 127 ? 127 : v;
}

export const hardSwish: OpRegistration = {
  name: "HARD_SWISH",
  builtinCode: BuiltinOperator.HARD_SWISH,
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    const { input, output } = checkUnary(ctx, TensorType.INT8, TensorType.FLOAT32);
    if (input.type === TensorType.FLOAT32) {
      const k = ctx.kernels;
      return float32UnaryOp(input, output, (x, y) => k.hardSwishFloat32(x, y));
    }
    const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
    if (!(inQ.scale > 0) || !(outQ.scale > 0)) ctx.fail("BAD_QUANTIZATION", `scales must be positive (input ${inQ.scale}, output ${outQ.scale})`);
    const p = hardSwishParams(inQ.scale, inQ.zeroPoint, outQ.scale, outQ.zeroPoint);
    // TFLM requires the output multiplier (input scale / 128 / output scale) to be below one.
    if (p.outputExponent > 0) ctx.fail("BAD_QUANTIZATION", `input scale ${inQ.scale} / 128 must not exceed output scale ${outQ.scale}`);
    return int8TableOp(ctx, input, output, int8Table((x) => hardSwishInt8Value(x, p)));
  },
};

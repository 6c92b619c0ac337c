/** Per-layer requantization constants of the weighted ops, computed once at prepare, as TFLM does, and the check of their biases. */
import { activationRangeFloat, activationRangeQuantized } from "../math/activation";
import { quantizeMultiplier } from "../math/fixed_point";
import type { TensorSpec } from "../model/model";
import type { OpContext } from "./op";

/**
 * Fills multipliers at `at` and shifts at `at + channels` of p, one per output channel, from
 * input_scale * filter_scale[c] / output_scale (per-tensor filters repeat scale[0]).
 */
export function fillChannelMultipliers(ctx: OpContext, p: Int32Array, at: number, channels: number, input: TensorSpec, filter: TensorSpec, output: TensorSpec): void {
  const inScale = ctx.quant(input, "input").scale;
  const outScale = ctx.quant(output, "output").scale;
  const fq = filter.quantization;
  if (fq === null || fq.scale.length === 0) ctx.fail("BAD_QUANTIZATION", `filter '${filter.name}' is not quantized`);
  if (fq.scale.length !== 1 && fq.scale.length !== channels) ctx.fail("BAD_QUANTIZATION", `filter '${filter.name}' has ${fq.scale.length} scales for ${channels} output channels`);
  if (outScale <= 0) ctx.fail("BAD_QUANTIZATION", `output '${output.name}' has scale ${outScale}`);
  for (let c = 0; c < channels; c++) {
    const fScale = fq.scale.length === 1 ? fq.scale[0]! : fq.scale[c]!;
    const { multiplier, shift } = requantization(ctx, (inScale * fScale) / outScale, `output channel ${c}`);
    p[at + c] = multiplier;
    p[at + channels + c] = shift;
  }
}

/** Largest left shift a requantization may have: TFLM saturates beyond it and the native kernels refuse it. */
export const MAX_REQUANTIZE_SHIFT = 30;

/**
 * A requantization multiplier and shift (TFLM's QuantizeMultiplier), refused at prepare when the
 * scales make the shift larger than MAX_REQUANTIZE_SHIFT (e.g. a denormal output scale): every
 * host then gives the same ModelError instead of a native kernel refusing it at invoke.
 */
export function requantization(ctx: OpContext, real: number, what: string): { multiplier: number; shift: number } {
  const q = quantizeMultiplier(real);
  if (q.shift > MAX_REQUANTIZE_SHIFT) ctx.fail("BAD_QUANTIZATION", `the ${what} rescale ${real} needs a left shift of ${q.shift} (at most ${MAX_REQUANTIZE_SHIFT}); check the scales`);
  return q;
}

/** The fused activation's int8 bounds, failing on activations TFLM cannot fuse. */
export function int8ActivationRange(ctx: OpContext, activation: number, output: TensorSpec): { min: number; max: number } {
  const q = ctx.quant(output, "output");
  const r = activationRangeQuantized(activation, output.type, q.scale, q.zeroPoint);
  if (r === null) ctx.fail("BAD_FORMAT", `fused activation ${activation} is not supported`);
  return r;
}

/** The fused activation's float32 bounds [min, max], as the float kernels take them, failing on activations TFLM cannot fuse. */
export function float32ActivationRange(ctx: OpContext, activation: number): Float32Array {
  const r = activationRangeFloat(activation);
  if (r === null) ctx.fail("BAD_FORMAT", `fused activation ${activation} is not supported`);
  return new Float32Array([r.min, r.max]);
}

/** Checks an optional bias: int32 for int8 ops, float32 for float ops, one value per output channel. */
export function checkBias(ctx: OpContext, index: number, outC: number, type: number): void {
  const bias = ctx.optionalInput(index);
  if (bias === null) return;
  ctx.expectType(bias, "bias", type);
  if (bias.elements !== outC) ctx.fail("BAD_SHAPE", `bias has ${bias.elements} values for ${outC} output channels`);
}

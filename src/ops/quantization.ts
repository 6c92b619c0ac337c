/** Per-layer requantization constants of the weighted ops, computed once at prepare, as TFLM does. */
import { activationRangeQuantized } from "../math/activation";
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
    const { multiplier, shift } = quantizeMultiplier((inScale * fScale) / outScale);
    p[at + c] = multiplier;
    p[at + channels + c] = shift;
  }
}

/** The fused activation's int8 bounds, failing on activations TFLM cannot fuse. */
export function int8ActivationRange(ctx: OpContext, activation: number, output: TensorSpec): { min: number; max: number } {
  const q = ctx.quant(output, "output");
  const r = activationRangeQuantized(activation, output.type, q.scale, q.zeroPoint);
  if (r === null) ctx.fail("BAD_FORMAT", `fused activation ${activation} is not supported`);
  return r;
}

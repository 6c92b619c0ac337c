/**
 * SVDF (singular value decomposition filter, TFLM's keyword models): int8 with an int8 or int16
 * activation state, and float32. The activation state is a variable tensor (input 4): it carries
 * the last MEMORY_SIZE feature projections across invokes and starts over at reset().
 */
import { activationRangeFloat, quantizedTypeRange } from "../math/activation";
import { quantizeMultiplier } from "../math/fixed_point";
import { BuiltinOperator, TensorType } from "../model/schema";
import { rememberBytes } from "../kernels/byte_views";
import { Svdf } from "../kernels/layout";
import type { TensorSpec } from "../model/model";
import { type OpContext, type OpRegistration, type PreparedOp, optByte, optInt } from "./op";

const Opt = Object.freeze({ rank: 0, activation: 1 } as const);

/** Checks the SVDF tensors against each other; returns the packed dimensions. */
function svdfGeometry(ctx: OpContext, input: TensorSpec, weightsFeature: TensorSpec, weightsTime: TensorSpec, state: TensorSpec, output: TensorSpec): Int32Array {
  const rank = optInt(ctx.options, Opt.rank, 0);
  if (input.shape.length !== 2) ctx.fail("BAD_SHAPE", `input '${input.name}' must be 2-D [batches, input size], is [${input.shape.join(", ")}]`);
  const [batches, inputSize] = input.shape as [number, number];
  if (weightsFeature.shape.length !== 2 || weightsFeature.shape[1] !== inputSize) ctx.fail("BAD_SHAPE", `weights_feature '${weightsFeature.name}' must be [filters, ${inputSize}], is [${weightsFeature.shape.join(", ")}]`);
  const filters = weightsFeature.shape[0]!;
  if (rank <= 0 || filters % rank !== 0) ctx.fail("BAD_FORMAT", `rank ${rank} does not divide the ${filters} filters`);
  const units = filters / rank;
  if (weightsTime.shape.length !== 2 || weightsTime.shape[0] !== filters || weightsTime.shape[1]! <= 0) ctx.fail("BAD_SHAPE", `weights_time '${weightsTime.name}' must be [${filters}, memory size], is [${weightsTime.shape.join(", ")}]`);
  const memory = weightsTime.shape[1]!;
  const bias = ctx.optionalInput(3);
  if (bias !== null && bias.elements !== units) ctx.fail("BAD_SHAPE", `bias '${bias.name}' has ${bias.elements} values for ${units} units`);
  if (!state.isVariable || state.data !== null) ctx.fail("BAD_FORMAT", `activation state '${state.name}' must be a variable tensor`);
  if (state.shape.length !== 2 || state.shape[0] !== batches || state.shape[1] !== memory * filters) ctx.fail("BAD_SHAPE", `activation state '${state.name}' must be [${batches}, ${memory * filters}], is [${state.shape.join(", ")}]`);
  if (output.shape.length !== 2 || output.shape[0] !== batches || output.shape[1] !== units) ctx.fail("BAD_SHAPE", `output '${output.name}' must be [${batches}, ${units}], is [${output.shape.join(", ")}]`);
  const p = new Int32Array(Svdf.HEADER);
  p[Svdf.BATCHES] = batches;
  p[Svdf.INPUT_SIZE] = inputSize;
  p[Svdf.NUM_FILTERS] = filters;
  p[Svdf.NUM_UNITS] = units;
  p[Svdf.RANK] = rank;
  p[Svdf.MEMORY_SIZE] = memory;
  return p;
}

export const svdf: OpRegistration = {
  name: "SVDF",
  builtinCode: BuiltinOperator.SVDF,
  maxVersion: 3,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(5, 5, 1);
    const input = ctx.input(0), weightsFeature = ctx.input(1), weightsTime = ctx.input(2), state = ctx.input(4), output = ctx.output(0);
    const bias = ctx.optionalInput(3);
    ctx.expectType(input, "input", TensorType.INT8, TensorType.FLOAT32);
    const isInt8 = input.type === TensorType.INT8;
    if (isInt8) {
      ctx.expectType(weightsFeature, "weights_feature", TensorType.INT8);
      ctx.expectType(state, "activation state", TensorType.INT8, TensorType.INT16);
      ctx.expectType(weightsTime, "weights_time", state.type);
      if (bias !== null) ctx.expectType(bias, "bias", TensorType.INT32);
      ctx.expectType(output, "output", TensorType.INT8);
    } else {
      for (const [t, what] of [[weightsFeature, "weights_feature"], [weightsTime, "weights_time"], [state, "activation state"], [output, "output"]] as const) ctx.expectType(t, what, TensorType.FLOAT32);
      if (bias !== null) ctx.expectType(bias, "bias", TensorType.FLOAT32);
    }
    const p = svdfGeometry(ctx, input, weightsFeature, weightsTime, state, output);
    const batches = p[Svdf.BATCHES]!, filters = p[Svdf.NUM_FILTERS]!, memory = p[Svdf.MEMORY_SIZE]!;
    const macs = batches * filters * (p[Svdf.INPUT_SIZE]! + memory);
    const scratchId = ctx.requestScratch(batches * filters * 4);
    const k = ctx.kernels;
    if (isInt8) {
      const inQ = ctx.quant(input, "input"), wfQ = ctx.quant(weightsFeature, "weights_feature"), wtQ = ctx.quant(weightsTime, "weights_time");
      const stQ = ctx.quant(state, "activation state"), outQ = ctx.quant(output, "output");
      if (stQ.scale <= 0 || outQ.scale <= 0) ctx.fail("BAD_QUANTIZATION", `activation state and output scales must be positive (${stQ.scale}, ${outQ.scale})`);
      if (state.type === TensorType.INT16 && stQ.zeroPoint !== 0) ctx.fail("BAD_QUANTIZATION", `int16 activation state '${state.name}' has zero point ${stQ.zeroPoint}, not 0`);
      // TFLM computes both scales in float32, then quantizes them as doubles.
      const f = Math.fround;
      const feature = quantizeMultiplier(f(f(inQ.scale * wfQ.scale) / stQ.scale));
      const time = quantizeMultiplier(f(f(stQ.scale * wtQ.scale) / outQ.scale));
      p[Svdf.INPUT_ZERO_POINT] = inQ.zeroPoint;
      p[Svdf.STATE_ZERO_POINT] = stQ.zeroPoint;
      p[Svdf.OUTPUT_ZERO_POINT] = outQ.zeroPoint;
      p[Svdf.FEATURE_MULTIPLIER] = feature.multiplier;
      p[Svdf.FEATURE_SHIFT] = feature.shift;
      p[Svdf.TIME_MULTIPLIER] = time.multiplier;
      p[Svdf.TIME_SHIFT] = time.shift;
      const range = quantizedTypeRange(state.type);
      p[Svdf.STATE_MIN] = range.min;
      p[Svdf.STATE_MAX] = range.max;
      const wide = state.type === TensorType.INT16;
      return {
        macs,
        bind(a) {
          const x = a.int8(input), wf = a.int8(weightsFeature), b = bias === null ? null : a.int32(bias), y = a.int8(output);
          const wt = wide ? a.int16(weightsTime) : a.int8(weightsTime), s = wide ? a.int16(state) : a.int8(state);
          const sc = a.scratch(scratchId);
          const scratch = new Int32Array(sc.buffer, sc.byteOffset, batches * filters);
          rememberBytes(scratch, sc.subarray(0, scratch.byteLength));
          return k.svdfInt8.bind(null, p, x, wf, wt, b, s, scratch, y);
        },
      };
    }
    const activation = optByte(ctx.options, Opt.activation, 0);
    const range = activation === 0 ? { min: -Infinity, max: Infinity } : activationRangeFloat(activation);
    if (range === null) ctx.fail("UNSUPPORTED_OP", `fused activation ${activation} is not supported`);
    const act = new Float32Array([range.min, range.max]);
    return {
      macs,
      bind(a) {
        const x = a.float32(input), wf = a.float32(weightsFeature), wt = a.float32(weightsTime), b = bias === null ? null : a.float32(bias);
        const s = a.float32(state), y = a.float32(output);
        const sc = a.scratch(scratchId);
        const scratch = new Float32Array(sc.buffer, sc.byteOffset, batches * filters);
        return () => k.svdfFloat32(p, act, x, wf, wt, b, s, scratch, y);
      },
    };
  },
};

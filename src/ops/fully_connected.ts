/** FULLY_CONNECTED: int8 (per-tensor or per-channel weights), 16x8 and float32, with fused activation. */
import { BuiltinOperator, TensorType } from "../model/schema";
import { FullyConnected, wideBiasIndex } from "../kernels/layout";
import { checkBias, float32ActivationRange, int8ActivationRange, requantization } from "./quantization";
import { type OpContext, type OpRegistration, type PreparedOp, optByte } from "./op";
import { check16x8Bias, check16x8Tensors, prepared16x8, set16x8Accumulator } from "./quantization_16x8";

const Opt = Object.freeze({ activation: 0, weightsFormat: 1, keepNumDims: 2 } as const);

export const fullyConnected: OpRegistration = {
  name: "FULLY_CONNECTED",
  builtinCode: BuiltinOperator.FULLY_CONNECTED,
  maxVersion: 12,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 3, 1);
    const input = ctx.input(0), filter = ctx.input(1), output = ctx.output(0);
    const activation = optByte(ctx.options, Opt.activation, 0);
    if (optByte(ctx.options, Opt.weightsFormat, 0) !== 0) ctx.fail("BAD_FORMAT", "shuffled weights are not supported");
    if (filter.shape.length !== 2) ctx.fail("BAD_SHAPE", `weights must be 2-D, are [${filter.shape.join(", ")}]`);
    const [outDepth, depth] = filter.shape as [number, number];
    if (depth <= 0 || input.elements % depth !== 0) ctx.fail("BAD_SHAPE", `input of ${input.elements} values is not a whole number of ${depth}-long rows`);
    const batches = input.elements / depth;
    if (output.elements !== batches * outDepth) ctx.fail("BAD_SHAPE", `output has ${output.elements} values, expected ${batches} x ${outDepth}`);
    const isInt8 = input.type === TensorType.INT8, is16x8 = input.type === TensorType.INT16;
    let wide = false;
    if (is16x8) {
      check16x8Tensors(ctx, input, filter, output);
      wide = check16x8Bias(ctx, 2, outDepth, true);
    } else if (isInt8) {
      ctx.expectType(filter, "weights", TensorType.INT8);
      ctx.expectType(output, "output", TensorType.INT8);
      checkBias(ctx, 2, outDepth, TensorType.INT32);
    } else {
      ctx.expectType(input, "input", TensorType.FLOAT32);
      ctx.expectType(filter, "weights", TensorType.FLOAT32);
      ctx.expectType(output, "output", TensorType.FLOAT32);
      checkBias(ctx, 2, outDepth, TensorType.FLOAT32);
    }
    const bias = ctx.optionalInput(2);
    const k = ctx.kernels;
    const macs = batches * outDepth * depth;
    if (isInt8 || is16x8) {
      const fq = filter.quantization;
      if (fq === null || fq.scale.length === 0) ctx.fail("BAD_QUANTIZATION", `weights '${filter.name}' are not quantized`);
      const perChannel = fq.scale.length > 1;
      if (perChannel && fq.scale.length !== outDepth) ctx.fail("BAD_QUANTIZATION", `weights have ${fq.scale.length} scales for ${outDepth} outputs`);
      const nMult = perChannel ? outDepth : 1;
      const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
      if (outQ.scale <= 0) ctx.fail("BAD_QUANTIZATION", `output '${output.name}' has scale ${outQ.scale}`);
      const p = new Int32Array(FullyConnected.HEADER + 2 * nMult + (is16x8 ? 1 : 0));
      p[FullyConnected.BATCHES] = batches;
      p[FullyConnected.ACCUM_DEPTH] = depth;
      p[FullyConnected.OUT_DEPTH] = outDepth;
      p[FullyConnected.INPUT_OFFSET] = -inQ.zeroPoint;
      p[FullyConnected.FILTER_OFFSET] = -fq.zeroPoint[0]!;
      p[FullyConnected.OUTPUT_OFFSET] = outQ.zeroPoint;
      const r = int8ActivationRange(ctx, activation, output);
      p[FullyConnected.ACT_MIN] = r.min;
      p[FullyConnected.ACT_MAX] = r.max;
      p[FullyConnected.PER_CHANNEL] = perChannel ? 1 : 0;
      for (let c = 0; c < nMult; c++) {
        const { multiplier, shift } = requantization(ctx, (inQ.scale * fq.scale[c]!) / outQ.scale, `output ${c}`);
        p[FullyConnected.HEADER + c] = multiplier;
        p[FullyConnected.HEADER + nMult + c] = shift;
      }
      if (is16x8) {
        set16x8Accumulator(ctx, p, wideBiasIndex(FullyConnected.HEADER, nMult), wide, FullyConnected.HEADER + nMult, nMult);
        return prepared16x8(ctx, "fullyConnectedInt16", k.fullyConnectedInt16ScratchBytes(p), macs, p, { input, filter, bias, output });
      }
      // From here on, the constants as the kernel reads them (from a compiled plan in flash, when there is one).
      const packed = ctx.constants(p);
      // The native kernel's work buffer (the Arm DSP paths'), from the arena: none for the TypeScript kernels.
      const scratch = ctx.requestKernelScratch(k.fullyConnectedInt8ScratchBytes(packed));
      return {
        macs,
        bind(a) {
          const x = a.int8(input), w = a.int8(filter), b = bias === null ? null : a.int32(bias), y = a.int8(output);
          const s = scratch < 0 ? null : a.scratch(scratch);
          return k.fullyConnectedInt8.bind(null, packed, x, w, b, y, s);
        },
      };
    }
    const act = float32ActivationRange(ctx, activation);
    const p = new Int32Array(FullyConnected.HEADER);
    p[FullyConnected.BATCHES] = batches;
    p[FullyConnected.ACCUM_DEPTH] = depth;
    p[FullyConnected.OUT_DEPTH] = outDepth;
    return {
      macs,
      bind(a) {
        const x = a.float32(input), w = a.float32(filter), b = bias === null ? null : a.float32(bias), y = a.float32(output);
        return k.fullyConnectedFloat32.bind(null, p, act, x, w, b, y);
      },
    };
  },
};

/**
 * TRANSPOSE_CONV: int8 (per-channel or per-tensor filters, as TFLM's integer kernel), 16x8 (int64
 * sums, int64 bias) and float32,
 * with optional bias, SAME or VALID padding (computed from the output size, as TFLM) and a fused
 * activation. Inputs: output_shape (constant), filter [OUT_C, K_H, K_W, IN_C], input, bias.
 */
import { BuiltinOperator, TensorType } from "../model/schema";
import { Conv, wideBiasIndex } from "../kernels/layout";
import { rememberBytes } from "../kernels/byte_views";
import { convQuantization } from "./conv_2d";
import { checkBias, float32ActivationRange } from "./quantization";
import { constantInts, shapeText } from "./movement";
import { computeOutSize, computePadding } from "./padding";
import { type OpContext, type OpRegistration, type PreparedOp, optByte, optInt } from "./op";
import { bias16x8, check16x8Bias, check16x8Tensors, set16x8Accumulator } from "./quantization_16x8";

const Opt = Object.freeze({ padding: 0, strideW: 1, strideH: 2, activation: 3 } as const);

export const transposeConv: OpRegistration = {
  name: "TRANSPOSE_CONV",
  builtinCode: BuiltinOperator.TRANSPOSE_CONV,
  maxVersion: 5,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(3, 4, 1);
    const filter = ctx.input(1), input = ctx.input(2), output = ctx.output(0);
    const o = ctx.options;
    const padding = optByte(o, Opt.padding, 0), strideW = optInt(o, Opt.strideW, 1), strideH = optInt(o, Opt.strideH, 1);
    const activation = optByte(o, Opt.activation, 0);
    if (strideW < 1 || strideH < 1) ctx.fail("BAD_FORMAT", `stride ${strideH}x${strideW} must be positive`);
    if (padding !== 0 && padding !== 1) ctx.fail("BAD_FORMAT", `padding ${padding} is neither SAME nor VALID`);
    if (input.shape.length !== 4 || filter.shape.length !== 4 || output.shape.length !== 4) ctx.fail("BAD_SHAPE", `input ${shapeText(input.shape)}, filter ${shapeText(filter.shape)} and output ${shapeText(output.shape)} must be 4-D`);
    const outputShape = constantInts(ctx, ctx.input(0), "output_shape", false);
    if (outputShape.length !== 4 || outputShape.some((d, i) => d !== output.shape[i])) ctx.fail("BAD_SHAPE", `output_shape [${outputShape.join(", ")}] differs from the output ${shapeText(output.shape)}`);
    const [batches, inH, inW, inC] = input.shape as [number, number, number, number];
    const [outC, kH, kW, filterC] = filter.shape as [number, number, number, number];
    const [outN, outH, outW, outDepth] = output.shape as [number, number, number, number];
    if (filterC !== inC) ctx.fail("BAD_SHAPE", `filter '${filter.name}' ${shapeText(filter.shape)} does not match the input depth ${inC}`);
    if (outN !== batches || outDepth !== outC) ctx.fail("BAD_SHAPE", `output ${shapeText(output.shape)} must have ${batches} batches and ${outC} channels`);
    const isInt8 = input.type === TensorType.INT8, is16x8 = input.type === TensorType.INT16;
    ctx.expectType(input, "input", TensorType.INT8, TensorType.INT16, TensorType.FLOAT32);
    if (is16x8) {
      check16x8Tensors(ctx, input, filter, output);
      check16x8Bias(ctx, 3, outC, false);
    } else {
      ctx.expectType(filter, "filter", input.type);
      ctx.expectType(output, "output", input.type);
      checkBias(ctx, 3, outC, isInt8 ? TensorType.INT32 : TensorType.FLOAT32);
    }
    const p = new Int32Array(Conv.HEADER + (isInt8 ? 2 * outC : is16x8 ? 2 * outC + 1 : 0));
    p[Conv.BATCHES] = batches;
    p[Conv.IN_H] = inH;
    p[Conv.IN_W] = inW;
    p[Conv.IN_C] = inC;
    p[Conv.OUT_H] = outH;
    p[Conv.OUT_W] = outW;
    p[Conv.OUT_C] = outC;
    p[Conv.K_H] = kH;
    p[Conv.K_W] = kW;
    p[Conv.STRIDE_H] = strideH;
    p[Conv.STRIDE_W] = strideW;
    p[Conv.DILATION_H] = 1;
    p[Conv.DILATION_W] = 1;
    // As TFLM: the padding a forward conv over the output's size would use.
    p[Conv.PAD_H] = computePadding(strideH, 1, outH, kH, computeOutSize(padding, outH, kH, strideH));
    p[Conv.PAD_W] = computePadding(strideW, 1, outW, kW, computeOutSize(padding, outW, kW, strideW));
    p[Conv.FILTER_C] = inC;
    const bias = ctx.optionalInput(3);
    const macs = batches * inH * inW * inC * kH * kW * outC;
    const k = ctx.kernels;
    if (is16x8) {
      convQuantization(ctx, p, activation, input, filter);
      set16x8Accumulator(ctx, p, wideBiasIndex(Conv.HEADER, outC), true, Conv.HEADER + outC, outC);
      const sums = ctx.requestScratch(output.elements * 8);
      return {
        macs,
        bind(a) {
          const s = a.scratch(sums), f64 = new Float64Array(s.buffer, s.byteOffset, output.elements);
          rememberBytes(f64, s);
          return k.transposeConvInt16.bind(null, p, a.int16(input), a.int8(filter), bias16x8(a, bias), f64, a.int16(output));
        },
      };
    }
    if (isInt8) {
      convQuantization(ctx, p, activation, input, filter);
      const scratchId = ctx.requestScratch(output.elements * 4);
      return {
        macs,
        bind(a) {
          const x = a.int8(input), w = a.int8(filter), b = bias === null ? null : a.int32(bias), y = a.int8(output);
          const s = a.scratch(scratchId);
          const scratch = new Int32Array(s.buffer, s.byteOffset, output.elements);
          return () => k.transposeConvInt8(p, x, w, b, scratch, y);
        },
      };
    }
    const act = float32ActivationRange(ctx, activation);
    return {
      macs,
      bind(a) {
        const x = a.float32(input), w = a.float32(filter), b = bias === null ? null : a.float32(bias), y = a.float32(output);
        return () => k.transposeConvFloat32(p, act, x, w, b, y);
      },
    };
  },
};

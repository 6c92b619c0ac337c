/** CONV_2D: int8 (per-channel or per-tensor weights), 16x8 and float32, with groups, dilation and fused activation. */
import { BuiltinOperator, TensorType } from "../model/schema";
import { Conv, wideBiasIndex } from "../kernels/layout";
import { checkWindowAxis, computeOutSize, computePadding } from "./padding";
import { checkBias, fillChannelMultipliers, float32ActivationRange, int8ActivationRange } from "./quantization";
import { type OpContext, type OpRegistration, type PreparedOp, optByte, optInt, sameShape } from "./op";
import { check16x8Bias, check16x8Tensors, prepared16x8, set16x8Accumulator } from "./quantization_16x8";

const Opt = Object.freeze({ padding: 0, strideW: 1, strideH: 2, activation: 3, dilationW: 4, dilationH: 5 } as const);

/** Reads and checks the geometry shared by CONV_2D and DEPTHWISE_CONV_2D; returns the packed header. */
export function convGeometry(ctx: OpContext, o: { padding: number; strideW: number; strideH: number; dilationW: number; dilationH: number }, filterH: number, filterW: number, outC: number, extra: number): Int32Array {
  const input = ctx.input(0);
  const output = ctx.output(0);
  if (input.shape.length !== 4) ctx.fail("BAD_SHAPE", `input must be 4-D (NHWC), is [${input.shape.join(", ")}]`);
  if (o.strideW < 1 || o.strideH < 1) ctx.fail("BAD_FORMAT", `stride ${o.strideH}x${o.strideW} must be positive`);
  if (o.dilationW < 1 || o.dilationH < 1) ctx.fail("BAD_FORMAT", `dilation ${o.dilationH}x${o.dilationW} must be positive`);
  if (o.padding !== 0 && o.padding !== 1) ctx.fail("BAD_FORMAT", `padding ${o.padding} is neither SAME nor VALID`);
  const [batches, inH, inW, inC] = input.shape as [number, number, number, number];
  const outH = computeOutSize(o.padding, inH, filterH, o.strideH, o.dilationH);
  const outW = computeOutSize(o.padding, inW, filterW, o.strideW, o.dilationW);
  const expected = [batches, outH, outW, outC];
  if (!sameShape(output.shape, expected)) ctx.fail("BAD_SHAPE", `output shape [${output.shape.join(", ")}] should be [${expected.join(", ")}]`);
  const p = new Int32Array(Conv.HEADER + extra);
  p[Conv.BATCHES] = batches;
  p[Conv.IN_H] = inH;
  p[Conv.IN_W] = inW;
  p[Conv.IN_C] = inC;
  p[Conv.OUT_H] = outH;
  p[Conv.OUT_W] = outW;
  p[Conv.OUT_C] = outC;
  p[Conv.K_H] = filterH;
  p[Conv.K_W] = filterW;
  p[Conv.STRIDE_H] = o.strideH;
  p[Conv.STRIDE_W] = o.strideW;
  p[Conv.DILATION_H] = o.dilationH;
  p[Conv.DILATION_W] = o.dilationW;
  p[Conv.PAD_H] = computePadding(o.strideH, o.dilationH, inH, filterH, outH);
  p[Conv.PAD_W] = computePadding(o.strideW, o.dilationW, inW, filterW, outW);
  checkWindowAxis(ctx, "height", outH, o.strideH, filterH, o.dilationH, p[Conv.PAD_H]!);
  checkWindowAxis(ctx, "width", outW, o.strideW, filterW, o.dilationW, p[Conv.PAD_W]!);
  return p;
}

/** Fills the int8 quantization part of a conv header and its per-channel multipliers (input and filter: inputs 0 and 1 unless given). */
export function convQuantization(ctx: OpContext, p: Int32Array, activation: number, input = ctx.input(0), filter = ctx.input(1)): void {
  const output = ctx.output(0);
  const outC = p[Conv.OUT_C]!;
  const fq = filter.quantization;
  if (fq !== null && fq.zeroPoint.some((z) => z !== 0)) ctx.fail("BAD_QUANTIZATION", `filter '${filter.name}' must be symmetric (zero point 0)`);
  p[Conv.INPUT_OFFSET] = -ctx.quant(input, "input").zeroPoint;
  p[Conv.OUTPUT_OFFSET] = ctx.quant(output, "output").zeroPoint;
  const r = int8ActivationRange(ctx, activation, output);
  p[Conv.ACT_MIN] = r.min;
  p[Conv.ACT_MAX] = r.max;
  fillChannelMultipliers(ctx, p, Conv.HEADER, outC, input, filter, output);
}

/** 16x8 CONV_2D: int16 input and output, int8 filter, int32 or int64 bias (TFLM's accumulator follows the bias). */
function prepare16x8(ctx: OpContext, o: Parameters<typeof convGeometry>[1], activation: number, kH: number, kW: number, outC: number, filterC: number): PreparedOp {
  const input = ctx.input(0), filter = ctx.input(1), output = ctx.output(0);
  check16x8Tensors(ctx, input, filter, output);
  const wide = check16x8Bias(ctx, 2, outC, true);
  const p = convGeometry(ctx, o, kH, kW, outC, 2 * outC + 1);
  p[Conv.FILTER_C] = filterC;
  convQuantization(ctx, p, activation);
  set16x8Accumulator(ctx, p, wideBiasIndex(Conv.HEADER, outC), wide, Conv.HEADER + outC, outC);
  const macs = p[Conv.BATCHES]! * p[Conv.OUT_H]! * p[Conv.OUT_W]! * outC * kH * kW * filterC;
  const bias = ctx.optionalInput(2);
  return prepared16x8(ctx, "conv2dInt16", ctx.kernels.conv2dInt16ScratchBytes(p), macs, p, { input, filter, bias, output });
}

export const conv2d: OpRegistration = {
  name: "CONV_2D",
  builtinCode: BuiltinOperator.CONV_2D,
  maxVersion: 8,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 3, 1);
    const input = ctx.input(0), filter = ctx.input(1), output = ctx.output(0);
    const opts = ctx.options;
    const o = {
      padding: optByte(opts, Opt.padding, 0),
      strideW: optInt(opts, Opt.strideW, 1),
      strideH: optInt(opts, Opt.strideH, 1),
      dilationW: optInt(opts, Opt.dilationW, 1),
      dilationH: optInt(opts, Opt.dilationH, 1),
    };
    const activation = optByte(opts, Opt.activation, 0);
    if (filter.shape.length !== 4) ctx.fail("BAD_SHAPE", `filter must be 4-D (OHWI), is [${filter.shape.join(", ")}]`);
    const [outC, kH, kW, filterC] = filter.shape as [number, number, number, number];
    const inC = input.shape[3] ?? 0;
    if (filterC <= 0 || inC % filterC !== 0) ctx.fail("BAD_SHAPE", `input depth ${inC} is not a multiple of filter depth ${filterC}`);
    const groups = inC / filterC;
    if (outC % groups !== 0) ctx.fail("BAD_SHAPE", `${outC} filters cannot be split into ${groups} groups`);
    const isInt8 = input.type === TensorType.INT8, is16x8 = input.type === TensorType.INT16;
    if (is16x8) return prepare16x8(ctx, o, activation, kH, kW, outC, filterC);
    if (isInt8) {
      ctx.expectType(filter, "filter", TensorType.INT8);
      ctx.expectType(output, "output", TensorType.INT8);
      checkBias(ctx, 2, outC, TensorType.INT32);
    } else {
      ctx.expectType(input, "input", TensorType.FLOAT32);
      ctx.expectType(filter, "filter", TensorType.FLOAT32);
      ctx.expectType(output, "output", TensorType.FLOAT32);
      checkBias(ctx, 2, outC, TensorType.FLOAT32);
    }
    const p = convGeometry(ctx, o, kH, kW, outC, isInt8 ? 2 * outC : 0);
    p[Conv.FILTER_C] = filterC;
    const macs = p[Conv.BATCHES]! * p[Conv.OUT_H]! * p[Conv.OUT_W]! * outC * kH * kW * filterC;
    const bias = ctx.optionalInput(2);
    const k = ctx.kernels;
    if (isInt8) {
      convQuantization(ctx, p, activation);
      // From here on, the constants as the kernel reads them (from a compiled plan in flash, when there is one).
      const packed = ctx.constants(p);
      // The native kernel's work buffer (the Arm DSP paths'), from the arena: none for the TypeScript kernels.
      const scratch = ctx.requestKernelScratch(k.conv2dInt8ScratchBytes(packed));
      return {
        macs,
        bind(a) {
          const x = a.int8(input), w = a.int8(filter), b = bias === null ? null : a.int32(bias), y = a.int8(output);
          const s = scratch < 0 ? null : a.scratch(scratch);
          return k.conv2dInt8.bind(null, packed, x, w, b, y, s);
        },
      };
    }
    const act = float32ActivationRange(ctx, activation);
    return {
      macs,
      bind(a) {
        const x = a.float32(input), w = a.float32(filter), b = bias === null ? null : a.float32(bias), y = a.float32(output);
        return k.conv2dFloat32.bind(null, p, act, x, w, b, y);
      },
    };
  },
};

/** AVERAGE_POOL_2D and MAX_POOL_2D: int8 and float32, with padding, strides and fused activation. */
import { BuiltinOperator, TensorType } from "../model/schema";
import { Pool } from "../kernels/layout";
import { checkWindowAxis, computeOutSize, computePadding } from "./padding";
import { float32ActivationRange, int8ActivationRange } from "./quantization";
import { type OpContext, type OpRegistration, type PreparedOp, optByte, optInt, sameShape } from "./op";

const Opt = Object.freeze({ padding: 0, strideW: 1, strideH: 2, filterW: 3, filterH: 4, activation: 5 } as const);

function preparePool(ctx: OpContext, kind: "average" | "max"): PreparedOp {
  ctx.expectCounts(1, 1, 1);
  const input = ctx.input(0), output = ctx.output(0);
  const opts = ctx.options;
  const padding = optByte(opts, Opt.padding, 0);
  const sW = optInt(opts, Opt.strideW, 1), sH = optInt(opts, Opt.strideH, 1);
  const fW = optInt(opts, Opt.filterW, 1), fH = optInt(opts, Opt.filterH, 1);
  const activation = optByte(opts, Opt.activation, 0);
  if (input.shape.length !== 4) ctx.fail("BAD_SHAPE", `input must be 4-D (NHWC), is [${input.shape.join(", ")}]`);
  if (sW < 1 || sH < 1 || fW < 1 || fH < 1) ctx.fail("BAD_FORMAT", `filter ${fH}x${fW} and stride ${sH}x${sW} must be positive`);
  if (padding !== 0 && padding !== 1) ctx.fail("BAD_FORMAT", `padding ${padding} is neither SAME nor VALID`);
  const [batches, inH, inW, channels] = input.shape as [number, number, number, number];
  const outH = computeOutSize(padding, inH, fH, sH), outW = computeOutSize(padding, inW, fW, sW);
  const expected = [batches, outH, outW, channels];
  if (!sameShape(output.shape, expected)) ctx.fail("BAD_SHAPE", `output shape [${output.shape.join(", ")}] should be [${expected.join(", ")}]`);
  const p = new Int32Array(Pool.HEADER);
  p[Pool.BATCHES] = batches;
  p[Pool.IN_H] = inH;
  p[Pool.IN_W] = inW;
  p[Pool.CHANNELS] = channels;
  p[Pool.OUT_H] = outH;
  p[Pool.OUT_W] = outW;
  p[Pool.FILTER_H] = fH;
  p[Pool.FILTER_W] = fW;
  p[Pool.STRIDE_H] = sH;
  p[Pool.STRIDE_W] = sW;
  p[Pool.PAD_H] = computePadding(sH, 1, inH, fH, outH);
  p[Pool.PAD_W] = computePadding(sW, 1, inW, fW, outW);
  checkWindowAxis(ctx, "height", outH, sH, fH, 1, p[Pool.PAD_H]!);
  checkWindowAxis(ctx, "width", outW, sW, fW, 1, p[Pool.PAD_W]!);
  const macs = batches * outH * outW * channels * fH * fW;
  const k = ctx.kernels;
  if (input.type === TensorType.INT8) {
    ctx.expectType(output, "output", TensorType.INT8);
    const r = int8ActivationRange(ctx, activation, output);
    p[Pool.ACT_MIN] = r.min;
    p[Pool.ACT_MAX] = r.max;
    // The native kernel's work buffer (the Arm DSP paths'), from the arena: none for the TypeScript kernels.
    const scratch = ctx.requestKernelScratch(k.poolingInt8ScratchBytes(p));
    return {
      macs,
      bind(a) {
        const x = a.int8(input), y = a.int8(output);
        const s = scratch < 0 ? null : a.scratch(scratch);
        return kind === "average" ? k.averagePool2dInt8.bind(null, p, x, y, s) : k.maxPool2dInt8.bind(null, p, x, y, s);
      },
    };
  }
  ctx.expectType(input, "input", TensorType.FLOAT32);
  ctx.expectType(output, "output", TensorType.FLOAT32);
  const act = float32ActivationRange(ctx, activation);
  return {
    macs,
    bind(a) {
      const x = a.float32(input), y = a.float32(output);
      return kind === "average" ? k.averagePool2dFloat32.bind(null, p, act, x, y) : k.maxPool2dFloat32.bind(null, p, act, x, y);
    },
  };
}

export const averagePool2d: OpRegistration = {
  name: "AVERAGE_POOL_2D",
  builtinCode: BuiltinOperator.AVERAGE_POOL_2D,
  maxVersion: 3,
  prepare: (ctx) => preparePool(ctx, "average"),
};

export const maxPool2d: OpRegistration = {
  name: "MAX_POOL_2D",
  builtinCode: BuiltinOperator.MAX_POOL_2D,
  maxVersion: 3,
  prepare: (ctx) => preparePool(ctx, "max"),
};

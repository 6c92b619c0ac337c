/** DEPTHWISE_CONV_2D: int8 (per-channel weights), 16x8 and float32, with depth multiplier, dilation and fused activation. */
import { BuiltinOperator, TensorType } from "../model/schema";
import { Conv, wideBiasIndex } from "../kernels/layout";
import { convGeometry, convQuantization } from "./conv_2d";
import { checkBias, float32ActivationRange } from "./quantization";
import { type OpContext, type OpRegistration, type PreparedOp, optByte, optInt } from "./op";
import { check16x8Bias, check16x8Tensors, prepared16x8, set16x8Accumulator } from "./quantization_16x8";

const Opt = Object.freeze({ padding: 0, strideW: 1, strideH: 2, depthMultiplier: 3, activation: 4, dilationW: 5, dilationH: 6 } as const);

export const depthwiseConv2d: OpRegistration = {
  name: "DEPTHWISE_CONV_2D",
  builtinCode: BuiltinOperator.DEPTHWISE_CONV_2D,
  maxVersion: 7,
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
    if (filter.shape.length !== 4 || filter.shape[0] !== 1) ctx.fail("BAD_SHAPE", `filter must be [1, H, W, C], is [${filter.shape.join(", ")}]`);
    const [, kH, kW, outC] = filter.shape as [number, number, number, number];
    const inC = input.shape[3] ?? 0;
    // The options' depth_multiplier is redundant (and ignored by newer TFLite); the shapes decide.
    if (inC <= 0 || outC % inC !== 0) ctx.fail("BAD_SHAPE", `output depth ${outC} is not a multiple of input depth ${inC}`);
    const isInt8 = input.type === TensorType.INT8, is16x8 = input.type === TensorType.INT16;
    let wide = false;
    if (is16x8) {
      check16x8Tensors(ctx, input, filter, output);
      wide = check16x8Bias(ctx, 2, outC, true);
    } else if (isInt8) {
      ctx.expectType(filter, "filter", TensorType.INT8);
      ctx.expectType(output, "output", TensorType.INT8);
      checkBias(ctx, 2, outC, TensorType.INT32);
    } else {
      ctx.expectType(input, "input", TensorType.FLOAT32);
      ctx.expectType(filter, "filter", TensorType.FLOAT32);
      ctx.expectType(output, "output", TensorType.FLOAT32);
      checkBias(ctx, 2, outC, TensorType.FLOAT32);
    }
    const p = convGeometry(ctx, o, kH, kW, outC, isInt8 ? 2 * outC : is16x8 ? 2 * outC + 1 : 0);
    p[Conv.DEPTH_MULTIPLIER] = outC / inC;
    p[Conv.FILTER_C] = 1;
    const macs = p[Conv.BATCHES]! * p[Conv.OUT_H]! * p[Conv.OUT_W]! * outC * kH * kW;
    const bias = ctx.optionalInput(2);
    const k = ctx.kernels;
    if (is16x8) {
      convQuantization(ctx, p, activation);
      set16x8Accumulator(ctx, p, wideBiasIndex(Conv.HEADER, outC), wide, Conv.HEADER + outC, outC);
      return prepared16x8(ctx, "depthwiseConv2dInt16", k.depthwiseConv2dInt16ScratchBytes(p), macs, p, { input, filter, bias, output });
    }
    if (isInt8) {
      convQuantization(ctx, p, activation);
      // From here on, the constants as the kernel reads them (from a compiled plan in flash, when there is one).
      const packed = ctx.constants(p);
      // The native kernel's work buffer (the Arm DSP paths'), from the arena: none for the TypeScript kernels.
      const scratch = ctx.requestKernelScratch(k.depthwiseConv2dInt8ScratchBytes(packed));
      return {
        macs,
        bind(a) {
          const x = a.int8(input), w = a.int8(filter), b = bias === null ? null : a.int32(bias), y = a.int8(output);
          const s = scratch < 0 ? null : a.scratch(scratch);
          return k.depthwiseConv2dInt8.bind(null, packed, x, w, b, y, s);
        },
      };
    }
    const act = float32ActivationRange(ctx, activation);
    return {
      macs,
      bind(a) {
        const x = a.float32(input), w = a.float32(filter), b = bias === null ? null : a.float32(bias), y = a.float32(output);
        return k.depthwiseConv2dFloat32.bind(null, p, act, x, w, b, y);
      },
    };
  },
};

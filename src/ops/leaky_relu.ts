/** LEAKY_RELU: int8 through a table of TFLM's QuantizeLeakyRelu, int16 through the same arithmetic per element, and float32. */
import { quantizedLeakyRelu } from "../math/activation";
import { quantizeMultiplier } from "../math/fixed_point";
import { LeakyRelu } from "../kernels/layout";
import { BuiltinOperator, TensorType } from "../model/schema";
import { checkUnary, int8Table, int8TableOp } from "./lookup_table";
import { type OpContext, type OpRegistration, type PreparedOp, optFloat } from "./op";

const Opt = Object.freeze({ alpha: 0 } as const);

/** TFLM's LeakyReluParams for int8. */
export interface LeakyReluParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  alphaMultiplier: number;
  alphaShift: number;
  identityMultiplier: number;
  identityShift: number;
}

/** As TFLM prepares it: input_scale * alpha / output_scale and input_scale / output_scale, in float32, quantized. */
export function leakyReluParams(alpha: number, inputScale: number, inputZeroPoint: number, outputScale: number, outputZeroPoint: number): LeakyReluParams {
  const f = Math.fround;
  const a = quantizeMultiplier(f(f(inputScale * alpha) / outputScale));
  const id = quantizeMultiplier(f(inputScale / outputScale));
  return { inputZeroPoint, outputZeroPoint, alphaMultiplier: a.multiplier, alphaShift: a.shift, identityMultiplier: id.multiplier, identityShift: id.shift };
}

/** TFLM's QuantizeLeakyRelu on one int8 value. */
export function leakyReluInt8Value(x: number, p: LeakyReluParams): number {
  return quantizedLeakyRelu(x, p.inputZeroPoint, p.outputZeroPoint, p.alphaMultiplier, p.alphaShift, p.identityMultiplier, p.identityShift, -128, 127);
}

export const leakyRelu: OpRegistration = {
  name: "LEAKY_RELU",
  builtinCode: BuiltinOperator.LEAKY_RELU,
  maxVersion: 2,
  prepare(ctx: OpContext): PreparedOp {
    const { input, output } = checkUnary(ctx, TensorType.INT8, TensorType.INT16, TensorType.FLOAT32);
    const alpha = optFloat(ctx.options, Opt.alpha, 0);
    if (input.type === TensorType.FLOAT32) {
      const k = ctx.kernels;
      const a = new Float32Array([alpha]);
      return {
        macs: input.elements,
        bind(b) {
          const x = b.float32(input), y = b.float32(output);
          return () => k.leakyReluFloat32(a, x, y);
        },
      };
    }
    const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
    if (!(outQ.scale > 0)) ctx.fail("BAD_QUANTIZATION", `output scale ${outQ.scale} must be positive`);
    const p = leakyReluParams(alpha, inQ.scale, inQ.zeroPoint, outQ.scale, outQ.zeroPoint);
    if (input.type === TensorType.INT16) {
      const k = ctx.kernels;
      const packed = new Int32Array(LeakyRelu.HEADER);
      packed[LeakyRelu.INPUT_ZERO_POINT] = p.inputZeroPoint;
      packed[LeakyRelu.OUTPUT_ZERO_POINT] = p.outputZeroPoint;
      packed[LeakyRelu.ALPHA_MULTIPLIER] = p.alphaMultiplier;
      packed[LeakyRelu.ALPHA_SHIFT] = p.alphaShift;
      packed[LeakyRelu.IDENTITY_MULTIPLIER] = p.identityMultiplier;
      packed[LeakyRelu.IDENTITY_SHIFT] = p.identityShift;
      return {
        macs: input.elements,
        bind(a) {
          const x = a.int16(input), y = a.int16(output);
          return () => k.leakyReluInt16(packed, x, y);
        },
      };
    }
    return int8TableOp(ctx, input, output, int8Table((x) => leakyReluInt8Value(x, p)));
  },
};

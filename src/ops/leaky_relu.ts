/** LEAKY_RELU: int8 through a table of TFLM's QuantizeLeakyRelu, and float32. */
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from "../math/fixed_point";
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

/** TFLM's QuantizeLeakyRelu on one int8 value (a negative alpha is applied as a positive multiplier then negated). */
export function leakyReluInt8Value(x: number, p: LeakyReluParams): number {
  const input = x - p.inputZeroPoint;
  let v = p.outputZeroPoint;
  if (input >= 0) {
    v += multiplyByQuantizedMultiplier(input, p.identityMultiplier, p.identityShift);
  } else {
    const negative = p.alphaMultiplier < 0;
    const scaled = multiplyByQuantizedMultiplier(input, negative ? -p.alphaMultiplier : p.alphaMultiplier, p.alphaShift);
    v += negative ? -scaled : scaled;
  }
  return v < -128 ? -128 : v > 127 ? 127 : v;
}

export const leakyRelu: OpRegistration = {
  name: "LEAKY_RELU",
  builtinCode: BuiltinOperator.LEAKY_RELU,
  maxVersion: 2,
  prepare(ctx: OpContext): PreparedOp {
    const { input, output } = checkUnary(ctx, TensorType.INT8, TensorType.FLOAT32);
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
    return int8TableOp(ctx, input, output, int8Table((x) => leakyReluInt8Value(x, p)));
  },
};

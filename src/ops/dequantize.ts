/**
 * DEQUANTIZE: int8 / uint8 / int16 -> float32 as TFLM computes it: the scale (a float32 widened
 * to double) times (value - zero point), rounded to float32. Per-tensor quantization only.
 */
import { Quantize } from "../kernels/layout";
import { BuiltinOperator, TensorType } from "../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

export const dequantize: OpRegistration = {
  name: "DEQUANTIZE",
  builtinCode: BuiltinOperator.DEQUANTIZE,
  // v2 int8, v3 int16 (float16 input is not supported); v5 (per-channel) is not supported.
  maxVersion: 3,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    ctx.expectType(input, "input", TensorType.INT8, TensorType.UINT8, TensorType.INT16);
    ctx.expectType(output, "output", TensorType.FLOAT32);
    if (input.elements !== output.elements) ctx.fail("BAD_SHAPE", `input has ${input.elements} values, output ${output.elements}`);
    const q = ctx.quant(input, "input");
    if (input.quantization!.scale.length !== 1) ctx.fail("BAD_QUANTIZATION", `input '${input.name}' is quantized per channel; only per-tensor is supported`);
    const p = new Int32Array(Quantize.HEADER);
    p[Quantize.COUNT] = input.elements;
    p[Quantize.IN_TYPE] = input.type;
    p[Quantize.OUT_TYPE] = output.type;
    p[Quantize.INPUT_ZERO_POINT] = q.zeroPoint;
    const scale = new Float32Array([q.scale]);
    const k = ctx.kernels;
    return {
      macs: input.elements,
      bind(a) {
        const x = input.type === TensorType.INT8 ? a.int8(input) : input.type === TensorType.UINT8 ? a.uint8(input) : a.int16(input);
        const y = a.float32(output);
        return () => k.dequantize(p, scale, x, y);
      },
    };
  },
};

/** The ReLU family (RELU, RELU6, RELU_N1_TO_1): int8 through a table, float32 through a clamp. */
import { activationRangeQuantized } from "../math/activation";
import { multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway } from "../math/fixed_point";
import { Activation, BuiltinOperator, TensorType } from "../model/schema";
import { checkUnary, int8Table, int8TableOp } from "./lookup_table";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

/** TFLM's ReluOpData params for int8. */
export interface ReluParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  multiplier: number;
  shift: number;
  min: number;
  max: number;
}

/**
 * As TFLM's CalculateReluOpData: the input-to-output multiplier from input_scale / output_scale
 * (divided in float32), and the activation's float bounds quantized with the output scale.
 */
export function reluParams(activation: number, inputScale: number, inputZeroPoint: number, outputScale: number, outputZeroPoint: number): ReluParams {
  const { multiplier, shift } = quantizeMultiplier(Math.fround(inputScale / outputScale));
  const r = activationRangeQuantized(activation, TensorType.INT8, outputScale, outputZeroPoint)!;
  return { inputZeroPoint, outputZeroPoint, multiplier, shift, min: r.min, max: r.max };
}

/** TFLM's ReluQuantized on one int8 value: requantize, then clamp. */
export function reluInt8Value(x: number, p: ReluParams): number {
  const v = p.outputZeroPoint + multiplyByQuantizedMultiplier(x - p.inputZeroPoint, p.multiplier, p.shift);
  return v < p.min ? p.min : v > p.max ? p.max : v;
}

/** TFLM's RELU6 bounds for int8: the input zero point and 6 quantized with the input scale (float32 division, rounded, clamped). */
export function relu6Int8Bounds(inputScale: number, inputZeroPoint: number): { zero: number; six: number } {
  const six = roundHalfAway(Math.fround(6 / inputScale)) + inputZeroPoint;
  return { zero: inputZeroPoint, six: six < -128 ? -128 : six > 127 ? 127 : six };
}

function reluFamily(name: string, code: number, maxVersion: number, activation: number, lo: number, hi: number): OpRegistration {
  return {
    name,
    builtinCode: code,
    maxVersion,
    prepare(ctx: OpContext): PreparedOp {
      const { input, output } = checkUnary(ctx, TensorType.INT8, TensorType.FLOAT32);
      if (input.type === TensorType.FLOAT32) {
        const k = ctx.kernels;
        const act = new Float32Array([lo, hi]);
        return {
          macs: input.elements,
          bind(a) {
            const x = a.float32(input), y = a.float32(output);
            return () => k.clampFloat32(act, x, y);
          },
        };
      }
      const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
      if (!(inQ.scale > 0) || !(outQ.scale > 0)) ctx.fail("BAD_QUANTIZATION", `scales must be positive (input ${inQ.scale}, output ${outQ.scale})`);
      let table: Int8Array;
      if (activation === Activation.RELU6) {
        // TFLM's int8 RELU6 clamps in the input's quantization and does not requantize (it assumes the output's is the same).
        const b = relu6Int8Bounds(inQ.scale, inQ.zeroPoint);
        table = int8Table((x) => (x > b.six ? b.six : x < b.zero ? b.zero : x));
      } else {
        // RELU as TFLM; RELU_N1_TO_1 (absent from TFLM) as TFLite's ReluX with bounds -1 and 1.
        const p = reluParams(activation, inQ.scale, inQ.zeroPoint, outQ.scale, outQ.zeroPoint);
        table = int8Table((x) => reluInt8Value(x, p));
      }
      return int8TableOp(ctx, input, output, table);
    },
  };
}

export const relu: OpRegistration = reluFamily("RELU", BuiltinOperator.RELU, 3, Activation.RELU, 0, Infinity);
export const relu6: OpRegistration = reluFamily("RELU6", BuiltinOperator.RELU6, 3, Activation.RELU6, 0, 6);
export const reluN1To1: OpRegistration = reluFamily("RELU_N1_TO_1", BuiltinOperator.RELU_N1_TO_1, 1, Activation.RELU_N1_TO_1, -1, 1);

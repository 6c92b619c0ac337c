/** Fused-activation ranges, as TFLM computes them for quantized and float outputs. */
import { Activation } from "../model/schema";
import { multiplyByQuantizedMultiplier, roundHalfAway } from "./fixed_point";

export interface QuantRange {
  min: number;
  max: number;
}

/** Bounds of a quantized type, by TensorType code. */
export function quantizedTypeRange(type: number): QuantRange {
  switch (type) {
    case 9: return { min: -128, max: 127 }; // INT8
    case 3: return { min: 0, max: 255 }; // UINT8
    case 7: return { min: -32768, max: 32767 }; // INT16
    case 2: return { min: -2147483648, max: 2147483647 }; // INT32
    default: return { min: -2147483648, max: 2147483647 };
  }
}

/** CalculateActivationRangeQuantized: the activation's float bounds quantized with the output's scale (division in float32). */
export function activationRangeQuantized(activation: number, type: number, scale: number, zeroPoint: number): QuantRange | null {
  const { min: qmin, max: qmax } = quantizedTypeRange(type);
  const quantize = (f: number) => zeroPoint + roundHalfAway(Math.fround(f / scale));
  switch (activation) {
    case Activation.NONE: return { min: qmin, max: qmax };
    case Activation.RELU: return { min: Math.max(qmin, quantize(0)), max: qmax };
    case Activation.RELU6: return { min: Math.max(qmin, quantize(0)), max: Math.min(qmax, quantize(6)) };
    case Activation.RELU_N1_TO_1: return { min: Math.max(qmin, quantize(-1)), max: Math.min(qmax, quantize(1)) };
    default: return null; // TANH, SIGN_BIT: not fusable in TFLM's int8 kernels
  }
}

/** The largest finite float32: TFLM's unbounded float activation limits are ±FLT_MAX, so infinities clamp to it. */
export const FLT_MAX = 3.4028234663852886e38;

/** CalculateActivationRange for float outputs. */
export function activationRangeFloat(activation: number): QuantRange | null {
  switch (activation) {
    case Activation.NONE: return { min: -FLT_MAX, max: FLT_MAX };
    case Activation.RELU: return { min: 0, max: FLT_MAX };
    case Activation.RELU6: return { min: 0, max: 6 };
    case Activation.RELU_N1_TO_1: return { min: -1, max: 1 };
    default: return null;
  }
}

/**
 * TFLM's QuantizeLeakyRelu on one value: the identity or the alpha requantization of x - input
 * zero point, plus the output zero point, clamped to [min, max]. A negative alpha multiplier is
 * applied as a positive one, then negated.
 */
export function quantizedLeakyRelu(x: number, inputZeroPoint: number, outputZeroPoint: number, alphaMultiplier: number, alphaShift: number, identityMultiplier: number, identityShift: number, min: number, max: number): number {
  const input = x - inputZeroPoint;
  let v = outputZeroPoint;
  if (input >= 0) {
    v += multiplyByQuantizedMultiplier(input, identityMultiplier, identityShift);
  } else {
    const negative = alphaMultiplier < 0;
    const scaled = multiplyByQuantizedMultiplier(input, negative ? -alphaMultiplier : alphaMultiplier, alphaShift);
    v += negative ? -scaled : scaled;
  }
  return v < min ? min : v > max ? max : v;
}

/** int16 activations in portable TypeScript: LEAKY_RELU (TFLM's QuantizeLeakyRelu) and LOGISTIC / TANH (TFLM's int16 table arithmetic). */
import { LeakyRelu, SigmoidInt16 } from "../layout";
import { quantizedLeakyRelu } from "../../math/activation";
import { logisticInt16, tanhInt16 } from "../../math/int16_activation";

export function leakyReluInt16(p: Int32Array, input: Int16Array, output: Int16Array): void {
  const iz = p[LeakyRelu.INPUT_ZERO_POINT]!, oz = p[LeakyRelu.OUTPUT_ZERO_POINT]!;
  const am = p[LeakyRelu.ALPHA_MULTIPLIER]!, as = p[LeakyRelu.ALPHA_SHIFT]!, im = p[LeakyRelu.IDENTITY_MULTIPLIER]!, is = p[LeakyRelu.IDENTITY_SHIFT]!;
  const n = output.length;
  for (let i = 0; i < n; i++) output[i] = quantizedLeakyRelu(input[i]!, iz, oz, am, as, im, is, -32768, 32767);
}

export function sigmoidInt16(p: Int32Array, input: Int16Array, output: Int16Array): void {
  const m = p[SigmoidInt16.MULTIPLIER]!, s = p[SigmoidInt16.SHIFT]!;
  const n = output.length;
  if (p[SigmoidInt16.TANH]! !== 0) for (let i = 0; i < n; i++) output[i] = tanhInt16(input[i]!, m, s);
  else for (let i = 0; i < n; i++) output[i] = logisticInt16(input[i]!, m, s);
}

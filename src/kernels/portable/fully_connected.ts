/** FULLY_CONNECTED kernels in portable TypeScript: TFLM's reference arithmetic (int8 per-tensor or per-channel, 16x8, float32). */
import { FullyConnected, wideBiasIndex } from "../layout";
import { multiplyByQuantizedMultiplier } from "../../math/fixed_point";
import { requantize16x8 } from "./requantize_16x8";

export function fullyConnectedInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  fullyConnectedQuantized(p, input, filter, bias, output, -1);
}

/** 16x8: int16 input and output, int8 weights, int32 or int64 bias (see wideBiasIndex). */
export function fullyConnectedInt16(p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array): void {
  const nMult = p[FullyConnected.PER_CHANNEL]! !== 0 ? p[FullyConnected.OUT_DEPTH]! : 1;
  fullyConnectedQuantized(p, input, filter, bias, output, p[wideBiasIndex(FullyConnected.HEADER, nMult)]!);
}

/** The quantized fully connected; `wide` < 0: int8, else 16x8 with an int64 (1) or int32 (0) accumulator. */
function fullyConnectedQuantized(p: Int32Array, input: Int8Array | Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array | Int16Array, wide: number): void {
  const batches = p[FullyConnected.BATCHES]!, depth = p[FullyConnected.ACCUM_DEPTH]!, outDepth = p[FullyConnected.OUT_DEPTH]!;
  const inputOffset = p[FullyConnected.INPUT_OFFSET]!, filterOffset = p[FullyConnected.FILTER_OFFSET]!, outputOffset = p[FullyConnected.OUTPUT_OFFSET]!;
  const actMin = p[FullyConnected.ACT_MIN]!, actMax = p[FullyConnected.ACT_MAX]!;
  const perChannel = p[FullyConnected.PER_CHANNEL]! !== 0;
  const nMult = perChannel ? outDepth : 1;
  const mult = FullyConnected.HEADER, shift = FullyConnected.HEADER + nMult;
  for (let b = 0; b < batches; b++) {
    const inBase = b * depth;
    for (let oc = 0; oc < outDepth; oc++) {
      const fBase = oc * depth;
      let acc = 0;
      for (let d = 0; d < depth; d++) acc += (filter[fBase + d]! + filterOffset) * (input[inBase + d]! + inputOffset);
      const k = perChannel ? oc : 0;
      if (wide >= 0) {
        output[b * outDepth + oc] = requantize16x8(acc, bias, oc, wide === 1, p[mult + k]!, p[shift + k]!, actMin, actMax);
        continue;
      }
      if (bias !== null) acc += bias[oc]!;
      acc = multiplyByQuantizedMultiplier(acc | 0, p[mult + k]!, p[shift + k]!) + outputOffset;
      output[b * outDepth + oc] = acc < actMin ? actMin : acc > actMax ? actMax : acc;
    }
  }
}

export function fullyConnectedFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void {
  const batches = p[FullyConnected.BATCHES]!, depth = p[FullyConnected.ACCUM_DEPTH]!, outDepth = p[FullyConnected.OUT_DEPTH]!;
  const lo = act[0]!, hi = act[1]!;
  const f = Math.fround;
  for (let b = 0; b < batches; b++) {
    const inBase = b * depth;
    for (let oc = 0; oc < outDepth; oc++) {
      const fBase = oc * depth;
      let acc = 0;
      for (let d = 0; d < depth; d++) acc = f(acc + f(input[inBase + d]! * filter[fBase + d]!));
      const v = f(acc + (bias === null ? 0 : bias[oc]!));
      output[b * outDepth + oc] = v < lo ? lo : v > hi ? hi : v;
    }
  }
}

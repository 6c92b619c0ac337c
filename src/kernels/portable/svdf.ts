/**
 * SVDF kernels in portable TypeScript, TFLM's reference arithmetic: each invoke shifts the
 * activation state one step left, writes the newest feature projection (input x weights_feature)
 * into its last column, then filters each row over time with weights_time and sums `rank` rows
 * per output unit. int8 with an int8 or int16 state, and float32.
 */
import { Svdf } from "../layout";
import { multiplyByQuantizedMultiplier } from "../../math/fixed_point";

/** Moves every state value one step back in time (the oldest falls off); the newest slot is then overwritten. */
function shiftState(state: Int8Array | Int16Array | Float32Array): void {
  state.copyWithin(0, 1);
}

/**
 * int8 SVDF. `scratch` holds BATCHES x NUM_FILTERS int32 filter outputs. The state and the time
 * weights are both int8 or both int16.
 */
export function svdfInt8(p: Int32Array, input: Int8Array, weightsFeature: Int8Array, weightsTime: Int8Array | Int16Array, bias: Int32Array | null, state: Int8Array | Int16Array, scratch: Int32Array, output: Int8Array): void {
  const batches = p[Svdf.BATCHES]!, inputSize = p[Svdf.INPUT_SIZE]!, filters = p[Svdf.NUM_FILTERS]!;
  const units = p[Svdf.NUM_UNITS]!, rank = p[Svdf.RANK]!, memory = p[Svdf.MEMORY_SIZE]!;
  const inZp = p[Svdf.INPUT_ZERO_POINT]!, stateZp = p[Svdf.STATE_ZERO_POINT]!, outZp = p[Svdf.OUTPUT_ZERO_POINT]!;
  const m1 = p[Svdf.FEATURE_MULTIPLIER]!, s1 = p[Svdf.FEATURE_SHIFT]!, m2 = p[Svdf.TIME_MULTIPLIER]!, s2 = p[Svdf.TIME_SHIFT]!;
  const stateMin = p[Svdf.STATE_MIN]!, stateMax = p[Svdf.STATE_MAX]!;
  shiftState(state);
  for (let b = 0; b < batches; b++) {
    const inBase = b * inputSize;
    for (let f = 0; f < filters; f++) {
      const wBase = f * inputSize;
      let acc = 0;
      for (let i = 0; i < inputSize; i++) acc += weightsFeature[wBase + i]! * (input[inBase + i]! - inZp);
      let v = multiplyByQuantizedMultiplier(acc | 0, m1, s1);
      v = v < stateMin ? stateMin : v > stateMax ? stateMax : v;
      // As TFLM: the zero point is added after the clamp, and the sum narrowed (wrapping) to the state type.
      state[(b * filters + f) * memory + memory - 1] = v + stateZp;
    }
  }
  for (let b = 0; b < batches; b++) {
    for (let f = 0; f < filters; f++) {
      const sBase = (b * filters + f) * memory, wBase = f * memory;
      let acc = 0;
      for (let j = 0; j < memory; j++) acc = (acc + weightsTime[wBase + j]! * (state[sBase + j]! - stateZp)) | 0;
      scratch[b * filters + f] = acc;
    }
  }
  for (let b = 0; b < batches; b++) {
    for (let u = 0; u < units; u++) {
      let acc = bias === null ? 0 : bias[u]!;
      for (let r = 0; r < rank; r++) acc = (acc + scratch[b * filters + u * rank + r]!) | 0;
      const v = multiplyByQuantizedMultiplier(acc, m2, s2) + outZp;
      output[b * units + u] = v < -128 ? -128 : v > 127 ? 127 : v;
    }
  }
}

/** float32 SVDF; `act` holds the fused activation [min, max], `scratch` BATCHES x NUM_FILTERS floats. */
export function svdfFloat32(p: Int32Array, act: Float32Array, input: Float32Array, weightsFeature: Float32Array, weightsTime: Float32Array, bias: Float32Array | null, state: Float32Array, scratch: Float32Array, output: Float32Array): void {
  const batches = p[Svdf.BATCHES]!, inputSize = p[Svdf.INPUT_SIZE]!, filters = p[Svdf.NUM_FILTERS]!;
  const units = p[Svdf.NUM_UNITS]!, rank = p[Svdf.RANK]!, memory = p[Svdf.MEMORY_SIZE]!;
  const lo = act[0]!, hi = act[1]!;
  const f32 = Math.fround;
  shiftState(state);
  for (let b = 0; b < batches; b++) {
    const inBase = b * inputSize;
    for (let f = 0; f < filters; f++) {
      const wBase = f * inputSize;
      let acc = 0;
      for (let i = 0; i < inputSize; i++) acc = f32(acc + f32(weightsFeature[wBase + i]! * input[inBase + i]!));
      state[(b * filters + f) * memory + memory - 1] = acc;
    }
  }
  for (let b = 0; b < batches; b++) {
    for (let f = 0; f < filters; f++) {
      const sBase = (b * filters + f) * memory, wBase = f * memory;
      let acc = 0;
      for (let j = 0; j < memory; j++) acc = f32(acc + f32(weightsTime[wBase + j]! * state[sBase + j]!));
      scratch[b * filters + f] = acc;
    }
  }
  for (let b = 0; b < batches; b++) {
    for (let u = 0; u < units; u++) {
      let acc = bias === null ? 0 : bias[u]!;
      for (let r = 0; r < rank; r++) acc = f32(acc + scratch[b * filters + u * rank + r]!);
      output[b * units + u] = acc < lo ? lo : acc > hi ? hi : acc;
    }
  }
}

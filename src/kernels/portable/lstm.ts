/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM kernels in portable TypeScript, TFLM's lstm_eval step by step:
 * per time step, each gate is input x W + bias plus hidden x R (two fully connected products),
 * through sigmoid (tanh for the cell gate); then cell = forget * cell + input * cell gate (clipped
 * when the model says so), hidden = output * tanh(cell), and the hidden state is the step's output.
 *
 * int8: the products requantize to int16 Q3.12 gate pre-activations, TFLM's int16 sigmoid / tanh
 * give Q0.15, the cell state is int16 and the hidden state int8. Gates are indexed input 0,
 * forget 1, cell 2, output 3.
 */
import { Lstm } from "../layout";
import { multiplyByQuantizedMultiplier } from "../../math/fixed_point";
import { logisticInt16, tanhInt16 } from "../../math/int16_activation";
import type { GateTensors } from "../kernels";
import { logisticFloat32, tanhFloat32 } from "./activation";

const sat16 = (v: number): number => (v < -32768 ? -32768 : v > 32767 ? 32767 : v);

// Step t of batch b reads and writes at these element offsets. Time major ([time, batch, ...]): every
// batch in one step (b is 0), the states from offset 0; else batch by batch, one row per step.
const timeMajor = (p: Int32Array): boolean => p[Lstm.TIME_MAJOR]! !== 0;
/** How many times the outer loop runs: once when time major, else once per batch. */
const outerCount = (p: Int32Array): number => (timeMajor(p) ? 1 : p[Lstm.BATCHES]!);
const rowsPerStep = (p: Int32Array): number => (timeMajor(p) ? p[Lstm.BATCHES]! : 1);
const stepIndex = (p: Int32Array, b: number, t: number): number => (timeMajor(p) ? t * p[Lstm.BATCHES]! : b * p[Lstm.TIME_STEPS]! + t);
const stateOffset = (p: Int32Array, b: number): number => (timeMajor(p) ? 0 : b * p[Lstm.STATE_SIZE]!);

/** One int8 gate: input x W + bias and hidden x R, each requantized to int16, summed (saturating), through the activation, into gate[0 .. rows * STATE_SIZE). */
function gateInt8(p: Int32Array, g: number, x0: number, h0: number, input: Int8Array, w: Int8Array, bias: Int32Array | null, hidden: Int8Array, r: Int8Array, gate: Int16Array, into: number, tanh: boolean): void {
  const inputSize = p[Lstm.INPUT_SIZE]!, stateSize = p[Lstm.STATE_SIZE]!;
  const inZp = p[Lstm.INPUT_ZERO_POINT]!, hZp = p[Lstm.HIDDEN_ZERO_POINT]!;
  const base = Lstm.GATES + 4 * g;
  const im = p[base]!, is = p[base + 1]!, rm = p[base + 2]!, rs = p[base + 3]!;
  for (let row = 0; row < rowsPerStep(p); row++) {
    const x = x0 + row * inputSize, h = h0 + row * stateSize;
    for (let c = 0; c < stateSize; c++) {
      let acc = bias === null ? 0 : bias[c]!;
      const wBase = c * inputSize;
      for (let d = 0; d < inputSize; d++) acc += w[wBase + d]! * (input[x + d]! - inZp);
      let racc = 0;
      const rBase = c * stateSize;
      for (let d = 0; d < stateSize; d++) racc += r[rBase + d]! * (hidden[h + d]! - hZp);
      const v = sat16(sat16(multiplyByQuantizedMultiplier(acc | 0, im, is)) + sat16(multiplyByQuantizedMultiplier(racc | 0, rm, rs)));
      gate[into + row * stateSize + c] = tanh ? tanhInt16(v, 0, 0) : logisticInt16(v, 0, 0);
    }
  }
}

/**
 * int8 LSTM. `scratch` holds 3 gate buffers of BATCHES x STATE_SIZE int16 (input, forget and
 * cell gates; the output gate reuses the input gate's). `hidden` and `cell` are the op's state.
 */
export function lstmInt8(p: Int32Array, input: Int8Array, inputWeights: GateTensors<Int8Array>, recurrentWeights: GateTensors<Int8Array>, biases: GateTensors<Int32Array | null>, hidden: Int8Array, cell: Int16Array, scratch: Int16Array, output: Int8Array): void {
  const stateSize = p[Lstm.STATE_SIZE]!, hZp = p[Lstm.HIDDEN_ZERO_POINT]!, cellTanh = p[Lstm.CELL_GATE_TANH]! !== 0;
  const clip = p[Lstm.CELL_CLIP]!;
  const ctm = p[Lstm.CELL_TANH_MULTIPLIER]!, cts = p[Lstm.CELL_TANH_SHIFT]!;
  const fm = p[Lstm.FORGET_MUL_MULTIPLIER]!, fs = p[Lstm.FORGET_MUL_SHIFT]!;
  const im = p[Lstm.INPUT_MUL_MULTIPLIER]!, is = p[Lstm.INPUT_MUL_SHIFT]!;
  const om = p[Lstm.OUTPUT_MUL_MULTIPLIER]!, os = p[Lstm.OUTPUT_MUL_SHIFT]!;
  for (let b = 0; b < outerCount(p); b++) {
    for (let t = 0; t < p[Lstm.TIME_STEPS]!; t++) {
      const n = rowsPerStep(p) * stateSize, state = stateOffset(p, b), x0 = stepIndex(p, b, t) * p[Lstm.INPUT_SIZE]!, out = stepIndex(p, b, t) * stateSize;
      const I = 0, F = n, C = 2 * n;
      gateInt8(p, 1, x0, state, input, inputWeights[1], biases[1], hidden, recurrentWeights[1], scratch, F, false);
      gateInt8(p, 0, x0, state, input, inputWeights[0], biases[0], hidden, recurrentWeights[0], scratch, I, false);
      gateInt8(p, 2, x0, state, input, inputWeights[2], biases[2], hidden, recurrentWeights[2], scratch, C, cellTanh);
      for (let i = 0; i < n; i++) {
        const kept = sat16(multiplyByQuantizedMultiplier(scratch[F + i]! * cell[state + i]!, fm, fs));
        const added = sat16(multiplyByQuantizedMultiplier(scratch[I + i]! * scratch[C + i]!, im, is));
        let c = sat16(kept + added);
        if (clip > 0) c = c > clip ? clip : c < -clip ? -clip : c;
        cell[state + i] = c;
      }
      // The output gate, from the hidden state of the previous step (the hidden state changes only below).
      gateInt8(p, 3, x0, state, input, inputWeights[3], biases[3], hidden, recurrentWeights[3], scratch, I, false);
      for (let i = 0; i < n; i++) {
        const v = multiplyByQuantizedMultiplier(tanhInt16(cell[state + i]!, ctm, cts) * scratch[I + i]!, om, os) + hZp;
        const h = v < -128 ? -128 : v > 127 ? 127 : v;
        hidden[state + i] = h;
        output[out + i] = h;
      }
    }
  }
}

const FLT_MAX = 3.4028234663852886e38;
/** x clamped to the float range, as TFLM's float ops with no activation do (infinities become FLT_MAX). */
const finite = (x: number): number => (x < -FLT_MAX ? -FLT_MAX : x > FLT_MAX ? FLT_MAX : x);

/** One float32 gate into gate[0 ..): TFLM's float fully connected products (each clamped), summed, through the activation. */
function gateFloat32(p: Int32Array, x0: number, h0: number, input: Float32Array, w: Float32Array, bias: Float32Array | null, hidden: Float32Array, r: Float32Array, gate: Float32Array, tanh: boolean): void {
  const inputSize = p[Lstm.INPUT_SIZE]!, stateSize = p[Lstm.STATE_SIZE]!;
  const f = Math.fround;
  for (let row = 0; row < rowsPerStep(p); row++) {
    const x = x0 + row * inputSize, h = h0 + row * stateSize;
    for (let c = 0; c < stateSize; c++) {
      let acc = 0;
      for (let d = 0; d < inputSize; d++) acc = f(acc + f(input[x + d]! * w[c * inputSize + d]!));
      let racc = 0;
      for (let d = 0; d < stateSize; d++) racc = f(racc + f(hidden[h + d]! * r[c * stateSize + d]!));
      gate[row * stateSize + c] = f(finite(f(acc + (bias === null ? 0 : bias[c]!))) + finite(racc));
    }
  }
  if (tanh) tanhFloat32(gate, gate);
  else logisticFloat32(gate, gate);
}

/**
 * float32 LSTM. `gates` holds 4 buffers of rows x STATE_SIZE (rows: BATCHES when time major,
 * else 1), each a Float32Array of exactly that length; `cellClip` holds [clip] (0: none).
 */
export function lstmFloat32(p: Int32Array, cellClip: Float32Array, input: Float32Array, inputWeights: GateTensors<Float32Array>, recurrentWeights: GateTensors<Float32Array>, biases: GateTensors<Float32Array | null>, hidden: Float32Array, cell: Float32Array, gates: GateTensors<Float32Array>, output: Float32Array): void {
  const stateSize = p[Lstm.STATE_SIZE]!, cellTanh = p[Lstm.CELL_GATE_TANH]! !== 0;
  const clip = cellClip[0]!;
  const f = Math.fround;
  const gi = gates[0], gf = gates[1], gc = gates[2], tmp = gates[3];
  for (let b = 0; b < outerCount(p); b++) {
    for (let t = 0; t < p[Lstm.TIME_STEPS]!; t++) {
      const n = rowsPerStep(p) * stateSize, state = stateOffset(p, b), x0 = stepIndex(p, b, t) * p[Lstm.INPUT_SIZE]!, out = stepIndex(p, b, t) * stateSize;
      gateFloat32(p, x0, state, input, inputWeights[1], biases[1], hidden, recurrentWeights[1], gf, false);
      gateFloat32(p, x0, state, input, inputWeights[0], biases[0], hidden, recurrentWeights[0], gi, false);
      gateFloat32(p, x0, state, input, inputWeights[2], biases[2], hidden, recurrentWeights[2], gc, cellTanh);
      for (let i = 0; i < n; i++) {
        let c = f(finite(f(gf[i]! * cell[state + i]!)) + finite(f(gi[i]! * gc[i]!)));
        if (clip > 0) c = Math.max(Math.min(clip, c), -clip);
        cell[state + i] = c;
      }
      gateFloat32(p, x0, state, input, inputWeights[3], biases[3], hidden, recurrentWeights[3], gi, false);
      for (let i = 0; i < n; i++) tmp[i] = cell[state + i]!;
      tanhFloat32(tmp, tmp);
      for (let i = 0; i < n; i++) {
        const h = finite(f(tmp[i]! * gi[i]!));
        hidden[state + i] = h;
        output[out + i] = h;
      }
    }
  }
}

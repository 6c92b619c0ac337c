/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM, as TFLM runs it: int8 (int8 activations and weights, int32 biases,
 * an int16 cell state; TFLM's integer LSTM) and float32. The hidden (input 18) and cell (input 19)
 * states are variable tensors: they carry over from one invoke to the next and start over at
 * reset(). As in TFLM, every gate needs its weights and bias; peephole, projection and layer
 * normalization variants are refused at load, naming the tensor.
 */
import { quantizeMultiplier } from "../math/fixed_point";
import { checkedLog2 } from "../math/int16_activation";
import { BuiltinOperator, TensorType } from "../model/schema";
import { rememberBytes } from "../kernels/byte_views";
import { Lstm } from "../kernels/layout";
import type { GateTensors } from "../kernels/kernels";
import type { TensorSpec } from "../model/model";
import { type OpContext, type OpRegistration, type PreparedOp, optBool, optByte, optFloat } from "./op";

const Opt = Object.freeze({ activation: 0, cellClip: 1, projClip: 2, timeMajor: 3 } as const);
const TANH = 4;

/** Input slots of the op (TFLM's kLstm*Tensor). Gates are ordered input, forget, cell, output. */
const Slot = Object.freeze({ INPUT: 0, INPUT_WEIGHTS: 1, RECURRENT_WEIGHTS: 5, BIASES: 12, HIDDEN: 18, CELL: 19 } as const);
const GATE_NAMES = ["input", "forget", "cell", "output"] as const;
/** Optional inputs of TFLite's LSTM that TFLM's kernel does not run: peepholes, projection, layer norms. */
const UNSUPPORTED_SLOTS: readonly [number, string][] = [
  [9, "cell-to-input (peephole) weights"], [10, "cell-to-forget (peephole) weights"], [11, "cell-to-output (peephole) weights"],
  [16, "projection weights"], [17, "projection bias"],
  [20, "input layer norm coefficients"], [21, "forget layer norm coefficients"], [22, "cell layer norm coefficients"], [23, "output layer norm coefficients"],
];

/** Gate pre-activations are Q3.12, gate outputs Q0.15 (TFLM's fixed choice). */
const GATE_INPUT_SCALE = 2 ** -12, GATE_OUTPUT_SCALE = 2 ** -15;

function gateTensors(ctx: OpContext, first: number, what: string): GateTensors<TensorSpec> {
  const t = (g: number) => {
    const spec = ctx.optionalInput(first + g);
    if (spec === null) ctx.fail(first + g === 1 || first + g === 5 || first + g === 12 ? "UNSUPPORTED_OP" : "BAD_FORMAT", `the ${GATE_NAMES[g]} gate's ${what} (input ${first + g}) is missing${g === 0 ? " (CIFG LSTMs are not supported, as in TFLM)" : ""}`);
    return spec;
  };
  return [t(0), t(1), t(2), t(3)];
}

function expectShape(ctx: OpContext, t: TensorSpec, what: string, shape: readonly number[]): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) ctx.fail("BAD_SHAPE", `${what} '${t.name}' must be [${shape.join(", ")}], is [${t.shape.join(", ")}]`);
}

function perTensorScale(ctx: OpContext, t: TensorSpec, what: string): number {
  const q = t.quantization;
  if (q === null || q.scale.length === 0) ctx.fail("BAD_QUANTIZATION", `${what} '${t.name}' is not quantized`);
  if (q.scale.length !== 1) ctx.fail("BAD_QUANTIZATION", `${what} '${t.name}' has ${q.scale.length} scales (per-channel LSTM weights are not supported, as in TFLM)`);
  if ((q.zeroPoint[0] ?? 0) !== 0) ctx.fail("BAD_QUANTIZATION", `${what} '${t.name}' has zero point ${q.zeroPoint[0]}, not 0`);
  return q.scale[0]!;
}

/** A multiplier and shift as TFLM's FC computes them (the scale product in float32, divided in double). */
function fcMultiplier(inScale: number, weightScale: number, outScale: number): [number, number] {
  const { multiplier, shift } = quantizeMultiplier(Math.fround(inScale * weightScale) / outScale);
  return [multiplier, shift];
}

export const unidirectionalSequenceLstm: OpRegistration = {
  name: "UNIDIRECTIONAL_SEQUENCE_LSTM",
  builtinCode: BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
  maxVersion: 3,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(24, 24, 1);
    const input = ctx.input(Slot.INPUT), output = ctx.output(0);
    for (const [slot, what] of UNSUPPORTED_SLOTS) {
      const t = ctx.optionalInput(slot);
      if (t !== null) ctx.fail("UNSUPPORTED_OP", `${what} '${t.name}' (input ${slot}): this LSTM variant is not supported (nor by TFLM)`);
    }
    const weights = gateTensors(ctx, Slot.INPUT_WEIGHTS, "input weights");
    const recurrent = gateTensors(ctx, Slot.RECURRENT_WEIGHTS, "recurrent weights");
    const biases = gateTensors(ctx, Slot.BIASES, "bias");
    const hidden = ctx.optionalInput(Slot.HIDDEN), cell = ctx.optionalInput(Slot.CELL);
    if (hidden === null) ctx.fail("BAD_FORMAT", "the hidden state (input 18) is missing");
    if (cell === null) ctx.fail("BAD_FORMAT", "the cell state (input 19) is missing");
    for (const [t, what] of [[hidden, "hidden state"], [cell, "cell state"]] as const) {
      if (!t.isVariable || t.data !== null) ctx.fail("BAD_FORMAT", `${what} '${t.name}' must be a variable tensor`);
    }
    const o = ctx.options;
    const activation = optByte(o, Opt.activation, 0);
    if (activation !== TANH) ctx.fail("UNSUPPORTED_OP", `cell gate activation ${activation} is not supported (TFLM runs tanh)`);
    const timeMajor = optBool(o, Opt.timeMajor, false);
    if (input.shape.length !== 3) ctx.fail("BAD_SHAPE", `input '${input.name}' must be 3-D, is [${input.shape.join(", ")}]`);
    const [d0, d1, inputSize] = input.shape as [number, number, number];
    const batches = timeMajor ? d1 : d0, steps = timeMajor ? d0 : d1;
    if (hidden.shape.length !== 2 || hidden.shape[0]! <= 0 || hidden.shape[1]! <= 0) ctx.fail("BAD_SHAPE", `hidden state '${hidden.name}' must be 2-D [batches, units], is [${hidden.shape.join(", ")}]`);
    const stateSize = hidden.shape[1]!;
    if (hidden.elements !== batches * stateSize) ctx.fail("BAD_SHAPE", `hidden state '${hidden.name}' has ${hidden.elements} values, expected ${batches} x ${stateSize}`);
    if (cell.elements !== batches * stateSize) ctx.fail("BAD_SHAPE", `cell state '${cell.name}' has ${cell.elements} values, expected ${batches} x ${stateSize}`);
    for (let g = 0; g < 4; g++) {
      expectShape(ctx, weights[g]!, `the ${GATE_NAMES[g]} gate's input weights`, [stateSize, inputSize]);
      expectShape(ctx, recurrent[g]!, `the ${GATE_NAMES[g]} gate's recurrent weights`, [stateSize, stateSize]);
      expectShape(ctx, biases[g]!, `the ${GATE_NAMES[g]} gate's bias`, [stateSize]);
    }
    expectShape(ctx, output, "output", [d0, d1, stateSize]);

    const isInt8 = input.type === TensorType.INT8;
    const weightType = isInt8 ? TensorType.INT8 : TensorType.FLOAT32;
    ctx.expectType(input, "input", TensorType.INT8, TensorType.FLOAT32);
    for (let g = 0; g < 4; g++) {
      ctx.expectType(weights[g]!, `the ${GATE_NAMES[g]} gate's input weights`, weightType);
      ctx.expectType(recurrent[g]!, `the ${GATE_NAMES[g]} gate's recurrent weights`, weightType);
      ctx.expectType(biases[g]!, `the ${GATE_NAMES[g]} gate's bias`, isInt8 ? TensorType.INT32 : TensorType.FLOAT32);
      ctx.expectConstant(weights[g]!, `the ${GATE_NAMES[g]} gate's input weights`);
      ctx.expectConstant(recurrent[g]!, `the ${GATE_NAMES[g]} gate's recurrent weights`);
      ctx.expectConstant(biases[g]!, `the ${GATE_NAMES[g]} gate's bias`);
    }
    ctx.expectType(hidden, "hidden state", input.type);
    ctx.expectType(cell, "cell state", isInt8 ? TensorType.INT16 : TensorType.FLOAT32);
    ctx.expectType(output, "output", input.type);

    const p = new Int32Array(Lstm.HEADER);
    p[Lstm.BATCHES] = batches;
    p[Lstm.TIME_STEPS] = steps;
    p[Lstm.INPUT_SIZE] = inputSize;
    p[Lstm.STATE_SIZE] = stateSize;
    p[Lstm.TIME_MAJOR] = timeMajor ? 1 : 0;
    p[Lstm.CELL_GATE_TANH] = 1;
    const macs = batches * steps * 4 * stateSize * (inputSize + stateSize);
    const rows = timeMajor ? batches : 1;
    const k = ctx.kernels;
    const cellClip = optFloat(o, Opt.cellClip, 0);
    const gateViews = <T>(view: (t: TensorSpec) => T, ts: GateTensors<TensorSpec>): GateTensors<T> => [view(ts[0]), view(ts[1]), view(ts[2]), view(ts[3])];

    if (isInt8) {
      const inQ = ctx.quant(input, "input"), hQ = ctx.quant(hidden, "hidden state"), cQ = ctx.quant(cell, "cell state");
      if (hQ.scale <= 0 || cQ.scale <= 0) ctx.fail("BAD_QUANTIZATION", `state scales must be positive (hidden ${hQ.scale}, cell ${cQ.scale})`);
      const outQ = ctx.quant(output, "output");
      if (outQ.scale !== hQ.scale || outQ.zeroPoint !== hQ.zeroPoint) ctx.fail("BAD_QUANTIZATION", `output '${output.name}' must be quantized as the hidden state '${hidden.name}' (it is a copy of it)`);
      p[Lstm.INPUT_ZERO_POINT] = inQ.zeroPoint;
      p[Lstm.HIDDEN_ZERO_POINT] = hQ.zeroPoint;
      for (let g = 0; g < 4; g++) {
        const base = Lstm.GATES + 4 * g;
        [p[base], p[base + 1]] = fcMultiplier(inQ.scale, perTensorScale(ctx, weights[g]!, `the ${GATE_NAMES[g]} gate's input weights`), GATE_INPUT_SCALE);
        [p[base + 2], p[base + 3]] = fcMultiplier(hQ.scale, perTensorScale(ctx, recurrent[g]!, `the ${GATE_NAMES[g]} gate's recurrent weights`), GATE_INPUT_SCALE);
      }
      // tanh(cell) reads the cell state as Q3.12 scaled by 2^(15 + log2(cell scale) - 3) (TFLM's CheckedLog2 rounds the log).
      const power = checkedLog2(cQ.scale).log2;
      const leftShift = 15 + power - 3;
      if (leftShift > 13 || leftShift < -31) ctx.fail("BAD_QUANTIZATION", `cell state '${cell.name}' has scale ${cQ.scale}: its tanh input would overflow`);
      p[Lstm.CELL_TANH_MULTIPLIER] = leftShift >= 0 ? 0 : 3;
      p[Lstm.CELL_TANH_SHIFT] = leftShift >= 0 ? leftShift : -leftShift;
      const mul = (index: number, product: number, outScale: number) => {
        const { multiplier, shift } = quantizeMultiplier(product / outScale);
        p[index] = multiplier;
        p[index + 1] = shift;
      };
      mul(Lstm.FORGET_MUL_MULTIPLIER, GATE_OUTPUT_SCALE * cQ.scale, cQ.scale);
      mul(Lstm.INPUT_MUL_MULTIPLIER, GATE_OUTPUT_SCALE * GATE_OUTPUT_SCALE, cQ.scale);
      mul(Lstm.OUTPUT_MUL_MULTIPLIER, GATE_OUTPUT_SCALE * GATE_OUTPUT_SCALE, hQ.scale);
      p[Lstm.CELL_CLIP] = cellClip > 0 ? Math.trunc(Math.min(Math.max(cellClip / cQ.scale, -32768), 32767)) : 0;
      const scratchId = ctx.requestScratch(3 * rows * stateSize * 2);
      return {
        macs,
        bind(a) {
          const x = a.int8(input), h = a.int8(hidden), c = a.int16(cell), y = a.int8(output);
          const w = gateViews(a.int8, weights), r = gateViews(a.int8, recurrent), b = gateViews(a.int32, biases);
          const s = a.scratch(scratchId);
          const scratch = new Int16Array(s.buffer, s.byteOffset, 3 * rows * stateSize);
          rememberBytes(scratch, s.subarray(0, scratch.byteLength));
          return k.lstmInt8.bind(null, p, x, w, r, b, h, c, scratch, y);
        },
      };
    }
    const clip = new Float32Array([cellClip > 0 ? cellClip : 0]);
    const scratchId = ctx.requestScratch(4 * rows * stateSize * 4);
    return {
      macs,
      bind(a) {
        const x = a.float32(input), h = a.float32(hidden), c = a.float32(cell), y = a.float32(output);
        const w = gateViews(a.float32, weights), r = gateViews(a.float32, recurrent), b = gateViews(a.float32, biases);
        const s = a.scratch(scratchId);
        const n = rows * stateSize;
        const gates: GateTensors<Float32Array> = [0, 1, 2, 3].map((i) => new Float32Array(s.buffer, s.byteOffset + 4 * n * i, n)) as unknown as GateTensors<Float32Array>;
        return () => k.lstmFloat32(p, clip, x, w, r, b, h, c, gates, y);
      },
    };
  },
};

/**
 * Post-training full-integer quantization of a float32 model with TFLite's conventions: every
 * activation int8, asymmetric per tensor from its calibrated range; weights int8 symmetric
 * ([-127, 127], zero point 0), per output channel for CONV_2D and DEPTHWISE_CONV_2D (always, as
 * TFLite does) and for FULLY_CONNECTED when asked (else per tensor); biases int32 at
 * input scale x weight scale; ops that move values without changing them (reshapes, pooling) keep
 * their input's parameters, SOFTMAX and LOGISTIC give scale 1/256 zero point -128, TANH 1/128 and 0.
 * The graph's inputs and outputs become int8 too (full-integer: no QUANTIZE / DEQUANTIZE ops).
 */
import { ModelError } from "../../errors";
import type { Model } from "../../model/model";
import { BuiltinOperator, TensorType, tensorTypeName } from "../../model/schema";
import { modelToDef } from "../model_def";
import { activationParams, quantizeBias, type QuantParams } from "../quantize";
import { buildModel, type TensorDef } from "../tflite_writer";
import type { Range } from "./calibrate";
import { quantizeSymmetric } from "./weights";

export interface QuantizeOptions {
  /** Per-channel weights for FULLY_CONNECTED too (CONV_2D and DEPTHWISE_CONV_2D are always per channel). */
  perChannel?: boolean;
}

/** How each op is quantized: the int8 version to write, and its output's parameters. */
interface OpRule {
  version: number;
  output: "range" | "input" | { scale: number; zeroPoint: number };
  /** Input index of the weights (quantized symmetric) and their channel dimension, with the bias input after them. */
  weights?: { input: number; channelDim: number | "fc" };
}

const RULES = new Map<number, OpRule>([
  [BuiltinOperator.FULLY_CONNECTED, { version: 4, output: "range", weights: { input: 1, channelDim: "fc" } }],
  [BuiltinOperator.CONV_2D, { version: 3, output: "range", weights: { input: 1, channelDim: 0 } }],
  [BuiltinOperator.DEPTHWISE_CONV_2D, { version: 3, output: "range", weights: { input: 1, channelDim: 3 } }],
  [BuiltinOperator.AVERAGE_POOL_2D, { version: 2, output: "input" }],
  [BuiltinOperator.MAX_POOL_2D, { version: 2, output: "input" }],
  [BuiltinOperator.RESHAPE, { version: 1, output: "input" }],
  [BuiltinOperator.SQUEEZE, { version: 1, output: "input" }],
  [BuiltinOperator.EXPAND_DIMS, { version: 1, output: "input" }],
  [BuiltinOperator.SOFTMAX, { version: 2, output: { scale: 1 / 256, zeroPoint: -128 } }],
  [BuiltinOperator.LOGISTIC, { version: 2, output: { scale: 1 / 256, zeroPoint: -128 } }],
  [BuiltinOperator.TANH, { version: 2, output: { scale: 1 / 128, zeroPoint: 0 } }],
  [BuiltinOperator.ADD, { version: 2, output: "range" }],
  [BuiltinOperator.SUB, { version: 2, output: "range" }],
  [BuiltinOperator.MUL, { version: 2, output: "range" }],
  [BuiltinOperator.RELU, { version: 2, output: "range" }],
  [BuiltinOperator.RELU6, { version: 2, output: "range" }],
  [BuiltinOperator.MEAN, { version: 2, output: "range" }],
  [BuiltinOperator.PAD, { version: 2, output: "input" }],
]);

/** The builtin op codes `quantizeModel` handles. */
export const QUANTIZABLE_OPS: readonly number[] = [...RULES.keys()];

function floats(bytes: Uint8Array): Float32Array {
  return new Float32Array(Uint8Array.from(bytes).buffer);
}

/** The int8 model of a float model, from the calibrated ranges of its tensors (calibrate.ts). */
export function quantizeModel(model: Model, ranges: ReadonlyMap<number, Range>, options: QuantizeOptions = {}): Uint8Array {
  const def = modelToDef(model);
  const params = new Map<number, QuantParams>();
  const constantRole = new Map<number, string>();
  const fromRange = (t: number): QuantParams => {
    const r = ranges.get(t);
    if (r === undefined || !Number.isFinite(r.min) || !Number.isFinite(r.max)) {
      throw new ModelError("BAD_QUANTIZATION", `tensor '${model.tensor(t).name}' has no finite calibrated range (${r === undefined ? "never computed" : `${r.min}..${r.max}`})`, { table: "Tensor", index: t });
    }
    return activationParams(r.min, r.max);
  };
  const setInt8 = (t: number, q: QuantParams) => {
    params.set(t, q);
    Object.assign(def.tensors[t]!, { type: TensorType.INT8, scale: q.scale, zeroPoint: q.zeroPoint, quantizedDimension: 0 });
  };
  const claim = (t: number, role: string) => {
    const had = constantRole.get(t);
    if (had !== undefined && had !== role) throw new ModelError("UNSUPPORTED_MODEL", `constant tensor '${model.tensor(t).name}' is used as ${had} and as ${role}`, { table: "Tensor", index: t });
    constantRole.set(t, role);
    return had === undefined;
  };

  for (const t of model.inputs) {
    if (model.tensor(t).type !== TensorType.FLOAT32) throw new ModelError("BAD_TYPE", `input '${model.tensor(t).name}' is ${tensorTypeName(model.tensor(t).type)}, not float32: quantize takes a float32 model`, { table: "Tensor", index: t });
    setInt8(t, fromRange(t));
  }
  model.operators.forEach((op, k) => {
    const rule = op.customCode === null ? RULES.get(op.builtinCode) : undefined;
    if (rule === undefined) throw new ModelError("UNSUPPORTED_OP", `${op.name} cannot be quantized (quantize handles ${QUANTIZABLE_OPS.length} ops: FULLY_CONNECTED, CONV_2D, DEPTHWISE_CONV_2D, pooling, reshapes, SOFTMAX, LOGISTIC, TANH, ADD, SUB, MUL, RELU, RELU6, MEAN, PAD)`, { table: "Operator", index: k });
    const opDef = def.operators[k]!;
    opDef.version = Math.max(rule.version, op.version);
    for (const t of op.outputs) if (model.tensor(t).type !== TensorType.FLOAT32) throw new ModelError("BAD_TYPE", `${op.name} output '${model.tensor(t).name}' is not float32`, { table: "Operator", index: k });
    const input = op.inputs[0]!;
    const inQ = params.get(input);
    // Constant inputs: weights and bias, or a float operand quantized from its own values.
    op.inputs.forEach((t, slot) => {
      if (t < 0) return;
      const spec = model.tensor(t);
      if (spec.data === null || spec.type !== TensorType.FLOAT32) return;
      const values = floats(spec.data);
      const w = rule.weights;
      if (w !== undefined && slot === w.input) {
        const dim = w.channelDim === "fc" ? (options.perChannel === true ? 0 : null) : w.channelDim;
        const q = quantizeSymmetric(values, spec.shape, dim);
        // Weights shared by several ops are written once (the same values give the same scales).
        if (claim(t, `${op.name} weights`)) Object.assign(def.tensors[t]!, { type: TensorType.INT8, data: q.data, scale: q.scales, zeroPoint: q.scales.map(() => 0), quantizedDimension: dim ?? 0 });
        const bias = op.inputs[w.input + 1];
        if (bias !== undefined && bias >= 0 && model.tensor(bias).data !== null) {
          if (!claim(bias, `${op.name} bias`)) return;
          if (inQ === undefined) throw new ModelError("BAD_QUANTIZATION", `${op.name}: its input has no parameters`, { table: "Operator", index: k });
          const channels = model.tensor(bias).elements;
          const scales = q.scales.length === 1 ? new Array<number>(channels).fill(q.scales[0]!) : q.scales;
          const b = quantizeBias(floats(model.tensor(bias).data!), inQ.scale, scales);
          const biasScales = b.scales.map((s) => Math.fround(s));
          Object.assign(def.tensors[bias]!, { type: TensorType.INT32, data: b.data, scale: q.scales.length === 1 ? biasScales[0] : biasScales, zeroPoint: q.scales.length === 1 ? 0 : biasScales.map(() => 0), quantizedDimension: 0 });
        }
        return;
      }
      if (w !== undefined && slot === w.input + 1) return; // the bias, done with the weights
      if (!claim(t, "an operand")) return;
      let min = Infinity, max = -Infinity;
      for (const v of values) { min = Math.min(min, v); max = Math.max(max, v); }
      const q = activationParams(min, max);
      const data = Int8Array.from(values, (v) => Math.max(-128, Math.min(127, Math.round(v / q.scale) + q.zeroPoint)));
      Object.assign(def.tensors[t]!, { type: TensorType.INT8, data, scale: q.scale, zeroPoint: q.zeroPoint, quantizedDimension: 0 } satisfies Partial<TensorDef>);
      params.set(t, q);
    });
    for (const t of op.outputs) {
      if (rule.output === "range") setInt8(t, fromRange(t));
      else if (rule.output === "input") {
        if (inQ === undefined) throw new ModelError("BAD_QUANTIZATION", `${op.name}: its input has no parameters`, { table: "Operator", index: k });
        setInt8(t, inQ);
      } else setInt8(t, { scale: Math.fround(rule.output.scale), zeroPoint: rule.output.zeroPoint });
    }
  });
  return buildModel(def);
}

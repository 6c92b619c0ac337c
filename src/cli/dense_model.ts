/**
 * Writes a float multilayer perceptron (fully connected layers, ReLU between them) as an int8
 * .tflite with TFLite's post-training conventions (./quantize.ts): the project's model scripts
 * (models/) train in float and call this. Activations are quantized per tensor from calibrated
 * ranges, weights per output channel; an optional int8 SOFTMAX (scale 1/256, zero point -128)
 * turns the last layer's logits into probabilities. floatDenseModel writes the float32 original.
 */
import { activationParams, quantizeBias, quantizeWeightsPerChannel, type QuantParams } from "./quantize";
import { buildModel, BuiltinOperator, OptionsType, TensorType } from "./tflite_writer";

/** One fully connected layer: weights [out, in] row-major, biases [out]. */
export interface DenseLayer {
  w: ArrayLike<number>;
  b: ArrayLike<number>;
  in: number;
  out: number;
}

export interface DenseModelOptions {
  layers: readonly DenseLayer[];
  /** The calibrated range of every activation: the input, then each layer's output (layers.length + 1). */
  ranges: readonly { min: number; max: number }[];
  inputName: string;
  /** Name of the last layer's output (the logits when a softmax follows). */
  outputName: string;
  /** Add an int8 SOFTMAX after the last layer, its output named this. */
  softmaxName?: string;
}

/** Layers of the given sizes (input first) with Glorot-uniform weights drawn from `r` and zero biases, for training. */
export function glorotLayers(sizes: readonly number[], r: () => number): { w: Float64Array; b: Float64Array; in: number; out: number }[] {
  const layers = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const n = sizes[k]!, m = sizes[k + 1]!;
    const w = new Float64Array(n * m).map(() => (r() * 2 - 1) * Math.sqrt(6 / (n + m)));
    layers.push({ w, b: new Float64Array(m), in: n, out: m });
  }
  return layers;
}

/** Running min / max of every activation, for `ranges` (call `add` with each calibration pass). */
export function rangeTracker(count: number): { ranges: { min: number; max: number }[]; add(k: number, values: ArrayLike<number>): void } {
  const ranges = Array.from({ length: count }, () => ({ min: Infinity, max: -Infinity }));
  return {
    ranges,
    add(k, values) {
      const r = ranges[k]!;
      for (let i = 0; i < values.length; i++) {
        r.min = Math.min(r.min, values[i]!);
        r.max = Math.max(r.max, values[i]!);
      }
    },
  };
}

/** The same network in float32 (FULLY_CONNECTED v1, fused RELU between layers): the float model a quantizer starts from. */
export function floatDenseModel(o: Pick<DenseModelOptions, "layers" | "inputName" | "outputName">): Uint8Array {
  const tensors: Parameters<typeof buildModel>[0]["tensors"] = [{ shape: [1, o.layers[0]!.in], type: TensorType.FLOAT32, name: o.inputName }];
  const operators: Parameters<typeof buildModel>[0]["operators"] = [];
  let input = 0;
  o.layers.forEach((l, k) => {
    const last = k === o.layers.length - 1;
    const wi = tensors.push({ shape: [l.out, l.in], type: TensorType.FLOAT32, name: `dense${k}/weights`, data: Float32Array.from(l.w) }) - 1;
    const bi = tensors.push({ shape: [l.out], type: TensorType.FLOAT32, name: `dense${k}/bias`, data: Float32Array.from(l.b) }) - 1;
    const out = tensors.push({ shape: [1, l.out], type: TensorType.FLOAT32, name: last ? o.outputName : `dense${k}/relu` }) - 1;
    operators.push({ op: BuiltinOperator.FULLY_CONNECTED, version: 1, inputs: [input, wi, bi], outputs: [out], optionsType: OptionsType.FullyConnectedOptions, options: [{ id: 0, i8: last ? 0 : 1 }] });
    input = out;
  });
  return buildModel({ tensors, operators, inputs: [0], outputs: [input] });
}

export function denseModel(o: DenseModelOptions): Uint8Array {
  if (o.ranges.length !== o.layers.length + 1) throw new RangeError(`${o.layers.length} layers need ${o.layers.length + 1} activation ranges, not ${o.ranges.length}`);
  const q: QuantParams[] = o.ranges.map((r) => activationParams(r.min, r.max));
  const tensors: Parameters<typeof buildModel>[0]["tensors"] = [{ shape: [1, o.layers[0]!.in], type: TensorType.INT8, name: o.inputName, scale: q[0]!.scale, zeroPoint: q[0]!.zeroPoint }];
  const operators: Parameters<typeof buildModel>[0]["operators"] = [];
  let input = 0;
  o.layers.forEach((l, k) => {
    const w = quantizeWeightsPerChannel(l.w, l.out);
    const b = quantizeBias(l.b, q[k]!.scale, w.scales);
    const last = k === o.layers.length - 1;
    const wi = tensors.push({ shape: [l.out, l.in], type: TensorType.INT8, name: `dense${k}/weights`, data: w.data, scale: w.scales, zeroPoint: w.scales.map(() => 0) }) - 1;
    const bi = tensors.push({ shape: [l.out], type: TensorType.INT32, name: `dense${k}/bias`, data: b.data, scale: b.scales, zeroPoint: b.scales.map(() => 0) }) - 1;
    const out = tensors.push({ shape: [1, l.out], type: TensorType.INT8, name: last ? o.outputName : `dense${k}/relu`, scale: q[k + 1]!.scale, zeroPoint: q[k + 1]!.zeroPoint }) - 1;
    operators.push({ op: BuiltinOperator.FULLY_CONNECTED, version: 5, inputs: [input, wi, bi], outputs: [out], optionsType: OptionsType.FullyConnectedOptions, options: [{ id: 0, i8: last ? 0 : 1 }] });
    input = out;
  });
  if (o.softmaxName !== undefined) {
    const classes = o.layers[o.layers.length - 1]!.out;
    const probs = tensors.push({ shape: [1, classes], type: TensorType.INT8, name: o.softmaxName, scale: 1 / 256, zeroPoint: -128 }) - 1;
    operators.push({ op: BuiltinOperator.SOFTMAX, version: 1, inputs: [input], outputs: [probs], optionsType: OptionsType.SoftmaxOptions, options: [{ id: 0, f32: 1 }] });
    input = probs;
  }
  return buildModel({ tensors, operators, inputs: [0], outputs: [input] });
}

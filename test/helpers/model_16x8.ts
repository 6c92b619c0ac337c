/**
 * A small 16x8 model (int16 activations, int8 weights), built with the project's .tflite writer
 * from seeded random weights: float input, QUANTIZE to int16, CONV_2D (int64 bias, ReLU),
 * DEPTHWISE_CONV_2D (int32 bias), TRANSPOSE_CONV (int64 bias), PAD, STRIDED_SLICE, CONCATENATION,
 * MEAN, RESHAPE, FULLY_CONNECTED (no bias), SOFTMAX int16, DEQUANTIZE to float.
 */
import { BuiltinOperator, OptionsType, TensorType, type TensorDef, buildModel } from "./model_builder";
import { randInt, rng } from "./random";

const { FLOAT32, INT8, INT16, INT32, INT64 } = TensorType;

export function model16x8(seed = 1608): Uint8Array {
  const r = rng(seed);
  const int8 = (n: number) => Int8Array.from({ length: n }, () => randInt(r, -127, 127));
  const int64 = (n: number, range: number) => BigInt64Array.from({ length: n }, () => BigInt(randInt(r, -range, range)));
  const q = (scale: number): Pick<TensorDef, "scale" | "zeroPoint"> => ({ scale, zeroPoint: 0 });
  const wq = (n: number, scale: number, dim = 0): Pick<TensorDef, "scale" | "zeroPoint" | "quantizedDimension"> => ({ scale: Array.from({ length: n }, (_, i) => scale * (1 + i / 8)), zeroPoint: new Array(n).fill(0), quantizedDimension: dim });
  const tensors: TensorDef[] = [
    /* 0 */ { shape: [1, 8, 8, 2], type: FLOAT32, name: "input" },
    /* 1 */ { shape: [1, 8, 8, 2], type: INT16, ...q(1 / 16384), name: "quantized" },
    /* 2 */ { shape: [4, 3, 3, 2], type: INT8, ...wq(4, 1 / 127), data: int8(72), name: "conv_w" },
    /* 3 */ { shape: [4], type: INT64, data: int64(4, 1 << 20), name: "conv_b" },
    /* 4 */ { shape: [1, 8, 8, 4], type: INT16, ...q(8 / 32768), name: "conv" },
    /* 5 */ { shape: [1, 3, 3, 4], type: INT8, ...wq(4, 1 / 127, 3), data: int8(36), name: "dw_w" },
    /* 6 */ { shape: [4], type: INT32, data: Int32Array.from({ length: 4 }, () => randInt(r, -50000, 50000)), name: "dw_b" },
    /* 7 */ { shape: [1, 4, 4, 4], type: INT16, ...q(24 / 32768), name: "dw" },
    /* 8 */ { shape: [4], type: INT32, data: new Int32Array([1, 8, 8, 3]), name: "tconv_shape" },
    /* 9 */ { shape: [3, 2, 2, 4], type: INT8, ...wq(3, 1 / 127), data: int8(48), name: "tconv_w" },
    /* 10 */ { shape: [3], type: INT64, data: int64(3, 1 << 20), name: "tconv_b" },
    /* 11 */ { shape: [1, 8, 8, 3], type: INT16, ...q(48 / 32768), name: "tconv" },
    /* 12 */ { shape: [4, 2], type: INT32, data: new Int32Array([0, 0, 1, 1, 1, 1, 0, 0]), name: "paddings" },
    /* 13 */ { shape: [1, 10, 10, 3], type: INT16, ...q(48 / 32768), name: "pad" },
    /* 14 */ { shape: [4], type: INT32, data: new Int32Array([0, 2, 2, 0]), name: "begin" },
    /* 15 */ { shape: [4], type: INT32, data: new Int32Array([1, 10, 10, 3]), name: "end" },
    /* 16 */ { shape: [4], type: INT32, data: new Int32Array([1, 1, 1, 1]), name: "strides" },
    /* 17 */ { shape: [1, 8, 8, 3], type: INT16, ...q(48 / 32768), name: "slice" },
    /* 18 */ { shape: [1, 8, 8, 6], type: INT16, ...q(48 / 32768), name: "concat" },
    /* 19 */ { shape: [2], type: INT32, data: new Int32Array([1, 2]), name: "axes" },
    /* 20 */ { shape: [1, 6], type: INT16, ...q(16 / 32768), name: "mean" },
    /* 21 */ { shape: [2], type: INT32, data: new Int32Array([1, 6]), name: "new_shape" },
    /* 22 */ { shape: [1, 6], type: INT16, ...q(16 / 32768), name: "reshape" },
    /* 23 */ { shape: [5, 6], type: INT8, scale: 1 / 1024, zeroPoint: 0, data: int8(30), name: "fc_w" },
    /* 24 */ { shape: [1, 5], type: INT16, ...q(8 / 32768), name: "fc" },
    /* 25 */ { shape: [1, 5], type: INT16, ...q(1 / 32768), name: "softmax" },
    /* 26 */ { shape: [1, 5], type: FLOAT32, name: "output" },
  ];
  const conv = (padding: number, stride: number, activation: number) => [{ id: 0, i8: padding }, { id: 1, i32: stride }, { id: 2, i32: stride }, { id: 3, i8: activation }];
  return buildModel({
    tensors,
    operators: [
      { op: BuiltinOperator.QUANTIZE, inputs: [0], outputs: [1] },
      { op: BuiltinOperator.CONV_2D, inputs: [1, 2, 3], outputs: [4], optionsType: OptionsType.Conv2DOptions, options: conv(0, 1, 1) },
      { op: BuiltinOperator.DEPTHWISE_CONV_2D, inputs: [4, 5, 6], outputs: [7], optionsType: OptionsType.DepthwiseConv2DOptions,
        options: [{ id: 0, i8: 0 }, { id: 1, i32: 2 }, { id: 2, i32: 2 }, { id: 3, i32: 1 }, { id: 4, i8: 0 }] },
      { op: BuiltinOperator.TRANSPOSE_CONV, inputs: [8, 9, 7, 10], outputs: [11], optionsType: 49, options: conv(0, 2, 0) },
      { op: BuiltinOperator.PAD, inputs: [11, 12], outputs: [13] },
      { op: BuiltinOperator.STRIDED_SLICE, inputs: [13, 14, 15, 16], outputs: [17] },
      { op: BuiltinOperator.CONCATENATION, inputs: [17, 11], outputs: [18], optionsType: OptionsType.ConcatenationOptions, options: [{ id: 0, i32: 3 }] },
      { op: BuiltinOperator.MEAN, inputs: [18, 19], outputs: [20], optionsType: OptionsType.ReducerOptions, options: [{ id: 0, bool: false }] },
      { op: BuiltinOperator.RESHAPE, inputs: [20, 21], outputs: [22] },
      { op: BuiltinOperator.FULLY_CONNECTED, inputs: [22, 23], outputs: [24], optionsType: OptionsType.FullyConnectedOptions, options: [{ id: 0, i8: 0 }] },
      { op: BuiltinOperator.SOFTMAX, inputs: [24], outputs: [25], optionsType: OptionsType.SoftmaxOptions, options: [{ id: 0, f32: 1 }] },
      { op: BuiltinOperator.DEQUANTIZE, inputs: [25], outputs: [26] },
    ],
    inputs: [0],
    outputs: [26],
  });
}

/**
 * Native kernels: the C implementations a host binds as `native("xs_tinyml_...")` (the simulator
 * from its table, devices through Moddable's toolchain). Where the host has none, this is empty
 * and every kernel stays TypeScript. A host may provide only some: each is looked up on its own.
 *
 * The C side (native/kernels/*.c, bound in native/bindings/) takes buffers of bytes: the int8
 * tensors go as they are; the Int32Array constants and biases, and the int16 / uint32 tensors of
 * the signal kernels, go as their bytes (src/kernels/byte_views.ts: the buffer itself when the
 * array covers all of it, else a Uint8Array view of the same bytes registered when the array was
 * made; the natives check the views' alignment). Float kernels stay TypeScript.
 */
import type { Kernels } from "../kernels";
import { conv2dInt8 } from "../portable/conv_2d";
import { depthwiseConv2dInt8 } from "../portable/depthwise_conv_2d";
import { fullyConnectedInt8 } from "../portable/fully_connected";
import { type Bytes, int32Bytes } from "../byte_views";
import { hostNative } from "./host";

export { int32Bytes };

type NativeConv = (p: Bytes, input: Int8Array, filter: Int8Array, bias: Bytes | null, output: Int8Array, scratch: Uint8Array | null) => void;
type NativeScratchBytes = (p: Bytes) => number;
type NativeUnary = (p: Bytes, input: Int8Array, output: Int8Array) => void;
type NativeBinary = (p: Bytes, input1: Int8Array, input2: Int8Array, output: Int8Array) => void;
type Conv = (p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch?: Uint8Array | null) => void;
type NativeRfft = (p: Bytes, input: Bytes, work: Bytes, output: Bytes) => void;
type NativeFilterBank = (p: Bytes, input: Bytes, weights: Bytes, unweights: Bytes, output: Bytes) => void;

/** The native function registered under `name`, or null where this host has none. */
function lookup<T>(name: string): T | null {
  const f = hostNative(name);
  return typeof f === "function" ? (f as T) : null;
}

// The host's natives, set by nativeKernels() (module variables, not closures: on XS a closure per
// kernel costs a few hundred bytes of heap, module functions cost nothing on a device).
let conv2dNative: NativeConv | null = null;
let depthwiseNative: NativeConv | null = null;
let fullyConnectedNative: NativeConv | null = null;
let conv2dScratchNative: NativeScratchBytes | null = null;
let depthwiseScratchNative: NativeScratchBytes | null = null;
let fullyConnectedScratchNative: NativeScratchBytes | null = null;
let averagePoolNative: NativeUnary | null = null;
let maxPoolNative: NativeUnary | null = null;
let addNative: NativeBinary | null = null;
let subNative: NativeBinary | null = null;
let softmaxNative: NativeUnary | null = null;
let rfftNative: NativeRfft | null = null;
let filterBankNative: NativeFilterBank | null = null;

/**
 * A conv-like kernel (conv, depthwise, fully connected) over its native, with the scratch the op
 * requested. The natives refuse zero dimensions: an empty output needs no work, an empty input or
 * filter (bias-only outputs) is left to the TypeScript kernel.
 */
function runConv(f: NativeConv, portable: Conv, p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch: Uint8Array | null | undefined): void {
  if (output.length === 0) return;
  if (input.length === 0 || filter.length === 0) return portable(p, input, filter, bias, output);
  f(int32Bytes(p), input, filter, bias === null ? null : int32Bytes(bias), output, scratch ?? null);
}

/** The scratch bytes a conv-like native asks for (0 where the host's natives predate the query). */
function scratchBytes(f: NativeScratchBytes | null, p: Int32Array): number {
  return f === null ? 0 : f(int32Bytes(p));
}
const conv2dInt8ScratchBytes = (p: Int32Array): number => scratchBytes(conv2dScratchNative, p);
const depthwiseConv2dInt8ScratchBytes = (p: Int32Array): number => scratchBytes(depthwiseScratchNative, p);
const fullyConnectedInt8ScratchBytes = (p: Int32Array): number => scratchBytes(fullyConnectedScratchNative, p);

/** A one-input kernel (pools, softmax) over its native; nothing to do for an empty output. */
function runUnary(f: NativeUnary, p: Int32Array, input: Int8Array, output: Int8Array): void {
  if (output.length === 0) return;
  f(int32Bytes(p), input, output);
}

/** A two-input kernel (add, sub) over its native; nothing to do for an empty output. */
function runBinary(f: NativeBinary, p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array): void {
  if (output.length === 0) return;
  f(int32Bytes(p), input1, input2, output);
}

const nativeConv2dInt8: Conv = (p, input, filter, bias, output, scratch) => runConv(conv2dNative!, conv2dInt8, p, input, filter, bias, output, scratch);
const nativeDepthwiseConv2dInt8: Conv = (p, input, filter, bias, output, scratch) => runConv(depthwiseNative!, depthwiseConv2dInt8, p, input, filter, bias, output, scratch);
const nativeFullyConnectedInt8: Conv = (p, input, filter, bias, output, scratch) => runConv(fullyConnectedNative!, fullyConnectedInt8, p, input, filter, bias, output, scratch);
const nativeAveragePool2dInt8: Kernels["averagePool2dInt8"] = (p, input, output) => runUnary(averagePoolNative!, p, input, output);
const nativeMaxPool2dInt8: Kernels["maxPool2dInt8"] = (p, input, output) => runUnary(maxPoolNative!, p, input, output);
const nativeSoftmaxInt8: Kernels["softmaxInt8"] = (p, input, output) => runUnary(softmaxNative!, p, input, output);
const nativeAddInt8: Kernels["addInt8"] = (p, input1, input2, output) => runBinary(addNative!, p, input1, input2, output);
const nativeSubInt8: Kernels["subInt8"] = (p, input1, input2, output) => runBinary(subNative!, p, input1, input2, output);

/** SignalRfft over its native; nothing to do for no frames. */
const nativeRfftInt16: Kernels["rfftInt16"] = (p, input, work, output) => {
  if (output.length === 0) return;
  rfftNative!(int32Bytes(p), int32Bytes(input), int32Bytes(work), int32Bytes(output));
};

/** SignalFilterBank over its native (num_channels >= 1: there is always an output). */
const nativeFilterBankUint32: Kernels["filterBankUint32"] = (p, input, weights, unweights, output) =>
  filterBankNative!(int32Bytes(p), int32Bytes(input), int32Bytes(weights), int32Bytes(unweights), int32Bytes(output));

type NativeSvdf = (p: Bytes, input: Int8Array, weightsFeature: Int8Array, weightsTime: Bytes, bias: Bytes | null, state: Bytes, scratch: Bytes, output: Int8Array) => void;

/** SVDF int8 over its native (every dimension >= 1: there is always an output). */
function wrapSvdf(f: NativeSvdf | null): Kernels["svdfInt8"] | null {
  if (f === null) return null;
  const bytesOf = (a: Int8Array | Int16Array): Bytes => (a instanceof Int8Array ? (a as unknown as Uint8Array) : int32Bytes(a));
  return (p, input, weightsFeature, weightsTime, bias, state, scratch, output) =>
    f(int32Bytes(p), input, weightsFeature, bytesOf(weightsTime), bias === null ? null : int32Bytes(bias), bytesOf(state), int32Bytes(scratch), output);
}

type NativeLstm = (p: Bytes, input: Int8Array, w0: Int8Array, w1: Int8Array, w2: Int8Array, w3: Int8Array, r0: Int8Array, r1: Int8Array, r2: Int8Array, r3: Int8Array,
  b0: Bytes | null, b1: Bytes | null, b2: Bytes | null, b3: Bytes | null, hidden: Int8Array, cell: Bytes, scratch: Bytes, output: Int8Array) => void;

/** The LSTM int8 over its native (every dimension >= 1: there is always an output). */
function wrapLstm(f: NativeLstm | null): Kernels["lstmInt8"] | null {
  if (f === null) return null;
  const bias = (b: Int32Array | null): Bytes | null => (b === null ? null : int32Bytes(b));
  return (p, input, w, r, b, hidden, cell, scratch, output) =>
    f(int32Bytes(p), input, w[0], w[1], w[2], w[3], r[0], r[1], r[2], r[3], bias(b[0]), bias(b[1]), bias(b[2]), bias(b[3]), hidden, int32Bytes(cell), int32Bytes(scratch), output);
}

/** The kernels this host provides natively (an empty object where there is no `native`). */
export function nativeKernels(): Partial<Kernels> {
  const k: Partial<Kernels> = {};
  conv2dNative = lookup<NativeConv>("xs_tinyml_conv_2d_int8");
  conv2dScratchNative = lookup<NativeScratchBytes>("xs_tinyml_conv_2d_int8_scratch_bytes");
  if (conv2dNative !== null) {
    k.conv2dInt8 = nativeConv2dInt8;
    k.conv2dInt8ScratchBytes = conv2dInt8ScratchBytes;
  }
  depthwiseNative = lookup<NativeConv>("xs_tinyml_depthwise_conv_2d_int8");
  depthwiseScratchNative = lookup<NativeScratchBytes>("xs_tinyml_depthwise_conv_2d_int8_scratch_bytes");
  if (depthwiseNative !== null) {
    k.depthwiseConv2dInt8 = nativeDepthwiseConv2dInt8;
    k.depthwiseConv2dInt8ScratchBytes = depthwiseConv2dInt8ScratchBytes;
  }
  fullyConnectedNative = lookup<NativeConv>("xs_tinyml_fully_connected_int8");
  fullyConnectedScratchNative = lookup<NativeScratchBytes>("xs_tinyml_fully_connected_int8_scratch_bytes");
  if (fullyConnectedNative !== null) {
    k.fullyConnectedInt8 = nativeFullyConnectedInt8;
    k.fullyConnectedInt8ScratchBytes = fullyConnectedInt8ScratchBytes;
  }
  averagePoolNative = lookup<NativeUnary>("xs_tinyml_average_pool_2d_int8");
  if (averagePoolNative !== null) k.averagePool2dInt8 = nativeAveragePool2dInt8;
  maxPoolNative = lookup<NativeUnary>("xs_tinyml_max_pool_2d_int8");
  if (maxPoolNative !== null) k.maxPool2dInt8 = nativeMaxPool2dInt8;
  addNative = lookup<NativeBinary>("xs_tinyml_add_int8");
  if (addNative !== null) k.addInt8 = nativeAddInt8;
  subNative = lookup<NativeBinary>("xs_tinyml_sub_int8");
  if (subNative !== null) k.subInt8 = nativeSubInt8;
  softmaxNative = lookup<NativeUnary>("xs_tinyml_softmax_int8");
  if (softmaxNative !== null) k.softmaxInt8 = nativeSoftmaxInt8;
  rfftNative = lookup<NativeRfft>("xs_tinyml_rfft_int16");
  if (rfftNative !== null) k.rfftInt16 = nativeRfftInt16;
  filterBankNative = lookup<NativeFilterBank>("xs_tinyml_filter_bank_uint32");
  if (filterBankNative !== null) k.filterBankUint32 = nativeFilterBankUint32;
  const svdf = wrapSvdf(lookup<NativeSvdf>("xs_tinyml_svdf_int8"));
  if (svdf !== null) k.svdfInt8 = svdf;
  const lstm = wrapLstm(lookup<NativeLstm>("xs_tinyml_lstm_int8"));
  if (lstm !== null) k.lstmInt8 = lstm;
  return k;
}

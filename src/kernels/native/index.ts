/**
 * Native kernels: the C implementations a host binds as `native("xs_tinyml_...")` (the simulator
 * from its table, devices through Moddable's toolchain). Where the host has none, this is empty
 * and every kernel stays TypeScript. A host may provide only some: each is looked up on its own.
 *
 * The C side (native/kernels/*.c, bound in native/bindings/) takes buffers of bytes: the int8
 * tensors go as they are; the Int32Array constants and biases, and the int16 / uint32 tensors of
 * the signal kernels, go as their bytes (the buffer itself when the array covers all of it, else a
 * Uint8Array view of the same bytes made once per array and cached, so that invoke() allocates
 * nothing; the natives check the views' alignment). Float kernels stay TypeScript.
 */
import type { Kernels } from "../kernels";
import { conv2dInt8 } from "../portable/conv_2d";
import { depthwiseConv2dInt8 } from "../portable/depthwise_conv_2d";
import { fullyConnectedInt8 } from "../portable/fully_connected";
import { hostNative } from "./host";

type Bytes = ArrayBuffer | Uint8Array;
type NativeConv = (p: Bytes, input: Int8Array, filter: Int8Array, bias: Bytes | null, output: Int8Array, scratch: Uint8Array | null) => void;
type NativeScratchBytes = (p: Bytes) => number;
type NativeUnary = (p: Bytes, input: Int8Array, output: Int8Array, scratch?: Uint8Array | null) => void;
type NativeBinary = (p: Bytes, input1: Int8Array, input2: Int8Array, output: Int8Array, scratch: Uint8Array | null) => void;
type Conv = (p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch?: Uint8Array | null) => void;
type NativeRfft = (p: Bytes, input: Bytes, work: Bytes, output: Bytes) => void;
type NativeFilterBank = (p: Bytes, input: Bytes, weights: Bytes, unweights: Bytes, output: Bytes) => void;
/** Typed arrays of wider elements, which the natives take as their bytes. */
type Wide = Int32Array | Int16Array | Uint32Array;

/** The native function registered under `name`, or null where this host has none. */
function lookup<T>(name: string): T | null {
  const f = hostNative(name);
  return typeof f === "function" ? (f as T) : null;
}

// Made on first use, at run time: a WeakMap made while XS preloads this module would live in
// flash, where set() throws.
let byteViews: WeakMap<Wide, Bytes> | null = null;

/** The bytes of an Int32Array (or an Int16Array, a Uint32Array), as the natives take them (cached: one view per array, ever). */
export function int32Bytes(a: Wide): Bytes {
  byteViews ??= new WeakMap<Wide, Bytes>();
  let v = byteViews.get(a);
  if (v === undefined) {
    const buffer = a.buffer as ArrayBuffer;
    v = a.byteOffset === 0 && a.byteLength === buffer.byteLength ? buffer : new Uint8Array(buffer, a.byteOffset, a.byteLength);
    byteViews.set(a, v);
  }
  return v;
}

/**
 * A conv-like kernel (conv, depthwise, fully connected) over its native, with the scratch the op
 * requested. The natives refuse zero dimensions: an empty output needs no work, an empty input or
 * filter (bias-only outputs) is left to the TypeScript kernel.
 */
function wrapConv(f: NativeConv | null, portable: Conv): Conv | null {
  if (f === null) return null;
  return (p, input, filter, bias, output, scratch) => {
    if (output.length === 0) return;
    if (input.length === 0 || filter.length === 0) return portable(p, input, filter, bias, output);
    f(int32Bytes(p), input, filter, bias === null ? null : int32Bytes(bias), output, scratch ?? null);
  };
}

/** The scratch bytes a conv-like native asks for (0 where the host's natives predate the query). */
function wrapScratchBytes(f: NativeScratchBytes | null): (p: Int32Array) => number {
  return f === null ? () => 0 : (p) => f(int32Bytes(p));
}

/** A one-input kernel (pools with their scratch, softmax) over its native; nothing to do for an empty output. */
function wrapUnary(f: NativeUnary | null): ((p: Int32Array, input: Int8Array, output: Int8Array, scratch?: Uint8Array | null) => void) | null {
  if (f === null) return null;
  return (p, input, output, scratch) => {
    if (output.length === 0) return;
    if (scratch === undefined) f(int32Bytes(p), input, output);
    else f(int32Bytes(p), input, output, scratch);
  };
}

/** A two-input kernel (add, sub) over its native, with its scratch; nothing to do for an empty output. */
function wrapBinary(f: NativeBinary | null): ((p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array, scratch?: Uint8Array | null) => void) | null {
  if (f === null) return null;
  return (p, input1, input2, output, scratch) => {
    if (output.length === 0) return;
    f(int32Bytes(p), input1, input2, output, scratch ?? null);
  };
}

/** SignalRfft over its native; nothing to do for no frames. */
function wrapRfft(f: NativeRfft | null): Kernels["rfftInt16"] | null {
  if (f === null) return null;
  return (p, input, work, output) => {
    if (output.length === 0) return;
    f(int32Bytes(p), int32Bytes(input), int32Bytes(work), int32Bytes(output));
  };
}

/** SignalFilterBank over its native (num_channels >= 1: there is always an output). */
function wrapFilterBank(f: NativeFilterBank | null): Kernels["filterBankUint32"] | null {
  if (f === null) return null;
  return (p, input, weights, unweights, output) => f(int32Bytes(p), int32Bytes(input), int32Bytes(weights), int32Bytes(unweights), int32Bytes(output));
}

/** The kernels this host provides natively (an empty object where there is no `native`). */
export function nativeKernels(): Partial<Kernels> {
  const k: Partial<Kernels> = {};
  const conv = wrapConv(lookup<NativeConv>("xs_tinyml_conv_2d_int8"), conv2dInt8);
  if (conv !== null) {
    k.conv2dInt8 = conv;
    k.conv2dInt8ScratchBytes = wrapScratchBytes(lookup<NativeScratchBytes>("xs_tinyml_conv_2d_int8_scratch_bytes"));
  }
  const depthwise = wrapConv(lookup<NativeConv>("xs_tinyml_depthwise_conv_2d_int8"), depthwiseConv2dInt8);
  if (depthwise !== null) {
    k.depthwiseConv2dInt8 = depthwise;
    k.depthwiseConv2dInt8ScratchBytes = wrapScratchBytes(lookup<NativeScratchBytes>("xs_tinyml_depthwise_conv_2d_int8_scratch_bytes"));
  }
  const fc = wrapConv(lookup<NativeConv>("xs_tinyml_fully_connected_int8"), fullyConnectedInt8);
  if (fc !== null) {
    k.fullyConnectedInt8 = fc;
    k.fullyConnectedInt8ScratchBytes = wrapScratchBytes(lookup<NativeScratchBytes>("xs_tinyml_fully_connected_int8_scratch_bytes"));
  }
  const average = wrapUnary(lookup<NativeUnary>("xs_tinyml_average_pool_2d_int8"));
  if (average !== null) k.averagePool2dInt8 = average;
  const max = wrapUnary(lookup<NativeUnary>("xs_tinyml_max_pool_2d_int8"));
  if (max !== null) k.maxPool2dInt8 = max;
  if (average !== null || max !== null) k.poolingInt8ScratchBytes = wrapScratchBytes(lookup<NativeScratchBytes>("xs_tinyml_pooling_int8_scratch_bytes"));
  const add = wrapBinary(lookup<NativeBinary>("xs_tinyml_add_int8"));
  if (add !== null) k.addInt8 = add;
  const sub = wrapBinary(lookup<NativeBinary>("xs_tinyml_sub_int8"));
  if (sub !== null) k.subInt8 = sub;
  if (add !== null || sub !== null) k.addInt8ScratchBytes = wrapScratchBytes(lookup<NativeScratchBytes>("xs_tinyml_add_int8_scratch_bytes"));
  const softmax = wrapUnary(lookup<NativeUnary>("xs_tinyml_softmax_int8"));
  if (softmax !== null) k.softmaxInt8 = softmax;
  const rfft = wrapRfft(lookup<NativeRfft>("xs_tinyml_rfft_int16"));
  if (rfft !== null) k.rfftInt16 = rfft;
  const filterBank = wrapFilterBank(lookup<NativeFilterBank>("xs_tinyml_filter_bank_uint32"));
  if (filterBank !== null) k.filterBankUint32 = filterBank;
  return k;
}

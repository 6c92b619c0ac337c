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

type NativeConv = (p: Bytes, input: Int8Array, filter: Int8Array, bias: Bytes | null, output: Int8Array) => void;
type NativeUnary = (p: Bytes, input: Int8Array, output: Int8Array) => void;
type NativeBinary = (p: Bytes, input1: Int8Array, input2: Int8Array, output: Int8Array) => void;
type Conv = (p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array) => void;
type NativeRfft = (p: Bytes, input: Bytes, work: Bytes, output: Bytes) => void;
type NativeFilterBank = (p: Bytes, input: Bytes, weights: Bytes, unweights: Bytes, output: Bytes) => void;

/** The native function registered under `name`, or null where this host has none. */
function lookup<T>(name: string): T | null {
  const f = hostNative(name);
  return typeof f === "function" ? (f as T) : null;
}

/** The natives, by the kernel they implement. */
interface Natives {
  conv2dInt8: NativeConv;
  depthwiseConv2dInt8: NativeConv;
  fullyConnectedInt8: NativeConv;
  averagePool2dInt8: NativeUnary;
  maxPool2dInt8: NativeUnary;
  addInt8: NativeBinary;
  subInt8: NativeBinary;
  softmaxInt8: NativeUnary;
  rfftInt16: NativeRfft;
  filterBankUint32: NativeFilterBank;
}

/** The name each native is registered under. */
const NATIVE_NAMES: Readonly<Record<keyof Natives, string>> = Object.freeze({
  conv2dInt8: "xs_tinyml_conv_2d_int8",
  depthwiseConv2dInt8: "xs_tinyml_depthwise_conv_2d_int8",
  fullyConnectedInt8: "xs_tinyml_fully_connected_int8",
  averagePool2dInt8: "xs_tinyml_average_pool_2d_int8",
  maxPool2dInt8: "xs_tinyml_max_pool_2d_int8",
  addInt8: "xs_tinyml_add_int8",
  subInt8: "xs_tinyml_sub_int8",
  softmaxInt8: "xs_tinyml_softmax_int8",
  rfftInt16: "xs_tinyml_rfft_int16",
  filterBankUint32: "xs_tinyml_filter_bank_uint32",
});

// The host's natives, found by nativeKernels(); the kernels below are module functions that call
// them, not closures (on XS a closure per kernel costs a few hundred bytes of heap; module
// functions cost nothing on a device, where they live in flash).
let natives: Partial<Natives> = {};

/**
 * A conv-like kernel (conv, depthwise, fully connected) over its native. The natives refuse zero
 * dimensions: an empty output needs no work, an empty input or filter (bias-only outputs) is left
 * to the TypeScript kernel.
 */
function runConv(f: NativeConv, portable: Conv, p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  if (output.length === 0) return;
  if (input.length === 0 || filter.length === 0) return portable(p, input, filter, bias, output);
  f(int32Bytes(p), input, filter, bias === null ? null : int32Bytes(bias), output);
}

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

/** The TypeScript face of each native. */
const NATIVE_KERNELS: Readonly<Pick<Kernels, keyof Natives>> = Object.freeze({
  conv2dInt8: (p, input, filter, bias, output) => runConv(natives.conv2dInt8!, conv2dInt8, p, input, filter, bias, output),
  depthwiseConv2dInt8: (p, input, filter, bias, output) => runConv(natives.depthwiseConv2dInt8!, depthwiseConv2dInt8, p, input, filter, bias, output),
  fullyConnectedInt8: (p, input, filter, bias, output) => runConv(natives.fullyConnectedInt8!, fullyConnectedInt8, p, input, filter, bias, output),
  averagePool2dInt8: (p, input, output) => runUnary(natives.averagePool2dInt8!, p, input, output),
  maxPool2dInt8: (p, input, output) => runUnary(natives.maxPool2dInt8!, p, input, output),
  softmaxInt8: (p, input, output) => runUnary(natives.softmaxInt8!, p, input, output),
  addInt8: (p, input1, input2, output) => runBinary(natives.addInt8!, p, input1, input2, output),
  subInt8: (p, input1, input2, output) => runBinary(natives.subInt8!, p, input1, input2, output),
  // SignalRfft: nothing to do for no frames.
  rfftInt16: (p, input, work, output) => {
    if (output.length === 0) return;
    natives.rfftInt16!(int32Bytes(p), int32Bytes(input), int32Bytes(work), int32Bytes(output));
  },
  // SignalFilterBank: num_channels >= 1, there is always an output.
  filterBankUint32: (p, input, weights, unweights, output) =>
    natives.filterBankUint32!(int32Bytes(p), int32Bytes(input), int32Bytes(weights), int32Bytes(unweights), int32Bytes(output)),
});

/** The kernels this host provides natively (an empty object where there is no `native`). */
export function nativeKernels(): Partial<Kernels> {
  const found: Partial<Natives> = {};
  const kernels: Partial<Kernels> = {};
  for (const kernel of Object.keys(NATIVE_NAMES) as (keyof Natives)[]) {
    const f = lookup<never>(NATIVE_NAMES[kernel]);
    if (f === null) continue;
    found[kernel] = f;
    (kernels as Record<string, unknown>)[kernel] = NATIVE_KERNELS[kernel];
  }
  natives = found;
  return kernels;
}

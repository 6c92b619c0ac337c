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
 *
 * Conv, depthwise, fully connected, the pools and add / sub take a work buffer (`scratch`) of the
 * bytes their *_scratch_bytes native asks for, requested by the op at prepare from the arena.
 */
import type { GateTensors, Kernels } from "../kernels";
// The TypeScript kernels a native falls back to, read from the portable kernel table when a layer
// binds: an app built with an op set (hosts/moddable/op_sets.mjs) maps that table to its ops' kernels,
// so it carries no kernel module its ops do not reach.
import { portableKernels } from "../portable/index";
import { Rfft } from "../layout";
import { type Bytes, int32Bytes } from "../byte_views";
import { hostNative } from "./host";

export { int32Bytes };

type Scratch = Uint8Array | null | undefined;
type NativeConv = (p: Bytes, input: Int8Array, filter: Int8Array, bias: Bytes | null, output: Int8Array, scratch: Uint8Array | null) => void;
type NativeScratchBytes = (p: Bytes) => number;
type NativeConv16x8 = (p: Bytes, input: Bytes, filter: Int8Array, bias: Bytes | null, output: Bytes, scratch: Uint8Array | null) => void;
type Conv16x8 = (p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array, scratch?: Scratch) => void;
type NativeSoftmaxInt16 = (p: Bytes, luts: Bytes, input: Bytes, output: Bytes) => void;
type NativeTransposeConv16x8 = (p: Bytes, input: Bytes, filter: Int8Array, bias: Bytes | null, sums: Bytes, output: Bytes) => void;
type NativePool = (p: Bytes, input: Int8Array, output: Int8Array, scratch: Uint8Array | null) => void;
type NativeUnary = (p: Bytes, input: Int8Array, output: Int8Array) => void;
type NativeBinary = (p: Bytes, input1: Int8Array, input2: Int8Array, output: Int8Array, scratch: Uint8Array | null) => void;
type Conv = (p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch?: Scratch) => void;
type NativeRfft = (p: Bytes, input: Bytes, work: Bytes, output: Bytes) => void;
type NativeDecode = (p: Bytes, encoded: Uint8Array, ancillary: Uint8Array, output: Uint8Array) => void;
type NativeFilterBank = (p: Bytes, input: Bytes, weights: Bytes, unweights: Bytes, output: Bytes) => void;
type NativeSvdf = (p: Bytes, input: Int8Array, weightsFeature: Int8Array, weightsTime: Bytes, bias: Bytes | null, state: Bytes, scratch: Bytes, output: Int8Array) => void;
type NativeLstm = (p: Bytes, input: Int8Array, w0: Int8Array, w1: Int8Array, w2: Int8Array, w3: Int8Array, r0: Int8Array, r1: Int8Array, r2: Int8Array, r3: Int8Array,
  b0: Bytes | null, b1: Bytes | null, b2: Bytes | null, b3: Bytes | null, hidden: Int8Array, cell: Bytes, scratch: Bytes, output: Int8Array) => void;

/** The native function registered under `name`, or null where this host has none. */
function lookup<T>(name: string): T | null {
  const f = hostNative(name);
  return typeof f === "function" ? (f as T) : null;
}

/** The natives, by the kernel they implement. */
interface Natives {
  conv2dInt8: NativeConv;
  conv2dInt8ScratchBytes: NativeScratchBytes;
  depthwiseConv2dInt8: NativeConv;
  depthwiseConv2dInt8ScratchBytes: NativeScratchBytes;
  fullyConnectedInt8: NativeConv;
  fullyConnectedInt8ScratchBytes: NativeScratchBytes;
  conv2dInt16: NativeConv16x8;
  conv2dInt16ScratchBytes: NativeScratchBytes;
  depthwiseConv2dInt16: NativeConv16x8;
  depthwiseConv2dInt16ScratchBytes: NativeScratchBytes;
  fullyConnectedInt16: NativeConv16x8;
  fullyConnectedInt16ScratchBytes: NativeScratchBytes;
  transposeConvInt16: NativeTransposeConv16x8;
  softmaxInt16: NativeSoftmaxInt16;
  averagePool2dInt8: NativePool;
  maxPool2dInt8: NativePool;
  poolingInt8ScratchBytes: NativeScratchBytes;
  addInt8: NativeBinary;
  subInt8: NativeBinary;
  addInt8ScratchBytes: NativeScratchBytes;
  softmaxInt8: NativeUnary;
  rfftInt16: NativeRfft;
  rfftInt16ScratchBytes: NativeScratchBytes;
  filterBankUint32: NativeFilterBank;
  svdfInt8: NativeSvdf;
  lstmInt8: NativeLstm;
  decodeLut: NativeDecode;
}

/** The name each native is registered under. */
const NATIVE_NAMES: Readonly<Record<keyof Natives, string>> = Object.freeze({
  conv2dInt8: "xs_tinyml_conv_2d_int8",
  conv2dInt8ScratchBytes: "xs_tinyml_conv_2d_int8_scratch_bytes",
  depthwiseConv2dInt8: "xs_tinyml_depthwise_conv_2d_int8",
  depthwiseConv2dInt8ScratchBytes: "xs_tinyml_depthwise_conv_2d_int8_scratch_bytes",
  fullyConnectedInt8: "xs_tinyml_fully_connected_int8",
  fullyConnectedInt8ScratchBytes: "xs_tinyml_fully_connected_int8_scratch_bytes",
  conv2dInt16: "xs_tinyml_conv_2d_int16",
  conv2dInt16ScratchBytes: "xs_tinyml_conv_2d_int16_scratch_bytes",
  depthwiseConv2dInt16: "xs_tinyml_depthwise_conv_2d_int16",
  depthwiseConv2dInt16ScratchBytes: "xs_tinyml_depthwise_conv_2d_int16_scratch_bytes",
  fullyConnectedInt16: "xs_tinyml_fully_connected_int16",
  fullyConnectedInt16ScratchBytes: "xs_tinyml_fully_connected_int16_scratch_bytes",
  transposeConvInt16: "xs_tinyml_transpose_conv_int16",
  softmaxInt16: "xs_tinyml_softmax_int16",
  averagePool2dInt8: "xs_tinyml_average_pool_2d_int8",
  maxPool2dInt8: "xs_tinyml_max_pool_2d_int8",
  poolingInt8ScratchBytes: "xs_tinyml_pooling_int8_scratch_bytes",
  addInt8: "xs_tinyml_add_int8",
  subInt8: "xs_tinyml_sub_int8",
  addInt8ScratchBytes: "xs_tinyml_add_int8_scratch_bytes",
  softmaxInt8: "xs_tinyml_softmax_int8",
  rfftInt16: "xs_tinyml_rfft_int16",
  rfftInt16ScratchBytes: "xs_tinyml_rfft_int16_scratch_bytes",
  filterBankUint32: "xs_tinyml_filter_bank_uint32",
  svdfInt8: "xs_tinyml_svdf_int8",
  lstmInt8: "xs_tinyml_lstm_int8",
  decodeLut: "xs_tinyml_decode_lut",
});

/**
 * A kernel's scratch query follows its kernel: where a host has the kernel but not the query (its
 * natives predate it), the kernel gets no scratch (0 bytes).
 */
const SCRATCH_OF: Readonly<Partial<Record<keyof Natives, KernelNatives>>> = Object.freeze({
  conv2dInt8: "conv2dInt8ScratchBytes",
  depthwiseConv2dInt8: "depthwiseConv2dInt8ScratchBytes",
  fullyConnectedInt8: "fullyConnectedInt8ScratchBytes",
  conv2dInt16: "conv2dInt16ScratchBytes",
  depthwiseConv2dInt16: "depthwiseConv2dInt16ScratchBytes",
  fullyConnectedInt16: "fullyConnectedInt16ScratchBytes",
  averagePool2dInt8: "poolingInt8ScratchBytes",
  maxPool2dInt8: "poolingInt8ScratchBytes",
  addInt8: "addInt8ScratchBytes",
  subInt8: "addInt8ScratchBytes",
});

// The natives looked up so far (null: the host has none by that name), made by nativeKernels() at
// run time (an object made while XS preloads this module would be read-only). A native is looked
// up, and kept, when an op first binds it: an app keeps the host functions of the kernels its
// model uses, not all of them (where `native(name)` makes them in RAM, as in tinyml-sim and on the
// Cortex-M4 image). The kernels below are module functions, not closures (on XS a closure per
// kernel costs a few hundred bytes of heap; module functions cost nothing on a device, in flash).
let natives: { [K in keyof Natives]?: Natives[K] | null } = {};

/**
 * The host's native for a kernel, or null where it has none (looked up once). Not named `native`:
 * the Moddable SDK's xsc compiles every call `native("literal")` into a host function whose C name
 * is the literal, whatever `native` is bound to (test/moddable_manifest.test.ts checks).
 */
function nativeOf<K extends keyof Natives>(kernel: K): Natives[K] | null {
  const f = natives[kernel];
  if (f !== undefined) return f as Natives[K] | null;
  const found = lookup<Natives[K]>(NATIVE_NAMES[kernel]);
  natives[kernel] = found;
  return found;
}

/** What a kernel bound to an empty output runs: nothing. */
function nothing(): void {}

/**
 * A native kernel's TypeScript face, whose `bind(null, ...args)` (how ops bind their kernel, see
 * src/ops/op.ts) checks and packs the arguments once and returns the native itself bound to them:
 * invoke() then makes one call per op, straight into C, with no TypeScript wrapper and no byte-view
 * lookup in between. Calling the face directly (tests, tools) packs on every call.
 */
function bindsNative<A extends unknown[]>(pack: (...args: A) => () => void): (...args: A) => void {
  const run = (...args: A): void => pack(...args)();
  Object.defineProperty(run, "bind", { value: (_this: unknown, ...args: A) => pack(...args) });
  return run;
}

/**
 * A conv-like kernel (conv, depthwise, fully connected) bound to its native, with the scratch the
 * op requested. The natives refuse zero dimensions: an empty output needs no work, an empty input
 * or filter (bias-only outputs) is left to the TypeScript kernel, and so is a layer the build's
 * natives leave out (its scratch query says -1: a kernel variant compiled out of a firmware).
 */
function bindConv(f: NativeConv, query: NativeScratchBytes | null, portable: Conv, p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch: Scratch): () => void {
  if (output.length === 0) return nothing;
  if (input.length === 0 || filter.length === 0 || scratchBytes(query, p) < 0) return portable.bind(null, p, input, filter, bias, output, null);
  return f.bind(null, int32Bytes(p), input, filter, biasBytes(bias), output, scratch ?? null);
}

/** A 16x8 conv-like kernel bound to its native, as bindConv. */
function bindConv16x8(f: NativeConv16x8, portable: Conv16x8, p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array, scratch: Scratch): () => void {
  if (output.length === 0) return nothing;
  if (input.length === 0 || filter.length === 0) return portable.bind(null, p, input, filter, bias, output, null);
  return f.bind(null, int32Bytes(p), int32Bytes(input), filter, biasBytes(bias), int32Bytes(output), scratch ?? null);
}

/** A pool bound to its native, with its scratch; nothing to do for an empty output. */
function bindPool(f: NativePool, p: Int32Array, input: Int8Array, output: Int8Array, scratch: Scratch): () => void {
  return output.length === 0 ? nothing : f.bind(null, int32Bytes(p), input, output, scratch ?? null);
}

/** A two-input kernel (add, sub) bound to its native, with its scratch; nothing to do for an empty output. */
function bindBinary(f: NativeBinary, p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array, scratch: Scratch): () => void {
  return output.length === 0 ? nothing : f.bind(null, int32Bytes(p), input1, input2, output, scratch ?? null);
}

/** The scratch bytes a native asks for (0 where the host's natives predate the query; -1 where the build's natives leave the layer out). */
function scratchBytes(f: NativeScratchBytes | null, p: Int32Array): number {
  return f === null ? 0 : f(int32Bytes(p));
}

/** The scratch bytes an op requests for a native: none for a layer the natives leave out (the TypeScript kernel runs it). */
function requested(f: NativeScratchBytes | null, p: Int32Array): number {
  const bytes = scratchBytes(f, p);
  return bytes < 0 ? 0 : bytes;
}

/**
 * SignalRfft bound to its native, or to the TypeScript kernel for a length the build's natives
 * leave out: a factor list with radix 2, 3 or 5 (kernel variants rfft_radix_2, rfft_radix_3_5), which
 * the native's query then declines with -1. Lengths of radix 4 only (FFT_LENGTH / 2 a power of 4) never ask.
 * Nothing to do for no frames.
 */
function bindRfft(p: Int32Array, input: Int16Array, work: Int16Array, output: Int16Array): () => void {
  if (output.length === 0) return nothing;
  if (needsOptionalRadix(p) && scratchBytes(nativeOf("rfftInt16ScratchBytes"), p) < 0) return portableKernels.rfftInt16.bind(null, p, input, work, output);
  return nativeOf("rfftInt16")!.bind(null, int32Bytes(p), int32Bytes(input), int32Bytes(work), int32Bytes(output));
}

/** Whether an RFFT's factor list has a radix other than 4 (2, 3 or 5: butterflies a build may leave out). */
function needsOptionalRadix(p: Int32Array): boolean {
  const factors = Math.min(p[Rfft.FACTORS]!, Rfft.MAX_FACTORS);
  for (let i = 0; i < factors; i++) {
    if (p[Rfft.FACTOR_LIST + 2 * i] !== 4) return true;
  }
  return false;
}

/** SVDF's int8 weights go as they are, its int16 ones (and state) as their bytes. */
function svdfBytes(a: Int8Array | Int16Array): Bytes {
  return a instanceof Int8Array ? (a as unknown as Uint8Array) : int32Bytes(a);
}
function biasBytes(b: Int32Array | null): Bytes | null {
  return b === null ? null : int32Bytes(b);
}

/** The natives that are kernels (the RFFT's query is only asked at bind, by bindRfft). */
type KernelNatives = Exclude<keyof Natives, "rfftInt16ScratchBytes">;

/** The TypeScript face of each native. */
const NATIVE_KERNELS: Readonly<Pick<Kernels, KernelNatives>> = Object.freeze({
  conv2dInt8: bindsNative((p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch?: Scratch) => bindConv(nativeOf("conv2dInt8")!, nativeOf("conv2dInt8ScratchBytes"), portableKernels.conv2dInt8, p, input, filter, bias, output, scratch)),
  conv2dInt8ScratchBytes: (p) => requested(nativeOf("conv2dInt8ScratchBytes"), p),
  depthwiseConv2dInt8: bindsNative((p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch?: Scratch) => bindConv(nativeOf("depthwiseConv2dInt8")!, nativeOf("depthwiseConv2dInt8ScratchBytes"), portableKernels.depthwiseConv2dInt8, p, input, filter, bias, output, scratch)),
  depthwiseConv2dInt8ScratchBytes: (p) => requested(nativeOf("depthwiseConv2dInt8ScratchBytes"), p),
  fullyConnectedInt8: bindsNative((p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch?: Scratch) => bindConv(nativeOf("fullyConnectedInt8")!, nativeOf("fullyConnectedInt8ScratchBytes"), portableKernels.fullyConnectedInt8, p, input, filter, bias, output, scratch)),
  fullyConnectedInt8ScratchBytes: (p) => requested(nativeOf("fullyConnectedInt8ScratchBytes"), p),
  conv2dInt16: bindsNative((p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array, scratch?: Scratch) => bindConv16x8(nativeOf("conv2dInt16")!, portableKernels.conv2dInt16, p, input, filter, bias, output, scratch)),
  conv2dInt16ScratchBytes: (p) => scratchBytes(nativeOf("conv2dInt16ScratchBytes"), p),
  depthwiseConv2dInt16: bindsNative((p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array, scratch?: Scratch) => bindConv16x8(nativeOf("depthwiseConv2dInt16")!, portableKernels.depthwiseConv2dInt16, p, input, filter, bias, output, scratch)),
  depthwiseConv2dInt16ScratchBytes: (p) => scratchBytes(nativeOf("depthwiseConv2dInt16ScratchBytes"), p),
  fullyConnectedInt16: bindsNative((p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array, scratch?: Scratch) => bindConv16x8(nativeOf("fullyConnectedInt16")!, portableKernels.fullyConnectedInt16, p, input, filter, bias, output, scratch)),
  fullyConnectedInt16ScratchBytes: (p) => scratchBytes(nativeOf("fullyConnectedInt16ScratchBytes"), p),
  // 16x8 TRANSPOSE_CONV: the native refuses zero dimensions, which the TypeScript kernel handles.
  transposeConvInt16: bindsNative((p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, sums: Float64Array, output: Int16Array) =>
    output.length === 0 || input.length === 0 || filter.length === 0
      ? portableKernels.transposeConvInt16.bind(null, p, input, filter, bias, sums, output)
      : nativeOf("transposeConvInt16")!.bind(null, int32Bytes(p), int32Bytes(input), filter, biasBytes(bias), int32Bytes(sums), int32Bytes(output))),
  averagePool2dInt8: bindsNative((p: Int32Array, input: Int8Array, output: Int8Array, scratch?: Scratch) => bindPool(nativeOf("averagePool2dInt8")!, p, input, output, scratch)),
  maxPool2dInt8: bindsNative((p: Int32Array, input: Int8Array, output: Int8Array, scratch?: Scratch) => bindPool(nativeOf("maxPool2dInt8")!, p, input, output, scratch)),
  poolingInt8ScratchBytes: (p) => scratchBytes(nativeOf("poolingInt8ScratchBytes"), p),
  addInt8: bindsNative((p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array, scratch?: Scratch) => bindBinary(nativeOf("addInt8")!, p, input1, input2, output, scratch)),
  subInt8: bindsNative((p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array, scratch?: Scratch) => bindBinary(nativeOf("subInt8")!, p, input1, input2, output, scratch)),
  addInt8ScratchBytes: (p) => scratchBytes(nativeOf("addInt8ScratchBytes"), p),
  // SOFTMAX: nothing to do for an empty output.
  softmaxInt8: bindsNative((p: Int32Array, input: Int8Array, output: Int8Array) => (output.length === 0 ? nothing : nativeOf("softmaxInt8")!.bind(null, int32Bytes(p), input, output))),
  softmaxInt16: bindsNative((p: Int32Array, luts: Int16Array, input: Int16Array, output: Int16Array) =>
    output.length === 0 ? nothing : nativeOf("softmaxInt16")!.bind(null, int32Bytes(p), int32Bytes(luts), int32Bytes(input), int32Bytes(output))),
  rfftInt16: bindsNative(bindRfft),
  // SignalFilterBank: num_channels >= 1, there is always an output.
  filterBankUint32: bindsNative((p: Int32Array, input: Uint32Array, weights: Int16Array, unweights: Int16Array, output: Uint32Array) =>
    nativeOf("filterBankUint32")!.bind(null, int32Bytes(p), int32Bytes(input), int32Bytes(weights), int32Bytes(unweights), int32Bytes(output))),
  // SVDF and the LSTM: every dimension >= 1, there is always an output.
  svdfInt8: bindsNative((p: Int32Array, input: Int8Array, weightsFeature: Int8Array, weightsTime: Int8Array | Int16Array, bias: Int32Array | null, state: Int8Array | Int16Array, scratch: Int32Array, output: Int8Array) =>
    nativeOf("svdfInt8")!.bind(null, int32Bytes(p), input, weightsFeature, svdfBytes(weightsTime), biasBytes(bias), svdfBytes(state), int32Bytes(scratch), output)),
  lstmInt8: bindsNative((p: Int32Array, input: Int8Array, w: GateTensors<Int8Array>, r: GateTensors<Int8Array>, b: GateTensors<Int32Array | null>, hidden: Int8Array, cell: Int16Array, scratch: Int16Array, output: Int8Array) =>
    nativeOf("lstmInt8")!.bind(null, int32Bytes(p), input, w[0], w[1], w[2], w[3], r[0], r[1], r[2], r[3], biasBytes(b[0]), biasBytes(b[1]), biasBytes(b[2]), biasBytes(b[3]), hidden, int32Bytes(cell), int32Bytes(scratch), output)),
  // TFLM_DECODE: a decoded tensor has at least one element (an empty one is left to the TypeScript kernel, which does nothing).
  decodeLut: bindsNative((p: Int32Array, encoded: Uint8Array, ancillary: Uint8Array, output: Uint8Array) =>
    output.length === 0 ? nothing : nativeOf("decodeLut")!.bind(null, int32Bytes(p), encoded, ancillary, output)),
});

/** The kernels this host provides natively (an empty object where there is no `native`). */
export function nativeKernels(): Partial<Kernels> {
  natives = {};
  const kernels: Partial<Kernels> = {};
  for (const kernel of Object.keys(NATIVE_NAMES) as (keyof Natives)[]) {
    // whether the host has it: the function found here is dropped, and looked up again when bound
    if (kernel === "rfftInt16ScratchBytes" || kernel.endsWith("ScratchBytes") || lookup(NATIVE_NAMES[kernel]) === null) continue;
    (kernels as Record<string, unknown>)[kernel] = NATIVE_KERNELS[kernel];
    const query = SCRATCH_OF[kernel];
    if (query !== undefined) (kernels as Record<string, unknown>)[query] = NATIVE_KERNELS[query];
  }
  return kernels;
}

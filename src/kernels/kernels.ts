/**
 * Kernels: the one interface every heavy inner loop goes through. The portable TypeScript
 * implementation runs everywhere; a host may provide native C for any subset of it (the
 * simulator and the devices do), and the runtime picks per kernel. Both must agree byte for byte.
 *
 * Every int8 kernel takes its per-layer constants packed in one Int32Array (see layout.ts), so a
 * native implementation crosses into C once per op with a handful of arguments.
 */

export interface Kernels {
  conv2dInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void;
  depthwiseConv2dInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void;
  fullyConnectedInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void;
  averagePool2dInt8(p: Int32Array, input: Int8Array, output: Int8Array): void;
  maxPool2dInt8(p: Int32Array, input: Int8Array, output: Int8Array): void;

  /** Float kernels: the same layouts; `act` holds the activation [min, max]. */
  conv2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void;
  depthwiseConv2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void;
  fullyConnectedFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void;
  averagePool2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, output: Float32Array): void;
  maxPool2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, output: Float32Array): void;

  // [elementwise kernels]
  // [activation kernels]
}

/** Names of the kernels, for per-kernel selection and reporting. */
export type KernelName = keyof Kernels;

/**
 * Kernels: the one interface every heavy inner loop goes through. The portable TypeScript
 * implementation runs everywhere; a host may provide native C for any subset of it (the
 * simulator and the devices do), and the runtime picks per kernel. Both must agree byte for byte.
 *
 * Every int8 kernel takes its per-layer constants packed in one Int32Array (see layout.ts), so a
 * native implementation crosses into C once per op with a handful of arguments.
 */

export interface Kernels {
  /**
   * The int8 conv-like kernels take a work buffer (`scratch`) of the bytes their *ScratchBytes(p)
   * asks for, which the op requests at prepare from the arena (0: none, scratch null). The
   * TypeScript kernels need none; the native ones may (the Arm DSP paths, whose C stack then stays small).
   */
  conv2dInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch?: Uint8Array | null): void;
  conv2dInt8ScratchBytes(p: Int32Array): number;
  depthwiseConv2dInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch?: Uint8Array | null): void;
  depthwiseConv2dInt8ScratchBytes(p: Int32Array): number;
  fullyConnectedInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array, scratch?: Uint8Array | null): void;
  fullyConnectedInt8ScratchBytes(p: Int32Array): number;
  /**
   * 16x8 (int16 activations, int8 weights): the same layouts with the accumulator word at
   * wideBiasIndex; bias int32 values, or int64 ones as (low, high) int32 words. Scratch as above.
   */
  conv2dInt16(p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array, scratch?: Uint8Array | null): void;
  conv2dInt16ScratchBytes(p: Int32Array): number;
  depthwiseConv2dInt16(p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array, scratch?: Uint8Array | null): void;
  depthwiseConv2dInt16ScratchBytes(p: Int32Array): number;
  fullyConnectedInt16(p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array, scratch?: Uint8Array | null): void;
  fullyConnectedInt16ScratchBytes(p: Int32Array): number;
  /** The int8 pools, and ADD / SUB below, take a work buffer the same way. */
  averagePool2dInt8(p: Int32Array, input: Int8Array, output: Int8Array, scratch?: Uint8Array | null): void;
  maxPool2dInt8(p: Int32Array, input: Int8Array, output: Int8Array, scratch?: Uint8Array | null): void;
  poolingInt8ScratchBytes(p: Int32Array): number;

  /** Float kernels: the same layouts; `act` holds the activation [min, max]. */
  conv2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void;
  depthwiseConv2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void;
  fullyConnectedFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void;
  averagePool2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, output: Float32Array): void;
  maxPool2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, output: Float32Array): void;
  /** TRANSPOSE_CONV (layout Conv): int8 with `scratch` one int32 per output element; float32 with `act` [min, max]. */
  transposeConvInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, scratch: Int32Array, output: Int8Array): void;
  /** 16x8 TRANSPOSE_CONV: `scratch` one 8-byte sum per output element; bias int64 as (low, high) int32 words. */
  transposeConvInt16(p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, scratch: Float64Array, output: Int16Array): void;
  transposeConvFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void;

  /** Quantized ADD / SUB (layout AddSub): TFLM's add with left shift and per-input rescaling. */
  addInt8(p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array, scratch?: Uint8Array | null): void;
  subInt8(p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array, scratch?: Uint8Array | null): void;
  addInt8ScratchBytes(p: Int32Array): number;
  addInt16(p: Int32Array, input1: Int16Array, input2: Int16Array, output: Int16Array): void;
  subInt16(p: Int32Array, input1: Int16Array, input2: Int16Array, output: Int16Array): void;
  /** Quantized MUL (layout Mul). */
  mulInt8(p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array): void;
  mulInt16(p: Int32Array, input1: Int16Array, input2: Int16Array, output: Int16Array): void;
  /** Float ADD, SUB, MUL, DIV, MINIMUM, MAXIMUM, SQUARED_DIFFERENCE (layout Binary, op at OP); `act` holds [min, max]. */
  binaryFloat32(p: Int32Array, act: Float32Array, input1: Float32Array, input2: Float32Array, output: Float32Array): void;
  /** The same ops on int32 (wrapping, truncating division), clamped to [ACT_MIN, ACT_MAX] (layout Binary). */
  binaryInt32(p: Int32Array, input1: Int32Array, input2: Int32Array, output: Int32Array): void;
  /** MINIMUM / MAXIMUM on raw int8 / int16 values (layout Binary, op at OP). */
  minMaxInt8(p: Int32Array, input1: Int8Array, input2: Int8Array, output: Int8Array): void;
  minMaxInt16(p: Int32Array, input1: Int16Array, input2: Int16Array, output: Int16Array): void;
  /** QUANTIZE float32 -> int8 / int16 (layout Quantize); `scale` holds [output scale]. */
  quantizeFloat32(p: Int32Array, scale: Float32Array, input: Float32Array, output: Int8Array | Int16Array): void;
  /** QUANTIZE between integer types (layout Quantize: types at IN_TYPE / OUT_TYPE). */
  requantize(p: Int32Array, input: Int8Array | Uint8Array | Int16Array | Int32Array, output: Int8Array | Uint8Array | Int16Array | Int32Array): void;
  /** DEQUANTIZE int8 / uint8 / int16 -> float32 (layout Quantize); `scale` holds [input scale]. */
  dequantize(p: Int32Array, scale: Float32Array, input: Int8Array | Uint8Array | Int16Array, output: Float32Array): void;
  // [elementwise kernels]
  /** SOFTMAX over the last dimension (layout Softmax; the int8 kernels read its exp table). */
  softmaxInt8(p: Int32Array, input: Int8Array, output: Int8Array): void;
  softmaxInt8Int16(p: Int32Array, input: Int8Array, output: Int16Array): void;
  /** int16 -> int16 (layout Softmax, no table in it); `luts` the exp then the 1 / (1 + x) table (src/math/int16_lut.ts). */
  softmaxInt16(p: Int32Array, luts: Int16Array, input: Int16Array, output: Int16Array): void;
  /** `beta` holds [beta]. */
  softmaxFloat32(p: Int32Array, beta: Float32Array, input: Float32Array, output: Float32Array): void;
  /** Element-wise int8 through a 256-entry table: output[i] = table[input[i] + 128]. */
  lookupInt8(table: Int8Array, input: Int8Array, output: Int8Array): void;
  logisticFloat32(input: Float32Array, output: Float32Array): void;
  tanhFloat32(input: Float32Array, output: Float32Array): void;
  hardSwishFloat32(input: Float32Array, output: Float32Array): void;
  /** `alpha` holds [alpha]. */
  leakyReluFloat32(alpha: Float32Array, input: Float32Array, output: Float32Array): void;
  /** RELU family: clamp to [act[0], act[1]]. */
  clampFloat32(act: Float32Array, input: Float32Array, output: Float32Array): void;
  /** ABS, NEG, EXP, LOG, SQRT, RSQRT on float32 (`p` holds the ElementwiseMathOp code). */
  elementwiseMathFloat32(p: Int32Array, input: Float32Array, output: Float32Array): void;
  /** LEAKY_RELU int16 (layout LeakyRelu). */
  leakyReluInt16(p: Int32Array, input: Int16Array, output: Int16Array): void;
  /** LOGISTIC / TANH int16 (layout SigmoidInt16): TFLM's table arithmetic, Q0.15 out. */
  sigmoidInt16(p: Int32Array, input: Int16Array, output: Int16Array): void;
  // [activation kernels]
  /** SignalRfft int16 (layout Rfft): kissfft's fixed-point real FFT per frame; `work` holds 2 * FFT_LENGTH values. */
  rfftInt16(p: Int32Array, input: Int16Array, work: Int16Array, output: Int16Array): void;
  /** SignalFilterBank (layout FilterBank): uint32 energies into uint64 channels, written as (low, high) uint32 pairs. */
  filterBankUint32(p: Int32Array, input: Uint32Array, weights: Int16Array, unweights: Int16Array, output: Uint32Array): void;
  // [signal kernels]
  /** MEAN and SUM on int8 (layout Mean): sums over the reduced dimensions, requantized as TFLM's QuantizedMeanOrSum. */
  meanInt8(p: Int32Array, input: Int8Array, output: Int8Array): void;
  /** MEAN on int16 (layout Mean, ACT_MIN..ACT_MAX the int16 range). */
  meanInt16(p: Int32Array, input: Int16Array, output: Int16Array): void;
  // [reduce kernels]
  /** BATCH_MATMUL (layout BatchMatMul). */
  batchMatMulInt8(p: Int32Array, lhs: Int8Array, rhs: Int8Array, output: Int8Array): void;
  batchMatMulFloat32(p: Int32Array, lhs: Float32Array, rhs: Float32Array, output: Float32Array): void;
  /** SVDF int8 (layout Svdf): the state and weights_time are both int8 or both int16; `scratch` holds BATCHES x NUM_FILTERS. */
  svdfInt8(p: Int32Array, input: Int8Array, weightsFeature: Int8Array, weightsTime: Int8Array | Int16Array, bias: Int32Array | null, state: Int8Array | Int16Array, scratch: Int32Array, output: Int8Array): void;
  /** SVDF float32 (layout Svdf); `act` holds the activation [min, max]. */
  svdfFloat32(p: Int32Array, act: Float32Array, input: Float32Array, weightsFeature: Float32Array, weightsTime: Float32Array, bias: Float32Array | null, state: Float32Array, scratch: Float32Array, output: Float32Array): void;
  /**
   * UNIDIRECTIONAL_SEQUENCE_LSTM int8 (layout Lstm): gate tensors in the order input, forget, cell,
   * output; `hidden` and `cell` are the op's state, `scratch` 3 x BATCHES x STATE_SIZE int16.
   */
  lstmInt8(p: Int32Array, input: Int8Array, inputWeights: GateTensors<Int8Array>, recurrentWeights: GateTensors<Int8Array>, biases: GateTensors<Int32Array | null>, hidden: Int8Array, cell: Int16Array, scratch: Int16Array, output: Int8Array): void;
  /** LSTM float32 (layout Lstm); `cellClip` holds [clip] (0: none), `gates` 4 buffers of one step's rows x STATE_SIZE. */
  lstmFloat32(p: Int32Array, cellClip: Float32Array, input: Float32Array, inputWeights: GateTensors<Float32Array>, recurrentWeights: GateTensors<Float32Array>, biases: GateTensors<Float32Array | null>, hidden: Float32Array, cell: Float32Array, gates: GateTensors<Float32Array>, output: Float32Array): void;
  // [recurrent kernels]
  /** TFLM_DECODE, LUT type (layout DecodeLut): bit-packed indices and the ancillary data's value tables -> the decoded tensor's bytes. */
  decodeLut(p: Int32Array, encoded: Uint8Array, ancillary: Uint8Array, output: Uint8Array): void;
}

/** Four tensors of the LSTM gates: input, forget, cell, output. */
export type GateTensors<T> = readonly [T, T, T, T];

/** Names of the kernels, for per-kernel selection and reporting. */
export type KernelName = keyof Kernels;

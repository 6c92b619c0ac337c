/**
 * Layouts of the packed per-layer constants: one Int32Array per op, built once at prepare time,
 * read by the TypeScript kernels and (with the same indices) by the native C kernels. Per-channel
 * arrays (output multipliers and shifts) follow the fixed header.
 */

/** CONV_2D and DEPTHWISE_CONV_2D (int8 and float). */
export const Conv = Object.freeze({
  BATCHES: 0,
  IN_H: 1,
  IN_W: 2,
  IN_C: 3,
  OUT_H: 4,
  OUT_W: 5,
  OUT_C: 6,
  K_H: 7,
  K_W: 8,
  STRIDE_H: 9,
  STRIDE_W: 10,
  DILATION_H: 11,
  DILATION_W: 12,
  PAD_H: 13,
  PAD_W: 14,
  /** Added to every input value (minus the input zero point). */
  INPUT_OFFSET: 15,
  /** Added to every requantized output (the output zero point). */
  OUTPUT_OFFSET: 16,
  ACT_MIN: 17,
  ACT_MAX: 18,
  /** Depthwise only: output channels per input channel. */
  DEPTH_MULTIPLIER: 19,
  /** Filter channels (conv: IN_C / groups). */
  FILTER_C: 20,
  /** Per-channel output multipliers start here, then OUT_C shifts. */
  HEADER: 21,
} as const);

/** FULLY_CONNECTED (int8 and float). */
export const FullyConnected = Object.freeze({
  BATCHES: 0,
  ACCUM_DEPTH: 1,
  OUT_DEPTH: 2,
  INPUT_OFFSET: 3,
  FILTER_OFFSET: 4,
  OUTPUT_OFFSET: 5,
  ACT_MIN: 6,
  ACT_MAX: 7,
  /** 1 when the multipliers are per output channel, else 0 (one multiplier and shift). */
  PER_CHANNEL: 8,
  /** Multipliers (OUT_DEPTH of them, or 1) then as many shifts. */
  HEADER: 9,
} as const);

/**
 * The 16x8 kernels (int16 activations, int8 weights: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
 * TRANSPOSE_CONV) take the Conv / FullyConnected layouts with one more word after the shifts, at
 * wideBiasIndex: 1 when the kernel accumulates in int64 (an int64 bias, given as its low and high
 * int32 words; TFLM then requantizes with the multiplier rounded to 16 bits), 0 when in int32 (an
 * int32 bias or none: TFLM's int8 requantization). TRANSPOSE_CONV always accumulates in int64.
 * Input and output offsets are 0 (int16 zero points are 0).
 */
export function wideBiasIndex(header: number, multipliers: number): number {
  return header + 2 * multipliers;
}

/** AVERAGE_POOL_2D and MAX_POOL_2D. */
export const Pool = Object.freeze({
  BATCHES: 0,
  IN_H: 1,
  IN_W: 2,
  CHANNELS: 3,
  OUT_H: 4,
  OUT_W: 5,
  FILTER_H: 6,
  FILTER_W: 7,
  STRIDE_H: 8,
  STRIDE_W: 9,
  PAD_H: 10,
  PAD_W: 11,
  ACT_MIN: 12,
  ACT_MAX: 13,
  HEADER: 14,
} as const);

/**
 * Binary elementwise ops (ADD, SUB, MUL, DIV, MINIMUM, MAXIMUM, SQUARED_DIFFERENCE): how both
 * inputs walk the output, at the start of every binary op's constants. The output is visited in
 * row-major order as RANK nested loops (dims merged where possible, at most 8) of EXTENTS; each
 * input advances by its own stride per dim, 0 along the dims it broadcasts. Same-shape inputs are
 * one loop with strides 1 and 1; a one-value input is one loop with stride 0.
 */
export const Binary = Object.freeze({
  /** 0 same shapes, 1 input1 is one value, 2 input2 is one value, 3 general broadcast (informative: the loops below always apply). */
  MODE: 0,
  /** Output elements. */
  COUNT: 1,
  /** Loop nest depth, 1..8 (innermost last). */
  RANK: 2,
  /** The operation, for the kernels that serve several (BinaryOp codes). */
  OP: 3,
  /** Integer ops (int32, MINIMUM/MAXIMUM, quantized): the clamp of the result. */
  ACT_MIN: 4,
  ACT_MAX: 5,
  /** 8 loop extents, outermost first (unused slots 1). */
  EXTENTS: 6,
  /** 8 input1 strides, in elements. */
  STRIDES1: 14,
  /** 8 input2 strides, in elements. */
  STRIDES2: 22,
  HEADER: 30,
} as const);

/** Operation codes at Binary.OP. */
export const BinaryOp = Object.freeze({ ADD: 0, SUB: 1, MUL: 2, DIV: 3, MINIMUM: 4, MAXIMUM: 5, SQUARED_DIFFERENCE: 6 } as const);

/** Quantized ADD and SUB (int8, int16): the Binary block, then TFLM's add parameters. */
export const AddSub = Object.freeze({
  /** 20 for int8, 15 for int16: inputs are shifted left by this before rescaling. */
  LEFT_SHIFT: 30,
  /** Minus the input zero points. */
  INPUT1_OFFSET: 31,
  INPUT2_OFFSET: 32,
  /** The output zero point. */
  OUTPUT_OFFSET: 33,
  INPUT1_MULTIPLIER: 34,
  INPUT1_SHIFT: 35,
  INPUT2_MULTIPLIER: 36,
  INPUT2_SHIFT: 37,
  OUTPUT_MULTIPLIER: 38,
  OUTPUT_SHIFT: 39,
  HEADER: 40,
} as const);

/** Quantized MUL (int8, int16): the Binary block, then offsets and the output multiplier. */
export const Mul = Object.freeze({
  INPUT1_OFFSET: 30,
  INPUT2_OFFSET: 31,
  OUTPUT_OFFSET: 32,
  OUTPUT_MULTIPLIER: 33,
  OUTPUT_SHIFT: 34,
  HEADER: 35,
} as const);

/** QUANTIZE (float32 -> int, and int -> int requantization) and DEQUANTIZE. */
export const Quantize = Object.freeze({
  /** Elements. */
  COUNT: 0,
  /** TensorType codes of the input and the output. */
  IN_TYPE: 1,
  OUT_TYPE: 2,
  INPUT_ZERO_POINT: 3,
  OUTPUT_ZERO_POINT: 4,
  /** Requantization: input_scale / output_scale as multiplier and shift. */
  MULTIPLIER: 5,
  SHIFT: 6,
  /** Bounds of the output type (quantizing kernels). */
  OUT_MIN: 7,
  OUT_MAX: 8,
  HEADER: 9,
} as const);

// [elementwise layouts]
/**
 * SOFTMAX (int8 and float). The int8 header is followed by SOFTMAX_EXP_TABLE int32 values: entry k
 * is gemmlowp's exp_on_negative_values (Q0.31) of the input difference -k scaled by
 * INPUT_MULTIPLIER / INPUT_LEFT_SHIFT into Q5.26, or 0 where -k < DIFF_MIN (skipped by TFLM).
 */
export const Softmax = Object.freeze({
  /** Rows: the product of every dimension but the last. */
  OUTER: 0,
  /** Length of the last dimension. */
  DEPTH: 1,
  INPUT_MULTIPLIER: 2,
  INPUT_LEFT_SHIFT: 3,
  DIFF_MIN: 4,
  HEADER: 5,
} as const);
export const SOFTMAX_EXP_TABLE = 256;
// [activation layouts]
/**
 * SignalRfft (int16): sizes, then kissfft's factor list (radix, remaining length pairs, at most
 * MAX_FACTORS), then from HEADER the FFT_LENGTH / 2 complex twiddles (real, imaginary) and the
 * FFT_LENGTH / 4 twiddles of the real split.
 */
export const Rfft = Object.freeze({
  /** Real FFT length (even). */
  FFT_LENGTH: 0,
  /** Samples per input frame (zero padded up to FFT_LENGTH). */
  INPUT_LENGTH: 1,
  FRAMES: 2,
  /** int16 values per output frame: 2 * (FFT_LENGTH / 2 + 1). */
  OUTPUT_LENGTH: 3,
  /** Number of (radix, remaining length) pairs in FACTOR_LIST. */
  FACTORS: 4,
  FACTOR_LIST: 5,
  MAX_FACTORS: 32,
  HEADER: 69,
} as const);

/**
 * SignalFilterBank: then NUM_CHANNELS + 1 spectrum start bins, NUM_CHANNELS + 1 weight starts and
 * NUM_CHANNELS + 1 band widths (entry 0 is TFLM's scratch channel), checked against the input and
 * weight lengths at prepare time.
 */
export const FilterBank = Object.freeze({
  NUM_CHANNELS: 0,
  INPUT_LENGTH: 1,
  WEIGHTS_LENGTH: 2,
  HEADER: 3,
} as const);
// [signal layouts]
/**
 * MEAN and SUM (int8; the float path reads the same header). The input is seen as up to 4 kept
 * and 4 reduced groups of dimensions (outer first; unused groups have size 1, stride 0): the kept
 * groups enumerate the outputs in order, the reduced groups the elements summed into each.
 */
export const Mean = Object.freeze({
  /** Elements summed into each output; 0 when the input is empty (TFLM then writes 0s). */
  COUNT: 0,
  /** Input zero point times COUNT, wrapped to int32: subtracted from every sum. */
  INPUT_ZP_SUM: 1,
  /** Added to every requantized output (the output zero point). */
  OUTPUT_OFFSET: 2,
  /** MEAN: TFLM's multiplier with the division by COUNT folded in; SUM: input / output scale. */
  MULTIPLIER: 3,
  SHIFT: 4,
  ACT_MIN: 5,
  ACT_MAX: 6,
  /** 4 sizes, then 4 strides (in input elements), of the kept groups. */
  KEPT: 7,
  /** 4 sizes, then 4 strides, of the reduced groups. */
  REDUCED: 15,
  HEADER: 23,
} as const);
// [reduce layouts]
/** SVDF (int8; the float kernel reads the dimensions). The state holds NUM_FILTERS rows of MEMORY_SIZE values per batch. */
export const Svdf = Object.freeze({
  BATCHES: 0,
  INPUT_SIZE: 1,
  NUM_FILTERS: 2,
  NUM_UNITS: 3,
  RANK: 4,
  MEMORY_SIZE: 5,
  INPUT_ZERO_POINT: 6,
  STATE_ZERO_POINT: 7,
  OUTPUT_ZERO_POINT: 8,
  /** input * weights_feature -> state requantization. */
  FEATURE_MULTIPLIER: 9,
  FEATURE_SHIFT: 10,
  /** state * weights_time -> output requantization. */
  TIME_MULTIPLIER: 11,
  TIME_SHIFT: 12,
  /** Bounds of the state type (int8 or int16). */
  STATE_MIN: 13,
  STATE_MAX: 14,
  HEADER: 15,
} as const);
// [recurrent layouts]
/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM (int8: int8 activations and weights, int16 cell state, TFLM's
 * integer LSTM). Gates in the order input, forget, cell, output; each has an input and a
 * recurrent requantization (to the Q3.12 gate pre-activation).
 */
export const Lstm = Object.freeze({
  BATCHES: 0,
  TIME_STEPS: 1,
  INPUT_SIZE: 2,
  STATE_SIZE: 3,
  /** 1 when the input is [time, batch, input], 0 for [batch, time, input]. */
  TIME_MAJOR: 4,
  INPUT_ZERO_POINT: 5,
  HIDDEN_ZERO_POINT: 6,
  /** The cell gate's activation: 1 tanh, 0 sigmoid. */
  CELL_GATE_TANH: 7,
  /** The clip of the cell state in its quantized units; 0: no clipping. */
  CELL_CLIP: 8,
  /** Input scaling of tanh(cell state) (multiplier 0: 3 << shift). */
  CELL_TANH_MULTIPLIER: 9,
  CELL_TANH_SHIFT: 10,
  /** forget gate x cell state -> cell state. */
  FORGET_MUL_MULTIPLIER: 11,
  FORGET_MUL_SHIFT: 12,
  /** input gate x cell gate -> cell state. */
  INPUT_MUL_MULTIPLIER: 13,
  INPUT_MUL_SHIFT: 14,
  /** output gate x tanh(cell) -> hidden state. */
  OUTPUT_MUL_MULTIPLIER: 15,
  OUTPUT_MUL_SHIFT: 16,
  /** Per gate g (0..3): input multiplier, shift, recurrent multiplier, shift at GATES + 4 * g. */
  GATES: 17,
  HEADER: 33,
} as const);
/** The float32 element-wise math ops (ABS, NEG, EXP, LOG, SQRT, RSQRT): the op code, alone in its Int32Array. */
export const ElementwiseMathOp = Object.freeze({ ABS: 0, NEG: 1, EXP: 2, LOG: 3, SQRT: 4, RSQRT: 5 } as const);
/**
 * BATCH_MATMUL (int8 and float32): output[b] = lhs[b] x rhs[b], [ROWS, DEPTH] x [DEPTH, COLS]
 * (ADJ_X / ADJ_Y: the operand is stored transposed). After the header: BATCHES element offsets
 * of each batch's lhs matrix, then BATCHES of its rhs matrix (batch dimensions broadcast).
 */
export const BatchMatMul = Object.freeze({
  BATCHES: 0,
  ROWS: 1,
  DEPTH: 2,
  COLS: 3,
  ADJ_X: 4,
  ADJ_Y: 5,
  /** int8: minus the lhs and rhs zero points, the output zero point, the requantization and its bounds. */
  LHS_OFFSET: 6,
  RHS_OFFSET: 7,
  OUTPUT_OFFSET: 8,
  MULTIPLIER: 9,
  SHIFT: 10,
  ACT_MIN: 11,
  ACT_MAX: 12,
  HEADER: 13,
} as const);
/** LEAKY_RELU int16: TFLM's LeakyReluOpData. */
export const LeakyRelu = Object.freeze({
  INPUT_ZERO_POINT: 0,
  OUTPUT_ZERO_POINT: 1,
  ALPHA_MULTIPLIER: 2,
  ALPHA_SHIFT: 3,
  IDENTITY_MULTIPLIER: 4,
  IDENTITY_SHIFT: 5,
  HEADER: 6,
} as const);
/** LOGISTIC and TANH int16: which function, and the input scaling (multiplier 0: 3 << shift). */
export const SigmoidInt16 = Object.freeze({ TANH: 0, MULTIPLIER: 1, SHIFT: 2, HEADER: 3 } as const);

/**
 * TFLM_DECODE, LUT decode type: each element is a BIT_WIDTH-bit index (big-endian bit order,
 * packed without gaps) into its channel's value table. Tables start at VALUE_OFFSET bytes into
 * the ancillary data, STRIDE elements apart (0: one table for all channels); an element is
 * ELEMENT_BYTES bytes. Channels along axis 0 (ALTERNATE 0: CHANNEL_ELEMENTS consecutive elements
 * each) or along the last axis (ALTERNATE 1: element i belongs to channel i % CHANNELS).
 */
export const DecodeLut = Object.freeze({
  COUNT: 0,
  BIT_WIDTH: 1,
  CHANNELS: 2,
  CHANNEL_ELEMENTS: 3,
  ALTERNATE: 4,
  STRIDE: 5,
  ELEMENT_BYTES: 6,
  VALUE_OFFSET: 7,
  HEADER: 8,
} as const);

/**
 * Layouts of the packed per-layer constants: one Int32Array per op, built once at prepare time,
 * read by the TypeScript kernels and (with the same indices) by the native C kernels. Per-channel
 * arrays (output multipliers and shifts) follow the fixed header.
 */

/** CONV_2D and DEPTHWISE_CONV_2D (int8 and float). */
export const Conv = {
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
} as const;

/** FULLY_CONNECTED (int8 and float). */
export const FullyConnected = {
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
} as const;

/** AVERAGE_POOL_2D and MAX_POOL_2D. */
export const Pool = {
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
} as const;

// [elementwise layouts]
// [activation layouts]

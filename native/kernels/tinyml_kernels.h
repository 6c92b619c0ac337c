/*
 * tinyml-xs native kernels: portable C99, no JavaScript engine involved, so that any host (the
 * simulator's XS bindings in native/bindings/, a bare-metal benchmark image) can link them alone.
 *
 * Every kernel reads its per-layer constants from the packed int32 layouts of
 * src/kernels/layout.ts, at the same indices (TINYML_CONV_*, TINYML_FC_*, ... below), and computes
 * byte for byte what the TypeScript kernels of src/kernels/portable/ compute.
 *
 * Each kernel comes with a validation function taking the packed constants and the byte lengths
 * of every buffer. A kernel may only be run on constants and buffers its validation accepted:
 * the kernels themselves check nothing (they are the inner loops). Validation returns TINYML_OK
 * or a status saying what is wrong, and sets *field (when field is not NULL) to the name of the
 * argument or parameter at fault, e.g. "params[OUT_H]" or "input".
 *
 * Pointers: int32 constants and biases must be 4-byte aligned; no output may overlap an input
 * (the kernels declare their pointers restrict).
 *
 * Scratch: conv, depthwise, fully connected, the pools and add / sub take a work buffer from the caller (TFLM's arena,
 * requested at prepare, as CMSIS-NN's *_get_buffer_size), so that a call keeps little on the C
 * stack. Its size is tinyml_<op>_scratch_bytes(params) on params the validation accepts: 0 where
 * the kernel needs none (builds without the Arm DSP paths, shapes those paths do not take), and
 * the pointer may then be NULL. It must be 4-byte aligned and overlap nothing; the validation
 * checks that scratch_bytes is at least the size asked for.
 */
#ifndef TINYML_KERNELS_H
#define TINYML_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Validation results. */
typedef enum {
	TINYML_OK = 0,
	TINYML_ERR_PARAMS_SHORT,   /* the packed constants are shorter than their header + per-channel arrays */
	TINYML_ERR_DIMENSION,      /* a dimension is <= 0 or beyond TINYML_MAX_DIM */
	TINYML_ERR_OVERFLOW,       /* a size computed from the dimensions overflows */
	TINYML_ERR_STRIDE,         /* a stride is < 1 */
	TINYML_ERR_DILATION,       /* a dilation is < 1 */
	TINYML_ERR_PADDING,        /* a padding is < 0 or too large */
	TINYML_ERR_CHANNELS,       /* channel counts disagree (groups, depth multiplier) */
	TINYML_ERR_SHIFT,          /* a shift is outside [-31, 30] (or a left shift outside its range) */
	TINYML_ERR_ACTIVATION,     /* the activation range is not lo <= hi within the output type */
	TINYML_ERR_OFFSET,         /* a zero-point offset is out of range */
	TINYML_ERR_FLAG,           /* a flag or code has an unknown value */
	TINYML_ERR_SIZE,           /* a buffer's byte length does not match the shapes */
	TINYML_ERR_FFT_LENGTH,     /* an FFT length is odd or outside 4..TINYML_RFFT_MAX_LENGTH */
	TINYML_ERR_FACTORS,        /* an FFT factor list does not factor FFT_LENGTH / 2 into radices 2..5 */
	TINYML_ERR_MISMATCH,       /* a parameter disagrees with the others (e.g. frame lengths) */
	TINYML_ERR_BAND,           /* a filter bank band falls outside the input or the weights */
	TINYML_ERR_UNSUPPORTED     /* a layer this build's kernels leave out (a variant compiled out, or buffers beyond any arena) */
} tinyml_status;

/* Largest accepted dimension (and spatial extent): keeps every index computation within int32. */
#define TINYML_MAX_DIM 0x3FFFFFFF
/* Largest accepted padding. */
#define TINYML_MAX_PAD 0xFFFFFF
/* Accepted input / filter / output offsets: int8 and uint8 zero points, negated or not. */
#define TINYML_MAX_OFFSET 256
/* A bias byte length meaning "no bias". */
#define TINYML_NO_BIAS ((size_t)-1)
/*
 * What a kernel's *_scratch_bytes returns for a layer this build's kernels do not take (a variant
 * compiled out, or buffers beyond any arena): its validation refuses the layer
 * (TINYML_ERR_UNSUPPORTED), and the runtime binds the TypeScript kernel instead (-1 in JavaScript).
 */
#define TINYML_UNSUPPORTED_LAYER ((size_t)-1)

/* A short English description of a status. */
static inline const char* tinyml_status_text(tinyml_status s)
{
	switch (s) {
	case TINYML_OK: return "ok";
	case TINYML_ERR_PARAMS_SHORT: return "too short for the header and per-channel arrays";
	case TINYML_ERR_DIMENSION: return "must be 1..2^30-1";
	case TINYML_ERR_OVERFLOW: return "sizes overflow";
	case TINYML_ERR_STRIDE: return "stride must be >= 1";
	case TINYML_ERR_DILATION: return "dilation must be >= 1";
	case TINYML_ERR_PADDING: return "padding must be 0..2^24-1";
	case TINYML_ERR_CHANNELS: return "channel counts disagree";
	case TINYML_ERR_SHIFT: return "shift out of range";
	case TINYML_ERR_ACTIVATION: return "needs min <= max within the output type";
	case TINYML_ERR_OFFSET: return "offset out of range";
	case TINYML_ERR_FLAG: return "unknown value";
	case TINYML_ERR_SIZE: return "byte length does not match the shapes";
	case TINYML_ERR_FFT_LENGTH: return "must be even, 4..65536";
	case TINYML_ERR_FACTORS: return "not FFT_LENGTH / 2 in radices 2..5";
	case TINYML_ERR_MISMATCH: return "disagrees with the other parameters";
	case TINYML_ERR_BAND: return "band outside the input or weights";
	case TINYML_ERR_UNSUPPORTED: return "a layer this build's native kernels leave out";
	}
	return "invalid";
}

/* ---- CONV_2D and DEPTHWISE_CONV_2D: layout Conv ---- */
#define TINYML_CONV_BATCHES 0
#define TINYML_CONV_IN_H 1
#define TINYML_CONV_IN_W 2
#define TINYML_CONV_IN_C 3
#define TINYML_CONV_OUT_H 4
#define TINYML_CONV_OUT_W 5
#define TINYML_CONV_OUT_C 6
#define TINYML_CONV_K_H 7
#define TINYML_CONV_K_W 8
#define TINYML_CONV_STRIDE_H 9
#define TINYML_CONV_STRIDE_W 10
#define TINYML_CONV_DILATION_H 11
#define TINYML_CONV_DILATION_W 12
#define TINYML_CONV_PAD_H 13
#define TINYML_CONV_PAD_W 14
#define TINYML_CONV_INPUT_OFFSET 15
#define TINYML_CONV_OUTPUT_OFFSET 16
#define TINYML_CONV_ACT_MIN 17
#define TINYML_CONV_ACT_MAX 18
#define TINYML_CONV_DEPTH_MULTIPLIER 19
#define TINYML_CONV_FILTER_C 20
#define TINYML_CONV_HEADER 21 /* then OUT_C multipliers, then OUT_C shifts */

/*
 * CONV_2D int8, per-channel: filter [OUT_C, K_H, K_W, FILTER_C], groups = IN_C / FILTER_C,
 * optional bias [OUT_C] (NULL, validated with TINYML_NO_BIAS). tinyml_conv_2d_int8 takes a
 * matrix-multiply fast path for 1x1 filters with stride 1 and no padding (see
 * tinyml_conv_2d_int8_is_pointwise); tinyml_conv_2d_int8_general never does (for tests).
 */
tinyml_status tinyml_conv_2d_int8_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field);
size_t tinyml_conv_2d_int8_scratch_bytes(const int32_t* params);
void tinyml_conv_2d_int8(const int32_t* params, const int8_t* input, const int8_t* filter,
	const int32_t* bias, int8_t* output, void* scratch);
void tinyml_conv_2d_int8_general(const int32_t* params, const int8_t* input, const int8_t* filter,
	const int32_t* bias, int8_t* output);
int tinyml_conv_2d_int8_is_pointwise(const int32_t* params);

/*
 * DEPTHWISE_CONV_2D int8, per-channel: filter [1, K_H, K_W, OUT_C], OUT_C = IN_C * DEPTH_MULTIPLIER,
 * optional bias [OUT_C].
 */
tinyml_status tinyml_depthwise_conv_2d_int8_validate(const int32_t* params, size_t params_count,
	size_t input_bytes, size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field);
size_t tinyml_depthwise_conv_2d_int8_scratch_bytes(const int32_t* params);
void tinyml_depthwise_conv_2d_int8(const int32_t* params, const int8_t* input, const int8_t* filter,
	const int32_t* bias, int8_t* output, void* scratch);

/* ---- FULLY_CONNECTED: layout FullyConnected ---- */
#define TINYML_FC_BATCHES 0
#define TINYML_FC_ACCUM_DEPTH 1
#define TINYML_FC_OUT_DEPTH 2
#define TINYML_FC_INPUT_OFFSET 3
#define TINYML_FC_FILTER_OFFSET 4
#define TINYML_FC_OUTPUT_OFFSET 5
#define TINYML_FC_ACT_MIN 6
#define TINYML_FC_ACT_MAX 7
#define TINYML_FC_PER_CHANNEL 8
#define TINYML_FC_HEADER 9 /* then OUT_DEPTH multipliers (1 when not per channel), then as many shifts */

/* FULLY_CONNECTED int8: input [BATCHES, ACCUM_DEPTH], filter [OUT_DEPTH, ACCUM_DEPTH], optional bias [OUT_DEPTH]. */
tinyml_status tinyml_fully_connected_int8_validate(const int32_t* params, size_t params_count,
	size_t input_bytes, size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field);
size_t tinyml_fully_connected_int8_scratch_bytes(const int32_t* params);
void tinyml_fully_connected_int8(const int32_t* params, const int8_t* input, const int8_t* filter,
	const int32_t* bias, int8_t* output, void* scratch);

/*
 * ---- 16x8 (int16 activations, int8 weights): CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED take
 * their int8 layouts plus one word after the shifts (tinyml_16x8_accumulator): 1 for TFLM's int64
 * sums (an int64 bias, 8 bytes a channel; the multiplier rounded to 16 bits; shifts at most 14), 0
 * for int32 sums (an int32 bias, 4 bytes a channel; the int8 requantization). Offsets are 0, the
 * activation range within int16. TRANSPOSE_CONV (layout Conv, FILTER_C = IN_C) always sums in int64
 * into `sums`, one int64 per output element as (low, high) uint32 words (4-byte aligned). ----
 */
#define TINYML_16X8_MAX_WIDE_SHIFT 14
tinyml_status tinyml_conv_2d_int16_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field);
size_t tinyml_conv_2d_int16_scratch_bytes(const int32_t* params);
void tinyml_conv_2d_int16(const int32_t* params, const int16_t* input, const int8_t* filter,
	const int32_t* bias, int16_t* output, void* scratch);
tinyml_status tinyml_depthwise_conv_2d_int16_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field);
size_t tinyml_depthwise_conv_2d_int16_scratch_bytes(const int32_t* params);
void tinyml_depthwise_conv_2d_int16(const int32_t* params, const int16_t* input, const int8_t* filter,
	const int32_t* bias, int16_t* output, void* scratch);
tinyml_status tinyml_fully_connected_int16_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field);
size_t tinyml_fully_connected_int16_scratch_bytes(const int32_t* params);
void tinyml_fully_connected_int16(const int32_t* params, const int16_t* input, const int8_t* filter,
	const int32_t* bias, int16_t* output, void* scratch);
tinyml_status tinyml_transpose_conv_int16_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t sums_bytes, size_t output_bytes, const char** field);
void tinyml_transpose_conv_int16(const int32_t* params, const int16_t* input, const int8_t* filter,
	const int32_t* bias, uint32_t* sums, int16_t* output);

/* The index of the 16x8 accumulator word: after `multipliers` multipliers and as many shifts. */
static inline size_t tinyml_16x8_accumulator(size_t header, size_t multipliers)
{
	return header + 2 * multipliers;
}

/*
 * SOFTMAX int16 -> int16 (layout Softmax, no exp table in params): luts holds TFLM's exp table over
 * [-10, 0] then its 1 / (1 + x) table over [0, 1], TINYML_INT16_LUT_SIZE int16 each; DEPTH <= 65536.
 */
#define TINYML_INT16_LUT_SIZE 513
tinyml_status tinyml_softmax_int16_validate(const int32_t* params, size_t params_count, size_t luts_bytes, size_t input_bytes,
	size_t output_bytes, const char** field);
void tinyml_softmax_int16(const int32_t* params, const int16_t* luts, const int16_t* input, int16_t* output);

/* ---- AVERAGE_POOL_2D and MAX_POOL_2D: layout Pool ---- */
#define TINYML_POOL_BATCHES 0
#define TINYML_POOL_IN_H 1
#define TINYML_POOL_IN_W 2
#define TINYML_POOL_CHANNELS 3
#define TINYML_POOL_OUT_H 4
#define TINYML_POOL_OUT_W 5
#define TINYML_POOL_FILTER_H 6
#define TINYML_POOL_FILTER_W 7
#define TINYML_POOL_STRIDE_H 8
#define TINYML_POOL_STRIDE_W 9
#define TINYML_POOL_PAD_H 10
#define TINYML_POOL_PAD_W 11
#define TINYML_POOL_ACT_MIN 12
#define TINYML_POOL_ACT_MAX 13
#define TINYML_POOL_HEADER 14

/* Both pools share the validation. */
tinyml_status tinyml_pooling_int8_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t output_bytes, size_t scratch_bytes, const char** field);
size_t tinyml_pooling_int8_scratch_bytes(const int32_t* params);
void tinyml_average_pool_2d_int8(const int32_t* params, const int8_t* input, int8_t* output, void* scratch);
void tinyml_max_pool_2d_int8(const int32_t* params, const int8_t* input, int8_t* output, void* scratch);

/* ---- Binary elementwise ops: layout Binary, then AddSub ---- */
#define TINYML_BINARY_MODE 0
#define TINYML_BINARY_COUNT 1
#define TINYML_BINARY_RANK 2
#define TINYML_BINARY_OP 3
#define TINYML_BINARY_ACT_MIN 4
#define TINYML_BINARY_ACT_MAX 5
#define TINYML_BINARY_EXTENTS 6  /* 8 loop extents, outermost first */
#define TINYML_BINARY_STRIDES1 14 /* 8 input1 strides, in elements */
#define TINYML_BINARY_STRIDES2 22 /* 8 input2 strides */
#define TINYML_BINARY_HEADER 30
#define TINYML_BINARY_MAX_RANK 8

#define TINYML_ADD_LEFT_SHIFT 30
#define TINYML_ADD_INPUT1_OFFSET 31
#define TINYML_ADD_INPUT2_OFFSET 32
#define TINYML_ADD_OUTPUT_OFFSET 33
#define TINYML_ADD_INPUT1_MULTIPLIER 34
#define TINYML_ADD_INPUT1_SHIFT 35
#define TINYML_ADD_INPUT2_MULTIPLIER 36
#define TINYML_ADD_INPUT2_SHIFT 37
#define TINYML_ADD_OUTPUT_MULTIPLIER 38
#define TINYML_ADD_OUTPUT_SHIFT 39
#define TINYML_ADD_HEADER 40

/*
 * ADD and SUB int8 with broadcasting (TFLM's quantized add): the output's COUNT elements are walked
 * as RANK nested loops of EXTENTS, each input advancing by its own strides. Validation checks that
 * the loops cover exactly COUNT elements, that every index reached lies inside each input, and that
 * the shifts are TFLM's (left shift 0..21, rescaling shifts -31..0).
 */
tinyml_status tinyml_add_int8_validate(const int32_t* params, size_t params_count, size_t input1_bytes,
	size_t input2_bytes, size_t output_bytes, size_t scratch_bytes, const char** field);
size_t tinyml_add_int8_scratch_bytes(const int32_t* params);
void tinyml_add_int8(const int32_t* params, const int8_t* input1, const int8_t* input2, int8_t* output, void* scratch);
void tinyml_sub_int8(const int32_t* params, const int8_t* input1, const int8_t* input2, int8_t* output, void* scratch);

/* ---- SOFTMAX: layout Softmax, then TINYML_SOFTMAX_EXP_TABLE int32 exps ---- */
#define TINYML_SOFTMAX_OUTER 0
#define TINYML_SOFTMAX_DEPTH 1
#define TINYML_SOFTMAX_INPUT_MULTIPLIER 2
#define TINYML_SOFTMAX_INPUT_LEFT_SHIFT 3
#define TINYML_SOFTMAX_DIFF_MIN 4
#define TINYML_SOFTMAX_HEADER 5
#define TINYML_SOFTMAX_EXP_TABLE 256

/* SOFTMAX int8 -> int8 over rows of DEPTH (gemmlowp fixed point, the exps read from the table). */
tinyml_status tinyml_softmax_int8_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t output_bytes, const char** field);
void tinyml_softmax_int8(const int32_t* params, const int8_t* input, int8_t* output);

/* ---- TFLM_DECODE, LUT type: layout DecodeLut ---- */
#define TINYML_DECODE_LUT_COUNT 0
#define TINYML_DECODE_LUT_BIT_WIDTH 1
#define TINYML_DECODE_LUT_CHANNELS 2
#define TINYML_DECODE_LUT_CHANNEL_ELEMENTS 3
#define TINYML_DECODE_LUT_ALTERNATE 4
#define TINYML_DECODE_LUT_STRIDE 5
#define TINYML_DECODE_LUT_ELEMENT_BYTES 6
#define TINYML_DECODE_LUT_VALUE_OFFSET 7
#define TINYML_DECODE_LUT_HEADER 8

/*
 * COUNT indices of BIT_WIDTH (1..7) bits, big-endian bit order without gaps, each replaced by its
 * channel's value table entry (ELEMENT_BYTES 1, 2, 4 or 8 bytes) read from the ancillary data at
 * VALUE_OFFSET + (channel * STRIDE + index) * ELEMENT_BYTES. Channels: CHANNEL_ELEMENTS
 * consecutive elements each (ALTERNATE 0), or element i in channel i % CHANNELS (ALTERNATE 1).
 * The validation checks that every index the encoded bytes can hold stays inside the ancillary data.
 */
tinyml_status tinyml_decode_lut_validate(const int32_t* params, size_t params_count, size_t encoded_bytes,
	size_t ancillary_bytes, size_t output_bytes, const char** field);
void tinyml_decode_lut(const int32_t* params, const uint8_t* encoded, const uint8_t* ancillary, uint8_t* output);

/* ---- SignalRfft int16: layout Rfft ---- */
#define TINYML_RFFT_FFT_LENGTH 0
#define TINYML_RFFT_INPUT_LENGTH 1
#define TINYML_RFFT_FRAMES 2
#define TINYML_RFFT_OUTPUT_LENGTH 3
#define TINYML_RFFT_FACTORS 4
#define TINYML_RFFT_FACTOR_LIST 5 /* FACTORS (radix, remaining length) pairs */
#define TINYML_RFFT_MAX_FACTORS 32
#define TINYML_RFFT_HEADER 69 /* then FFT_LENGTH / 2 complex twiddles, then FFT_LENGTH / 4 real-split twiddles */
#define TINYML_RFFT_MAX_LENGTH 0x10000

/*
 * SignalRfft int16 (kissfft v130 FIXED_POINT 16 as TFLM's signal library runs it): each of FRAMES
 * input frames of INPUT_LENGTH int16 samples is zero padded to FFT_LENGTH (even, 4..65536) and
 * transformed into FFT_LENGTH / 2 + 1 complex int16 bins (OUTPUT_LENGTH = FFT_LENGTH + 2 values).
 * work is the scratch: 2 * FFT_LENGTH int16. Validation checks the factor list (radices 2..5 whose
 * chain of remaining lengths runs from FFT_LENGTH / 2 down to 1): it drives every index.
 */
tinyml_status tinyml_rfft_int16_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t work_bytes, size_t output_bytes, const char** field);
void tinyml_rfft_int16(const int32_t* params, const int16_t* input, int16_t* work, int16_t* output);
/* 0, or TINYML_UNSUPPORTED_LAYER for a factor list with radix 3 or 5 where the build leaves them out (tinyml_variants.h). */
size_t tinyml_rfft_int16_scratch_bytes(const int32_t* params);

/* ---- SignalFilterBank: layout FilterBank ---- */
#define TINYML_FILTER_BANK_NUM_CHANNELS 0
#define TINYML_FILTER_BANK_INPUT_LENGTH 1
#define TINYML_FILTER_BANK_WEIGHTS_LENGTH 2
#define TINYML_FILTER_BANK_HEADER 3 /* then NUM_CHANNELS + 1 start bins, weight starts and widths */
#define TINYML_FILTER_BANK_MAX_CHANNELS 0x10000

/*
 * SignalFilterBank (TFLM's FilterbankAccumulateChannels): uint32 input [INPUT_LENGTH], int16
 * weights and unweights [WEIGHTS_LENGTH], output NUM_CHANNELS uint64 sums as (low, high) uint32
 * pairs. Validation checks every band of width > 0 lies inside the input and the weights.
 */
tinyml_status tinyml_filter_bank_uint32_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t weights_bytes, size_t unweights_bytes, size_t output_bytes, const char** field);
void tinyml_filter_bank_uint32(const int32_t* params, const uint32_t* input, const int16_t* weights,
	const int16_t* unweights, uint32_t* output);

/* ---- SVDF: layout Svdf ---- */
#define TINYML_SVDF_BATCHES 0
#define TINYML_SVDF_INPUT_SIZE 1
#define TINYML_SVDF_NUM_FILTERS 2
#define TINYML_SVDF_NUM_UNITS 3
#define TINYML_SVDF_RANK 4
#define TINYML_SVDF_MEMORY_SIZE 5
#define TINYML_SVDF_INPUT_ZERO_POINT 6
#define TINYML_SVDF_STATE_ZERO_POINT 7
#define TINYML_SVDF_OUTPUT_ZERO_POINT 8
#define TINYML_SVDF_FEATURE_MULTIPLIER 9
#define TINYML_SVDF_FEATURE_SHIFT 10
#define TINYML_SVDF_TIME_MULTIPLIER 11
#define TINYML_SVDF_TIME_SHIFT 12
#define TINYML_SVDF_STATE_MIN 13
#define TINYML_SVDF_STATE_MAX 14
#define TINYML_SVDF_HEADER 15

/*
 * SVDF int8 (TFLM's integer SVDF): input [BATCHES, INPUT_SIZE], weights_feature [NUM_FILTERS,
 * INPUT_SIZE], weights_time [NUM_FILTERS, MEMORY_SIZE] and the state [BATCHES, NUM_FILTERS *
 * MEMORY_SIZE] both int8 (STATE_MIN..MAX = -128..127) or both int16 (-32768..32767), optional bias
 * [NUM_UNITS], scratch BATCHES * NUM_FILTERS int32, output [BATCHES, NUM_UNITS] int8;
 * NUM_FILTERS = NUM_UNITS * RANK. The state is read and written in place.
 */
tinyml_status tinyml_svdf_int8_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t weights_feature_bytes, size_t weights_time_bytes, size_t bias_bytes, size_t state_bytes,
	size_t scratch_bytes, size_t output_bytes, const char** field);
/* The width in bytes (1 or 2) of the state and weights_time of validated params. */
static inline int tinyml_svdf_state_width(const int32_t* params)
{
	return params[TINYML_SVDF_STATE_MIN] == -128 ? 1 : 2;
}
void tinyml_svdf_int8(const int32_t* params, const int8_t* input, const int8_t* weights_feature,
	const void* weights_time, const int32_t* bias, void* state, int32_t* scratch, int8_t* output);

/* ---- UNIDIRECTIONAL_SEQUENCE_LSTM: layout Lstm ---- */
#define TINYML_LSTM_BATCHES 0
#define TINYML_LSTM_TIME_STEPS 1
#define TINYML_LSTM_INPUT_SIZE 2
#define TINYML_LSTM_STATE_SIZE 3
#define TINYML_LSTM_TIME_MAJOR 4
#define TINYML_LSTM_INPUT_ZERO_POINT 5
#define TINYML_LSTM_HIDDEN_ZERO_POINT 6
#define TINYML_LSTM_CELL_GATE_TANH 7
#define TINYML_LSTM_CELL_CLIP 8
#define TINYML_LSTM_CELL_TANH_MULTIPLIER 9
#define TINYML_LSTM_CELL_TANH_SHIFT 10
#define TINYML_LSTM_FORGET_MUL_MULTIPLIER 11
#define TINYML_LSTM_FORGET_MUL_SHIFT 12
#define TINYML_LSTM_INPUT_MUL_MULTIPLIER 13
#define TINYML_LSTM_INPUT_MUL_SHIFT 14
#define TINYML_LSTM_OUTPUT_MUL_MULTIPLIER 15
#define TINYML_LSTM_OUTPUT_MUL_SHIFT 16
#define TINYML_LSTM_GATES 17 /* per gate g (input, forget, cell, output): input multiplier, shift, recurrent multiplier, shift at GATES + 4 * g */
#define TINYML_LSTM_HEADER 33

/*
 * UNIDIRECTIONAL_SEQUENCE_LSTM int8 (TFLM's integer LSTM): input [BATCHES, TIME_STEPS, INPUT_SIZE]
 * (TIME_MAJOR: [TIME_STEPS, BATCHES, INPUT_SIZE]), per gate input weights [STATE_SIZE, INPUT_SIZE],
 * recurrent weights [STATE_SIZE, STATE_SIZE], optional int32 bias [STATE_SIZE]; hidden state int8
 * and cell state int16 [BATCHES, STATE_SIZE], read and written in place; scratch 3 x BATCHES x
 * STATE_SIZE int16; output like the input with STATE_SIZE values per step.
 */
tinyml_status tinyml_lstm_int8_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	const size_t input_weights_bytes[4], const size_t recurrent_weights_bytes[4], const size_t bias_bytes[4],
	size_t hidden_bytes, size_t cell_bytes, size_t scratch_bytes, size_t output_bytes, const char** field);
void tinyml_lstm_int8(const int32_t* params, const int8_t* input, const int8_t* const input_weights[4],
	const int8_t* const recurrent_weights[4], const int32_t* const biases[4], int8_t* hidden, int16_t* cell,
	int16_t* scratch, int8_t* output);

/* ---- SHA-256 (FIPS 180-4): the model lifecycle's hash, not a model kernel ---- */
#define TINYML_SHA256_BYTES 32
/* FIPS 180-4 hashes messages shorter than 2^64 bits (compare as uint64_t). */
#define TINYML_SHA256_MAX_BYTES ((((uint64_t)1) << 61) - 1)

typedef struct {
	uint32_t state[8];
	uint64_t bytes;  /* message length so far */
	size_t used;     /* bytes waiting in block */
	uint8_t block[64];
} tinyml_sha256_context;

/*
 * Checks that [offset, offset + length) lies within a buffer of data_bytes (no overflow), *field
 * "offset" or "length" otherwise (TINYML_ERR_SIZE). data may have any alignment.
 */
tinyml_status tinyml_sha256_validate(size_t data_bytes, size_t offset, size_t length, const char** field);
/* One-shot digest of length bytes at data. */
void tinyml_sha256(const uint8_t* data, size_t length, uint8_t digest[TINYML_SHA256_BYTES]);
/* Incremental: init, update any number of times, final (which wipes the context). */
void tinyml_sha256_init(tinyml_sha256_context* ctx);
void tinyml_sha256_update(tinyml_sha256_context* ctx, const uint8_t* data, size_t length);
void tinyml_sha256_final(tinyml_sha256_context* ctx, uint8_t digest[TINYML_SHA256_BYTES]);

#ifdef __cplusplus
}
#endif

#endif /* TINYML_KERNELS_H */

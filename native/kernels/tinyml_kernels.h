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
	TINYML_ERR_SIZE            /* a buffer's byte length does not match the shapes */
} tinyml_status;

/* Largest accepted dimension (and spatial extent): keeps every index computation within int32. */
#define TINYML_MAX_DIM 0x3FFFFFFF
/* Largest accepted padding. */
#define TINYML_MAX_PAD 0xFFFFFF
/* Accepted input / filter / output offsets: int8 and uint8 zero points, negated or not. */
#define TINYML_MAX_OFFSET 256
/* A bias byte length meaning "no bias". */
#define TINYML_NO_BIAS ((size_t)-1)

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
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, const char** field);
void tinyml_conv_2d_int8(const int32_t* params, const int8_t* input, const int8_t* filter,
	const int32_t* bias, int8_t* output);
void tinyml_conv_2d_int8_general(const int32_t* params, const int8_t* input, const int8_t* filter,
	const int32_t* bias, int8_t* output);
int tinyml_conv_2d_int8_is_pointwise(const int32_t* params);

/*
 * DEPTHWISE_CONV_2D int8, per-channel: filter [1, K_H, K_W, OUT_C], OUT_C = IN_C * DEPTH_MULTIPLIER,
 * optional bias [OUT_C].
 */
tinyml_status tinyml_depthwise_conv_2d_int8_validate(const int32_t* params, size_t params_count,
	size_t input_bytes, size_t filter_bytes, size_t bias_bytes, size_t output_bytes, const char** field);
void tinyml_depthwise_conv_2d_int8(const int32_t* params, const int8_t* input, const int8_t* filter,
	const int32_t* bias, int8_t* output);

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
	size_t input_bytes, size_t filter_bytes, size_t bias_bytes, size_t output_bytes, const char** field);
void tinyml_fully_connected_int8(const int32_t* params, const int8_t* input, const int8_t* filter,
	const int32_t* bias, int8_t* output);

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
	size_t output_bytes, const char** field);
void tinyml_average_pool_2d_int8(const int32_t* params, const int8_t* input, int8_t* output);
void tinyml_max_pool_2d_int8(const int32_t* params, const int8_t* input, int8_t* output);

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
	size_t input2_bytes, size_t output_bytes, const char** field);
void tinyml_add_int8(const int32_t* params, const int8_t* input1, const int8_t* input2, int8_t* output);
void tinyml_sub_int8(const int32_t* params, const int8_t* input1, const int8_t* input2, int8_t* output);

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

#ifdef __cplusplus
}
#endif

#endif /* TINYML_KERNELS_H */

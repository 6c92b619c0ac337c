/*
 * tinyml-xs native kernels: checks shared by the validation functions (internal header).
 */
#ifndef TINYML_VALIDATE_H
#define TINYML_VALIDATE_H

#include <stddef.h>
#include <stdint.h>
#include "tinyml_kernels.h"

/* Sets *field when there is somewhere to set it; returns status. */
static inline tinyml_status tinyml_fail(tinyml_status status, const char** field, const char* name)
{
	if (field)
		*field = name;
	return status;
}

/* A scratch of `have` bytes where the kernel asks for `need` (TINYML_UNSUPPORTED_LAYER: the layer is left out of this build). */
static inline tinyml_status tinyml_scratch_ok(size_t have, size_t need, const char** field)
{
	if (need == TINYML_UNSUPPORTED_LAYER)
		return tinyml_fail(TINYML_ERR_UNSUPPORTED, field, "params");
	return have < need ? tinyml_fail(TINYML_ERR_SIZE, field, "scratch") : TINYML_OK;
}

/* A dimension: 1..TINYML_MAX_DIM. */
static inline int tinyml_dim_ok(int32_t v)
{
	return v >= 1 && v <= TINYML_MAX_DIM;
}

/* Largest accepted buffer size in bytes (XS buffer lengths are 32-bit). */
#define TINYML_MAX_BYTES ((uint64_t)UINT32_MAX)

/* The product of four dimensions (each 1..TINYML_MAX_DIM), or 0 with *ok cleared when it exceeds TINYML_MAX_BYTES. */
static inline uint64_t tinyml_size4(int32_t a, int32_t b, int32_t c, int32_t d, int* ok)
{
	/* Every partial product stays below 2^32 * 2^30 < 2^64 before it is checked. */
	uint64_t size = (uint64_t)a * (uint64_t)b;
	if (size > TINYML_MAX_BYTES || (size *= (uint64_t)c) > TINYML_MAX_BYTES || (size *= (uint64_t)d) > TINYML_MAX_BYTES) {
		*ok = 0;
		return 0;
	}
	return size;
}

/* A buffer of `bytes` bytes holds exactly `expected` (a checked size). */
static inline int tinyml_bytes_are(size_t bytes, uint64_t expected)
{
	return (uint64_t)bytes == expected;
}

/* count shifts at params[first...] within [-31, 30]. */
static inline int tinyml_shifts_ok(const int32_t* params, size_t first, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++) {
		const int32_t s = params[first + i];
		if (s < -31 || s > 30)
			return 0;
	}
	return 1;
}

/* An int8 activation range. */
static inline int tinyml_act_int8_ok(int32_t lo, int32_t hi)
{
	return lo >= -128 && lo <= hi && hi <= 127;
}

static inline int tinyml_offset_ok(int32_t v)
{
	return v >= -TINYML_MAX_OFFSET && v <= TINYML_MAX_OFFSET;
}

/* The last input coordinate a window reaches, (out - 1) * stride + (k - 1) * dilation, within TINYML_MAX_DIM. */
static inline int tinyml_extent_ok(int32_t out, int32_t stride, int32_t k, int32_t dilation)
{
	const int64_t last = (int64_t)(out - 1) * stride + (int64_t)(k - 1) * dilation;
	return last <= TINYML_MAX_DIM;
}

/*
 * A buffer of `bytes` bytes holds exactly a * b * c * d bytes (dimensions 1..TINYML_MAX_DIM):
 * TINYML_ERR_OVERFLOW naming it when that product exceeds TINYML_MAX_BYTES, TINYML_ERR_SIZE when it
 * differs. Out of line, one copy (conv_2d.c) for every kernel.
 */
tinyml_status tinyml_buffer_ok(size_t bytes, int32_t a, int32_t b, int32_t c, int32_t d, const char* name, const char** field);

/* An int16 tensor of a * b * c * d values (dimensions 1..TINYML_MAX_DIM: 2 * d fits an int32) is `bytes` long. */
static inline tinyml_status tinyml_int16_size_ok(size_t bytes, int32_t a, int32_t b, int32_t c, int32_t d, const char* name, const char** field)
{
	return tinyml_buffer_ok(bytes, a, b, c, 2 * d, name, field);
}

/*
 * The checks of a Conv layout's params and buffers but the scratch, defined once, in conv_2d.c, for
 * the `kind` of layer (flags): 0 a CONV_2D int8; TINYML_WINDOW_DEPTHWISE (1) a DEPTHWISE_CONV_2D
 * (DEPTH_MULTIPLIER in place of FILTER_C and groups, the filter [1, K_H, K_W, OUT_C]);
 * TINYML_WINDOW_16X8 int16 activations (params one word longer for the 16x8 accumulator word, offsets
 * 0, an int16 activation range, 2 bytes per input and output value; pass TINYML_NO_BIAS and check
 * the rest with tinyml_16x8_ok); TINYML_WINDOW_TRANSPOSE a TRANSPOSE_CONV (FILTER_C = IN_C, the extent
 * of the input pixels' taps in the output).
 */
#define TINYML_WINDOW_DEPTHWISE 1
#define TINYML_WINDOW_16X8 2
#define TINYML_WINDOW_TRANSPOSE 4
tinyml_status tinyml_conv_window_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, int kind, const char** field);

/*
 * The checks of a FullyConnected layout's params and buffers but the scratch, defined once, in
 * fully_connected.c: int8 (wide 0), or 16x8 (wide 1: params one word longer for the accumulator
 * word, input and output offsets 0, an int16 activation range, 2 bytes per input and output value;
 * pass TINYML_NO_BIAS and check the rest with tinyml_16x8_ok).
 */
tinyml_status tinyml_fc_window_validate(const int32_t* params, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, int wide, const char** field);

/*
 * The 16x8 part of a layout (validate_16x8.c) whose `count` multipliers and shifts follow its
 * `header` words: the accumulator word after them 0 or 1 (then the shifts at most
 * TINYML_16X8_MAX_WIDE_SHIFT), and a bias of 4 (int32 sums) or 8 (int64) bytes per channel.
 */
tinyml_status tinyml_16x8_ok(const int32_t* p, size_t header, size_t count, size_t bias_bytes, uint64_t channels, const char** field);

#endif /* TINYML_VALIDATE_H */

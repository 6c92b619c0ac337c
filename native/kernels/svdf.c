/*
 * tinyml-xs native kernel: SVDF int8 with an int8 or int16 activation state, the same arithmetic
 * as src/kernels/portable/svdf.ts (TFLM's integer SVDF): shift the state one step back in time,
 * write the requantized feature projection into each row's newest slot, filter each row over
 * time, sum RANK rows per unit, requantize (the int8 output through the shared out-of-line
 * requantization, tinyml_requantize_int8_call in requantize.c).
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"

TINYML_COLD tinyml_status tinyml_svdf_int8_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t weights_feature_bytes, size_t weights_time_bytes, size_t bias_bytes, size_t state_bytes,
	size_t scratch_bytes, size_t output_bytes, const char** field)
{
	int ok = 1;
	uint64_t rows, width;
	if (p == NULL || params_count < TINYML_SVDF_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	if (!tinyml_dim_ok(p[TINYML_SVDF_BATCHES]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[BATCHES]");
	if (!tinyml_dim_ok(p[TINYML_SVDF_INPUT_SIZE]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[INPUT_SIZE]");
	if (!tinyml_dim_ok(p[TINYML_SVDF_NUM_UNITS]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[NUM_UNITS]");
	if (!tinyml_dim_ok(p[TINYML_SVDF_RANK]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[RANK]");
	if (!tinyml_dim_ok(p[TINYML_SVDF_MEMORY_SIZE]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[MEMORY_SIZE]");
	if (!tinyml_dim_ok(p[TINYML_SVDF_NUM_FILTERS]) || (int64_t)p[TINYML_SVDF_NUM_UNITS] * p[TINYML_SVDF_RANK] != p[TINYML_SVDF_NUM_FILTERS])
		return tinyml_fail(TINYML_ERR_MISMATCH, field, "params[NUM_FILTERS]");
	if (p[TINYML_SVDF_STATE_MIN] == -128 && p[TINYML_SVDF_STATE_MAX] == 127)
		width = 1;
	else if (p[TINYML_SVDF_STATE_MIN] == -32768 && p[TINYML_SVDF_STATE_MAX] == 32767)
		width = 2;
	else
		return tinyml_fail(TINYML_ERR_FLAG, field, "params[STATE_MIN..STATE_MAX]");
	if (p[TINYML_SVDF_INPUT_ZERO_POINT] < -128 || p[TINYML_SVDF_INPUT_ZERO_POINT] > 127)
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[INPUT_ZERO_POINT]");
	if (p[TINYML_SVDF_STATE_ZERO_POINT] < p[TINYML_SVDF_STATE_MIN] || p[TINYML_SVDF_STATE_ZERO_POINT] > p[TINYML_SVDF_STATE_MAX] || (width == 2 && p[TINYML_SVDF_STATE_ZERO_POINT] != 0))
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[STATE_ZERO_POINT]");
	if (p[TINYML_SVDF_OUTPUT_ZERO_POINT] < -128 || p[TINYML_SVDF_OUTPUT_ZERO_POINT] > 127)
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[OUTPUT_ZERO_POINT]");
	if (p[TINYML_SVDF_FEATURE_SHIFT] < -31 || p[TINYML_SVDF_FEATURE_SHIFT] > 30)
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params[FEATURE_SHIFT]");
	if (p[TINYML_SVDF_TIME_SHIFT] < -31 || p[TINYML_SVDF_TIME_SHIFT] > 30)
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params[TIME_SHIFT]");
	rows = tinyml_size4(p[TINYML_SVDF_BATCHES], p[TINYML_SVDF_NUM_FILTERS], 4, 1, &ok);
	if (!ok || !tinyml_bytes_are(scratch_bytes, rows))
		return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, "scratch");
	rows = tinyml_size4(p[TINYML_SVDF_BATCHES], p[TINYML_SVDF_INPUT_SIZE], 1, 1, &ok);
	if (!ok || !tinyml_bytes_are(input_bytes, rows))
		return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, "input");
	rows = tinyml_size4(p[TINYML_SVDF_NUM_FILTERS], p[TINYML_SVDF_INPUT_SIZE], 1, 1, &ok);
	if (!ok || !tinyml_bytes_are(weights_feature_bytes, rows))
		return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, "weights_feature");
	rows = tinyml_size4(p[TINYML_SVDF_NUM_FILTERS], p[TINYML_SVDF_MEMORY_SIZE], (int32_t)width, 1, &ok);
	if (!ok || !tinyml_bytes_are(weights_time_bytes, rows))
		return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, "weights_time");
	rows = tinyml_size4(p[TINYML_SVDF_BATCHES], p[TINYML_SVDF_NUM_FILTERS], p[TINYML_SVDF_MEMORY_SIZE], (int32_t)width, &ok);
	if (!ok || !tinyml_bytes_are(state_bytes, rows))
		return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, "state");
	if (bias_bytes != TINYML_NO_BIAS && !tinyml_bytes_are(bias_bytes, 4 * (uint64_t)p[TINYML_SVDF_NUM_UNITS]))
		return tinyml_fail(TINYML_ERR_SIZE, field, "bias");
	rows = tinyml_size4(p[TINYML_SVDF_BATCHES], p[TINYML_SVDF_NUM_UNITS], 1, 1, &ok);
	if (!ok || !tinyml_bytes_are(output_bytes, rows))
		return tinyml_fail(ok ? TINYML_ERR_SIZE : TINYML_ERR_OVERFLOW, field, "output");
	return TINYML_OK;
}

/* v narrowed to int8 with wrap-around, as C's conversion does on the targets TFLM runs on (defined here). */
static inline int8_t svdf_wrap_int8(int32_t v)
{
	return (int8_t)(((v + 128) & 255) - 128);
}

void tinyml_svdf_int8(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict weights_feature,
	const void* restrict weights_time, const int32_t* restrict bias, void* restrict state, int32_t* restrict scratch,
	int8_t* restrict output)
{
	const int32_t batches = p[TINYML_SVDF_BATCHES], input_size = p[TINYML_SVDF_INPUT_SIZE];
	const int32_t filters = p[TINYML_SVDF_NUM_FILTERS], units = p[TINYML_SVDF_NUM_UNITS];
	const int32_t rank = p[TINYML_SVDF_RANK], memory = p[TINYML_SVDF_MEMORY_SIZE];
	const int32_t in_zp = p[TINYML_SVDF_INPUT_ZERO_POINT], state_zp = p[TINYML_SVDF_STATE_ZERO_POINT];
	const int32_t out_zp = p[TINYML_SVDF_OUTPUT_ZERO_POINT];
	const int32_t state_min = p[TINYML_SVDF_STATE_MIN], state_max = p[TINYML_SVDF_STATE_MAX];
	const int wide = tinyml_svdf_state_width(p) == 2;
	const size_t cells = (size_t)batches * (size_t)filters * (size_t)memory;
	int8_t* restrict state8 = (int8_t*)state;
	int16_t* restrict state16 = (int16_t*)state;
	const int8_t* restrict time8 = (const int8_t*)weights_time;
	const int16_t* restrict time16 = (const int16_t*)weights_time;
	int32_t b, f, i, u, r;

	size_t c;

	/* One step back in time: the oldest value falls off, the newest slot is overwritten below. */
	if (wide)
		for (c = 0; c + 1 < cells; c++)
			state16[c] = state16[c + 1];
	else
		for (c = 0; c + 1 < cells; c++)
			state8[c] = state8[c + 1];
	for (b = 0; b < batches; b++) {
		const int8_t* restrict x = input + (size_t)b * (size_t)input_size;
		/* Two filters per pass over the input row (the last one alone: the same row twice). */
		for (f = 0; f < filters; f += 2) {
			const int8_t* restrict w0 = weights_feature + (size_t)f * (size_t)input_size;
			const int8_t* restrict w1 = f + 1 < filters ? w0 + input_size : w0;
			uint32_t acc[2] = { 0, 0 };
			int32_t k;
			for (i = 0; i < input_size; i++) {
				const int32_t xi = x[i] - in_zp;
				acc[0] += (uint32_t)(w0[i] * xi);
				acc[1] += (uint32_t)(w1[i] * xi);
			}
			for (k = 0; k < 2 && f + k < filters; k++) {
				const size_t newest = ((size_t)b * (size_t)filters + (size_t)(f + k)) * (size_t)memory + (size_t)memory - 1;
				int32_t v = tinyml_mbqm(tinyml_wrap_i32(acc[k]), p[TINYML_SVDF_FEATURE_MULTIPLIER], (int)p[TINYML_SVDF_FEATURE_SHIFT]);
				v = v < state_min ? state_min : v > state_max ? state_max : v;
				/* TFLM adds the zero point after the clamp and narrows (wrapping) to the state type. */
				if (wide)
					state16[newest] = (int16_t)v; /* the int16 state's zero point is 0 */
				else
					state8[newest] = svdf_wrap_int8(v + state_zp);
			}
		}
	}
	for (b = 0; b < batches; b++) {
		for (f = 0; f < filters; f++) {
			const size_t row = ((size_t)b * (size_t)filters + (size_t)f) * (size_t)memory;
			const size_t taps = (size_t)f * (size_t)memory;
			uint32_t acc = 0;
			int32_t j;
			if (wide)
				for (j = 0; j < memory; j++)
					acc += (uint32_t)((int32_t)time16[taps + (size_t)j] * (int32_t)state16[row + (size_t)j]);
			else
				for (j = 0; j < memory; j++)
					acc += (uint32_t)(time8[taps + (size_t)j] * (state8[row + (size_t)j] - state_zp));
			scratch[(size_t)b * (size_t)filters + (size_t)f] = tinyml_wrap_i32(acc);
		}
	}
	for (b = 0; b < batches; b++) {
		const int32_t* restrict s = scratch + (size_t)b * (size_t)filters;
		for (u = 0; u < units; u++) {
			uint32_t acc = bias != NULL ? (uint32_t)bias[u] : 0u;
			for (r = 0; r < rank; r++)
				acc += (uint32_t)s[(size_t)u * (size_t)rank + (size_t)r];
			output[(size_t)b * (size_t)units + (size_t)u] = (int8_t)tinyml_requantize_int8_call(acc, p[TINYML_SVDF_TIME_MULTIPLIER], p[TINYML_SVDF_TIME_SHIFT], out_zp, -128, 127);
		}
	}
}

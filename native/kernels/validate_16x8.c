/*
 * tinyml-xs native kernels: the validation shared by the 16x8 kernels (int16 activations, int8
 * weights), once for all of them (declared in tinyml_validate.h).
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"

/* An int16 tensor of a checked element count (a product of four dimensions) is `bytes` long. */
TINYML_COLD tinyml_status tinyml_int16_size_ok(size_t bytes, int32_t a, int32_t b, int32_t c, int32_t d, const char* name, const char** field)
{
	int ok = 1;
	const uint64_t count = tinyml_size4(a, b, c, d, &ok);
	if (!ok || count > TINYML_MAX_BYTES / 2)
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, name);
	return tinyml_bytes_are(bytes, 2 * count) ? TINYML_OK : tinyml_fail(TINYML_ERR_SIZE, field, name);
}

/* An int8 filter of a * b * c * d values is `bytes` long. */
TINYML_COLD tinyml_status tinyml_filter_size_ok(size_t bytes, int32_t a, int32_t b, int32_t c, int32_t d, const char** field)
{
	int ok = 1;
	const uint64_t size = tinyml_size4(a, b, c, d, &ok);
	if (!ok)
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, "filter");
	return tinyml_bytes_are(bytes, size) ? TINYML_OK : tinyml_fail(TINYML_ERR_SIZE, field, "filter");
}

/*
 * The 16x8 part of a layout: offsets 0, the activation range within int16, the accumulator word
 * at `at` 0 or 1 (then the `count` shifts at `shifts` at most TINYML_16X8_MAX_WIDE_SHIFT), the shifts
 * in range, and a bias of 4 (int32 sums) or 8 (int64) bytes per channel.
 */
TINYML_COLD tinyml_status tinyml_16x8_ok(const int32_t* p, size_t at, int32_t input_offset, int32_t output_offset,
	int32_t act_min, int32_t act_max, size_t shifts, size_t count, size_t bias_bytes, uint64_t channels, const char** field)
{
	size_t i;
	if (input_offset != 0)
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[INPUT_OFFSET]");
	if (output_offset != 0)
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[OUTPUT_OFFSET]");
	if (!(act_min >= -32768 && act_min <= act_max && act_max <= 32767))
		return tinyml_fail(TINYML_ERR_ACTIVATION, field, "params[ACT_MIN..ACT_MAX]");
	if (p[at] != 0 && p[at] != 1)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params (16x8 accumulator)");
	if (!tinyml_shifts_ok(p, shifts, count))
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params (output shifts)");
	for (i = 0; p[at] && i < count; i++) {
		if (p[shifts + i] > TINYML_16X8_MAX_WIDE_SHIFT)
			return tinyml_fail(TINYML_ERR_SHIFT, field, "params (output shifts)");
	}
	if (bias_bytes != TINYML_NO_BIAS && !tinyml_bytes_are(bias_bytes, (p[at] ? 8u : 4u) * channels))
		return tinyml_fail(TINYML_ERR_SIZE, field, "bias");
	return TINYML_OK;
}

/*
 * What the 16x8 conv-like kernels (conv, depthwise, transpose conv) check alike in a Conv layout:
 * the nine dimensions, strides, dilations and paddings, params long enough for OUT_C multipliers
 * and shifts plus the accumulator word, the extent of the windows (`transpose`: of the input
 * pixels' taps in the output), the 16x8 part and the int16 input and output sizes.
 */
TINYML_COLD tinyml_status tinyml_conv_16x8_ok(const int32_t* p, size_t params_count, size_t input_bytes, size_t bias_bytes,
	size_t output_bytes, int transpose, const char** field)
{
	static const struct { int index; const char* name; } dims[] = {
		{ TINYML_CONV_BATCHES, "params[BATCHES]" }, { TINYML_CONV_IN_H, "params[IN_H]" },
		{ TINYML_CONV_IN_W, "params[IN_W]" }, { TINYML_CONV_IN_C, "params[IN_C]" },
		{ TINYML_CONV_OUT_H, "params[OUT_H]" }, { TINYML_CONV_OUT_W, "params[OUT_W]" },
		{ TINYML_CONV_OUT_C, "params[OUT_C]" }, { TINYML_CONV_K_H, "params[K_H]" },
		{ TINYML_CONV_K_W, "params[K_W]" },
	};
	static const struct { int index; int32_t min; int32_t max; tinyml_status status; const char* name; } steps[] = {
		{ TINYML_CONV_STRIDE_H, 1, TINYML_MAX_DIM, TINYML_ERR_STRIDE, "params[STRIDE_H]" },
		{ TINYML_CONV_STRIDE_W, 1, TINYML_MAX_DIM, TINYML_ERR_STRIDE, "params[STRIDE_W]" },
		{ TINYML_CONV_DILATION_H, 1, TINYML_MAX_DIM, TINYML_ERR_DILATION, "params[DILATION_H]" },
		{ TINYML_CONV_DILATION_W, 1, TINYML_MAX_DIM, TINYML_ERR_DILATION, "params[DILATION_W]" },
		{ TINYML_CONV_PAD_H, 0, TINYML_MAX_PAD, TINYML_ERR_PADDING, "params[PAD_H]" },
		{ TINYML_CONV_PAD_W, 0, TINYML_MAX_PAD, TINYML_ERR_PADDING, "params[PAD_W]" },
	};
	const int axis_h = transpose ? TINYML_CONV_IN_H : TINYML_CONV_OUT_H, axis_w = transpose ? TINYML_CONV_IN_W : TINYML_CONV_OUT_W;
	tinyml_status status;
	size_t i, out_c;
	if (p == NULL || params_count < TINYML_CONV_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	for (i = 0; i < sizeof(dims) / sizeof(dims[0]); i++) {
		if (!tinyml_dim_ok(p[dims[i].index]))
			return tinyml_fail(TINYML_ERR_DIMENSION, field, dims[i].name);
	}
	out_c = (size_t)p[TINYML_CONV_OUT_C];
	if ((uint64_t)params_count < (uint64_t)TINYML_CONV_HEADER + 2 * (uint64_t)out_c + 1)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (p[steps[i].index] < steps[i].min || p[steps[i].index] > steps[i].max)
			return tinyml_fail(steps[i].status, field, steps[i].name);
	}
	if (!tinyml_extent_ok(p[axis_h], p[TINYML_CONV_STRIDE_H], p[TINYML_CONV_K_H], transpose ? 1 : p[TINYML_CONV_DILATION_H]))
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, transpose ? "params[IN_H]" : "params[OUT_H]");
	if (!tinyml_extent_ok(p[axis_w], p[TINYML_CONV_STRIDE_W], p[TINYML_CONV_K_W], transpose ? 1 : p[TINYML_CONV_DILATION_W]))
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, transpose ? "params[IN_W]" : "params[OUT_W]");
	status = tinyml_16x8_ok(p, tinyml_16x8_accumulator(TINYML_CONV_HEADER, out_c), p[TINYML_CONV_INPUT_OFFSET], p[TINYML_CONV_OUTPUT_OFFSET],
		p[TINYML_CONV_ACT_MIN], p[TINYML_CONV_ACT_MAX], TINYML_CONV_HEADER + out_c, out_c, bias_bytes, out_c, field);
	if (status == TINYML_OK)
		status = tinyml_int16_size_ok(input_bytes, p[TINYML_CONV_BATCHES], p[TINYML_CONV_IN_H], p[TINYML_CONV_IN_W], p[TINYML_CONV_IN_C], "input", field);
	if (status == TINYML_OK)
		status = tinyml_int16_size_ok(output_bytes, p[TINYML_CONV_BATCHES], p[TINYML_CONV_OUT_H], p[TINYML_CONV_OUT_W], p[TINYML_CONV_OUT_C], "output", field);
	return status;
}

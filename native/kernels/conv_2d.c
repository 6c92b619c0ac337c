/*
 * tinyml-xs native kernel: CONV_2D int8 (per-channel requantization, groups, dilation), the same
 * arithmetic as src/kernels/portable/conv_2d.ts, plus a matrix-multiply fast path for pointwise
 * (1x1, stride 1, unpadded) convolutions.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"
#include "arm/conv_2d_dsp.h"

/*
 * The checks CONV_2D, DEPTHWISE_CONV_2D and their 16x8 forms (and TRANSPOSE_CONV) share, one copy for
 * all: their params (the same header; FILTER_C with groups for a conv, DEPTH_MULTIPLIER for a
 * depthwise conv) and the input, filter, bias and output sizes; `kind` says which (tinyml_validate.h).
 * The scratch, and for 16x8 the accumulator word and the bias, are each kernel's own.
 */
TINYML_COLD tinyml_status tinyml_conv_window_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, int kind, const char** field)
{
	/* What a refusal names: params[0 .. TINYML_CONV_HEADER), then the params as a whole, their shifts, the bias. */
	enum { PARAMS = TINYML_CONV_HEADER, SHIFTS, BIAS };
	static const char* const names[] = {
		"params[BATCHES]", "params[IN_H]", "params[IN_W]", "params[IN_C]", "params[OUT_H]", "params[OUT_W]", "params[OUT_C]",
		"params[K_H]", "params[K_W]", "params[STRIDE_H]", "params[STRIDE_W]", "params[DILATION_H]", "params[DILATION_W]",
		"params[PAD_H]", "params[PAD_W]", "params[INPUT_OFFSET]", "params[OUTPUT_OFFSET]", "params[ACT_MIN..ACT_MAX]",
		"params[ACT_MIN..ACT_MAX]", "params[DEPTH_MULTIPLIER]", "params[FILTER_C]", "params", "params (output shifts)", "bias",
	};
	static const tinyml_status steps[3] = { TINYML_ERR_STRIDE, TINYML_ERR_DILATION, TINYML_ERR_PADDING };
	const int depthwise = kind & TINYML_WINDOW_DEPTHWISE, transpose = kind & TINYML_WINDOW_TRANSPOSE;
	/* 16x8: one more params word (the accumulator), offsets 0, int16 activations (2 bytes a value). */
	const int wide = (kind & TINYML_WINDOW_16X8) != 0;
	const int32_t offset_max = wide ? 0 : TINYML_MAX_OFFSET, act_max = wide ? 32767 : 127;
	tinyml_status status = TINYML_ERR_PARAMS_SHORT;
	size_t i, at = PARAMS;
	if (p == NULL || params_count < TINYML_CONV_HEADER)
		goto fail;
	/* The first nine dimensions, then FILTER_C (conv) or DEPTH_MULTIPLIER (depthwise). */
	status = TINYML_ERR_DIMENSION;
	for (i = 0; i < 10; i++) {
		at = i < 9 ? i : depthwise ? TINYML_CONV_DEPTH_MULTIPLIER : TINYML_CONV_FILTER_C;
		if (!tinyml_dim_ok(p[at]))
			goto fail;
	}
	status = TINYML_ERR_PARAMS_SHORT;
	at = PARAMS;
	if ((uint64_t)params_count < (uint64_t)TINYML_CONV_HEADER + 2 * (uint64_t)p[TINYML_CONV_OUT_C] + (uint64_t)wide)
		goto fail;
	/* Strides and dilations 1..TINYML_MAX_DIM, paddings 0..TINYML_MAX_PAD (STRIDE_H .. PAD_W are consecutive). */
	for (i = 0; i < 6; i++) {
		const int32_t v = p[at = TINYML_CONV_STRIDE_H + i];
		status = steps[i / 2];
		if (i < 4 ? v < 1 || v > TINYML_MAX_DIM : v < 0 || v > TINYML_MAX_PAD)
			goto fail;
	}
	/* The windows' extent in the input; a transpose conv's: its input pixels' taps in the output (no dilation). */
	status = TINYML_ERR_OVERFLOW;
	for (i = 0; i < 2; i++) {
		at = (transpose ? TINYML_CONV_IN_H : TINYML_CONV_OUT_H) + i;
		if (!tinyml_extent_ok(p[at], p[TINYML_CONV_STRIDE_H + i], p[TINYML_CONV_K_H + i], transpose ? 1 : p[TINYML_CONV_DILATION_H + i]))
			goto fail;
	}
	status = TINYML_ERR_CHANNELS;
	if (depthwise) {
		at = TINYML_CONV_DEPTH_MULTIPLIER;
		if ((int64_t)p[TINYML_CONV_IN_C] * p[TINYML_CONV_DEPTH_MULTIPLIER] != p[TINYML_CONV_OUT_C])
			goto fail;
	}
	else {
		/* (A transpose conv has one group: FILTER_C = IN_C.) */
		at = TINYML_CONV_FILTER_C;
		if (p[TINYML_CONV_IN_C] % p[TINYML_CONV_FILTER_C] != 0 || (transpose && p[TINYML_CONV_FILTER_C] != p[TINYML_CONV_IN_C]))
			goto fail;
		at = TINYML_CONV_OUT_C;
		if (p[TINYML_CONV_OUT_C] % (p[TINYML_CONV_IN_C] / p[TINYML_CONV_FILTER_C]) != 0)
			goto fail;
	}
	status = TINYML_ERR_OFFSET;
	for (at = TINYML_CONV_INPUT_OFFSET; at <= TINYML_CONV_OUTPUT_OFFSET; at++) {
		if (p[at] < -offset_max || p[at] > offset_max)
			goto fail;
	}
	status = TINYML_ERR_ACTIVATION;
	at = TINYML_CONV_ACT_MIN;
	if (!(p[TINYML_CONV_ACT_MIN] >= -act_max - 1 && p[TINYML_CONV_ACT_MIN] <= p[TINYML_CONV_ACT_MAX] && p[TINYML_CONV_ACT_MAX] <= act_max))
		goto fail;
	status = TINYML_ERR_SHIFT;
	at = SHIFTS;
	if (!tinyml_shifts_ok(p, TINYML_CONV_HEADER + (size_t)p[TINYML_CONV_OUT_C], (size_t)p[TINYML_CONV_OUT_C]))
		goto fail;
	/* (Channels are below 2^30: two bytes a value for 16x8 keeps the innermost count within int32.) */
	status = tinyml_buffer_ok(input_bytes, p[TINYML_CONV_BATCHES], p[TINYML_CONV_IN_H], p[TINYML_CONV_IN_W], p[TINYML_CONV_IN_C] << wide, "input", field);
	if (status != TINYML_OK)
		return status;
	/* A conv's filter is [OUT_C, K_H, K_W, FILTER_C], a depthwise conv's [1, K_H, K_W, OUT_C]. */
	status = tinyml_buffer_ok(filter_bytes, depthwise ? 1 : p[TINYML_CONV_OUT_C], p[TINYML_CONV_K_H], p[TINYML_CONV_K_W],
		p[depthwise ? TINYML_CONV_OUT_C : TINYML_CONV_FILTER_C], "filter", field);
	if (status != TINYML_OK)
		return status;
	/* (OUT_C < 2^30: 4 * OUT_C fits a size_t.) */
	status = TINYML_ERR_SIZE;
	at = BIAS;
	if (bias_bytes != TINYML_NO_BIAS && bias_bytes != 4 * (size_t)p[TINYML_CONV_OUT_C])
		goto fail;
	return tinyml_buffer_ok(output_bytes, p[TINYML_CONV_BATCHES], p[TINYML_CONV_OUT_H], p[TINYML_CONV_OUT_W], p[TINYML_CONV_OUT_C] << wide, "output", field);
fail:
	return tinyml_fail(status, field, names[at]);
}

#if defined(__GNUC__)
__attribute__((noinline))
#endif
TINYML_COLD tinyml_status tinyml_buffer_ok(size_t bytes, int32_t a, int32_t b, int32_t c, int32_t d, const char* name, const char** field)
{
	int ok = 1;
	const uint64_t size = tinyml_size4(a, b, c, d, &ok);
	if (!ok)
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, name);
	return tinyml_bytes_are(bytes, size) ? TINYML_OK : tinyml_fail(TINYML_ERR_SIZE, field, name);
}

TINYML_COLD tinyml_status tinyml_conv_2d_int8_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field)
{
	const tinyml_status status = tinyml_conv_window_validate(p, params_count, input_bytes, filter_bytes, bias_bytes, output_bytes, 0, field);
	if (status != TINYML_OK)
		return status;
	return tinyml_scratch_ok(scratch_bytes, tinyml_conv_2d_int8_scratch_bytes(p), field);
}

/* The DSP path's scratch; where it declines the layer, none (the portable loop), or TINYML_UNSUPPORTED_LAYER in builds without that loop (tinyml_variants.h). */
TINYML_COLD size_t tinyml_conv_2d_int8_scratch_bytes(const int32_t* p)
{
#if defined(TINYML_ARM_DSP)
	const size_t bytes = tinyml_arm_conv_2d_scratch_bytes(p);
	return bytes == 0 && !TINYML_VARIANT_CONV_GENERAL ? TINYML_UNSUPPORTED_LAYER : bytes;
#else
	TINYML_SCRATCH_BYTES(p, 0);
#endif
}

int tinyml_conv_2d_int8_is_pointwise(const int32_t* p)
{
	return p[TINYML_CONV_K_H] == 1 && p[TINYML_CONV_K_W] == 1
		&& p[TINYML_CONV_STRIDE_H] == 1 && p[TINYML_CONV_STRIDE_W] == 1
		&& p[TINYML_CONV_DILATION_H] == 1 && p[TINYML_CONV_DILATION_W] == 1
		&& p[TINYML_CONV_PAD_H] == 0 && p[TINYML_CONV_PAD_W] == 0
		&& p[TINYML_CONV_OUT_H] == p[TINYML_CONV_IN_H] && p[TINYML_CONV_OUT_W] == p[TINYML_CONV_IN_W]
		&& p[TINYML_CONV_FILTER_C] == p[TINYML_CONV_IN_C];
}

#if !defined(TINYML_ARM_DSP)
/*
 * Pointwise: every pixel's channels times the [OUT_C, IN_C] filter matrix, four output channels at
 * a time. (With the Arm DSP paths, their 1x1 path takes every pointwise layer given its scratch.)
 */
static void conv_pointwise(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int8_t* restrict output)
{
	const int32_t in_c = p[TINYML_CONV_IN_C], out_c = p[TINYML_CONV_OUT_C];
	const int32_t input_offset = p[TINYML_CONV_INPUT_OFFSET], output_offset = p[TINYML_CONV_OUTPUT_OFFSET];
	const int32_t act_min = p[TINYML_CONV_ACT_MIN], act_max = p[TINYML_CONV_ACT_MAX];
	const int32_t* restrict mult = p + TINYML_CONV_HEADER;
	const int32_t* restrict shift = mult + out_c;
	const size_t pixels = (size_t)p[TINYML_CONV_BATCHES] * (size_t)p[TINYML_CONV_IN_H] * (size_t)p[TINYML_CONV_IN_W];
	size_t px;
	for (px = 0; px < pixels; px++) {
		const int8_t* restrict x = input + px * (size_t)in_c;
		int8_t* restrict y = output + px * (size_t)out_c;
		int32_t oc = 0;
		for (; oc + 4 <= out_c; oc += 4) {
			const int8_t* restrict f0 = filter + (size_t)oc * (size_t)in_c;
			const int8_t* restrict f1 = f0 + in_c;
			const int8_t* restrict f2 = f1 + in_c;
			const int8_t* restrict f3 = f2 + in_c;
			uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
			int32_t c;
			for (c = 0; c < in_c; c++) {
				const int32_t xv = x[c] + input_offset;
				a0 += (uint32_t)(f0[c] * xv);
				a1 += (uint32_t)(f1[c] * xv);
				a2 += (uint32_t)(f2[c] * xv);
				a3 += (uint32_t)(f3[c] * xv);
			}
			if (bias) {
				a0 += (uint32_t)bias[oc];
				a1 += (uint32_t)bias[oc + 1];
				a2 += (uint32_t)bias[oc + 2];
				a3 += (uint32_t)bias[oc + 3];
			}
			y[oc] = tinyml_requantize_int8(a0, mult[oc], shift[oc], output_offset, act_min, act_max);
			y[oc + 1] = tinyml_requantize_int8(a1, mult[oc + 1], shift[oc + 1], output_offset, act_min, act_max);
			y[oc + 2] = tinyml_requantize_int8(a2, mult[oc + 2], shift[oc + 2], output_offset, act_min, act_max);
			y[oc + 3] = tinyml_requantize_int8(a3, mult[oc + 3], shift[oc + 3], output_offset, act_min, act_max);
		}
		for (; oc < out_c; oc++) {
			uint32_t acc = tinyml_dot_offset(filter + (size_t)oc * (size_t)in_c, x, (size_t)in_c, input_offset);
			if (bias)
				acc += (uint32_t)bias[oc];
			y[oc] = tinyml_requantize_int8(acc, mult[oc], shift[oc], output_offset, act_min, act_max);
		}
	}
}
#endif

void tinyml_conv_2d_int8_general(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int8_t* restrict output)
{
	const int32_t batches = p[TINYML_CONV_BATCHES], in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t out_h = p[TINYML_CONV_OUT_H], out_w = p[TINYML_CONV_OUT_W], out_c = p[TINYML_CONV_OUT_C];
	const int32_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W];
	const int32_t stride_h = p[TINYML_CONV_STRIDE_H], stride_w = p[TINYML_CONV_STRIDE_W];
	const int32_t dil_h = p[TINYML_CONV_DILATION_H], dil_w = p[TINYML_CONV_DILATION_W];
	const int32_t pad_h = p[TINYML_CONV_PAD_H], pad_w = p[TINYML_CONV_PAD_W];
	const int32_t input_offset = p[TINYML_CONV_INPUT_OFFSET], output_offset = p[TINYML_CONV_OUTPUT_OFFSET];
	const int32_t act_min = p[TINYML_CONV_ACT_MIN], act_max = p[TINYML_CONV_ACT_MAX];
	const int32_t filter_c = p[TINYML_CONV_FILTER_C];
	const int32_t per_group = out_c / (in_c / filter_c);
	const int32_t* restrict mult = p + TINYML_CONV_HEADER;
	const int32_t* restrict shift = mult + out_c;
	const size_t in_row = (size_t)in_w * (size_t)in_c;
	const size_t filter_row = (size_t)k_w * (size_t)filter_c;
	const size_t filter_oc = (size_t)k_h * filter_row;
	/* With no dilation across x and one group, a window row is one contiguous run in input and filter. */
	const int contiguous = dil_w == 1 && filter_c == in_c;
	int8_t* restrict y = output;
	int32_t b, oy, ox, oc;
	for (b = 0; b < batches; b++) {
		const int8_t* restrict in_b = input + (size_t)b * (size_t)in_h * in_row;
		for (oy = 0; oy < out_h; oy++) {
			const int32_t iy0 = oy * stride_h - pad_h;
			int32_t fy0, fy1;
			tinyml_tap_range(iy0, dil_h, in_h, k_h, &fy0, &fy1);
			for (ox = 0; ox < out_w; ox++) {
				const int32_t ix0 = ox * stride_w - pad_w;
				int32_t fx0, fx1;
				tinyml_tap_range(ix0, dil_w, in_w, k_w, &fx0, &fx1);
				for (oc = 0; oc < out_c; oc++) {
					const int8_t* restrict in_g = in_b + (size_t)(oc / per_group) * (size_t)filter_c;
					const int8_t* restrict f_oc = filter + (size_t)oc * filter_oc;
					uint32_t acc = 0;
					int32_t fy, fx;
					for (fy = fy0; fy < fy1; fy++) {
						const int8_t* restrict x_row = in_g + (size_t)(iy0 + dil_h * fy) * in_row;
						const int8_t* restrict f_row = f_oc + (size_t)fy * filter_row;
						if (contiguous) {
							acc += tinyml_dot_offset(f_row + (size_t)fx0 * (size_t)filter_c, x_row + (size_t)(ix0 + fx0) * (size_t)in_c,
								(size_t)(fx1 - fx0) * (size_t)filter_c, input_offset);
						}
						else {
							for (fx = fx0; fx < fx1; fx++)
								acc += tinyml_dot_offset(f_row + (size_t)fx * (size_t)filter_c, x_row + (size_t)(ix0 + dil_w * fx) * (size_t)in_c,
									(size_t)filter_c, input_offset);
						}
					}
					if (bias)
						acc += (uint32_t)bias[oc];
					*y++ = (int8_t)tinyml_requantize_int8_call(acc, mult[oc], shift[oc], output_offset, act_min, act_max);
				}
			}
		}
	}
}

void tinyml_conv_2d_int8(const int32_t* p, const int8_t* input, const int8_t* filter, const int32_t* bias, int8_t* output, void* scratch)
{
#if defined(TINYML_ARM_DSP)
	/* (Without the conv_general variant, validation refused the layers the DSP path declines.) */
	if (tinyml_arm_conv_2d_int8(p, input, filter, bias, output, scratch) || !TINYML_VARIANT_CONV_GENERAL)
		return;
#else
	(void)scratch;
	if (tinyml_conv_2d_int8_is_pointwise(p)) {
		conv_pointwise(p, input, filter, bias, output);
		return;
	}
#endif
	tinyml_conv_2d_int8_general(p, input, filter, bias, output);
}

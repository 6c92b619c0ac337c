/*
 * tinyml-xs native kernel: CONV_2D 16x8 (int16 activations, int8 per-channel filters, groups,
 * dilation), the same arithmetic as conv2dInt16 in src/kernels/portable/conv_2d.ts.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"
#include "arm/conv_16x8_dsp.h"

TINYML_COLD tinyml_status tinyml_conv_2d_int16_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field)
{
	tinyml_status status = tinyml_conv_window_validate(p, params_count, input_bytes, filter_bytes, TINYML_NO_BIAS, output_bytes, TINYML_WINDOW_16X8, field);
	if (status == TINYML_OK)
		status = tinyml_16x8_ok(p, TINYML_CONV_HEADER, (size_t)p[TINYML_CONV_OUT_C], bias_bytes, (uint64_t)p[TINYML_CONV_OUT_C], field);
	if (status == TINYML_OK && scratch_bytes < tinyml_conv_2d_int16_scratch_bytes(p))
		return tinyml_fail(TINYML_ERR_SIZE, field, "scratch");
	return status;
}

TINYML_COLD size_t tinyml_conv_2d_int16_scratch_bytes(const int32_t* p)
{
	TINYML_SCRATCH_BYTES(p, tinyml_arm_conv_16x8_scratch_bytes(p));
}

#if defined(TINYML_ARM_DSP)
void tinyml_arm_rows_16x8(const int8_t* f, const int16_t* x, int32_t depth, int32_t c0, int32_t n, const tinyml_arm_out_16x8* q, int16_t* y)
{
	const int32_t* restrict bias = q->bias;
	const int32_t* restrict mult = q->mult;
	const int32_t* restrict shift = q->shift;
	const int wide = q->wide;
	const int32_t per_channel = q->per_channel ? -1 : 0; /* a mask: channel c's multiplier, or the only one */
	const int32_t act_min = q->act_min, act_max = q->act_max;
	int32_t oc, j;
	for (oc = 0; oc < n; oc += 4) {
		int64_t acc[4] = { q->start, q->start, q->start, q->start };
		const int32_t m = n - oc < 4 ? n - oc : 4;
		const int8_t* fr = f + (size_t)oc * (size_t)depth;
		if (m == 4)
			tinyml_arm_dot4_16x8(fr, depth, x, depth, acc);
		else
			for (j = 0; j < m; j++)
				tinyml_arm_dot1_16x8(fr + (size_t)j * (size_t)depth, x, depth, acc + j);
		for (j = 0; j < m; j++) {
			const int32_t c = c0 + oc + j, k = c & per_channel;
			y[oc + j] = tinyml_requantize_16x8(acc[j], bias, wide, c, mult[k], shift[k], act_min, act_max);
		}
	}
}
#else
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void conv_16x8_portable(const int32_t* restrict p, const int16_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int16_t* restrict output)
{
	const int32_t batches = p[TINYML_CONV_BATCHES], in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t out_h = p[TINYML_CONV_OUT_H], out_w = p[TINYML_CONV_OUT_W], out_c = p[TINYML_CONV_OUT_C];
	const int32_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W];
	const int32_t stride_h = p[TINYML_CONV_STRIDE_H], stride_w = p[TINYML_CONV_STRIDE_W];
	const int32_t dil_h = p[TINYML_CONV_DILATION_H], dil_w = p[TINYML_CONV_DILATION_W];
	const int32_t pad_h = p[TINYML_CONV_PAD_H], pad_w = p[TINYML_CONV_PAD_W];
	const int32_t act_min = p[TINYML_CONV_ACT_MIN], act_max = p[TINYML_CONV_ACT_MAX];
	const int32_t filter_c = p[TINYML_CONV_FILTER_C];
	const int32_t per_group = out_c / (in_c / filter_c);
	const int32_t* restrict mult = p + TINYML_CONV_HEADER;
	const int32_t* restrict shift = mult + out_c;
	const int wide = p[tinyml_16x8_accumulator(TINYML_CONV_HEADER, (size_t)out_c)];
	const size_t in_row = (size_t)in_w * (size_t)in_c;
	const size_t filter_row = (size_t)k_w * (size_t)filter_c;
	int16_t* restrict y = output;
	int32_t b, oy, ox, oc, fy, fx;
	for (b = 0; b < batches; b++) {
		const int16_t* restrict in_b = input + (size_t)b * (size_t)in_h * in_row;
		for (oy = 0; oy < out_h; oy++) {
			const int32_t iy0 = oy * stride_h - pad_h;
			int32_t fy0, fy1;
			tinyml_tap_range(iy0, dil_h, in_h, k_h, &fy0, &fy1);
			for (ox = 0; ox < out_w; ox++) {
				const int32_t ix0 = ox * stride_w - pad_w;
				int32_t fx0, fx1;
				tinyml_tap_range(ix0, dil_w, in_w, k_w, &fx0, &fx1);
				for (oc = 0; oc < out_c; oc++) {
					const int16_t* restrict in_g = in_b + (size_t)(oc / per_group) * (size_t)filter_c;
					const int8_t* restrict f_oc = filter + (size_t)oc * (size_t)k_h * filter_row;
					int64_t acc = 0;
					for (fy = fy0; fy < fy1; fy++) {
						for (fx = fx0; fx < fx1; fx++)
							acc += tinyml_dot_16x8(f_oc + (size_t)fy * filter_row + (size_t)fx * (size_t)filter_c,
								in_g + (size_t)(iy0 + dil_h * fy) * in_row + (size_t)(ix0 + dil_w * fx) * (size_t)in_c, (size_t)filter_c);
					}
					*y++ = tinyml_requantize_16x8(acc, bias, wide, oc, mult[oc], shift[oc], act_min, act_max);
				}
			}
		}
	}
}

#endif

/* The DSP path covers every convolution (group by group); the portable one is compiled only without it. */
void tinyml_conv_2d_int16(const int32_t* p, const int16_t* input, const int8_t* filter, const int32_t* bias, int16_t* output, void* scratch)
{
#if defined(TINYML_ARM_DSP)
	tinyml_arm_conv_2d_int16(p, input, filter, bias, output, scratch);
#else
	(void)scratch;
	conv_16x8_portable(p, input, filter, bias, output);
#endif
}

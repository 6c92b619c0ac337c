/*
 * tinyml-xs native kernel: DEPTHWISE_CONV_2D 16x8 (int16 activations, int8 per-channel filters,
 * depth multiplier, dilation), the same arithmetic as depthwiseConv2dInt16 in
 * src/kernels/portable/depthwise_conv_2d.ts.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"
#include "arm/conv_16x8_dsp.h"

TINYML_COLD tinyml_status tinyml_depthwise_conv_2d_int16_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field)
{
	tinyml_status status = tinyml_conv_window_validate(p, params_count, input_bytes, filter_bytes, TINYML_NO_BIAS, output_bytes,
		TINYML_WINDOW_DEPTHWISE | TINYML_WINDOW_16X8, field);
	if (status == TINYML_OK)
		status = tinyml_16x8_ok(p, TINYML_CONV_HEADER, (size_t)p[TINYML_CONV_OUT_C], bias_bytes, (uint64_t)p[TINYML_CONV_OUT_C], field);
	if (status == TINYML_OK && scratch_bytes < tinyml_depthwise_conv_2d_int16_scratch_bytes(p))
		return tinyml_fail(TINYML_ERR_SIZE, field, "scratch");
	return status;
}

TINYML_COLD size_t tinyml_depthwise_conv_2d_int16_scratch_bytes(const int32_t* p)
{
	/* None: the Arm DSP path reads its taps in place. */
	(void)p;
	return 0;
}

#if !defined(TINYML_ARM_DSP)
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void depthwise_conv_16x8_portable(const int32_t* restrict p, const int16_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int16_t* restrict output)
{
	const int32_t batches = p[TINYML_CONV_BATCHES], in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t out_h = p[TINYML_CONV_OUT_H], out_w = p[TINYML_CONV_OUT_W], out_c = p[TINYML_CONV_OUT_C];
	const int32_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W];
	const int32_t stride_h = p[TINYML_CONV_STRIDE_H], stride_w = p[TINYML_CONV_STRIDE_W];
	const int32_t dil_h = p[TINYML_CONV_DILATION_H], dil_w = p[TINYML_CONV_DILATION_W];
	const int32_t pad_h = p[TINYML_CONV_PAD_H], pad_w = p[TINYML_CONV_PAD_W];
	const int32_t act_min = p[TINYML_CONV_ACT_MIN], act_max = p[TINYML_CONV_ACT_MAX];
	const int32_t dm = p[TINYML_CONV_DEPTH_MULTIPLIER];
	const int32_t* restrict mult = p + TINYML_CONV_HEADER;
	const int32_t* restrict shift = mult + out_c;
	const int wide = p[tinyml_16x8_accumulator(TINYML_CONV_HEADER, (size_t)out_c)];
	const size_t in_row = (size_t)in_w * (size_t)in_c;
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
					const int16_t* restrict x_c = in_b + (size_t)(oc / dm);
					int64_t acc = 0;
					for (fy = fy0; fy < fy1; fy++) {
						const int16_t* restrict x_row = x_c + (size_t)(iy0 + dil_h * fy) * in_row;
						const int8_t* restrict f_row = filter + (size_t)fy * (size_t)k_w * (size_t)out_c + (size_t)oc;
						for (fx = fx0; fx < fx1; fx++)
							acc += f_row[(size_t)fx * (size_t)out_c] * x_row[(size_t)(ix0 + dil_w * fx) * (size_t)in_c];
					}
					*y++ = tinyml_requantize_16x8(acc, bias, wide, oc, mult[oc], shift[oc], act_min, act_max);
				}
			}
		}
	}
}
#endif

/* The DSP path covers every depthwise convolution; the portable one is compiled only without it. */
void tinyml_depthwise_conv_2d_int16(const int32_t* p, const int16_t* input, const int8_t* filter, const int32_t* bias, int16_t* output, void* scratch)
{
	(void)scratch;
#if defined(TINYML_ARM_DSP)
	tinyml_arm_depthwise_conv_2d_int16(p, input, filter, bias, output);
#else
	depthwise_conv_16x8_portable(p, input, filter, bias, output);
#endif
}

/*
 * tinyml-xs native kernel: DEPTHWISE_CONV_2D int8 (per-channel requantization, depth multiplier,
 * dilation), the same arithmetic as src/kernels/portable/depthwise_conv_2d.ts.
 *
 * Output channels are processed in blocks of TINYML_DW_BLOCK with their accumulators on the stack,
 * so the innermost loop walks contiguous filter taps and input channels.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"
#include "arm/depthwise_conv_2d_dsp.h"

#define TINYML_DW_BLOCK 64

TINYML_COLD tinyml_status tinyml_depthwise_conv_2d_int8_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field)
{
	const tinyml_status status = tinyml_conv_window_validate(p, params_count, input_bytes, filter_bytes, bias_bytes, output_bytes, 1, field);
	if (status != TINYML_OK)
		return status;
	return tinyml_scratch_ok(scratch_bytes, tinyml_depthwise_conv_2d_int8_scratch_bytes(p), field);
}

TINYML_COLD size_t tinyml_depthwise_conv_2d_int8_scratch_bytes(const int32_t* p)
{
	TINYML_SCRATCH_BYTES(p, tinyml_arm_dw_scratch(p));
}

#if !defined(TINYML_ARM_DSP)
/* Every layer where there are no Arm DSP paths (with them, their path takes every layer). */
static void depthwise_portable(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
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
	const int32_t dm = p[TINYML_CONV_DEPTH_MULTIPLIER];
	const int32_t* restrict mult = p + TINYML_CONV_HEADER;
	const int32_t* restrict shift = mult + out_c;
	const size_t in_row = (size_t)in_w * (size_t)in_c;
	uint32_t acc[TINYML_DW_BLOCK];
	int8_t* restrict y = output;
	int32_t b, oy, ox;
	for (b = 0; b < batches; b++) {
		const int8_t* restrict in_b = input + (size_t)b * (size_t)in_h * in_row;
		for (oy = 0; oy < out_h; oy++) {
			const int32_t iy0 = oy * stride_h - pad_h;
			int32_t fy0, fy1;
			tinyml_tap_range(iy0, dil_h, in_h, k_h, &fy0, &fy1);
			for (ox = 0; ox < out_w; ox++) {
				const int32_t ix0 = ox * stride_w - pad_w;
				int32_t fx0, fx1, oc0;
				tinyml_tap_range(ix0, dil_w, in_w, k_w, &fx0, &fx1);
				for (oc0 = 0; oc0 < out_c; oc0 += TINYML_DW_BLOCK) {
					const int32_t n = out_c - oc0 < TINYML_DW_BLOCK ? out_c - oc0 : TINYML_DW_BLOCK;
					int32_t j, fy, fx;
					if (bias) {
						for (j = 0; j < n; j++)
							acc[j] = (uint32_t)bias[oc0 + j];
					}
					else {
						for (j = 0; j < n; j++)
							acc[j] = 0;
					}
					for (fy = fy0; fy < fy1; fy++) {
						const int8_t* restrict x_row = in_b + (size_t)(iy0 + dil_h * fy) * in_row;
						const int8_t* restrict f_row = filter + (size_t)fy * (size_t)k_w * (size_t)out_c + (size_t)oc0;
						for (fx = fx0; fx < fx1; fx++) {
							const int8_t* restrict x = x_row + (size_t)(ix0 + dil_w * fx) * (size_t)in_c;
							const int8_t* restrict f = f_row + (size_t)fx * (size_t)out_c;
							if (dm == 1) {
								const int8_t* restrict xb = x + oc0;
								for (j = 0; j < n; j++)
									acc[j] += (uint32_t)(f[j] * (xb[j] + input_offset));
							}
							else {
								int32_t ic = oc0 / dm, m = oc0 % dm;
								int32_t xv = x[ic] + input_offset;
								for (j = 0; j < n; j++) {
									acc[j] += (uint32_t)(f[j] * xv);
									if (++m == dm && j + 1 < n) {
										m = 0;
										xv = x[++ic] + input_offset;
									}
								}
							}
						}
					}
					for (j = 0; j < n; j++)
						y[oc0 + j] = tinyml_requantize_int8(acc[j], mult[oc0 + j], shift[oc0 + j], output_offset, act_min, act_max);
				}
				y += out_c;
			}
		}
	}
}
#endif

void tinyml_depthwise_conv_2d_int8(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int8_t* restrict output, void* restrict scratch)
{
#if defined(TINYML_ARM_DSP)
	tinyml_arm_depthwise_conv_2d_int8(p, input, filter, bias, output, scratch);
#else
	(void)scratch;
	depthwise_portable(p, input, filter, bias, output);
#endif
}

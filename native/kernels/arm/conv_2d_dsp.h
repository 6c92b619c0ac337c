/*
 * tinyml-xs Arm DSP kernel: CONV_2D int8 (internal header, included by conv_2d.c).
 *
 * Two output pixels at a time: each pixel's receptive field is gathered (im2col, int8, padding
 * filled with -input_offset so that it contributes nothing), expanded once to int16 with the input
 * offset added, and multiplied by the filter two output channels at a time (tinyml_arm_mm.h: four
 * accumulators, SXTB16 + SMLAD). A 1x1 stride-1 unpadded convolution needs no gathering: each
 * pixel's channels are expanded directly. Grouped convolutions and receptive fields beyond
 * TINYML_ARM_CONV_MAX_K values run the portable path.
 */
#ifndef TINYML_ARM_CONV_2D_H
#define TINYML_ARM_CONV_2D_H

#include "tinyml_arm_mm.h"

#if defined(TINYML_ARM_DSP)

/* Largest receptive field (K_H * K_W * IN_C) of the DSP path: its stack buffers take 3 * K bytes. */
#ifndef TINYML_ARM_CONV_MAX_K
#define TINYML_ARM_CONV_MAX_K 512
#endif

static inline void tinyml_fill8(int8_t* restrict d, int8_t v, int32_t n)
{
	int32_t i;
	for (i = 0; i < n; i++)
		d[i] = v;
}

static inline void tinyml_copy8(int8_t* restrict d, const int8_t* restrict s, int32_t n)
{
	int32_t i = 0;
	for (; i + 4 <= n; i += 4)
		tinyml_st32(d + i, tinyml_ld32(s + i));
	for (; i < n; i++)
		d[i] = s[i];
}

/* The receptive field of output pixel (oy, ox) of batch image `in_b`, as K int8 values. */
static void tinyml_conv_gather(const int32_t* restrict p, const int8_t* restrict in_b, int32_t oy, int32_t ox, int8_t pad, int8_t* restrict d)
{
	const int32_t in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W];
	const int32_t dil_h = p[TINYML_CONV_DILATION_H], dil_w = p[TINYML_CONV_DILATION_W];
	const int32_t iy0 = oy * p[TINYML_CONV_STRIDE_H] - p[TINYML_CONV_PAD_H];
	const int32_t ix0 = ox * p[TINYML_CONV_STRIDE_W] - p[TINYML_CONV_PAD_W];
	const int32_t row = k_w * in_c;
	int32_t fy, fx, fx0, fx1;
	tinyml_tap_range(ix0, dil_w, in_w, k_w, &fx0, &fx1);
	for (fy = 0; fy < k_h; fy++, d += row) {
		const int32_t iy = iy0 + fy * dil_h;
		const int8_t* restrict x;
		if (iy < 0 || iy >= in_h || fx0 >= fx1) {
			tinyml_fill8(d, pad, row);
			continue;
		}
		x = in_b + ((size_t)iy * (size_t)in_w) * (size_t)in_c;
		tinyml_fill8(d, pad, fx0 * in_c);
		if (dil_w == 1) {
			tinyml_copy8(d + fx0 * in_c, x + (size_t)(ix0 + fx0) * (size_t)in_c, (fx1 - fx0) * in_c);
		}
		else {
			for (fx = fx0; fx < fx1; fx++)
				tinyml_copy8(d + fx * in_c, x + (size_t)(ix0 + fx * dil_w) * (size_t)in_c, in_c);
		}
		tinyml_fill8(d + fx1 * in_c, pad, (k_w - fx1) * in_c);
	}
}

static int tinyml_arm_conv_2d_int8(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int8_t* restrict output)
{
	const int32_t batches = p[TINYML_CONV_BATCHES], in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t out_h = p[TINYML_CONV_OUT_H], out_w = p[TINYML_CONV_OUT_W], out_c = p[TINYML_CONV_OUT_C];
	const int32_t input_offset = p[TINYML_CONV_INPUT_OFFSET];
	const int pointwise = tinyml_conv_2d_int8_is_pointwise(p);
	int64_t k64 = (int64_t)p[TINYML_CONV_K_H] * p[TINYML_CONV_K_W] * in_c;
	uint32_t buf[TINYML_ARM_CONV_MAX_K];
	int8_t gather[2][TINYML_ARM_CONV_MAX_K];
	tinyml_mm mm;
	int32_t b, px, pixels;
	if (p[TINYML_CONV_FILTER_C] != in_c || k64 > TINYML_ARM_CONV_MAX_K)
		return 0;
	/* Padding is gathered as -input_offset, which must be an int8. */
	if (!pointwise && (input_offset < -127 || input_offset > 128))
		return 0;
	mm.filter = filter;
	mm.k = (int32_t)k64;
	mm.out_c = out_c;
	mm.bias = bias;
	mm.mult = p + TINYML_CONV_HEADER;
	mm.shift = p + TINYML_CONV_HEADER + out_c;
	mm.per_channel = 1;
	mm.output_offset = p[TINYML_CONV_OUTPUT_OFFSET];
	mm.act_min = p[TINYML_CONV_ACT_MIN];
	mm.act_max = p[TINYML_CONV_ACT_MAX];
	tinyml_mm_prepare(&mm, input_offset);
	pixels = out_h * out_w;
	for (b = 0; b < batches; b++) {
		const int8_t* restrict in_b = input + (size_t)b * (size_t)in_h * (size_t)in_w * (size_t)in_c;
		int8_t* restrict out_b = output + (size_t)b * (size_t)pixels * (size_t)out_c;
		for (px = 0; px < pixels; px += 2) {
			const int32_t pb = px + 1 < pixels ? px + 1 : px;
			const int8_t *xa, *xb;
			if (pointwise) {
				xa = in_b + (size_t)px * (size_t)in_c;
				xb = in_b + (size_t)pb * (size_t)in_c;
			}
			else {
				tinyml_conv_gather(p, in_b, px / out_w, px % out_w, (int8_t)-input_offset, gather[0]);
				tinyml_conv_gather(p, in_b, pb / out_w, pb % out_w, (int8_t)-input_offset, gather[1]);
				xa = gather[0];
				xb = gather[1];
			}
			if (pb == px) {
				/* An odd last pixel: one row. */
				tinyml_mm_expand(buf, xa, mm.k, input_offset, 0, 1);
				tinyml_mm_1row(&mm, buf, out_b + (size_t)px * (size_t)out_c);
				continue;
			}
			tinyml_mm_expand(buf, xa, mm.k, input_offset, 0, 2);
			tinyml_mm_expand(buf, xb, mm.k, input_offset, 1, 2);
			tinyml_mm_2rows(&mm, buf, out_b + (size_t)px * (size_t)out_c, out_b + (size_t)pb * (size_t)out_c);
		}
	}
	return 1;
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_CONV_2D_H */

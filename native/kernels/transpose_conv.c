/*
 * tinyml-xs native kernel: TRANSPOSE_CONV 16x8 (int16 activations, int8 per-channel filters, int64
 * sums and bias), the same arithmetic as transposeConvInt16 in src/kernels/portable/transpose_conv.ts:
 * every input pixel scatters input x filter into the outputs its taps reach, then bias,
 * requantization and clamp per output. The int64 sums live in `sums` as (low, high) uint32 words.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"

/* s (low, high words of an int64) += v. The sums are words, not int64_t: the arena keeps 4-byte alignment only on some hosts. */
static void tinyml_add64(uint32_t* s, int32_t v)
{
	const uint32_t lo = s[0] + (uint32_t)v;
	s[1] += (uint32_t)(v < 0 ? -1 : 0) + (lo < s[0]);
	s[0] = lo;
}

TINYML_COLD tinyml_status tinyml_transpose_conv_int16_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t sums_bytes, size_t output_bytes, const char** field)
{
	tinyml_status status = tinyml_conv_window_validate(p, params_count, input_bytes, filter_bytes, TINYML_NO_BIAS, output_bytes,
		TINYML_WINDOW_TRANSPOSE | TINYML_WINDOW_16X8, field);
	if (status == TINYML_OK)
		status = tinyml_16x8_ok(p, TINYML_CONV_HEADER, (size_t)p[TINYML_CONV_OUT_C], bias_bytes, (uint64_t)p[TINYML_CONV_OUT_C], field);
	if (status != TINYML_OK)
		return status;
	if (p[tinyml_16x8_accumulator(TINYML_CONV_HEADER, (size_t)p[TINYML_CONV_OUT_C])] != 1)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params (16x8 accumulator)");
	return tinyml_bytes_are(sums_bytes, 4 * (uint64_t)output_bytes) ? TINYML_OK : tinyml_fail(TINYML_ERR_SIZE, field, "sums");
}

void tinyml_transpose_conv_int16(const int32_t* restrict p, const int16_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, uint32_t* restrict sums, int16_t* restrict output)
{
	const int32_t batches = p[TINYML_CONV_BATCHES], in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t out_h = p[TINYML_CONV_OUT_H], out_w = p[TINYML_CONV_OUT_W], out_c = p[TINYML_CONV_OUT_C];
	const int32_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W];
	const int32_t stride_h = p[TINYML_CONV_STRIDE_H], stride_w = p[TINYML_CONV_STRIDE_W];
	const int32_t pad_h = p[TINYML_CONV_PAD_H], pad_w = p[TINYML_CONV_PAD_W];
	const int32_t act_min = p[TINYML_CONV_ACT_MIN], act_max = p[TINYML_CONV_ACT_MAX];
	const int32_t* restrict mult = p + TINYML_CONV_HEADER;
	const int32_t* restrict shift = mult + out_c;
	const size_t n = (size_t)batches * (size_t)out_h * (size_t)out_w * (size_t)out_c;
	const size_t filter_oc = (size_t)k_h * (size_t)k_w * (size_t)in_c;
	size_t i;
	int32_t b, iy, ix, ic, fy, fx, oc;
	for (i = 0; i < 2 * n; i++)
		sums[i] = 0;
	for (b = 0; b < batches; b++) {
		for (iy = 0; iy < in_h; iy++) {
			for (ix = 0; ix < in_w; ix++) {
				const int16_t* restrict x = input + (((size_t)b * (size_t)in_h + (size_t)iy) * (size_t)in_w + (size_t)ix) * (size_t)in_c;
				for (fy = 0; fy < k_h; fy++) {
					const int32_t oy = iy * stride_h - pad_h + fy;
					if (oy < 0 || oy >= out_h)
						continue;
					for (fx = 0; fx < k_w; fx++) {
						const int32_t ox = ix * stride_w - pad_w + fx;
						uint32_t* restrict s;
						const int8_t* restrict f;
						if (ox < 0 || ox >= out_w)
							continue;
						s = sums + 2 * ((((size_t)b * (size_t)out_h + (size_t)oy) * (size_t)out_w + (size_t)ox) * (size_t)out_c);
						f = filter + ((size_t)fy * (size_t)k_w + (size_t)fx) * (size_t)in_c;
						for (oc = 0; oc < out_c; oc++, f += filter_oc, s += 2) {
							/* Products of at most 2^22 in magnitude: summed in int32 256 at a time. */
							for (ic = 0; ic < in_c;) {
								const int32_t end = in_c - ic > 256 ? ic + 256 : in_c;
								int32_t dot = 0;
								for (; ic < end; ic++)
									dot += f[ic] * x[ic];
								tinyml_add64(s, dot);
							}
						}
					}
				}
			}
		}
	}
	for (i = 0, oc = 0; i < n; i++, oc = oc + 1 == out_c ? 0 : oc + 1)
		output[i] = tinyml_requantize_16x8((int64_t)(((uint64_t)sums[2 * i + 1] << 32) | sums[2 * i]), bias, 1, oc, mult[oc], shift[oc], act_min, act_max);
}

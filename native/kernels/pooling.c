/*
 * tinyml-xs native kernels: AVERAGE_POOL_2D and MAX_POOL_2D int8, the same arithmetic and rounding
 * as src/kernels/portable/pooling.ts.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "arm/pooling_dsp.h"

/* Largest window (clipped to the input) whose int8 sum, plus rounding, stays within int32. */
#define TINYML_POOL_MAX_WINDOW (1 << 23)

TINYML_COLD tinyml_status tinyml_pooling_int8_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t output_bytes, size_t scratch_bytes, const char** field)
{
	static const struct { int index; const char* name; } dims[] = {
		{ TINYML_POOL_BATCHES, "params[BATCHES]" }, { TINYML_POOL_IN_H, "params[IN_H]" },
		{ TINYML_POOL_IN_W, "params[IN_W]" }, { TINYML_POOL_CHANNELS, "params[CHANNELS]" },
		{ TINYML_POOL_OUT_H, "params[OUT_H]" }, { TINYML_POOL_OUT_W, "params[OUT_W]" },
		{ TINYML_POOL_FILTER_H, "params[FILTER_H]" }, { TINYML_POOL_FILTER_W, "params[FILTER_W]" },
	};
	size_t i;
	int ok = 1;
	uint64_t size;
	int32_t wh, ww;
	if (p == NULL || params_count < TINYML_POOL_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	for (i = 0; i < sizeof(dims) / sizeof(dims[0]); i++) {
		if (!tinyml_dim_ok(p[dims[i].index]))
			return tinyml_fail(TINYML_ERR_DIMENSION, field, dims[i].name);
	}
	if (p[TINYML_POOL_STRIDE_H] < 1 || p[TINYML_POOL_STRIDE_H] > TINYML_MAX_DIM)
		return tinyml_fail(TINYML_ERR_STRIDE, field, "params[STRIDE_H]");
	if (p[TINYML_POOL_STRIDE_W] < 1 || p[TINYML_POOL_STRIDE_W] > TINYML_MAX_DIM)
		return tinyml_fail(TINYML_ERR_STRIDE, field, "params[STRIDE_W]");
	if (p[TINYML_POOL_PAD_H] < 0 || p[TINYML_POOL_PAD_H] > TINYML_MAX_PAD)
		return tinyml_fail(TINYML_ERR_PADDING, field, "params[PAD_H]");
	if (p[TINYML_POOL_PAD_W] < 0 || p[TINYML_POOL_PAD_W] > TINYML_MAX_PAD)
		return tinyml_fail(TINYML_ERR_PADDING, field, "params[PAD_W]");
	if (!tinyml_extent_ok(p[TINYML_POOL_OUT_H], p[TINYML_POOL_STRIDE_H], p[TINYML_POOL_FILTER_H], 1))
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, "params[OUT_H]");
	if (!tinyml_extent_ok(p[TINYML_POOL_OUT_W], p[TINYML_POOL_STRIDE_W], p[TINYML_POOL_FILTER_W], 1))
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, "params[OUT_W]");
	wh = p[TINYML_POOL_FILTER_H] < p[TINYML_POOL_IN_H] ? p[TINYML_POOL_FILTER_H] : p[TINYML_POOL_IN_H];
	ww = p[TINYML_POOL_FILTER_W] < p[TINYML_POOL_IN_W] ? p[TINYML_POOL_FILTER_W] : p[TINYML_POOL_IN_W];
	if ((int64_t)wh * ww > TINYML_POOL_MAX_WINDOW)
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, "params[FILTER_H..FILTER_W]");
	if (!tinyml_act_int8_ok(p[TINYML_POOL_ACT_MIN], p[TINYML_POOL_ACT_MAX]))
		return tinyml_fail(TINYML_ERR_ACTIVATION, field, "params[ACT_MIN..ACT_MAX]");
	size = tinyml_size4(p[TINYML_POOL_BATCHES], p[TINYML_POOL_IN_H], p[TINYML_POOL_IN_W], p[TINYML_POOL_CHANNELS], &ok);
	if (!ok)
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, "input");
	if (!tinyml_bytes_are(input_bytes, size))
		return tinyml_fail(TINYML_ERR_SIZE, field, "input");
	size = tinyml_size4(p[TINYML_POOL_BATCHES], p[TINYML_POOL_OUT_H], p[TINYML_POOL_OUT_W], p[TINYML_POOL_CHANNELS], &ok);
	if (!ok)
		return tinyml_fail(TINYML_ERR_OVERFLOW, field, "output");
	if (!tinyml_bytes_are(output_bytes, size))
		return tinyml_fail(TINYML_ERR_SIZE, field, "output");
	if (scratch_bytes < tinyml_pooling_int8_scratch_bytes(p))
		return tinyml_fail(TINYML_ERR_SIZE, field, "scratch");
	return TINYML_OK;
}

TINYML_COLD size_t tinyml_pooling_int8_scratch_bytes(const int32_t* p)
{
	TINYML_SCRATCH_BYTES(p, tinyml_arm_pool_scratch(p));
}

/* The window rows (or columns) [*lo, *hi) of a pool whose origin is `origin`; empty when lo >= hi. */
static void pool_range(int32_t origin, int32_t filter, int32_t size, int32_t* lo, int32_t* hi)
{
	*lo = origin < 0 ? -origin : 0;
	*hi = size - origin < filter ? size - origin : filter;
}

/* Its own function, so that the DSP path's calls do not carry this one's stack frame. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void average_pool_portable(const int32_t* restrict p, const int8_t* restrict input, int8_t* restrict output)
{
	const int32_t batches = p[TINYML_POOL_BATCHES], in_h = p[TINYML_POOL_IN_H], in_w = p[TINYML_POOL_IN_W];
	const int32_t channels = p[TINYML_POOL_CHANNELS], out_h = p[TINYML_POOL_OUT_H], out_w = p[TINYML_POOL_OUT_W];
	const int32_t f_h = p[TINYML_POOL_FILTER_H], f_w = p[TINYML_POOL_FILTER_W];
	const int32_t s_h = p[TINYML_POOL_STRIDE_H], s_w = p[TINYML_POOL_STRIDE_W];
	const int32_t pad_h = p[TINYML_POOL_PAD_H], pad_w = p[TINYML_POOL_PAD_W];
	const int32_t act_min = p[TINYML_POOL_ACT_MIN], act_max = p[TINYML_POOL_ACT_MAX];
	const size_t in_row = (size_t)in_w * (size_t)channels;
	int8_t* restrict y = output;
	int32_t b, oy, ox, c;
	for (b = 0; b < batches; b++) {
		const int8_t* restrict in_b = input + (size_t)b * (size_t)in_h * in_row;
		for (oy = 0; oy < out_h; oy++) {
			const int32_t iy0 = oy * s_h - pad_h;
			int32_t y0, y1;
			pool_range(iy0, f_h, in_h, &y0, &y1);
			for (ox = 0; ox < out_w; ox++) {
				const int32_t ix0 = ox * s_w - pad_w;
				int32_t x0, x1;
				pool_range(ix0, f_w, in_w, &x0, &x1);
				if (y1 <= y0 || x1 <= x0) {
					/* An empty window averages to 0 (as the TypeScript kernel's zero sum does). */
					const int8_t v = (int8_t)(0 < act_min ? act_min : 0 > act_max ? act_max : 0);
					for (c = 0; c < channels; c++)
						*y++ = v;
					continue;
				}
				{
					const int32_t count = (y1 - y0) * (x1 - x0), half = count / 2;
					for (c = 0; c < channels; c++) {
						int32_t acc = 0, v, fy, fx;
						for (fy = y0; fy < y1; fy++) {
							const int8_t* restrict row = in_b + (size_t)(iy0 + fy) * in_row + (size_t)c;
							for (fx = x0; fx < x1; fx++)
								acc += row[(size_t)(ix0 + fx) * (size_t)channels];
						}
						/* Round half away from zero; C99 division truncates toward zero. */
						v = acc > 0 ? (acc + half) / count : (acc - half) / count;
						*y++ = (int8_t)(v < act_min ? act_min : v > act_max ? act_max : v);
					}
				}
			}
		}
	}
}

#if !defined(TINYML_ARM_DSP)
/* (With the Arm DSP paths, their driver takes every max pool.) */
static void max_pool_portable(const int32_t* restrict p, const int8_t* restrict input, int8_t* restrict output)
{
	const int32_t batches = p[TINYML_POOL_BATCHES], in_h = p[TINYML_POOL_IN_H], in_w = p[TINYML_POOL_IN_W];
	const int32_t channels = p[TINYML_POOL_CHANNELS], out_h = p[TINYML_POOL_OUT_H], out_w = p[TINYML_POOL_OUT_W];
	const int32_t f_h = p[TINYML_POOL_FILTER_H], f_w = p[TINYML_POOL_FILTER_W];
	const int32_t s_h = p[TINYML_POOL_STRIDE_H], s_w = p[TINYML_POOL_STRIDE_W];
	const int32_t pad_h = p[TINYML_POOL_PAD_H], pad_w = p[TINYML_POOL_PAD_W];
	const int32_t act_min = p[TINYML_POOL_ACT_MIN], act_max = p[TINYML_POOL_ACT_MAX];
	const size_t in_row = (size_t)in_w * (size_t)channels;
	int8_t* restrict y = output;
	int32_t b, oy, ox, c;
	for (b = 0; b < batches; b++) {
		const int8_t* restrict in_b = input + (size_t)b * (size_t)in_h * in_row;
		for (oy = 0; oy < out_h; oy++) {
			const int32_t iy0 = oy * s_h - pad_h;
			int32_t y0, y1;
			pool_range(iy0, f_h, in_h, &y0, &y1);
			for (ox = 0; ox < out_w; ox++) {
				const int32_t ix0 = ox * s_w - pad_w;
				int32_t x0, x1;
				pool_range(ix0, f_w, in_w, &x0, &x1);
				for (c = 0; c < channels; c++) {
					int32_t m = -128, fy, fx;
					if (y0 < y1 && x0 < x1) {
						for (fy = y0; fy < y1; fy++) {
							const int8_t* restrict row = in_b + (size_t)(iy0 + fy) * in_row + (size_t)c;
							for (fx = x0; fx < x1; fx++) {
								const int32_t v = row[(size_t)(ix0 + fx) * (size_t)channels];
								if (v > m)
									m = v;
							}
						}
					}
					*y++ = (int8_t)(m < act_min ? act_min : m > act_max ? act_max : m);
				}
			}
		}
	}
}

#endif /* !TINYML_ARM_DSP */

void tinyml_average_pool_2d_int8(const int32_t* restrict p, const int8_t* restrict input, int8_t* restrict output, void* restrict scratch)
{
#if defined(TINYML_ARM_DSP)
	if (tinyml_arm_pool_takes_average(p, scratch)) {
		tinyml_arm_pool_2d_int8(p, input, output, scratch, 1);
		return;
	}
#endif
	(void)scratch;
	average_pool_portable(p, input, output);
}

void tinyml_max_pool_2d_int8(const int32_t* restrict p, const int8_t* restrict input, int8_t* restrict output, void* restrict scratch)
{
#if defined(TINYML_ARM_DSP)
	tinyml_arm_pool_2d_int8(p, input, output, scratch, 0);
#else
	(void)scratch;
	max_pool_portable(p, input, output);
#endif
}

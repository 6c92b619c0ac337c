/*
 * tinyml-xs Arm DSP kernel: CONV_2D int8 (internal header, included by conv_2d.c).
 *
 * Two output pixels at a time, multiplied by the filter two output channels at a time
 * (tinyml_arm_mm.h: each pixel's receptive field expanded once to int16 with the input offset
 * added, four accumulators, SXTB16 + SMLAD). When a window row (K_W * IN_C values) is a whole
 * number of groups of four, the receptive field is expanded straight from the input rows
 * (tinyml_conv_gather16: no int8 copy); otherwise it is gathered first (im2col, int8, padding
 * filled with -input_offset so that it contributes nothing). A 1x1 stride-1 unpadded convolution
 * needs no gathering: each pixel's channels are expanded directly. Output channels run in chunks
 * of TINYML_MM_CHUNK, each with its table of requantization constants. The buffers (the two
 * expanded rows, the table, the gathered receptive field) live in the caller's scratch
 * (tinyml_arm_conv_2d_scratch): no limit on the receptive field. Grouped convolutions run the
 * portable path.
 */
#ifndef TINYML_ARM_CONV_2D_H
#define TINYML_ARM_CONV_2D_H

#include "tinyml_arm_mm.h"
#include "../tinyml_variants.h"

#if defined(TINYML_ARM_DSP)

/*
 * The scratch bytes of the DSP path for params p, 0 when it does not take the layer. Layout: the
 * two expanded rows (K words), the table of a chunk's constants at *table_at (16 bytes a channel),
 * the gathered receptive field (K bytes; a window row when rows are expanded in place; none for
 * 1x1) at *gather_at. Once per call: compiled for size (not marked cold: GCC would then take the
 * kernel calling it for cold code too).
 */
static __attribute__((noinline, optimize("Os"))) size_t tinyml_arm_conv_2d_scratch(const int32_t* p, size_t* table_at, size_t* gather_at)
{
	const int32_t in_c = p[TINYML_CONV_IN_C], out_c = p[TINYML_CONV_OUT_C], input_offset = p[TINYML_CONV_INPUT_OFFSET];
	const int pointwise = tinyml_conv_2d_int8_is_pointwise(p);
	const uint64_t row = (uint64_t)p[TINYML_CONV_K_W] * (uint64_t)in_c, k = (uint64_t)p[TINYML_CONV_K_H] * row;
	const uint64_t chunk = out_c < TINYML_MM_CHUNK ? (uint64_t)out_c : TINYML_MM_CHUNK;
	const int direct = TINYML_VARIANT_CONV_DIRECT && row % 4 == 0;
	uint64_t gather, end;
	if (p[TINYML_CONV_FILTER_C] != in_c || k > 0x0FFFFFFF)
		return 0;
	/* Padding is gathered as -input_offset, which must be an int8; a gathered receptive field needs the im2col variant. */
	if (!pointwise && (input_offset < -127 || input_offset > 128 || (!direct && !TINYML_VARIANT_CONV_IM2COL)))
		return 0;
	gather = pointwise ? 0 : direct ? row : k;
	*table_at = (size_t)(4 * k);
	*gather_at = (size_t)(4 * k + 16 * ((chunk + 1) & ~(uint64_t)1));
	end = *gather_at + ((gather + 3) & ~(uint64_t)3);
	return end > 0x7FFFFFFF ? 0 : (size_t)end;
}

static inline void tinyml_fill8(int8_t* restrict d, int8_t v, int32_t n)
{
	const uint32_t v4 = (uint32_t)(uint8_t)v * 0x01010101u;
	int32_t i = 0;
	for (; i + 4 <= n; i += 4)
		tinyml_st32(d + i, v4);
	for (; i < n; i++)
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

/*
 * One window row (K_W * IN_C int8 values) cut by the input's left or right edge, or dilated: the
 * taps [fx0, fx1) from input row x (the window's first tap at column ix0, taps dil_w apart), padding
 * around them. Out of line: the receptive fields of both gathers take it for their cut rows only.
 */
static __attribute__((noinline)) void tinyml_conv_cut_row(int8_t* restrict d, const int8_t* restrict x, int32_t ix0, int32_t fx0, int32_t fx1,
	int32_t k_w, int32_t in_c, int32_t dil_w, int8_t pad)
{
	int32_t fx;
	tinyml_fill8(d, pad, fx0 * in_c);
	for (fx = fx0; fx < fx1; fx++)
		tinyml_copy8(d + fx * in_c, x + (size_t)(ix0 + fx * dil_w) * (size_t)in_c, in_c);
	tinyml_fill8(d + fx1 * in_c, pad, (k_w - fx1) * in_c);
}

/* tinyml_arm_conv_2d_scratch's bytes alone. */
static size_t tinyml_arm_conv_2d_scratch_bytes(const int32_t* p)
{
	size_t table_at, gather_at;
	return tinyml_arm_conv_2d_scratch(p, &table_at, &gather_at);
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
	int32_t fy, fx0, fx1;
	tinyml_tap_range(ix0, dil_w, in_w, k_w, &fx0, &fx1);
	for (fy = 0; fy < k_h; fy++, d += row) {
		const int32_t iy = iy0 + fy * dil_h;
		const int8_t* restrict x;
		if (iy < 0 || iy >= in_h || fx0 >= fx1) {
			tinyml_fill8(d, pad, row);
			continue;
		}
		x = in_b + ((size_t)iy * (size_t)in_w) * (size_t)in_c;
		if (fx0 == 0 && fx1 == k_w && dil_w == 1)
			tinyml_copy8(d, x + (size_t)ix0 * (size_t)in_c, row);
		else
			tinyml_conv_cut_row(d, x, ix0, fx0, fx1, k_w, in_c, dil_w, pad);
	}
}

/*
 * The receptive field of output pixel (oy, ox) expanded straight into row r of a `rows`-row
 * buffer (tinyml_mm_expand's layout), when a window row (K_W * IN_C values) is a whole number of
 * groups of four: rows inside the input are expanded from it in place, rows above or below are
 * zeros (padding plus the input offset), and rows cut by the left or right edge are gathered into
 * `tmp` first, padding as -input_offset.
 */
static void tinyml_conv_gather16(const int32_t* restrict p, const int8_t* restrict in_b, int32_t oy, int32_t ox, int32_t input_offset,
	uint32_t* restrict buf, int r, int rows, int8_t* restrict tmp)
{
	const int32_t in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W];
	const int32_t dil_h = p[TINYML_CONV_DILATION_H], dil_w = p[TINYML_CONV_DILATION_W];
	const int32_t iy0 = oy * p[TINYML_CONV_STRIDE_H] - p[TINYML_CONV_PAD_H];
	const int32_t ix0 = ox * p[TINYML_CONV_STRIDE_W] - p[TINYML_CONV_PAD_W];
	const int32_t row = k_w * in_c, step = (row >> 2) * 2 * rows;
	const int8_t pad = (int8_t)-input_offset;
	int32_t fy, fx0, fx1, g;
	uint32_t* restrict d = buf;
	tinyml_tap_range(ix0, dil_w, in_w, k_w, &fx0, &fx1);
	for (fy = 0; fy < k_h; fy++, d += step) {
		const int32_t iy = iy0 + fy * dil_h;
		const int8_t* restrict x;
		if (iy < 0 || iy >= in_h || fx0 >= fx1) {
			for (g = 0; g < step; g += 2 * rows) {
				d[g + 2 * r] = 0;
				d[g + 2 * r + 1] = 0;
			}
			continue;
		}
		x = in_b + (size_t)iy * (size_t)in_w * (size_t)in_c;
		if (fx0 == 0 && fx1 == k_w && dil_w == 1) {
			tinyml_mm_expand(d, x + (size_t)ix0 * (size_t)in_c, row, input_offset, r, rows);
			continue;
		}
		if (dil_w == 1 && (in_c & 3) != 0) {
			/* A few channels: the run of values [lo, hi) of the window row at x[base + i], byte by byte. */
			const int32_t lo = fx0 * in_c, hi = fx1 * in_c, base = ix0 * in_c;
			int32_t i;
			for (i = 0; i < row; i++)
				tmp[i] = i >= lo && i < hi ? x[base + i] : pad;
		}
		else {
			tinyml_conv_cut_row(tmp, x, ix0, fx0, fx1, k_w, in_c, dil_w, pad);
		}
		tinyml_mm_expand(d, tmp, row, input_offset, r, rows);
	}
}

static int tinyml_arm_conv_2d_int8(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int8_t* restrict output, void* restrict scratch)
{
	const int32_t batches = p[TINYML_CONV_BATCHES], in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t out_h = p[TINYML_CONV_OUT_H], out_w = p[TINYML_CONV_OUT_W], out_c = p[TINYML_CONV_OUT_C];
	const int32_t input_offset = p[TINYML_CONV_INPUT_OFFSET];
	const int pointwise = tinyml_conv_2d_int8_is_pointwise(p);
	/* Window rows of whole groups of four values: gathered straight into the int16 buffer. */
	const int direct = TINYML_VARIANT_CONV_DIRECT && !pointwise && (p[TINYML_CONV_K_W] * in_c) % 4 == 0;
	size_t table_at = 0, gather_at = 0;
	/* The scratch is 4-byte aligned (its contract): telling the compiler keeps the code of an aligned array. */
	uint32_t* restrict buf = (uint32_t*)__builtin_assume_aligned(scratch, 4);
	int8_t* restrict gather;
	int32_t* restrict table;
	tinyml_mm base, mm;
	int32_t b, px, pixels, c0, rows;
	if (scratch == NULL || tinyml_arm_conv_2d_scratch(p, &table_at, &gather_at) == 0)
		return 0;
	table = (int32_t*)__builtin_assume_aligned((uint8_t*)buf + table_at, 4);
	gather = (int8_t*)__builtin_assume_aligned((uint8_t*)buf + gather_at, 4);
	base.filter = filter;
	base.k = p[TINYML_CONV_K_H] * p[TINYML_CONV_K_W] * in_c;
	base.out_c = out_c;
	base.bias = bias;
	base.mult = p + TINYML_CONV_HEADER;
	base.shift = p + TINYML_CONV_HEADER + out_c;
	base.output_offset = p[TINYML_CONV_OUTPUT_OFFSET];
	base.act_min = p[TINYML_CONV_ACT_MIN];
	base.act_max = p[TINYML_CONV_ACT_MAX];
	base.ystride = out_c;
	base.table = NULL;
	tinyml_mm_prepare(&base, input_offset, 1);
	pixels = out_h * out_w;
	/* Channels in chunks of TINYML_MM_CHUNK (one for most layers), each with its table of constants. */
	for (c0 = 0; c0 < out_c; c0 += TINYML_MM_CHUNK) {
		tinyml_mm_chunk(&base, &mm, c0, out_c - c0 < TINYML_MM_CHUNK ? out_c - c0 : TINYML_MM_CHUNK, table);
		for (b = 0; b < batches; b++) {
			const int8_t* restrict in_b = input + (size_t)b * (size_t)in_h * (size_t)in_w * (size_t)in_c;
			int8_t* restrict out_b = output + (size_t)b * (size_t)pixels * (size_t)out_c + c0;
			for (px = 0; px < pixels; px += rows) {
				/* Two pixels at a time with a table of constants; an odd last pixel (or every pixel without a table): one row. */
				const int32_t pb = px + 1 < pixels && mm.table ? px + 1 : px;
				rows = pb == px ? 1 : 2;
				int8_t* restrict y = out_b + (size_t)px * (size_t)out_c;
				if (direct) {
					tinyml_conv_gather16(p, in_b, px / out_w, px % out_w, input_offset, buf, 0, rows, gather);
					if (rows == 2)
						tinyml_conv_gather16(p, in_b, pb / out_w, pb % out_w, input_offset, buf, 1, 2, gather);
				}
				else {
					const int8_t* xa = in_b + (size_t)px * (size_t)in_c;
					if (!pointwise) {
						tinyml_conv_gather(p, in_b, px / out_w, px % out_w, (int8_t)-input_offset, gather);
						xa = gather;
					}
					tinyml_mm_expand(buf, xa, mm.k, input_offset, 0, rows);
					if (rows == 2) {
						const int8_t* xb = in_b + (size_t)pb * (size_t)in_c;
						if (!pointwise) {
							tinyml_conv_gather(p, in_b, pb / out_w, pb % out_w, (int8_t)-input_offset, gather);
							xb = gather;
						}
						tinyml_mm_expand(buf, xb, mm.k, input_offset, 1, 2);
					}
				}
				if (rows == 1)
					tinyml_mm_1row(&mm, buf, y);
				else
					tinyml_mm_2rows(&mm, buf, y);
			}
		}
	}
	tinyml_arm_activation(output, (size_t)batches * (size_t)pixels * (size_t)out_c, base.act_min, base.act_max);
	return 1;
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_CONV_2D_H */

/*
 * tinyml-xs Arm DSP kernels: AVERAGE_POOL_2D and MAX_POOL_2D int8 (internal header, included by
 * pooling.c).
 *
 * Channels are contiguous (NHWC), so one word load gives four channels of a tap. An output pixel
 * is computed sixteen, eight or four channels at a time over a list of its window's tap offsets,
 * so that the tap loop is one flat loop. The windows inside the input columns of an output row
 * share one list (rebuilt when the clipped row count changes), and walk by a fixed step; the
 * windows clipped at the left and right edges use a second list, rebuilt when their size changes.
 * The lists take 2 KB of the caller's scratch (tinyml_arm_pool_scratch).
 *
 * Max pool keeps four int8 maxima per word (SSUB8 sets the GE flags lane by lane, SEL picks);
 * starting from the activation minimum folds the lower clamp in (an empty window then gives
 * act_min, as the portable -128 clamped does). Average pool sums with SXTAB16 into int16x2 words,
 * (c0, c2) and (c1, c3): up to TINYML_ARM_POOL_TAPS taps, sum and rounding stay within int16
 * (|sum| + count / 2 <= 128.5 * 254 < 32768), and the rounding (half away from zero: sum +- half)
 * is done two lanes at a time before the division. Windows of more taps run nested tap loops, four
 * channels at a time; the average sums in int16 256 taps at a time (whole rows), added into int32.
 *
 * The last group of channels overlaps the previous one when CHANNELS is not a multiple of the
 * group: it computes a few channels again and writes the same bytes. Fewer than four channels,
 * and average pools of windows wider than 256 columns, run the portable path.
 */
#ifndef TINYML_ARM_POOLING_H
#define TINYML_ARM_POOLING_H

#include "tinyml_arm.h"

#if defined(TINYML_ARM_DSP)

/* Most taps of the offset-list path (its lists take 4 bytes a tap of scratch). */
#define TINYML_ARM_POOL_TAPS 254

/* Lane-wise signed max and min of four int8 (one asm so that nothing comes between SSUB8 and SEL). */
static inline uint32_t tinyml_apool_max4(uint32_t a, uint32_t b)
{
	uint32_t r;
	__asm__("ssub8 %0, %1, %2\n\tsel %0, %1, %2" : "=&r"(r) : "r"(a), "r"(b) : "cc");
	return r;
}

static inline uint32_t tinyml_apool_min4(uint32_t a, uint32_t b)
{
	uint32_t r;
	__asm__("ssub8 %0, %1, %2\n\tsel %0, %2, %1" : "=&r"(r) : "r"(a), "r"(b) : "cc");
	return r;
}

/* *m = max(*m, x) lane-wise, in place (no register copy in the tap loops). */
static inline void tinyml_apool_maxin(uint32_t* m, uint32_t x)
{
	uint32_t t;
	__asm__("ssub8 %1, %2, %0\n\tsel %0, %2, %0" : "+r"(*m), "=&r"(t) : "r"(x) : "cc");
}

/* Makes a pointer opaque, so that the compiler keeps it in one register instead of re-deriving it. */
static inline const int8_t* tinyml_apool_opaque(const int8_t* x)
{
	__asm__("" : "+r"(x));
	return x;
}

/* *a02 += (x0, x2) and *a13 += (x1, x3) of four int8 lanes, sign-extended, in place (SXTAB16 and
 * its free rotation). */
static inline void tinyml_apool_acc4(uint32_t* a02, uint32_t* a13, uint32_t x)
{
	__asm__("sxtab16 %0, %0, %2\n\tsxtab16 %1, %1, %2, ror #8" : "+r"(*a02), "+r"(*a13) : "r"(x));
}

/* Two int16 sums moved half a count away from zero: + half where the sum is >= 0, else - half. */
static inline uint32_t tinyml_apool_round2(uint32_t a, uint32_t half2, uint32_t nhalf2)
{
	uint32_t t;
	__asm__("ssub16 %0, %1, %2\n\tsel %0, %3, %4" : "=&r"(t) : "r"(a), "r"(0u), "r"(half2), "r"(nhalf2) : "cc");
	return (uint32_t)__sadd16((int16x2_t)a, (int16x2_t)t);
}

static inline uint32_t tinyml_apool_splat(int32_t v)
{
	return (uint32_t)(uint8_t)v * 0x01010101u;
}

/* The window rows (or columns) [*lo, *hi) of a pool whose origin is `origin`, as pool_range. */
static inline void tinyml_apool_range(int32_t origin, int32_t filter, int32_t size, int32_t* lo, int32_t* hi)
{
	*lo = origin < 0 ? -origin : 0;
	*hi = size - origin < filter ? size - origin : filter;
}

/* Four int8 from the low bytes of four values (three BFI). */
static inline uint32_t tinyml_apool_pack(int32_t v0, int32_t v1, int32_t v2, int32_t v3)
{
	uint32_t r = (uint32_t)v0;
	__asm__("bfi %0, %1, #8, #8\n\tbfi %0, %2, #16, #8\n\tbfi %0, %3, #24, #8" : "+r"(r) : "r"(v1), "r"(v2), "r"(v3));
	return r;
}

/* The tap offsets of a rows x cols window, from its first tap. */
typedef struct {
	int32_t rows, cols;
	int32_t off[TINYML_ARM_POOL_TAPS];
} tinyml_apool_list;

/* The scratch of both pools' DSP paths (the two lists), 0 for fewer than four channels (the portable path). */
static size_t tinyml_arm_pool_scratch(const int32_t* p)
{
	return p[TINYML_POOL_CHANNELS] >= 4 ? 2 * sizeof(tinyml_apool_list) : 0;
}

/* The offsets of a rows x cols window's taps from its first one. */
static void tinyml_apool_taps(int32_t* restrict off, int32_t rows, int32_t cols, int32_t in_row, int32_t channels)
{
	int32_t fy, fx, n = 0;
	for (fy = 0; fy < rows; fy++)
		for (fx = 0; fx < cols; fx++)
			off[n++] = fy * in_row + fx * channels;
}

/* The window geometry shared by both pools: origin, clipped extent, first tap. */
typedef struct {
	int32_t batches, in_h, in_w, channels, out_h, out_w, f_h, f_w, s_h, s_w, pad_h, pad_w;
	int32_t in_row;
} tinyml_apool_geom;

/* 0 when one image is 2 GB or more (tap offsets are int32). */
static inline int tinyml_apool_geom_init(tinyml_apool_geom* g, const int32_t* p)
{
	g->batches = p[TINYML_POOL_BATCHES];
	g->in_h = p[TINYML_POOL_IN_H];
	g->in_w = p[TINYML_POOL_IN_W];
	g->channels = p[TINYML_POOL_CHANNELS];
	g->out_h = p[TINYML_POOL_OUT_H];
	g->out_w = p[TINYML_POOL_OUT_W];
	g->f_h = p[TINYML_POOL_FILTER_H];
	g->f_w = p[TINYML_POOL_FILTER_W];
	g->s_h = p[TINYML_POOL_STRIDE_H];
	g->s_w = p[TINYML_POOL_STRIDE_W];
	g->pad_h = p[TINYML_POOL_PAD_H];
	g->pad_w = p[TINYML_POOL_PAD_W];
	g->in_row = (int32_t)((uint32_t)g->in_w * (uint32_t)g->channels);
	return (uint64_t)g->in_h * (uint64_t)g->in_w * (uint64_t)g->channels < ((uint64_t)1 << 31);
}

/* Max of `count` taps (at x + off[t]) for sixteen channels at x, then the upper clamp. */
static inline void tinyml_apool_max16(const int8_t* restrict x, const int32_t* restrict off, int32_t count,
	uint32_t lo4, uint32_t hi4, int8_t* restrict y)
{
	uint32_t m0 = lo4, m1 = lo4, m2 = lo4, m3 = lo4;
	int32_t t;
	x = tinyml_apool_opaque(x);
	for (t = 0; t < count; t++) {
		const int8_t* restrict s = x + off[t];
		tinyml_apool_maxin(&m0, tinyml_ld32(s));
		tinyml_apool_maxin(&m1, tinyml_ld32(s + 4));
		tinyml_apool_maxin(&m2, tinyml_ld32(s + 8));
		tinyml_apool_maxin(&m3, tinyml_ld32(s + 12));
	}
	tinyml_st32(y, tinyml_apool_min4(m0, hi4));
	tinyml_st32(y + 4, tinyml_apool_min4(m1, hi4));
	tinyml_st32(y + 8, tinyml_apool_min4(m2, hi4));
	tinyml_st32(y + 12, tinyml_apool_min4(m3, hi4));
}

/* The same for eight channels. */
static inline void tinyml_apool_max8(const int8_t* restrict x, const int32_t* restrict off, int32_t count,
	uint32_t lo4, uint32_t hi4, int8_t* restrict y)
{
	uint32_t m0 = lo4, m1 = lo4;
	int32_t t;
	x = tinyml_apool_opaque(x);
	for (t = 0; t < count; t++) {
		const int8_t* restrict s = x + off[t];
		tinyml_apool_maxin(&m0, tinyml_ld32(s));
		tinyml_apool_maxin(&m1, tinyml_ld32(s + 4));
	}
	tinyml_st32(y, tinyml_apool_min4(m0, hi4));
	tinyml_st32(y + 4, tinyml_apool_min4(m1, hi4));
}

static inline void tinyml_apool_max4c(const int8_t* restrict x, const int32_t* restrict off, int32_t count,
	uint32_t lo4, uint32_t hi4, int8_t* restrict y)
{
	uint32_t m0 = lo4;
	int32_t t;
	x = tinyml_apool_opaque(x);
	for (t = 0; t < count; t++)
		tinyml_apool_maxin(&m0, tinyml_ld32(x + off[t]));
	tinyml_st32(y, tinyml_apool_min4(m0, hi4));
}

/* Max over a window too large for an offset list: rows x cols taps, four channels at x. */
static void tinyml_apool_max_big(const int8_t* restrict x, int32_t rows, int32_t cols, int32_t in_row, int32_t channels,
	uint32_t lo4, uint32_t hi4, int8_t* restrict y)
{
	uint32_t m0 = lo4;
	int32_t fy, fx;
	for (fy = 0; fy < rows; fy++, x += in_row) {
		const int8_t* restrict s = x;
		for (fx = 0; fx < cols; fx++, s += channels)
			tinyml_apool_maxin(&m0, tinyml_ld32(s));
	}
	tinyml_st32(y, tinyml_apool_min4(m0, hi4));
}

/* All channels of one output pixel from the offset list: sixteen channels a step, or eight, or four. */
static inline __attribute__((always_inline)) void tinyml_apool_max_pixel(const int8_t* restrict win, const int32_t* restrict off, int32_t count, int32_t channels,
	uint32_t lo4, uint32_t hi4, int8_t* restrict y)
{
	int32_t c;
	if (channels >= 16) {
		for (c = 0; c + 16 <= channels; c += 16)
			tinyml_apool_max16(win + c, off, count, lo4, hi4, y + c);
		if (c + 8 < channels)
			tinyml_apool_max16(win + channels - 16, off, count, lo4, hi4, y + channels - 16);
		else if (c < channels)
			tinyml_apool_max8(win + channels - 8, off, count, lo4, hi4, y + channels - 8);
	}
	else if (channels >= 8) {
		tinyml_apool_max8(win, off, count, lo4, hi4, y);
		if (channels > 8)
			tinyml_apool_max8(win + channels - 8, off, count, lo4, hi4, y + channels - 8);
	}
	else {
		tinyml_apool_max4c(win, off, count, lo4, hi4, y);
		if (channels > 4)
			tinyml_apool_max4c(win + channels - 4, off, count, lo4, hi4, y + channels - 4);
	}
}

/* Output pixels [ox0, ox1) of a row whose window rows are [y0, y1) from iy0, any window: those
 * clipped at the left and right edges (from the list l, rebuilt when the size changes), and those
 * too large for a list (nested tap loops). */
static void tinyml_apool_max_edge(const tinyml_apool_geom* g, const int8_t* restrict in_b, int32_t iy0, int32_t y0, int32_t y1,
	int32_t ox0, int32_t ox1, uint32_t lo4, uint32_t hi4, tinyml_apool_list* l, int8_t* restrict y)
{
	int32_t ox, c;
	for (ox = ox0; ox < ox1; ox++, y += g->channels) {
		const int32_t ix0 = ox * g->s_w - g->pad_w;
		const int8_t* restrict win = in_b;
		int32_t x0, x1, rows = y1 - y0, cols;
		tinyml_apool_range(ix0, g->f_w, g->in_w, &x0, &x1);
		cols = x1 - x0;
		if (rows <= 0 || cols <= 0)
			rows = cols = 0; /* no tap */
		else
			win += (size_t)(iy0 + y0) * (size_t)g->in_row + (size_t)(ix0 + x0) * (size_t)g->channels;
		if (rows * cols <= TINYML_ARM_POOL_TAPS) {
			if (rows != l->rows || cols != l->cols) {
				tinyml_apool_taps(l->off, rows, cols, g->in_row, g->channels);
				l->rows = rows;
				l->cols = cols;
			}
			tinyml_apool_max_pixel(win, l->off, rows * cols, g->channels, lo4, hi4, y);
			continue;
		}
		for (c = 0; c < g->channels; c += 4) {
			if (c > g->channels - 4)
				c = g->channels - 4;
			tinyml_apool_max_big(win + c, rows, cols, g->in_row, g->channels, lo4, hi4, y + c);
		}
	}
}

/* The output columns [*lo, *hi) whose windows lie within the input columns. */
static inline void tinyml_apool_inner(const tinyml_apool_geom* g, int32_t* lo, int32_t* hi)
{
	*lo = (g->pad_w + g->s_w - 1) / g->s_w;
	*hi = g->f_w <= g->in_w ? (g->in_w - g->f_w + g->pad_w) / g->s_w + 1 : 0;
	*lo = *lo < g->out_w ? *lo : g->out_w;
	*hi = *hi < g->out_w ? *hi : g->out_w;
	*hi = *hi > *lo ? *hi : *lo;
}

static int tinyml_arm_max_pool_2d_int8(const int32_t* restrict p, const int8_t* restrict input, int8_t* restrict output, void* restrict scratch)
{
	const uint32_t lo4 = tinyml_apool_splat(p[TINYML_POOL_ACT_MIN]), hi4 = tinyml_apool_splat(p[TINYML_POOL_ACT_MAX]);
	tinyml_apool_geom g;
	/* The two lists live in the caller's scratch (4-byte aligned, its contract). */
	tinyml_apool_list* restrict inner = (tinyml_apool_list*)__builtin_assume_aligned(scratch, 4);
	tinyml_apool_list* restrict edge = inner + 1;
	int32_t ox_lo, ox_hi, b, oy;
	int8_t* restrict y = output;
	if (scratch == NULL || !tinyml_apool_geom_init(&g, p) || g.channels < 4)
		return 0;
	inner->rows = edge->rows = -1;
	tinyml_apool_inner(&g, &ox_lo, &ox_hi);
	for (b = 0; b < g.batches; b++) {
		const int8_t* restrict in_b = input + (size_t)b * (size_t)g.in_h * (size_t)g.in_row;
		for (oy = 0; oy < g.out_h; oy++) {
			const int32_t iy0 = oy * g.s_h - g.pad_h;
			int32_t y0, y1, rows, count, ox;
			const int8_t* restrict win;
			const size_t step = (size_t)g.s_w * (size_t)g.channels;
			tinyml_apool_range(iy0, g.f_h, g.in_h, &y0, &y1);
			rows = y1 - y0;
			/* (With an inner column, f_w <= in_w: the product is a clipped window, validated.) */
			if (ox_lo == ox_hi || rows <= 0 || rows * g.f_w > TINYML_ARM_POOL_TAPS) {
				tinyml_apool_max_edge(&g, in_b, iy0, y0, y1, 0, g.out_w, lo4, hi4, edge, y);
				y += (size_t)g.out_w * (size_t)g.channels;
				continue;
			}
			count = rows * g.f_w;
			if (rows != inner->rows) {
				tinyml_apool_taps(inner->off, rows, g.f_w, g.in_row, g.channels);
				inner->rows = rows;
			}
			tinyml_apool_max_edge(&g, in_b, iy0, y0, y1, 0, ox_lo, lo4, hi4, edge, y);
			y += (size_t)ox_lo * (size_t)g.channels;
			win = in_b + (size_t)(iy0 + y0) * (size_t)g.in_row + (size_t)(ox_lo * g.s_w - g.pad_w) * (size_t)g.channels;
			for (ox = ox_lo; ox < ox_hi; ox++, win += step, y += g.channels)
				tinyml_apool_max_pixel(win, inner->off, count, g.channels, lo4, hi4, y);
			tinyml_apool_max_edge(&g, in_b, iy0, y0, y1, ox_hi, g.out_w, lo4, hi4, edge, y);
			y += (size_t)(g.out_w - ox_hi) * (size_t)g.channels;
		}
	}
	return 1;
}

/* Average pool constants of one window size. */
typedef struct {
	int32_t count, half;
	uint32_t half2, nhalf2; /* half, -half in both int16 lanes */
	uint32_t lo4, hi4;
	int act_full;
} tinyml_apool_avgq;

/* The four averages of sums (c0, c2) and (c1, c3) already moved away from zero, clamped. */
static inline void tinyml_apool_avg_store(uint32_t a02, uint32_t a13, const tinyml_apool_avgq* q, int8_t* restrict y)
{
	const int32_t n = q->count;
	uint32_t v = tinyml_apool_pack((int16_t)a02 / n, (int16_t)a13 / n, ((int32_t)a02 >> 16) / n, ((int32_t)a13 >> 16) / n);
	if (!q->act_full)
		v = tinyml_apool_min4(tinyml_apool_max4(v, q->lo4), q->hi4);
	tinyml_st32(y, v);
}

static inline void tinyml_apool_avg8(const int8_t* restrict x, const int32_t* restrict off, const tinyml_apool_avgq* q, int8_t* restrict y)
{
	uint32_t a02 = 0, a13 = 0, b02 = 0, b13 = 0;
	int32_t t;
	x = tinyml_apool_opaque(x);
	for (t = 0; t < q->count; t++) {
		const int8_t* restrict s = x + off[t];
		tinyml_apool_acc4(&a02, &a13, tinyml_ld32(s));
		tinyml_apool_acc4(&b02, &b13, tinyml_ld32(s + 4));
	}
	tinyml_apool_avg_store(tinyml_apool_round2(a02, q->half2, q->nhalf2), tinyml_apool_round2(a13, q->half2, q->nhalf2), q, y);
	tinyml_apool_avg_store(tinyml_apool_round2(b02, q->half2, q->nhalf2), tinyml_apool_round2(b13, q->half2, q->nhalf2), q, y + 4);
}

static inline void tinyml_apool_avg4(const int8_t* restrict x, const int32_t* restrict off, const tinyml_apool_avgq* q, int8_t* restrict y)
{
	uint32_t a02 = 0, a13 = 0;
	int32_t t;
	x = tinyml_apool_opaque(x);
	for (t = 0; t < q->count; t++)
		tinyml_apool_acc4(&a02, &a13, tinyml_ld32(x + off[t]));
	tinyml_apool_avg_store(tinyml_apool_round2(a02, q->half2, q->nhalf2), tinyml_apool_round2(a13, q->half2, q->nhalf2), q, y);
}

/* The rounded average of an int32 sum, as the portable path computes it. */
static inline int32_t tinyml_apool_avg32(int32_t acc, int32_t count, int32_t half)
{
	return (acc > 0 ? acc + half : acc - half) / count;
}

/* Average over a window of more than TINYML_ARM_POOL_TAPS taps, four channels at x: int16 sums of
 * up to 256 taps (whole rows of at most 256 columns) added into int32. */
static void tinyml_apool_avg_big(const int8_t* restrict x, int32_t rows, int32_t cols, int32_t in_row, int32_t channels,
	const tinyml_apool_avgq* q, int8_t* restrict y)
{
	const int32_t chunk = 256 / cols;
	int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, fy = 0, fx;
	uint32_t v;
	while (fy < rows) {
		const int32_t end = rows - fy < chunk ? rows : fy + chunk;
		uint32_t a02 = 0, a13 = 0;
		for (; fy < end; fy++, x += in_row) {
			const int8_t* restrict s = x;
			for (fx = 0; fx < cols; fx++, s += channels)
				tinyml_apool_acc4(&a02, &a13, tinyml_ld32(s));
		}
		s0 += (int16_t)a02;
		s2 += (int32_t)a02 >> 16;
		s1 += (int16_t)a13;
		s3 += (int32_t)a13 >> 16;
	}
	v = tinyml_apool_pack(tinyml_apool_avg32(s0, q->count, q->half), tinyml_apool_avg32(s1, q->count, q->half),
		tinyml_apool_avg32(s2, q->count, q->half), tinyml_apool_avg32(s3, q->count, q->half));
	tinyml_st32(y, tinyml_apool_min4(tinyml_apool_max4(v, q->lo4), q->hi4));
}

/* All channels of one output pixel from the offset list: eight channels a step, or four. */
static inline __attribute__((always_inline)) void tinyml_apool_avg_pixel(const int8_t* restrict win, const int32_t* restrict off, int32_t channels,
	const tinyml_apool_avgq* q, int8_t* restrict y)
{
	int32_t c;
	if (channels >= 8) {
		for (c = 0; c + 8 <= channels; c += 8)
			tinyml_apool_avg8(win + c, off, q, y + c);
		if (c < channels)
			tinyml_apool_avg8(win + channels - 8, off, q, y + channels - 8);
	}
	else {
		tinyml_apool_avg4(win, off, q, y);
		if (channels > 4)
			tinyml_apool_avg4(win + channels - 4, off, q, y + channels - 4);
	}
}

/* Output pixels [ox0, ox1) of a row whose window rows are [y0, y1) from iy0, any window (as
 * tinyml_apool_max_edge); q0 gives the activation constants. */
static void tinyml_apool_avg_edge(const tinyml_apool_geom* g, const int8_t* restrict in_b, int32_t iy0, int32_t y0, int32_t y1,
	int32_t ox0, int32_t ox1, const tinyml_apool_avgq* q0, uint32_t empty4, tinyml_apool_list* l, int8_t* restrict y)
{
	tinyml_apool_avgq q = *q0;
	int32_t ox, c;
	for (ox = ox0; ox < ox1; ox++, y += g->channels) {
		const int32_t ix0 = ox * g->s_w - g->pad_w;
		const int8_t* restrict win;
		int32_t x0, x1, rows = y1 - y0, cols;
		tinyml_apool_range(ix0, g->f_w, g->in_w, &x0, &x1);
		cols = x1 - x0;
		if (rows <= 0 || cols <= 0) {
			/* An empty window averages to 0, as in the portable path. */
			for (c = 0; c + 4 <= g->channels; c += 4)
				tinyml_st32(y + c, empty4);
			tinyml_st32(y + g->channels - 4, empty4);
			continue;
		}
		win = in_b + (size_t)(iy0 + y0) * (size_t)g->in_row + (size_t)(ix0 + x0) * (size_t)g->channels;
		q.count = rows * cols;
		q.half = q.count / 2;
		if (q.count <= TINYML_ARM_POOL_TAPS) {
			if (rows != l->rows || cols != l->cols) {
				tinyml_apool_taps(l->off, rows, cols, g->in_row, g->channels);
				l->rows = rows;
				l->cols = cols;
			}
			q.half2 = (uint32_t)q.half * 0x00010001u;
			q.nhalf2 = (uint32_t)(uint16_t)-q.half * 0x00010001u;
			tinyml_apool_avg_pixel(win, l->off, g->channels, &q, y);
			continue;
		}
		for (c = 0; c < g->channels; c += 4) {
			if (c > g->channels - 4)
				c = g->channels - 4;
			tinyml_apool_avg_big(win + c, rows, cols, g->in_row, g->channels, &q, y + c);
		}
	}
}

static int tinyml_arm_average_pool_2d_int8(const int32_t* restrict p, const int8_t* restrict input, int8_t* restrict output, void* restrict scratch)
{
	const int32_t act_min = p[TINYML_POOL_ACT_MIN], act_max = p[TINYML_POOL_ACT_MAX];
	const uint32_t lo4 = tinyml_apool_splat(act_min), hi4 = tinyml_apool_splat(act_max);
	const uint32_t empty4 = tinyml_apool_splat(0 < act_min ? act_min : 0 > act_max ? act_max : 0);
	tinyml_apool_geom g;
	tinyml_apool_avgq q;
	/* The two lists live in the caller's scratch (4-byte aligned, its contract). */
	tinyml_apool_list* restrict inner = (tinyml_apool_list*)__builtin_assume_aligned(scratch, 4);
	tinyml_apool_list* restrict edge = inner + 1;
	int32_t ox_lo, ox_hi, b, oy;
	int8_t* restrict y = output;
	if (scratch == NULL || !tinyml_apool_geom_init(&g, p) || g.channels < 4 || (g.f_w < g.in_w ? g.f_w : g.in_w) > 256)
		return 0;
	tinyml_apool_inner(&g, &ox_lo, &ox_hi);
	q.lo4 = lo4;
	q.hi4 = hi4;
	q.act_full = act_min == -128 && act_max == 127;
	q.count = q.half = 0;
	q.half2 = q.nhalf2 = 0;
	inner->rows = edge->rows = -1;
	for (b = 0; b < g.batches; b++) {
		const int8_t* restrict in_b = input + (size_t)b * (size_t)g.in_h * (size_t)g.in_row;
		for (oy = 0; oy < g.out_h; oy++) {
			const int32_t iy0 = oy * g.s_h - g.pad_h;
			int32_t y0, y1, rows, ox;
			const int8_t* restrict win;
			const size_t step = (size_t)g.s_w * (size_t)g.channels;
			tinyml_apool_range(iy0, g.f_h, g.in_h, &y0, &y1);
			rows = y1 - y0;
			if (ox_lo == ox_hi || rows <= 0 || rows * g.f_w > TINYML_ARM_POOL_TAPS) {
				tinyml_apool_avg_edge(&g, in_b, iy0, y0, y1, 0, g.out_w, &q, empty4, edge, y);
				y += (size_t)g.out_w * (size_t)g.channels;
				continue;
			}
			if (rows != inner->rows) {
				q.count = rows * g.f_w;
				q.half = q.count / 2;
				q.half2 = (uint32_t)q.half * 0x00010001u;
				q.nhalf2 = (uint32_t)(uint16_t)-q.half * 0x00010001u;
				tinyml_apool_taps(inner->off, rows, g.f_w, g.in_row, g.channels);
				inner->rows = rows;
			}
			tinyml_apool_avg_edge(&g, in_b, iy0, y0, y1, 0, ox_lo, &q, empty4, edge, y);
			y += (size_t)ox_lo * (size_t)g.channels;
			win = in_b + (size_t)(iy0 + y0) * (size_t)g.in_row + (size_t)(ox_lo * g.s_w - g.pad_w) * (size_t)g.channels;
			for (ox = ox_lo; ox < ox_hi; ox++, win += step, y += g.channels)
				tinyml_apool_avg_pixel(win, inner->off, g.channels, &q, y);
			tinyml_apool_avg_edge(&g, in_b, iy0, y0, y1, ox_hi, g.out_w, &q, empty4, edge, y);
			y += (size_t)(g.out_w - ox_hi) * (size_t)g.channels;
		}
	}
	return 1;
}

#endif /* DSP */

#endif /* TINYML_ARM_POOLING_H */

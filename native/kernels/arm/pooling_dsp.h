/*
 * tinyml-xs Arm DSP kernels: AVERAGE_POOL_2D and MAX_POOL_2D int8 (internal header, included by
 * pooling.c).
 *
 * Channels are contiguous (NHWC), so one word load gives four channels of a tap. An output pixel
 * is computed sixteen, eight or four channels at a time over a list of its window's tap offsets,
 * so that the tap loop is one flat loop. Both pools share one driver (tinyml_arm_pool_2d_int8:
 * geometry, lists, clipped, empty and large windows); only their pixel loops differ. The windows inside the input columns of an output row
 * share one list (rebuilt when the clipped row count changes), and walk by a fixed step; the
 * windows clipped at the left and right edges use a second list, rebuilt when their size changes.
 * The lists live in the caller's scratch, each sized to the layer's largest window (at most
 * TINYML_ARM_POOL_TAPS taps), the second left out when every output column's window lies within
 * the input columns: tinyml_apool_blocking computes that for the scratch query and the kernel alike
 * (a 2x2 stride-2 VALID pool asks for 24 bytes, a 3x3 one over a 3x3 input 44; it was 2,048 for
 * any layer of four or more channels).
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
 * group: it computes a few channels again and writes the same bytes. Max pool runs layers of fewer
 * than four channels one channel at a time (tinyml_apool_max_scalar); average pool leaves them, and
 * windows wider than 256 columns, to the portable path (the only portable pool in DSP builds).
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

/* The tap offsets of a rows x cols window, from its first tap (as many as the list's capacity, its
 * tinyml_apool_blocking figure). */
typedef struct {
	int32_t rows, cols;
	int32_t off[];
} tinyml_apool_list;

/* The int32 words of a list of `taps` taps (its rows and cols, then the offsets): 0 for none. */
static inline int32_t tinyml_apool_list_words(int32_t taps)
{
	return taps > 0 ? 2 + taps : 0;
}

/* Whether a layer runs one channel at a time whatever its scratch (tinyml_apool_max_scalar, no lists):
 * fewer than four channels, or an image of 2 GB or more (tap offsets are int32). */
static inline int tinyml_apool_channelwise(const int32_t* p)
{
	return p[TINYML_POOL_CHANNELS] < 4
		|| (uint64_t)p[TINYML_POOL_IN_H] * (uint64_t)p[TINYML_POOL_IN_W] * (uint64_t)p[TINYML_POOL_CHANNELS] >= ((uint64_t)1 << 31);
}

/* The blocking of a layer's DSP path: the output columns [ox_lo, ox_hi) whose windows lie within the
 * input columns, and the int32 words of the two lists in the scratch, one after the other (0: not
 * built). The windows of those columns share one list (inner: when there are any), the others
 * another (edge: when there are any, not when every column is inner). */
typedef struct {
	int32_t ox_lo, ox_hi;
	int32_t inner_words, edge_words;
} tinyml_apool_blocks;

/* The blocking of a layer (*b) and the scratch bytes of its lists; 0 (and no lists) for a layer that
 * runs one channel at a time. The one computation both the scratch query and the kernel use. A
 * window's rows are at most min(FILTER_H, IN_H), its columns min(FILTER_W, IN_W) (FILTER_W when a
 * column is inner); one of more than TINYML_ARM_POOL_TAPS taps takes tinyml_apool_big, no list. The
 * query's params are not validated: no division by zero, and unsigned arithmetic (the same values as
 * signed for a valid layer), which cannot overflow. */
static __attribute__((noinline)) size_t tinyml_apool_blocking(const int32_t* p, tinyml_apool_blocks* b)
{
	const int32_t in_h = p[TINYML_POOL_IN_H], in_w = p[TINYML_POOL_IN_W], f_h = p[TINYML_POOL_FILTER_H], f_w = p[TINYML_POOL_FILTER_W];
	const int32_t out_w = p[TINYML_POOL_OUT_W];
	const uint32_t s_w = (uint32_t)p[TINYML_POOL_STRIDE_W], pad_w = (uint32_t)p[TINYML_POOL_PAD_W];
	uint32_t rows = (uint32_t)(f_h < in_h ? f_h : in_h), cols = (uint32_t)(f_w < in_w ? f_w : in_w);
	int32_t lo = 0, hi = 0, words;
	if (p[TINYML_POOL_STRIDE_W] >= 1) {
		lo = (int32_t)((pad_w + s_w - 1) / s_w);
		hi = f_w <= in_w ? (int32_t)(((uint32_t)in_w - (uint32_t)f_w + pad_w) / s_w + 1) : 0;
		lo = lo < out_w ? lo : out_w;
		hi = hi < out_w ? hi : out_w;
		hi = hi > lo ? hi : lo;
	}
	b->ox_lo = lo;
	b->ox_hi = hi;
	/* (Negative rows or cols, of params validation refuses, are large unsigned: capped too.) */
	rows = rows < TINYML_ARM_POOL_TAPS ? rows : TINYML_ARM_POOL_TAPS;
	cols = cols < TINYML_ARM_POOL_TAPS ? cols : TINYML_ARM_POOL_TAPS;
	words = tinyml_apool_list_words(rows * cols < TINYML_ARM_POOL_TAPS ? (int32_t)(rows * cols) : TINYML_ARM_POOL_TAPS);
	if (tinyml_apool_channelwise(p))
		words = 0;
	b->inner_words = lo < hi ? words : 0;
	b->edge_words = lo != 0 || hi != out_w ? words : 0;
	return 4 * (size_t)(b->inner_words + b->edge_words);
}

/* The scratch of both pools' DSP paths (the lists), 0 for a layer run one channel at a time. */
static size_t tinyml_arm_pool_scratch(const int32_t* p)
{
	tinyml_apool_blocks b;
	return tinyml_apool_blocking(p, &b);
}

/* The window geometry and output constants of a pool, and the window size its offset list holds:
 * count taps, half = count / 2 (and half, -half in both int16 lanes) for the average. */
typedef struct {
	int32_t in_h, in_w, channels, out_w, f_h, f_w, s_w, pad_w, in_row;
	uint32_t lo4, hi4, empty4;
	int average, act_full;
	tinyml_apool_list* list;
	int32_t count, half;
	uint32_t half2, nhalf2;
} tinyml_apool_q;

/* Makes q->list the offsets of a rows x cols window (kept when it already is) and q->count its taps. */
static void tinyml_apool_taps(tinyml_apool_q* q, int32_t rows, int32_t cols)
{
	tinyml_apool_list* restrict l = q->list;
	int32_t fy, fx, n = 0;
	if (rows == l->rows && cols == l->cols)
		return;
	l->rows = rows;
	l->cols = cols;
	for (fy = 0; fy < rows; fy++)
		for (fx = 0; fx < cols; fx++)
			l->off[n++] = fy * q->in_row + fx * q->channels;
	q->count = n;
	q->half = n / 2;
	q->half2 = (uint32_t)q->half * 0x00010001u;
	q->nhalf2 = (uint32_t)(uint16_t)-q->half * 0x00010001u;
}

/* The average pool's constants of one window size: its taps, half of them (and half, -half in both int16 lanes). */
typedef struct {
	int32_t count;
	uint32_t half2, nhalf2, lo4, hi4;
	int act_full;
} tinyml_apool_avgq;

/* The four averages of sums (c0, c2) and (c1, c3) moved half a count away from zero, clamped. */
static inline void tinyml_apool_avg_store(uint32_t a02, uint32_t a13, const tinyml_apool_avgq* k, int8_t* restrict y)
{
	const int32_t n = k->count;
	uint32_t v;
	a02 = tinyml_apool_round2(a02, k->half2, k->nhalf2);
	a13 = tinyml_apool_round2(a13, k->half2, k->nhalf2);
	v = tinyml_apool_pack((int16_t)a02 / n, (int16_t)a13 / n, ((int32_t)a02 >> 16) / n, ((int32_t)a13 >> 16) / n);
	if (!k->act_full)
		v = tinyml_apool_min4(tinyml_apool_max4(v, k->lo4), k->hi4);
	tinyml_st32(y, v);
}

/* All channels of one average pool pixel (eight or more), eight at a time (the last group
 * overlapping the previous one), from the taps at x + off[t]. */
static __attribute__((noinline)) void tinyml_apool_avg8(const int8_t* restrict x, const int32_t* restrict off, const tinyml_apool_avgq* k,
	int32_t channels, int8_t* restrict y)
{
	const tinyml_apool_avgq kk = *k;
	const int32_t last = channels - 8;
	int32_t c = 0, t;
	for (;;) {
		const int8_t* restrict x8 = tinyml_apool_opaque(x + c);
		uint32_t a02 = 0, a13 = 0, b02 = 0, b13 = 0;
		for (t = 0; t < kk.count; t++) {
			const int8_t* restrict s = x8 + off[t];
			tinyml_apool_acc4(&a02, &a13, tinyml_ld32(s));
			tinyml_apool_acc4(&b02, &b13, tinyml_ld32(s + 4));
		}
		tinyml_apool_avg_store(a02, a13, &kk, y + c);
		tinyml_apool_avg_store(b02, b13, &kk, y + c + 4);
		if (c == last)
			break;
		c = c + 8 < last ? c + 8 : last;
	}
}

/* All channels of one average pool pixel (sixteen or more), sixteen at a time (the last group
 * overlapping the previous one, or the last one to eight channels by tinyml_apool_avg8). */
static inline __attribute__((always_inline)) void tinyml_apool_avg16(const int8_t* restrict x, const int32_t* restrict off, const tinyml_apool_avgq* k,
	int32_t channels, int8_t* restrict y)
{
	const tinyml_apool_avgq kk = *k;
	const int32_t last = channels - 16;
	int32_t c = 0, t;
	for (;;) {
		const int8_t* restrict x16 = tinyml_apool_opaque(x + c);
		uint32_t a02 = 0, a13 = 0, b02 = 0, b13 = 0, c02 = 0, c13 = 0, d02 = 0, d13 = 0;
		for (t = 0; t < kk.count; t++) {
			const int8_t* restrict s = x16 + off[t];
			tinyml_apool_acc4(&a02, &a13, tinyml_ld32(s));
			tinyml_apool_acc4(&b02, &b13, tinyml_ld32(s + 4));
			tinyml_apool_acc4(&c02, &c13, tinyml_ld32(s + 8));
			tinyml_apool_acc4(&d02, &d13, tinyml_ld32(s + 12));
		}
		tinyml_apool_avg_store(a02, a13, &kk, y + c);
		tinyml_apool_avg_store(b02, b13, &kk, y + c + 4);
		tinyml_apool_avg_store(c02, c13, &kk, y + c + 8);
		tinyml_apool_avg_store(d02, d13, &kk, y + c + 12);
		c += 16;
		if (channels - c <= 8)
			break;
		c = c < last ? c : last;
	}
	/* The last one to eight channels, eight at once. */
	if (c < channels)
		tinyml_apool_avg8(x + last + 8, off, k, 8, y + last + 8);
}

/* The same for four to seven channels, four at a time. */
static inline __attribute__((always_inline)) void tinyml_apool_avg4(const int8_t* restrict x, const int32_t* restrict off, const tinyml_apool_avgq* k,
	int32_t channels, int8_t* restrict y)
{
	int32_t c, t;
	for (c = 0; c < channels; c += 4) {
		uint32_t a02 = 0, a13 = 0;
		if (c > channels - 4)
			c = channels - 4;
		for (t = 0; t < k->count; t++)
			tinyml_apool_acc4(&a02, &a13, tinyml_ld32(x + c + off[t]));
		tinyml_apool_avg_store(a02, a13, k, y + c);
	}
}

/* npix output pixels of average pool whose windows are q->list's, from win, win + step, ... */
static void tinyml_apool_avg_pixels(const tinyml_apool_q* q, const int8_t* restrict win, size_t step, int32_t npix, int8_t* restrict y)
{
	const int32_t channels = q->channels;
	const int32_t* restrict off = q->list->off;
	tinyml_apool_avgq k;
	k.count = q->count;
	k.half2 = q->half2;
	k.nhalf2 = q->nhalf2;
	k.lo4 = q->lo4;
	k.hi4 = q->hi4;
	k.act_full = q->act_full;
	if (channels >= 16)
		for (; npix > 0; npix--, win += step, y += channels)
			tinyml_apool_avg16(win, off, &k, channels, y);
	else if (channels >= 8)
		for (; npix > 0; npix--, win += step, y += channels)
			tinyml_apool_avg8(win, off, &k, channels, y);
	else
		for (; npix > 0; npix--, win += step, y += channels)
			tinyml_apool_avg4(win, off, &k, channels, y);
}

/* All channels of one max pool pixel (four to seven): the max of the taps at x + off[t], four
 * channels, or the first four and the last four in one tap loop, then the upper clamp. */
static inline __attribute__((always_inline)) void tinyml_apool_max4c(const int8_t* restrict x, const int32_t* restrict off, int32_t count,
	uint32_t lo4, uint32_t hi4, int32_t channels, int8_t* restrict y)
{
	const int8_t* restrict x0 = tinyml_apool_opaque(x);
	const int32_t last = channels - 4;
	uint32_t m0 = lo4, m1 = lo4;
	int32_t t;
	if (last == 0)
		for (t = 0; t < count; t++)
			tinyml_apool_maxin(&m0, tinyml_ld32(x0 + off[t]));
	else
		for (t = 0; t < count; t++) {
			const int8_t* restrict s = x0 + off[t];
			tinyml_apool_maxin(&m0, tinyml_ld32(s));
			tinyml_apool_maxin(&m1, tinyml_ld32(s + last));
		}
	tinyml_st32(y + last, tinyml_apool_min4(m1, hi4));
	tinyml_st32(y, tinyml_apool_min4(m0, hi4));
}

/* The same for eight or more channels, eight at a time. */
static inline __attribute__((always_inline)) void tinyml_apool_max8(const int8_t* restrict x, const int32_t* restrict off, int32_t count,
	uint32_t lo4, uint32_t hi4, int32_t channels, int8_t* restrict y)
{
	int32_t c, t;
	for (c = 0; c < channels; c += 8) {
		const int8_t* restrict x8;
		uint32_t m0 = lo4, m1 = lo4;
		if (c > channels - 8)
			c = channels - 8;
		x8 = tinyml_apool_opaque(x + c);
		for (t = 0; t < count; t++) {
			const int8_t* restrict s = x8 + off[t];
			tinyml_apool_maxin(&m0, tinyml_ld32(s));
			tinyml_apool_maxin(&m1, tinyml_ld32(s + 4));
		}
		tinyml_st32(y + c, tinyml_apool_min4(m0, hi4));
		tinyml_st32(y + c + 4, tinyml_apool_min4(m1, hi4));
	}
}

/* The same for sixteen or more channels, sixteen at a time, the last one to eight by tinyml_apool_max8. */
static inline __attribute__((always_inline)) void tinyml_apool_max16(const int8_t* restrict x, const int32_t* restrict off, int32_t count,
	uint32_t lo4, uint32_t hi4, int32_t channels, int8_t* restrict y)
{
	const int32_t last = channels - 16;
	int32_t c = 0, t;
	for (;;) {
		const int8_t* restrict x16 = tinyml_apool_opaque(x + c);
		uint32_t m0 = lo4, m1 = lo4, m2 = lo4, m3 = lo4;
		for (t = 0; t < count; t++) {
			const int8_t* restrict s = x16 + off[t];
			tinyml_apool_maxin(&m0, tinyml_ld32(s));
			tinyml_apool_maxin(&m1, tinyml_ld32(s + 4));
			tinyml_apool_maxin(&m2, tinyml_ld32(s + 8));
			tinyml_apool_maxin(&m3, tinyml_ld32(s + 12));
		}
		tinyml_st32(y + c, tinyml_apool_min4(m0, hi4));
		tinyml_st32(y + c + 4, tinyml_apool_min4(m1, hi4));
		tinyml_st32(y + c + 8, tinyml_apool_min4(m2, hi4));
		tinyml_st32(y + c + 12, tinyml_apool_min4(m3, hi4));
		c += 16;
		if (channels - c <= 8)
			break;
		c = c < last ? c : last;
	}
	if (c < channels)
		tinyml_apool_max8(x + last + 8, off, count, lo4, hi4, 8, y + last + 8);
}

/* npix output pixels of max pool whose windows are q->list's, from win, win + step, ... */
static void tinyml_apool_max_pixels(const tinyml_apool_q* q, const int8_t* restrict win, size_t step, int32_t npix, int8_t* restrict y)
{
	const int32_t channels = q->channels, count = q->count;
	const int32_t* restrict off = q->list->off;
	const uint32_t lo4 = q->lo4, hi4 = q->hi4;
	/* (One loop of pixels per group width.) */
	if (channels >= 16)
		for (; npix > 0; npix--, win += step, y += channels)
			tinyml_apool_max16(win, off, count, lo4, hi4, channels, y);
	else if (channels >= 8)
		for (; npix > 0; npix--, win += step, y += channels)
			tinyml_apool_max8(win, off, count, lo4, hi4, channels, y);
	else
		for (; npix > 0; npix--, win += step, y += channels)
			tinyml_apool_max4c(win, off, count, lo4, hi4, channels, y);
}

/* One or the other. */
static void tinyml_apool_pixels(const tinyml_apool_q* q, const int8_t* restrict win, size_t step, int32_t npix, int8_t* restrict y)
{
	if (q->average)
		tinyml_apool_avg_pixels(q, win, step, npix, y);
	else
		tinyml_apool_max_pixels(q, win, step, npix, y);
}

/* The rounded average of an int32 sum, as the portable path computes it. */
static inline int32_t tinyml_apool_avg32(int32_t acc, int32_t count, int32_t half)
{
	return (acc > 0 ? acc + half : acc - half) / count;
}

/* A window of more than TINYML_ARM_POOL_TAPS taps (rows x cols from x), four channels at a time: nested
 * tap loops; the average sums in int16 up to 256 taps (whole rows of at most 256 columns), added into int32. */
static void tinyml_apool_big(const tinyml_apool_q* q, const int8_t* restrict x, int32_t rows, int32_t cols, int8_t* restrict y)
{
	const int32_t channels = q->channels, in_row = q->in_row, count = rows * cols, half = count / 2;
	const uint32_t lo4 = q->lo4, hi4 = q->hi4;
	int32_t c, fy, fx;
	for (c = 0; c < channels; c += 4) {
		const int8_t* restrict x4;
		uint32_t m = lo4;
		if (c > channels - 4)
			c = channels - 4;
		x4 = x + c;
		if (q->average) {
			const int32_t chunk = 256 / cols;
			int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
			for (fy = 0; fy < rows;) {
				const int32_t end = rows - fy < chunk ? rows : fy + chunk;
				uint32_t a02 = 0, a13 = 0;
				for (; fy < end; fy++, x4 += in_row) {
					const int8_t* restrict s = x4;
					for (fx = 0; fx < cols; fx++, s += channels)
						tinyml_apool_acc4(&a02, &a13, tinyml_ld32(s));
				}
				s0 += (int16_t)a02;
				s2 += (int32_t)a02 >> 16;
				s1 += (int16_t)a13;
				s3 += (int32_t)a13 >> 16;
			}
			m = tinyml_apool_max4(tinyml_apool_pack(tinyml_apool_avg32(s0, count, half), tinyml_apool_avg32(s1, count, half),
				tinyml_apool_avg32(s2, count, half), tinyml_apool_avg32(s3, count, half)), lo4);
		}
		else {
			for (fy = 0; fy < rows; fy++, x4 += in_row) {
				const int8_t* restrict s = x4;
				for (fx = 0; fx < cols; fx++, s += channels)
					tinyml_apool_maxin(&m, tinyml_ld32(s));
			}
		}
		tinyml_st32(y + c, tinyml_apool_min4(m, hi4));
	}
}

/* One output row of max pool whose window rows are [y0, y1) from iy0, one channel at a time: the
 * layers of fewer than four channels, or given no scratch for the lists. */
static __attribute__((noinline)) void tinyml_apool_max_scalar(const tinyml_apool_q* q, const int8_t* restrict in_b, int32_t iy0, int32_t y0, int32_t y1,
	int8_t* restrict y)
{
	const int32_t channels = q->channels, in_row = q->in_row;
	const int32_t act_min = (int8_t)q->lo4, act_max = (int8_t)q->hi4;
	int32_t ox, c, fy, fx;
	for (ox = 0; ox < q->out_w; ox++) {
		const int32_t ix0 = ox * q->s_w - q->pad_w;
		const int8_t* restrict win;
		int32_t x0, x1, rows = y1 - y0, cols;
		tinyml_apool_range(ix0, q->f_w, q->in_w, &x0, &x1);
		cols = x1 - x0;
		if (rows <= 0 || cols <= 0)
			cols = rows = 0; /* an empty window: act_min (as the portable path's -128 clamped) */
		win = in_b + (size_t)(iy0 + y0) * (size_t)in_row + (size_t)(ix0 + x0) * (size_t)channels;
		for (c = 0; c < channels; c++, y++) {
			const int8_t* restrict r = win + c;
			int32_t v = act_min;
			for (fy = 0; fy < rows; fy++, r += in_row) {
				const int8_t* restrict t = r;
				for (fx = 0; fx < cols; fx++, t += channels)
					v = *t > v ? *t : v;
			}
			*y = (int8_t)(v > act_max ? act_max : v);
		}
	}
}

/* Output pixels [ox0, ox1) of a row whose window rows are [y0, y1) from iy0, one at a time, any
 * window: those clipped at the left and right edges (from q's list, rebuilt when the size changes),
 * empty ones, and those too large for a list. */
static void tinyml_apool_edge(tinyml_apool_q* q, const int8_t* restrict in_b, int32_t iy0, int32_t y0, int32_t y1,
	int32_t ox0, int32_t ox1, int8_t* restrict y)
{
	int32_t ox, c;
	for (ox = ox0; ox < ox1; ox++, y += q->channels) {
		const int32_t ix0 = ox * q->s_w - q->pad_w;
		const int8_t* restrict win;
		int32_t x0, x1, rows = y1 - y0, cols;
		tinyml_apool_range(ix0, q->f_w, q->in_w, &x0, &x1);
		cols = x1 - x0;
		if (rows <= 0 || cols <= 0) {
			/* An empty window: act_min for the max (-128 clamped), 0 clamped for the average (as the portable path). */
			for (c = 0; c < q->channels; c += 4)
				tinyml_st32(y + (c > q->channels - 4 ? q->channels - 4 : c), q->empty4);
			continue;
		}
		win = in_b + (size_t)(iy0 + y0) * (size_t)q->in_row + (size_t)(ix0 + x0) * (size_t)q->channels;
		if (rows * cols > TINYML_ARM_POOL_TAPS) {
			tinyml_apool_big(q, win, rows, cols, y);
			continue;
		}
		tinyml_apool_taps(q, rows, cols);
		tinyml_apool_pixels(q, win, 0, 1, y);
	}
}

/* Whether a layer runs one channel at a time (tinyml_apool_max_scalar): tinyml_apool_channelwise's
 * layers, or given no scratch for the lists. */
static int tinyml_arm_pool_scalar(const int32_t* p, const void* scratch)
{
	return scratch == NULL || tinyml_apool_channelwise(p);
}

/* Whether the DSP path takes an average pool: not one channel at a time, rows of at most 256 columns. */
static int tinyml_arm_pool_takes_average(const int32_t* p, const void* scratch)
{
	return !tinyml_arm_pool_scalar(p, scratch) && (p[TINYML_POOL_FILTER_W] < p[TINYML_POOL_IN_W] ? p[TINYML_POOL_FILTER_W] : p[TINYML_POOL_IN_W]) <= 256;
}

/* Both pools: every max pool, the average pools of tinyml_arm_pool_takes_average. */
static void tinyml_arm_pool_2d_int8(const int32_t* restrict p, const int8_t* restrict input, int8_t* restrict output,
	void* restrict scratch, int average)
{
	const int32_t batches = p[TINYML_POOL_BATCHES], out_h = p[TINYML_POOL_OUT_H], s_h = p[TINYML_POOL_STRIDE_H], pad_h = p[TINYML_POOL_PAD_H];
	const int32_t act_min = p[TINYML_POOL_ACT_MIN], act_max = p[TINYML_POOL_ACT_MAX];
	/* The lists live in the caller's scratch (4-byte aligned, its contract), as tinyml_apool_blocking
	 * sized it: the inner windows' list (if any), then the others' (if any). */
	int32_t* restrict lists = (int32_t*)__builtin_assume_aligned(scratch, 4);
	tinyml_apool_blocks k;
	/* One channel at a time without the lists: tinyml_arm_pool_scalar's cases. */
	const int scalar = tinyml_apool_blocking(p, &k) == 0 || scratch == NULL;
	tinyml_apool_q q, e;
	int32_t ox_lo, ox_hi, b, oy;
	int8_t* restrict y = output;
	/* q and e alike but for their lists, field by field (a struct copy would be a call to memcpy). */
	q.in_h = e.in_h = p[TINYML_POOL_IN_H];
	q.in_w = e.in_w = p[TINYML_POOL_IN_W];
	q.channels = e.channels = p[TINYML_POOL_CHANNELS];
	q.out_w = e.out_w = p[TINYML_POOL_OUT_W];
	q.f_h = e.f_h = p[TINYML_POOL_FILTER_H];
	q.f_w = e.f_w = p[TINYML_POOL_FILTER_W];
	q.s_w = e.s_w = p[TINYML_POOL_STRIDE_W];
	q.pad_w = e.pad_w = p[TINYML_POOL_PAD_W];
	q.in_row = e.in_row = (int32_t)((uint32_t)q.in_w * (uint32_t)q.channels);
	q.lo4 = e.lo4 = tinyml_apool_splat(act_min);
	q.hi4 = e.hi4 = tinyml_apool_splat(act_max);
	q.empty4 = e.empty4 = average ? tinyml_apool_splat(0 < act_min ? act_min : 0 > act_max ? act_max : 0) : q.lo4;
	q.average = e.average = average;
	q.act_full = e.act_full = act_min == -128 && act_max == 127;
	q.count = q.half = e.count = e.half = 0;
	q.half2 = q.nhalf2 = e.half2 = e.nhalf2 = 0;
	q.list = e.list = NULL;
	ox_lo = k.ox_lo;
	ox_hi = k.ox_hi;
	if (!scalar) {
		q.list = (tinyml_apool_list*)lists;
		e.list = (tinyml_apool_list*)(lists + k.inner_words);
		if (k.inner_words > 0)
			q.list->rows = -1;
		if (k.edge_words > 0)
			e.list->rows = -1;
	}
	for (b = 0; b < batches; b++) {
		const int8_t* restrict in_b = input + (size_t)b * (size_t)q.in_h * (size_t)q.in_row;
		for (oy = 0; oy < out_h; oy++, y += (size_t)q.out_w * (size_t)q.channels) {
			const int32_t iy0 = oy * s_h - pad_h;
			int32_t y0, y1, rows;
			tinyml_apool_range(iy0, q.f_h, q.in_h, &y0, &y1);
			rows = y1 - y0;
			/* (With an inner column, f_w <= in_w: the product is a clipped window, validated.) */
			if (scalar) {
				tinyml_apool_max_scalar(&q, in_b, iy0, y0, y1, y);
				continue;
			}
			if (ox_lo == ox_hi || rows <= 0 || rows * q.f_w > TINYML_ARM_POOL_TAPS) {
				tinyml_apool_edge(&e, in_b, iy0, y0, y1, 0, q.out_w, y);
				continue;
			}
			tinyml_apool_taps(&q, rows, q.f_w);
			tinyml_apool_edge(&e, in_b, iy0, y0, y1, 0, ox_lo, y);
			tinyml_apool_pixels(&q, in_b + (size_t)(iy0 + y0) * (size_t)q.in_row + (size_t)(ox_lo * q.s_w - q.pad_w) * (size_t)q.channels,
				(size_t)q.s_w * (size_t)q.channels, ox_hi - ox_lo, y + (size_t)ox_lo * (size_t)q.channels);
			tinyml_apool_edge(&e, in_b, iy0, y0, y1, ox_hi, q.out_w, y + (size_t)ox_hi * (size_t)q.channels);
		}
	}
}

#endif /* DSP */

#endif /* TINYML_ARM_POOLING_H */

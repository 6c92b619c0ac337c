/*
 * tinyml-xs Arm DSP kernel: DEPTHWISE_CONV_2D int8 (internal header, included by depthwise_conv_2d.c).
 *
 * Channels run in blocks, output rows in strips. For a block and a strip, the input rows the
 * strip's windows cover are converted once into one int16 plane per channel (channel-major), with
 * the input offset added and the padding stored as zeros: a padded tap then contributes nothing and
 * no inner loop checks bounds. In that layout two horizontally adjacent taps of one channel are one
 * 32-bit word (an unaligned load at any column), and the filter, transposed the same way, is one
 * word per two taps: one SMLAD does two taps. Each channel then runs over the whole strip with its
 * filter and requantization constants at hand.
 *
 * 3x3 filters with horizontal stride 1 (the common MobileNet / DS-CNN layer; any depth multiplier,
 * vertical stride or dilation) run columns of four outputs (then two, then one) down the strip,
 * in assembly: per filter row, five words x01 x12 x23 x34 x45 serve the four outputs (SMLAD for
 * taps 0-1, SMLABB / SMLATB for tap 2). 3x3 filters with other strides (or multipliers) and 7- or
 * 8-wide filters compute one output at a time, two taps per SMLAD, unrolled; 5x5 filters, and
 * channels whose constants the fast requantization cannot take, the same in plain loops
 * (tinyml_dw_plane_any), which takes any other filter too: a filter dilated along rows is stored
 * with its zero taps. The fast requantization saturates to int8; a narrower activation range is
 * applied over the whole output afterwards (tinyml_arm_activation). The path takes every layer (the
 * portable loops are not compiled with it): its scratch is TINYML_ARM_DW_BUF bytes, or what one
 * channel and one output row need where that is more.
 */
#ifndef TINYML_ARM_DEPTHWISE_CONV_2D_H
#define TINYML_ARM_DEPTHWISE_CONV_2D_H

#include "tinyml_arm.h"
#include "../tinyml_variants.h"

#if defined(TINYML_ARM_DSP)

/* Scratch bytes of the DSP path (channel planes, transposed filter, per-channel constants), from the caller. */
#ifndef TINYML_ARM_DW_BUF
#define TINYML_ARM_DW_BUF 4096
#endif

/*
 * One output channel's constants. e > 0: the fast requantization, with the filter and bias stored
 * doubled so that the accumulator is already the 2 acc SMMULR takes (exact: |acc| < 2^30);
 * e == 0: TFLM's requantization of the plain accumulator, hoff holding the shift.
 */
typedef struct {
	int32_t bias, mult, hoff, e;
} tinyml_dw_ch;

typedef struct {
	int32_t output_offset, act_min, act_max;
} tinyml_dw_act;

/*
 * (x0, x2) + off2 of four int8 lanes ((x1, x3) + off2 is tinyml_hi16_fast); PKHBT (a.lo, b.lo) and PKHTB (a.hi, b.hi).
 * One instruction each in assembly: GCC folds none of these packings, and with tinyml_lo16's
 * intrinsic in place of the first it schedules kws_dw's loop worse (207,291 instructions, not 204,027).
 */
static inline uint32_t tinyml_dw_sx02(uint32_t off2, uint32_t x)
{
	uint32_t r;
	__asm__("sxtab16 %0, %1, %2" : "=r"(r) : "r"(off2), "r"(x));
	return r;
}

static inline uint32_t tinyml_dw_lo_lo(uint32_t a, uint32_t b)
{
	uint32_t r;
	__asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(a), "r"(b));
	return r;
}

static inline uint32_t tinyml_dw_hi_hi(uint32_t a, uint32_t b)
{
	uint32_t r;
	__asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(b), "r"(a));
	return r;
}

/* tinyml_rq_apply of an accumulator already doubled. */
static inline int32_t tinyml_dw_apply(int32_t acc2, int32_t mult, int32_t hoff, int32_t e)
{
	int32_t v = tinyml_smmulr(acc2, mult);
	v -= (int32_t)((uint32_t)v >> 31);
	return (v + hoff) >> e;
}

/*
 * `rows` input rows (in_w pixels of in_c channels each, from the block's first channel, src_row
 * bytes apart) into the n channel planes of `dst` (rows wp int16 apart, planes cs apart), x + offset
 * as int16. Two pixels times four channels at a time: SXTAB16 gives (x0, x2) and (x1, x3) of each
 * pixel, PKHBT / PKHTB pair them per channel across the two pixels (variant dw_4ch_load); the
 * channels left over (or all, without that variant) one at a time.
 */
static void __attribute__((noinline)) tinyml_dw_load(int16_t* restrict dst, int32_t wp, int32_t cs, const int8_t* restrict src,
	size_t src_row, int32_t rows, int32_t in_c, int32_t in_w, int32_t n, int32_t offset)
{
	const uint32_t off2 = ((uint32_t)offset & 0xFFFFu) * 0x10001u;
	const int32_t pairs = in_w >> 1;
	int32_t r, cl = 0, ix;
	for (; TINYML_VARIANT_DW_4CH_LOAD && cl + 4 <= n; cl += 4) {
		const int8_t* restrict s_row = src + cl;
		int16_t* restrict d0 = dst + (size_t)cl * (size_t)cs;
		int16_t* restrict d1 = d0 + cs;
		int16_t* restrict d2 = d1 + cs;
		int16_t* restrict d3 = d2 + cs;
		for (r = 0; r < rows; r++, s_row += src_row, d0 += wp, d1 += wp, d2 += wp, d3 += wp) {
			const int8_t* restrict s = s_row;
			int32_t k;
			for (k = 0; k < pairs; k++) {
				const uint32_t a = tinyml_ld32(s), b = tinyml_ld32(s + in_c);
				const uint32_t a02 = tinyml_dw_sx02(off2, a), a13 = tinyml_hi16_fast(off2, a);
				const uint32_t b02 = tinyml_dw_sx02(off2, b), b13 = tinyml_hi16_fast(off2, b);
				s += 2 * in_c;
				tinyml_st32(d0 + 2 * k, tinyml_dw_lo_lo(a02, b02));
				tinyml_st32(d1 + 2 * k, tinyml_dw_lo_lo(a13, b13));
				tinyml_st32(d2 + 2 * k, tinyml_dw_hi_hi(a02, b02));
				tinyml_st32(d3 + 2 * k, tinyml_dw_hi_hi(a13, b13));
			}
			if (in_w & 1) {
				const uint32_t a = tinyml_ld32(s);
				const uint32_t a02 = tinyml_dw_sx02(off2, a), a13 = tinyml_hi16_fast(off2, a);
				ix = in_w - 1;
				d0[ix] = (int16_t)a02;
				d1[ix] = (int16_t)a13;
				d2[ix] = (int16_t)(a02 >> 16);
				d3[ix] = (int16_t)(a13 >> 16);
			}
		}
	}
	for (; cl < n; cl++) {
		const int8_t* restrict s_row = src + cl;
		int16_t* restrict d = dst + (size_t)cl * (size_t)cs;
		for (r = 0; r < rows; r++, s_row += src_row, d += wp) {
			for (ix = 0; ix < in_w; ix++)
				d[ix] = (int16_t)(s_row[(size_t)ix * (size_t)in_c] + offset);
		}
	}
}

/* Two taps (x_i, x_i+1) of an int16 row, or two filter taps. */
#define TINYML_DW_LD(r, i) ((int32_t)tinyml_ld32((r) + (i)))

/*
 * The fast requantization of a doubled accumulator for a multiplier above 2^30 (TFLM's are in
 * [2^30, 2^31)), saturated to int8 (the activation range comes after, tinyml_arm_activation).
 * Then v = SMMULR(acc2, mult) is negative exactly when acc2 is (acc2 <= -2 gives acc2 mult + 2^31
 * < 0), so the rounding correction -[v < 0] is acc2 >> 31, and SMMLAR adds hoff: two instructions
 * instead of three.
 */
static inline int8_t tinyml_dw_fast(int32_t acc2, int32_t mult, int32_t hoff, int32_t e)
{
	int32_t v;
	__asm__("smmlar %0, %1, %2, %3" : "=r"(v) : "r"(acc2), "r"(mult), "r"(hoff));
	return (int8_t)__ssat((v + (acc2 >> 31)) >> e, 8);
}

/*
 * The 3x3 passes, in assembly because the compiler, short of registers, hoists the six filter
 * words out of the loops and then spills around them. A pass computes the accumulators of 1, 2 or
 * 4 adjacent outputs of one channel: p is the first output's window (its top row; the next rows
 * are dil bytes apart), wt the filter (three rows of four int16: w0 w1 w2 0), bias the starting
 * value. Per filter row, LDRD gives the words x01 and x23 (aligned: windows start at even columns
 * and rows are word-aligned), LDR the unaligned x12 (x34, x45); SMLAD does taps 0-1 of an output,
 * SMLABB / SMLATB its tap 2. The statements read memory (the "memory" clobber), which costs nothing
 * here: the loops keep their constants in locals.
 */
#define TINYML_DW3_ROW4(r, wofs, c0, c1, c2, c3) \
	"ldrd %[w01], %[w2], [%[wt], #" wofs "]\n\t" \
	"ldrd %[xa], %[xb], [%[" r "]]\n\t" \
	"smlad %[a0], %[xa], %[w01], %[" c0 "]\n\t" \
	"smlad %[a2], %[xb], %[w01], %[" c2 "]\n\t" \
	"smlabb %[a0], %[xb], %[w2], %[a0]\n\t" \
	"ldr %[xa], [%[" r "], #2]\n\t" \
	"smlad %[a1], %[xa], %[w01], %[" c1 "]\n\t" \
	"smlatb %[a1], %[xb], %[w2], %[a1]\n\t" \
	"ldr %[xa], [%[" r "], #6]\n\t" \
	"smlad %[a3], %[xa], %[w01], %[" c3 "]\n\t" \
	"ldr %[xa], [%[" r "], #8]\n\t" \
	"smlabb %[a2], %[xa], %[w2], %[a2]\n\t" \
	"smlatb %[a3], %[xa], %[w2], %[a3]\n\t"

#define TINYML_DW3_PASS4(P, DIL, WT, BIAS, A0, A1, A2, A3) \
	do { \
		int32_t xa_, xb_, w01_, w2_; \
		const int16_t* t_; \
		__asm__ volatile( \
			TINYML_DW3_ROW4("p", "0", "bias", "bias", "bias", "bias") \
			"add %[t], %[p], %[dil]\n\t" \
			TINYML_DW3_ROW4("t", "8", "a0", "a1", "a2", "a3") \
			"add %[t], %[t], %[dil]\n\t" \
			TINYML_DW3_ROW4("t", "16", "a0", "a1", "a2", "a3") \
			: [a0] "=&r"(A0), [a1] "=&r"(A1), [a2] "=&r"(A2), [a3] "=&r"(A3), [xa] "=&r"(xa_), [xb] "=&r"(xb_), \
			  [w01] "=&r"(w01_), [w2] "=&r"(w2_), [t] "=&r"(t_) \
			: [p] "r"(P), [dil] "r"(DIL), [wt] "r"(WT), [bias] "r"(BIAS) \
			: "memory"); \
	} while (0)

#define TINYML_DW3_ROW2(r, wofs, c0, c1) \
	"ldrd %[w01], %[w2], [%[wt], #" wofs "]\n\t" \
	"ldrd %[xa], %[xb], [%[" r "]]\n\t" \
	"smlad %[a0], %[xa], %[w01], %[" c0 "]\n\t" \
	"ldr %[xa], [%[" r "], #2]\n\t" \
	"smlad %[a1], %[xa], %[w01], %[" c1 "]\n\t" \
	"smlabb %[a0], %[xb], %[w2], %[a0]\n\t" \
	"smlatb %[a1], %[xb], %[w2], %[a1]\n\t"

#define TINYML_DW3_PASS2(P, DIL, WT, BIAS, A0, A1) \
	do { \
		int32_t xa_, xb_, w01_, w2_; \
		const int16_t* t_; \
		__asm__ volatile( \
			TINYML_DW3_ROW2("p", "0", "bias", "bias") \
			"add %[t], %[p], %[dil]\n\t" \
			TINYML_DW3_ROW2("t", "8", "a0", "a1") \
			"add %[t], %[t], %[dil]\n\t" \
			TINYML_DW3_ROW2("t", "16", "a0", "a1") \
			: [a0] "=&r"(A0), [a1] "=&r"(A1), [xa] "=&r"(xa_), [xb] "=&r"(xb_), [w01] "=&r"(w01_), [w2] "=&r"(w2_), \
			  [t] "=&r"(t_) \
			: [p] "r"(P), [dil] "r"(DIL), [wt] "r"(WT), [bias] "r"(BIAS) \
			: "memory"); \
	} while (0)

#define TINYML_DW3_ROW1(r, wofs, c0) \
	"ldrd %[w01], %[w2], [%[wt], #" wofs "]\n\t" \
	"ldrd %[xa], %[xb], [%[" r "]]\n\t" \
	"smlad %[a0], %[xa], %[w01], %[" c0 "]\n\t" \
	"smlabb %[a0], %[xb], %[w2], %[a0]\n\t"

#define TINYML_DW3_PASS1(P, DIL, WT, BIAS, A0) \
	do { \
		int32_t xa_, xb_, w01_, w2_; \
		const int16_t* t_; \
		__asm__ volatile( \
			TINYML_DW3_ROW1("p", "0", "bias") \
			"add %[t], %[p], %[dil]\n\t" \
			TINYML_DW3_ROW1("t", "8", "a0") \
			"add %[t], %[t], %[dil]\n\t" \
			TINYML_DW3_ROW1("t", "16", "a0") \
			: [a0] "=&r"(A0), [xa] "=&r"(xa_), [xb] "=&r"(xb_), [w01] "=&r"(w01_), [w2] "=&r"(w2_), [t] "=&r"(t_) \
			: [p] "r"(P), [dil] "r"(DIL), [wt] "r"(WT), [bias] "r"(BIAS) \
			: "memory"); \
	} while (0)

/*
 * One output column, two output rows (windows `down` bytes apart, dil == down: no vertical stride or
 * dilation): the four input rows are loaded once, the middle two serving both outputs.
 */
#define TINYML_DW3_COL2(P, DIL, WT, BIAS, A0, A1) \
	do { \
		int32_t xa_, xb_, w01_, w2_; \
		const int16_t* t_; \
		__asm__ volatile( \
			"ldrd %[w01], %[w2], [%[wt]]\n\t" \
			"ldrd %[xa], %[xb], [%[p]]\n\t" \
			"smlad %[a0], %[xa], %[w01], %[bias]\n\t" \
			"smlabb %[a0], %[xb], %[w2], %[a0]\n\t" \
			"add %[t], %[p], %[dil]\n\t" \
			"ldrd %[xa], %[xb], [%[t]]\n\t" \
			"smlad %[a1], %[xa], %[w01], %[bias]\n\t" \
			"smlabb %[a1], %[xb], %[w2], %[a1]\n\t" \
			"ldrd %[w01], %[w2], [%[wt], #8]\n\t" \
			"smlad %[a0], %[xa], %[w01], %[a0]\n\t" \
			"smlabb %[a0], %[xb], %[w2], %[a0]\n\t" \
			"add %[t], %[t], %[dil]\n\t" \
			"ldrd %[xa], %[xb], [%[t]]\n\t" \
			"smlad %[a1], %[xa], %[w01], %[a1]\n\t" \
			"smlabb %[a1], %[xb], %[w2], %[a1]\n\t" \
			"ldrd %[w01], %[w2], [%[wt], #16]\n\t" \
			"smlad %[a0], %[xa], %[w01], %[a0]\n\t" \
			"smlabb %[a0], %[xb], %[w2], %[a0]\n\t" \
			"add %[t], %[t], %[dil]\n\t" \
			"ldrd %[xa], %[xb], [%[t]]\n\t" \
			"smlad %[a1], %[xa], %[w01], %[a1]\n\t" \
			"smlabb %[a1], %[xb], %[w2], %[a1]\n\t" \
			: [a0] "=&r"(A0), [a1] "=&r"(A1), [xa] "=&r"(xa_), [xb] "=&r"(xb_), [w01] "=&r"(w01_), [w2] "=&r"(w2_), \
			  [t] "=&r"(t_) \
			: [p] "r"(P), [dil] "r"(DIL), [wt] "r"(WT), [bias] "r"(BIAS) \
			: "memory"); \
	} while (0)

/*
 * One channel over `rows` output rows, 3x3 filter, stride 1 along rows, fast requantization with a
 * multiplier above 2^30 (tinyml_dw_fast). x: the channel's plane at the first output's window
 * (output rows `down` int16 apart, filter rows `dil` apart, both even); wt: its filter. Column groups of four outputs (then two, then one), each down
 * all the rows: the setup of a group is paid once per strip, not once per row. Saturates to int8
 * (a narrower activation range is applied afterwards, tinyml_arm_activation).
 */
static void __attribute__((noinline)) tinyml_dw3_plane(const int16_t* restrict x, int32_t down, int32_t dil,
	const int16_t* restrict wt, const tinyml_dw_ch* restrict q, int8_t* restrict y, int32_t out_c, int32_t out_w, int32_t rows)
{
	const int32_t bias = q->bias, mult = q->mult, hoff = q->hoff, e = q->e, dil2 = 2 * dil;
	const size_t ystep = (size_t)out_w * (size_t)out_c;
	const size_t span = (size_t)rows * (size_t)down;
	int32_t ox = 0;
	for (; ox + 4 <= out_w; ox += 4, x += 4, y += 4 * out_c) {
		const int16_t* p = x;
		const int16_t* const end = x + span;
		int8_t* yo = y;
		for (; p != end; p += down, yo += ystep) {
			int32_t a0, a1, a2, a3;
			int8_t* yy = yo;
			TINYML_DW3_PASS4(p, dil2, wt, bias, a0, a1, a2, a3);
			yy[0] = tinyml_dw_fast(a0, mult, hoff, e);
			yy += out_c;
			yy[0] = tinyml_dw_fast(a1, mult, hoff, e);
			yy += out_c;
			yy[0] = tinyml_dw_fast(a2, mult, hoff, e);
			yy += out_c;
			yy[0] = tinyml_dw_fast(a3, mult, hoff, e);
		}
	}
	if (ox + 2 <= out_w) {
		const int16_t* p = x;
		const int16_t* const end = x + span;
		int8_t* yo = y;
		for (; p != end; p += down, yo += ystep) {
			int32_t a0, a1;
			TINYML_DW3_PASS2(p, dil2, wt, bias, a0, a1);
			yo[0] = tinyml_dw_fast(a0, mult, hoff, e);
			yo[out_c] = tinyml_dw_fast(a1, mult, hoff, e);
		}
		ox += 2;
		x += 2;
		y += 2 * out_c;
	}
	if (ox < out_w) {
		const int16_t* p = x;
		const int16_t* const end = x + span;
		int8_t* yo = y;
		if (down == dil) {
			/* Two rows at a time (the last odd row below). */
			const int16_t* const end2 = x + (size_t)(rows & ~1) * (size_t)down;
			for (; p != end2; p += 2 * down, yo += 2 * ystep) {
				int32_t a0, a1;
				TINYML_DW3_COL2(p, dil2, wt, bias, a0, a1);
				yo[0] = tinyml_dw_fast(a0, mult, hoff, e);
				yo[ystep] = tinyml_dw_fast(a1, mult, hoff, e);
			}
		}
		for (; p != end; p += down, yo += ystep) {
			int32_t a0;
			TINYML_DW3_PASS1(p, dil2, wt, bias, a0);
			yo[0] = tinyml_dw_fast(a0, mult, hoff, e);
		}
	}
}

/* The geometry of the general path. */
typedef struct {
	int32_t k_h, kwp, s_w, down, dil, out_c, out_w;
	int32_t unrolled; /* 4: 3x3 (KWP 4, KH 3), 8: KWP 8 (any height), 0: neither (tinyml_dw_plane) */
} tinyml_dw_geo;

/*
 * The accumulator of one output: xr the window's top row, f the transposed filter (k_h rows of KWP
 * int16: k_w rounded up to even, zero-padded), two taps per SMLAD; KH > 0: k_h known too.
 */
static inline __attribute__((always_inline)) int32_t tinyml_dw_acc(const int16_t* restrict xr, const int16_t* restrict f, int32_t a,
	int32_t k_h, int32_t dil, const int KWP, const int KH)
{
	int32_t fy, fx;
	if (KH > 0) {
#pragma GCC unroll 8
		for (fy = 0; fy < KH; fy++, xr += dil, f += KWP) {
#pragma GCC unroll 8
			for (fx = 0; fx < KWP; fx += 2)
				a = __smlad(TINYML_DW_LD(xr, fx), TINYML_DW_LD(f, fx), a);
		}
	}
	else {
		for (fy = 0; fy < k_h; fy++, xr += dil, f += KWP) {
#pragma GCC unroll 8
			for (fx = 0; fx < KWP; fx += 2)
				a = __smlad(TINYML_DW_LD(xr, fx), TINYML_DW_LD(f, fx), a);
		}
	}
	return a;
}

/*
 * One channel over `rows` output rows, KWP x KH filter (KH 0: any height), the fast requantization
 * (e > 0) saturating to int8: x the channel's plane at the first output's window, w its transposed
 * filter.
 */
static inline __attribute__((always_inline)) void tinyml_dw_plane_k(const int16_t* restrict x, const int16_t* restrict w,
	const tinyml_dw_geo* g, const tinyml_dw_ch* restrict q, int8_t* restrict y, int32_t rows, const int KWP, const int KH)
{
	const int32_t k_h = g->k_h, s_w = g->s_w, dil = g->dil, out_w = g->out_w;
	const int32_t out_c = g->out_c, bias = q->bias, mult = q->mult, hoff = q->hoff, e = q->e;
	int32_t oy, ox;
	for (oy = 0; oy < rows; oy++, x += g->down) {
		const int16_t* restrict xr = x;
		for (ox = 0; ox < out_w; ox++, xr += s_w, y += out_c)
			*y = (int8_t)__ssat(tinyml_dw_apply(tinyml_dw_acc(xr, w, bias, k_h, dil, KWP, KH), mult, hoff, e), 8);
	}
}

/*
 * One channel over `rows` output rows, any filter of the general path and either requantization:
 * one SMLAD per pair of taps in plain loops, the requantization chosen per output. The shapes of
 * the benchmark layers have their own unrolled copies (tinyml_dw_plane); this one keeps the others
 * (5x5, 6-wide, TFLM's requantization for the rare channel whose constants the fast one cannot
 * take) to one copy of code.
 */
static void __attribute__((noinline)) tinyml_dw_plane_any(const int16_t* restrict x, const int16_t* restrict w, const tinyml_dw_geo* g,
	const tinyml_dw_ch* restrict q, const tinyml_dw_act* restrict act, int8_t* restrict y, int32_t rows)
{
	const int32_t k_h = g->k_h, kwp = g->kwp, s_w = g->s_w, dil = g->dil, out_w = g->out_w, out_c = g->out_c;
	int32_t oy, ox, fy, fx;
	for (oy = 0; oy < rows; oy++, x += g->down) {
		const int16_t* restrict xr = x;
		for (ox = 0; ox < out_w; ox++, xr += s_w, y += out_c) {
			const int16_t* restrict xt = xr;
			const int16_t* restrict f = w;
			int32_t a = q->bias;
			for (fy = 0; fy < k_h; fy++, xt += dil, f += kwp) {
				for (fx = 0; fx < kwp; fx += 2)
					a = __smlad(TINYML_DW_LD(xt, fx), TINYML_DW_LD(f, fx), a);
			}
			if (q->e)
				*y = (int8_t)__ssat(tinyml_dw_apply(a, q->mult, q->hoff, q->e), 8);
			else
				*y = (int8_t)tinyml_requantize_int8_call((uint32_t)a, q->mult, q->hoff, act->output_offset, act->act_min, act->act_max);
		}
	}
}

/*
 * Every channel but the 3x3 stride-1 ones of tinyml_dw3_plane: 3x3 filters (any stride, vertical
 * dilation) and 7- or 8-wide ones unrolled with the fast requantization, everything else in
 * tinyml_dw_plane_any.
 */
static void __attribute__((noinline)) tinyml_dw_plane(const int16_t* x, const int16_t* w, const tinyml_dw_geo* g,
	const tinyml_dw_ch* q, const tinyml_dw_act* act, int8_t* y, int32_t rows)
{
	if (TINYML_VARIANT_DW_3X3 && q->e && g->unrolled == 4)
		tinyml_dw_plane_k(x, w, g, q, y, rows, 4, 3);
	else if (TINYML_VARIANT_DW_8WIDE && q->e && g->unrolled == 8)
		tinyml_dw_plane_k(x, w, g, q, y, rows, 8, 0);
	else
		tinyml_dw_plane_any(x, w, g, q, act, y, rows);
}

/* Zeroes rows [r0, r1) of n planes. */
static __attribute__((noinline)) void tinyml_dw_clear(int16_t* planes, int32_t cs, int32_t wp, int32_t n, int32_t r0, int32_t r1)
{
	int32_t c;
	if (r0 >= r1)
		return;
	for (c = 0; c < n; c++)
		memset(planes + (size_t)c * (size_t)cs + (size_t)r0 * (size_t)wp, 0, 2 * (size_t)(r1 - r0) * (size_t)wp);
}

/*
 * The sizes the blocking starts from: the input rows one output row's windows cover (span), a
 * plane row in int16 (wp: pad_w zeros, the input row, zeros up to the last column a window reads
 * plus one, for the pair read past an odd filter width and the 3x3 path's tap-2 word; even, so
 * that rows stay word-aligned), and per input channel the bytes of its dm output channels'
 * constants and transposed filters (fixed; a filter dilated along rows is stored with its zero
 * taps: kwp int16 a row). Returns the fewest scratch bytes the path can run with (one channel,
 * one output row at a time), or TINYML_UNSUPPORTED_LAYER when that is beyond any arena (or the
 * params are not a valid layer, which validation refuses anyway).
 */
static uint64_t tinyml_dw_sizes(const int32_t* p, int64_t* span, int64_t* wp, int64_t* fixed, int32_t* kwp)
{
	const int64_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W], d_h = p[TINYML_CONV_DILATION_H], d_w = p[TINYML_CONV_DILATION_W];
	const int64_t kwd = (k_w - 1) * d_w + 1;
	int64_t need, least;
	if (!tinyml_dim_ok((int32_t)k_h) || !tinyml_dim_ok((int32_t)k_w) || !tinyml_dim_ok((int32_t)d_h) || !tinyml_dim_ok((int32_t)d_w)
		|| !tinyml_dim_ok(p[TINYML_CONV_DEPTH_MULTIPLIER]) || kwd * k_h > 0x0FFFFFFF)
		return TINYML_UNSUPPORTED_LAYER;
	*kwp = (int32_t)((kwd + 1) & ~(int64_t)1);
	*span = (k_h - 1) * d_h + 1;
	need = (int64_t)(p[TINYML_CONV_OUT_W] - 1) * p[TINYML_CONV_STRIDE_W] + kwd;
	*wp = (int64_t)p[TINYML_CONV_PAD_W] + p[TINYML_CONV_IN_W];
	if (*wp < need)
		*wp = need;
	*wp = (*wp + 2) & ~(int64_t)1;
	*fixed = (int64_t)p[TINYML_CONV_DEPTH_MULTIPLIER] * ((int64_t)sizeof(tinyml_dw_ch) + 2 * k_h * *kwp);
	if (*span > 0x0FFFFFFF || *wp > 0x0FFFFFFF || *wp < 2)
		return TINYML_UNSUPPORTED_LAYER;
	least = (*fixed + 2 * *wp * *span + 3) & ~(int64_t)3;
	return least > 0x7FFFFFFF ? TINYML_UNSUPPORTED_LAYER : (uint64_t)least;
}

/*
 * The blocking of a layer in `budget` bytes (at least tinyml_dw_sizes's least): the strip height
 * *sh in output rows (a strip covers (sh - 1) s_h + span input rows), as many as fit with four
 * channels per block (or fewer, if the layer has fewer); then the channels per block, returned: as
 * many as fit, in equal blocks, multiples of four (the packed loads) when possible. A block then
 * takes cb (fixed + 2 wp ((sh - 1) s_h + span)) bytes.
 */
static int32_t tinyml_dw_blocking(int32_t budget, int32_t fixed, int32_t wp, int32_t span, int32_t s_h, int32_t in_c, int32_t out_h, int32_t* sh_out)
{
	int32_t cb = in_c < 4 ? in_c : 4, room, sh, fit, blocks, even;
	room = (budget / cb - fixed) / (2 * wp);
	if (room < span) {
		cb = 1;
		room = (budget - fixed) / (2 * wp);
	}
	sh = (room - span) / s_h + 1;
	sh = sh < out_h ? sh : out_h;
	*sh_out = sh;
	fit = budget / (fixed + 2 * wp * ((sh - 1) * s_h + span));
	if (fit >= in_c)
		return in_c;
	cb = fit >= 4 ? fit & ~3 : fit;
	blocks = (in_c + cb - 1) / cb;
	even = (in_c + blocks - 1) / blocks;
	if (cb >= 4)
		even = (even + 3) & ~3;
	return even < cb ? even : cb;
}

/* The blocking of a layer: tinyml_dw_sizes's span, wp and fixed, the channels per block and the output rows per strip. */
typedef struct {
	int32_t span, wp, fixed, cb, sh;
} tinyml_dw_layout;

/*
 * The path takes every layer, in TINYML_ARM_DW_BUF bytes of scratch (more where even one channel
 * and one output row need more): the blocking it uses there (*l) and the bytes of them it uses, or
 * TINYML_UNSUPPORTED_LAYER. One copy for the scratch size and the kernel, so that both agree.
 */
static __attribute__((noinline)) size_t tinyml_dw_blocks(const int32_t* p, tinyml_dw_layout* l)
{
	int64_t span, wp, fixed;
	int32_t kwp;
	const uint64_t least = tinyml_dw_sizes(p, &span, &wp, &fixed, &kwp);
	const int32_t s_h = p[TINYML_CONV_STRIDE_H], in_c = p[TINYML_CONV_IN_C], out_h = p[TINYML_CONV_OUT_H];
	if (least == TINYML_UNSUPPORTED_LAYER || !tinyml_dim_ok(s_h) || !tinyml_dim_ok(in_c) || !tinyml_dim_ok(out_h)
		|| (!TINYML_VARIANT_DW_DILATED_W && p[TINYML_CONV_DILATION_W] != 1))
		return TINYML_UNSUPPORTED_LAYER;
	/* (least is below 2^31: every size below fits an int32.) */
	l->span = (int32_t)span;
	l->wp = (int32_t)wp;
	l->fixed = (int32_t)fixed;
	l->cb = tinyml_dw_blocking(least < TINYML_ARM_DW_BUF ? TINYML_ARM_DW_BUF : (int32_t)least, l->fixed, l->wp, l->span, s_h, in_c, out_h, &l->sh);
	return (size_t)l->cb * ((size_t)l->fixed + 2 * (size_t)l->wp * ((size_t)(l->sh - 1) * (size_t)s_h + (size_t)l->span));
}

static size_t tinyml_arm_dw_scratch(const int32_t* p)
{
	tinyml_dw_layout l;
	return tinyml_dw_blocks(p, &l);
}

static __attribute__((noinline)) void tinyml_arm_depthwise_conv_2d_int8(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int8_t* restrict output, void* restrict scratch)
{
	const int32_t batches = p[TINYML_CONV_BATCHES], in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t out_h = p[TINYML_CONV_OUT_H], out_w = p[TINYML_CONV_OUT_W], out_c = p[TINYML_CONV_OUT_C];
	const int32_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W];
	const int32_t s_h = p[TINYML_CONV_STRIDE_H], s_w = p[TINYML_CONV_STRIDE_W];
	const int32_t d_h = p[TINYML_CONV_DILATION_H], d_w = p[TINYML_CONV_DILATION_W];
	const int32_t pad_h = p[TINYML_CONV_PAD_H], pad_w = p[TINYML_CONV_PAD_W];
	const int32_t input_offset = p[TINYML_CONV_INPUT_OFFSET], output_offset = p[TINYML_CONV_OUTPUT_OFFSET];
	const int32_t dm = p[TINYML_CONV_DEPTH_MULTIPLIER];
	const int32_t* restrict mult = p + TINYML_CONV_HEADER;
	const int32_t* restrict shift = mult + out_c;
	const int is3 = k_h == 3 && k_w == 3 && s_w == 1 && d_w == 1;
	/* Even, as tinyml_dw_sizes makes it: computed here so that the compiler knows rows and planes stay word-aligned. */
	const int32_t kwp = ((k_w - 1) * d_w + 2) & ~1;
	const int64_t macs = tinyml_mac_bound(input_offset, (int64_t)k_h * k_w);
	/* The scratch is 4-byte aligned (its contract): telling the compiler keeps the code of an aligned array. */
	uint32_t* restrict buf = (uint32_t*)__builtin_assume_aligned(scratch, 4);
	tinyml_dw_act act;
	tinyml_dw_geo g;
	tinyml_dw_layout l;
	int32_t span, wp, sh, cb, b, c0, cs, dirty_lo = 0x7FFFFFFF, dirty_hi = 0;
	tinyml_dw_ch* ch;
	int16_t *wt, *planes;
	if (scratch == NULL)
		return;
	/* The blocking tinyml_arm_dw_scratch asked for the bytes of (validation took the layer). */
	(void)tinyml_dw_blocks(p, &l);
	span = l.span;
	/* (Even, as tinyml_dw_sizes makes it: telling the compiler keeps rows and planes word-aligned.) */
	wp = l.wp & ~1;
	sh = l.sh;
	cb = l.cb;
	act.output_offset = output_offset;
	act.act_min = p[TINYML_CONV_ACT_MIN];
	act.act_max = p[TINYML_CONV_ACT_MAX];
	g.k_h = k_h;
	g.kwp = kwp;
	g.unrolled = kwp == 8 ? 8 : kwp == 4 && k_h == 3 ? 4 : 0;
	g.s_w = s_w;
	/* (A stride or dilation that never moves past one row may be huge: then any step will do.) */
	g.down = (sh > 1 ? s_h : 1) * wp;
	g.dil = (k_h > 1 ? d_h : 1) * wp;
	g.out_c = out_c;
	g.out_w = out_w;
	/*
	 * Layout of buf: constants[cb dm], filter[cb dm][k_h][kwp], planes[cb][cs] (cs: the rows of a full
	 * strip). The planes are zeroed once: the padding columns are never written, and a padding row
	 * is cleared only if an earlier strip wrote input there (rows [dirty_lo, dirty_hi)).
	 */
	ch = (tinyml_dw_ch*)buf;
	wt = (int16_t*)(ch + (size_t)cb * (size_t)dm);
	planes = wt + (size_t)cb * (size_t)dm * (size_t)k_h * (size_t)kwp;
	cs = ((sh - 1) * s_h + span) * wp;
	memset(planes, 0, 2 * (size_t)cb * (size_t)cs);
	for (c0 = 0; c0 < in_c; c0 += cb) {
		const int32_t n = in_c - c0 < cb ? in_c - c0 : cb, no = n * dm, oc0 = c0 * dm;
		int32_t ocl, fy, fx;
		const int8_t* restrict fs;
		for (ocl = 0; ocl < no; ocl++) {
			const int32_t oc = oc0 + ocl;
			const int32_t bv = bias ? bias[oc] : 0;
			int16_t* restrict f = wt + (size_t)ocl * (size_t)k_h * (size_t)kwp;
			int32_t x2 = 1;
			tinyml_rq q;
			ch[ocl].mult = mult[oc];
			if (tinyml_rq_make(&q, mult[oc], shift[oc], output_offset, tinyml_abs64(bv) + macs)) {
				ch[ocl].hoff = q.hoff;
				ch[ocl].e = q.e;
				x2 = 2;
			}
			else {
				ch[ocl].hoff = shift[oc];
				ch[ocl].e = 0;
			}
			ch[ocl].bias = (int32_t)((uint32_t)bv * (uint32_t)x2);
			fs = filter + oc;
			for (fy = 0; fy < k_h; fy++, f += kwp) {
				for (fx = 0; fx < k_w; fx++)
					f[fx] = (int16_t)(fs[(size_t)(fy * k_w + fx) * (size_t)out_c] * x2);
				if (k_w & 1)
					f[k_w] = 0;
			}
		}
		if (TINYML_VARIANT_DW_DILATED_W && d_w != 1) {
			/* A filter dilated along rows: its taps d_w apart with zeros between, spread in place from the last down. */
			int16_t* restrict f = wt;
			for (fy = 0; fy < no * k_h; fy++, f += kwp) {
				for (fx = kwp - 1; fx > 0; fx--)
					f[fx] = fx % d_w == 0 ? f[fx / d_w] : 0;
			}
		}
		for (b = 0; b < batches; b++) {
			const int8_t* restrict in_b = input + (size_t)b * (size_t)in_h * (size_t)in_w * (size_t)in_c + (size_t)c0;
			int8_t* restrict out_b = output + (size_t)b * (size_t)out_h * (size_t)out_w * (size_t)out_c + (size_t)oc0;
			int32_t oy0;
			for (oy0 = 0; oy0 < out_h; oy0 += sh) {
				const int32_t rows = out_h - oy0 < sh ? out_h - oy0 : sh;
				const int32_t iy_first = oy0 * s_h - pad_h;
				const int32_t nrows = (rows - 1) * s_h + span;
				/* The input rows of the strip, [lo, hi) of its nrows; the others are padding. */
				const int32_t lo = iy_first < 0 ? (-iy_first < nrows ? -iy_first : nrows) : 0;
				const int32_t hi = in_h - iy_first < nrows ? (in_h - iy_first > lo ? in_h - iy_first : lo) : nrows;
				int8_t* restrict y = out_b + (size_t)oy0 * (size_t)out_w * (size_t)out_c;
				tinyml_dw_clear(planes, cs, wp, n, dirty_lo, lo < dirty_hi ? lo : dirty_hi);
				tinyml_dw_clear(planes, cs, wp, n, hi > dirty_lo ? hi : dirty_lo, nrows < dirty_hi ? nrows : dirty_hi);
				if (lo < hi) {
					dirty_lo = lo < dirty_lo ? lo : dirty_lo;
					dirty_hi = hi > dirty_hi ? hi : dirty_hi;
					tinyml_dw_load(planes + (size_t)lo * (size_t)wp + pad_w, wp, cs,
						in_b + (size_t)(iy_first + lo) * (size_t)in_w * (size_t)in_c, (size_t)in_w * (size_t)in_c,
						hi - lo, in_c, in_w, n, input_offset);
				}
				for (ocl = 0; ocl < no; ocl++) {
					const int16_t* restrict x = planes + (size_t)(ocl / dm) * (size_t)cs;
					const int16_t* restrict f = wt + (size_t)ocl * (size_t)k_h * (size_t)kwp;
					if (TINYML_VARIANT_DW_3X3_S1 && is3 && ch[ocl].e && ch[ocl].mult > 0x40000000)
						tinyml_dw3_plane(x, g.down, g.dil, f, &ch[ocl], y + ocl, out_c, out_w, rows);
					else {
						tinyml_dw_plane(x, f, &g, &ch[ocl], &act, y + ocl, rows);
					}
				}
			}
		}
	}
	tinyml_arm_activation(output, (size_t)batches * (size_t)out_h * (size_t)out_w * (size_t)out_c, act.act_min, act.act_max);
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_DEPTHWISE_CONV_2D_H */

/*
 * tinyml-xs Arm DSP kernels: the int8 matrix multiply shared by CONV_2D (general and 1x1) and
 * FULLY_CONNECTED (internal header). One or two input rows ("pixels"), already expanded to int16
 * with the input offset added, times the [OUT_C, K] int8 filter, two output channels at a time,
 * then requantized.
 *
 * Expanded rows are stored in groups of four k, in the order SXTB16 gives the filter bytes: for a
 * row x, the words (x0, x2) and (x1, x3); two rows A and B interleave as A02 A13 B02 B13. The K % 4
 * last values follow as one word per k: A_k in the low half, B_k in the high half.
 */
#ifndef TINYML_ARM_MM_H
#define TINYML_ARM_MM_H

#include "tinyml_arm.h"

#if defined(TINYML_ARM_DSP)

typedef struct {
	const int8_t* filter;
	int32_t k;            /* accumulation depth (filter row length) */
	int32_t out_c;
	const int32_t* bias;  /* NULL: none */
	const int32_t* mult;  /* per channel, or one when per_channel is 0 */
	const int32_t* shift;
	int per_channel;
	int32_t output_offset, act_min, act_max;
	int fast;             /* every channel qualifies for tinyml_rq_apply */
	int act_full;         /* the activation range is all of int8 */
} tinyml_mm;

/*
 * Decides mm->fast: every channel's accumulator is within 2^30 (|bias| plus the largest sum of
 * k products, for inputs offset by input_offset) and its shift a right shift of 1..21.
 */
static inline void tinyml_mm_prepare(tinyml_mm* mm, int32_t input_offset)
{
	const int64_t macs = tinyml_mac_bound(input_offset, mm->k);
	const int32_t n = mm->per_channel ? mm->out_c : 1;
	int32_t oc;
	tinyml_rq q;
	mm->act_full = mm->act_min == -128 && mm->act_max == 127;
	mm->fast = 1;
	for (oc = 0; oc < mm->out_c && mm->fast; oc++) {
		const int64_t b = mm->bias ? tinyml_abs64(mm->bias[oc]) : 0;
		const int32_t k = oc < n ? oc : 0;
		mm->fast = tinyml_rq_make(&q, mm->mult[k], mm->shift[k], mm->output_offset, b + macs);
	}
}

/* Expands n int8 values (x + offset) into int16 words for row `row` (0: A, 1: B) of a `rows`-row buffer. */
static inline void tinyml_mm_expand(uint32_t* restrict buf, const int8_t* restrict x, int32_t n, int32_t offset, int row, int rows)
{
	const uint32_t off2 = ((uint32_t)offset & 0xFFFFu) * 0x10001u;
	const int32_t groups = n >> 2;
	uint32_t* restrict d = buf + 2 * row;
	int32_t g, t;
	for (g = 0; g < groups; g++) {
		const uint32_t w = tinyml_ld32(x);
		x += 4;
		d[0] = tinyml_lo16(off2, w);
		d[1] = tinyml_hi16(off2, w);
		d += 2 * rows;
	}
	{
		int16_t* restrict tail = (int16_t*)(buf + (size_t)groups * 2 * (size_t)rows) + row;
		for (t = 0; t < (n & 3); t++)
			tail[2 * t] = (int16_t)(x[t] + offset);
	}
}

/* acc + w * x, wrapping like the portable kernels' uint32 sums. */
static inline int32_t tinyml_mac(int32_t acc, int32_t w, int32_t x)
{
	return (int32_t)((uint32_t)acc + (uint32_t)(w * x));
}

static inline int8_t tinyml_mm_out(const tinyml_mm* mm, int32_t acc, int32_t mult, int32_t hoff, int32_t e, int32_t shift)
{
	if (mm->fast)
		return tinyml_rq_clamp(tinyml_rq_apply(acc, mult, hoff, e), mm->act_full, mm->act_min, mm->act_max);
	return tinyml_requantize_int8((uint32_t)acc, mult, shift, mm->output_offset, mm->act_min, mm->act_max);
}

/* The requantization constants of channel oc (hoff and e meaningful when mm->fast). */
static inline void tinyml_mm_channel(const tinyml_mm* mm, int32_t oc, int32_t* mult, int32_t* shift, int32_t* hoff, int32_t* e)
{
	const int32_t k = mm->per_channel ? oc : 0;
	*mult = mm->mult[k];
	*shift = mm->shift[k];
	*e = -*shift;
	*hoff = (int32_t)((1u << ((*e - 1) & 31)) + ((uint32_t)mm->output_offset << (*e & 31)));
}

/* Two rows (buf as described above) times every filter row: outputs to ya[oc] and yb[oc]. */
static void tinyml_mm_2rows(const tinyml_mm* mm, const uint32_t* restrict buf, int8_t* restrict ya, int8_t* restrict yb)
{
	const int32_t k = mm->k, groups = k >> 2, rest = k & 3, out_c = mm->out_c;
	const uint32_t* restrict tail = buf + 4 * (size_t)groups;
	int32_t oc;
	for (oc = 0; oc < out_c; oc += 2) {
		const int two = oc + 1 < out_c;
		const int8_t* restrict f0 = mm->filter + (size_t)oc * (size_t)k;
		const int8_t* restrict f1 = two ? f0 + k : f0;
		const uint32_t* restrict x = buf;
		int32_t a0 = mm->bias ? mm->bias[oc] : 0;
		int32_t a1 = two && mm->bias ? mm->bias[oc + 1] : 0;
		int32_t b0 = a0, b1 = a1;
		int32_t g, t, mult, shift, hoff, e;
		for (g = 0; g < groups; g++) {
			const uint32_t xa02 = x[0], xa13 = x[1], xb02 = x[2], xb13 = x[3];
			uint32_t w = tinyml_ld32(f0), w02 = (uint32_t)__sxtb16((int32_t)w), w13 = (uint32_t)__sxtb16((int32_t)tinyml_ror(w, 8));
			x += 4;
			f0 += 4;
			a0 = __smlad((int32_t)xa02, (int32_t)w02, a0);
			a0 = __smlad((int32_t)xa13, (int32_t)w13, a0);
			b0 = __smlad((int32_t)xb02, (int32_t)w02, b0);
			b0 = __smlad((int32_t)xb13, (int32_t)w13, b0);
			w = tinyml_ld32(f1);
			f1 += 4;
			w02 = (uint32_t)__sxtb16((int32_t)w);
			w13 = (uint32_t)__sxtb16((int32_t)tinyml_ror(w, 8));
			a1 = __smlad((int32_t)xa02, (int32_t)w02, a1);
			a1 = __smlad((int32_t)xa13, (int32_t)w13, a1);
			b1 = __smlad((int32_t)xb02, (int32_t)w02, b1);
			b1 = __smlad((int32_t)xb13, (int32_t)w13, b1);
		}
		for (t = 0; t < rest; t++) {
			const int32_t xa = (int16_t)(tail[t] & 0xFFFFu), xb = (int16_t)(tail[t] >> 16);
			a0 = tinyml_mac(a0, f0[t], xa);
			b0 = tinyml_mac(b0, f0[t], xb);
			a1 = tinyml_mac(a1, f1[t], xa);
			b1 = tinyml_mac(b1, f1[t], xb);
		}
		tinyml_mm_channel(mm, oc, &mult, &shift, &hoff, &e);
		ya[oc] = tinyml_mm_out(mm, a0, mult, hoff, e, shift);
		yb[oc] = tinyml_mm_out(mm, b0, mult, hoff, e, shift);
		if (two) {
			tinyml_mm_channel(mm, oc + 1, &mult, &shift, &hoff, &e);
			ya[oc + 1] = tinyml_mm_out(mm, a1, mult, hoff, e, shift);
			yb[oc + 1] = tinyml_mm_out(mm, b1, mult, hoff, e, shift);
		}
	}
}

/* One row (groups A02 A13, then one word per remaining k) times every filter row, four channels at a time. */
static void tinyml_mm_1row(const tinyml_mm* mm, const uint32_t* restrict buf, int8_t* restrict y)
{
	const int32_t k = mm->k, groups = k >> 2, rest = k & 3, out_c = mm->out_c;
	const uint32_t* restrict tail = buf + 2 * (size_t)groups;
	int32_t oc = 0, j, g, t, mult, shift, hoff, e;
	for (; oc + 4 <= out_c; oc += 4) {
		const int8_t* restrict f0 = mm->filter + (size_t)oc * (size_t)k;
		const int8_t* restrict f1 = f0 + k;
		const int8_t* restrict f2 = f1 + k;
		const int8_t* restrict f3 = f2 + k;
		const uint32_t* restrict x = buf;
		int32_t acc[4];
		int32_t a0 = mm->bias ? mm->bias[oc] : 0, a1 = mm->bias ? mm->bias[oc + 1] : 0;
		int32_t a2 = mm->bias ? mm->bias[oc + 2] : 0, a3 = mm->bias ? mm->bias[oc + 3] : 0;
		for (g = 0; g < groups; g++) {
			const uint32_t x02 = x[0], x13 = x[1];
			uint32_t w;
			x += 2;
			w = tinyml_ld32(f0);
			f0 += 4;
			a0 = __smlad((int32_t)x02, __sxtb16((int32_t)w), a0);
			a0 = __smlad((int32_t)x13, __sxtb16((int32_t)tinyml_ror(w, 8)), a0);
			w = tinyml_ld32(f1);
			f1 += 4;
			a1 = __smlad((int32_t)x02, __sxtb16((int32_t)w), a1);
			a1 = __smlad((int32_t)x13, __sxtb16((int32_t)tinyml_ror(w, 8)), a1);
			w = tinyml_ld32(f2);
			f2 += 4;
			a2 = __smlad((int32_t)x02, __sxtb16((int32_t)w), a2);
			a2 = __smlad((int32_t)x13, __sxtb16((int32_t)tinyml_ror(w, 8)), a2);
			w = tinyml_ld32(f3);
			f3 += 4;
			a3 = __smlad((int32_t)x02, __sxtb16((int32_t)w), a3);
			a3 = __smlad((int32_t)x13, __sxtb16((int32_t)tinyml_ror(w, 8)), a3);
		}
		for (t = 0; t < rest; t++) {
			const int32_t xv = (int16_t)(tail[t] & 0xFFFFu);
			a0 = tinyml_mac(a0, f0[t], xv);
			a1 = tinyml_mac(a1, f1[t], xv);
			a2 = tinyml_mac(a2, f2[t], xv);
			a3 = tinyml_mac(a3, f3[t], xv);
		}
		acc[0] = a0;
		acc[1] = a1;
		acc[2] = a2;
		acc[3] = a3;
		for (j = 0; j < 4; j++) {
			tinyml_mm_channel(mm, oc + j, &mult, &shift, &hoff, &e);
			y[oc + j] = tinyml_mm_out(mm, acc[j], mult, hoff, e, shift);
		}
	}
	for (; oc < out_c; oc++) {
		const int8_t* restrict f0 = mm->filter + (size_t)oc * (size_t)k;
		const uint32_t* restrict x = buf;
		int32_t a0 = mm->bias ? mm->bias[oc] : 0;
		for (g = 0; g < groups; g++) {
			const uint32_t w = tinyml_ld32(f0);
			f0 += 4;
			a0 = __smlad((int32_t)x[0], __sxtb16((int32_t)w), a0);
			a0 = __smlad((int32_t)x[1], __sxtb16((int32_t)tinyml_ror(w, 8)), a0);
			x += 2;
		}
		for (t = 0; t < rest; t++)
			a0 = tinyml_mac(a0, f0[t], (int16_t)(tail[t] & 0xFFFFu));
		tinyml_mm_channel(mm, oc, &mult, &shift, &hoff, &e);
		y[oc] = tinyml_mm_out(mm, a0, mult, hoff, e, shift);
	}
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_MM_H */

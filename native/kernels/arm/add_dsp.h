/*
 * tinyml-xs Arm DSP kernel: ADD and SUB int8 (internal header, included by add.c).
 *
 * An input's rescaled value, RDBP(SRDHM((offset + x) << left, multiplier), shift), depends on its
 * int8 value only: each input gets a 256-entry table of it (doubled, and negated for SUB's second
 * input), so that an element costs two loads a side, one add and the output requantization:
 *     raw2 = t1[x1] + t2[x2] = 2 (s1 +- s2)
 *     out  = RDBP(SMMULR(raw2, out_multiplier), e) + output_offset   (tinyml_arm.h's fast form)
 * then saturation and the activation clamp, four elements at a time (SSUB8 / SEL).
 *
 * The tables are filled with the same fast form: SRDHM(a, m) = SMMULR(2 a, m) for |a| < 2^30, and
 * RDBP(v, e) = (v - [v < 0] + 2^(e-1)) >> e (v itself for e = 0). The layer runs the portable path
 * when the rescaled sum could reach 2^30 (no int32 wrap then, and the output SRDHM needs no
 * saturation), when the output shift is 0 or the folded offset could overflow, for counts too
 * small to pay for the tables, and for inner strides other than (1, 1), (1, 0) and (0, 1) (the ones
 * broadcasting gives): a row with one input's value repeated reads that value's table entry once.
 */
#ifndef TINYML_ARM_ADD_H
#define TINYML_ARM_ADD_H

#include "tinyml_arm.h"

#if defined(TINYML_ARM_DSP)

/* Fewest elements for which the two 256-entry tables (a few thousand instructions) pay off. */
#ifndef TINYML_ARM_ADD_MIN_COUNT
#define TINYML_ARM_ADD_MIN_COUNT 64
#endif

/* Fills tab[(uint8_t)x] = sign * 2 * RDBP(SRDHM((offset + x) << left, mult), -shift) for the 256 int8 x,
 * with *bound >= the largest |RDBP(...)|; 0 (nothing filled) when the fast form might overflow. */
static int tinyml_aadd_table(int32_t* restrict tab, int32_t offset, int32_t left, int32_t mult, int32_t shift,
	int32_t sign, int64_t* bound)
{
	const int32_t e = -shift;
	const int64_t xmax = offset + 127 > 128 - offset ? offset + 127 : 128 - offset;
	const int64_t a = xmax * ((int64_t)1 << left);
	const int32_t h = e > 0 ? (int32_t)1 << (e - 1) : 0;
	const int32_t cmask = e > 0 ? -1 : 0;
	const int32_t step = (int32_t)2 << left;
	/* |SMMULR(2 a, m)| <= |a| |m| / 2^31 + 1 =: t. Validation keeps |a| < 0.75 * 2^30, so that
	 * with h <= 2^30 these checks never fail on a valid layer; they document the conditions. */
	const int64_t t = ((a * tinyml_abs64(mult)) >> 31) + 1;
	int32_t v, x;
	if (a >= ((int64_t)1 << 30) || t + h + 1 > INT32_MAX)
		return 0;
	*bound = ((t + h) >> e) + 1;
	if (*bound >= ((int64_t)1 << 30))
		return 0;
	for (v = -128, x = (offset - 128) * step; v < 128; v++, x += step) {
		const int32_t m = tinyml_smmulr(x, mult);
		tab[(uint8_t)v] = sign * 2 * ((m + h + ((m >> 31) & cmask)) >> e);
	}
	return 1;
}

/* Output requantization constants (fast form, folded output offset) and the activation range. */
typedef struct {
	int32_t mult, hoff, e;
	uint32_t lo4, hi4;
	int act_full;
	int32_t act_min, act_max;
} tinyml_aadd_out;

static inline int32_t tinyml_aadd_requant(int32_t raw2, const tinyml_aadd_out* o)
{
	int32_t v = tinyml_smmulr(raw2, o->mult);
	v += v >> 31; /* v - [v < 0]: RDBP rounds ties away from zero */
	return __ssat((v + o->hoff) >> o->e, 8);
}

static inline uint32_t tinyml_aadd_clamp4(uint32_t v, const tinyml_aadd_out* o)
{
	uint32_t t;
	__asm__("ssub8 %1, %0, %2\n\tsel %0, %0, %2" : "+r"(v), "=&r"(t) : "r"(o->lo4) : "cc");
	__asm__("ssub8 %1, %0, %2\n\tsel %0, %2, %0" : "+r"(v), "=&r"(t) : "r"(o->hi4) : "cc");
	return v;
}

/* Four int8 from the low bytes of four values (three BFI). */
static inline uint32_t tinyml_aadd_pack(int32_t v0, int32_t v1, int32_t v2, int32_t v3)
{
	uint32_t r = (uint32_t)v0;
	__asm__("bfi %0, %1, #8, #8\n\tbfi %0, %2, #16, #8\n\tbfi %0, %3, #24, #8" : "+r"(r) : "r"(v1), "r"(v2), "r"(v3));
	return r;
}

/* One row of n elements of two inputs (contiguous), or of one input x against one value (x advancing
 * by one byte, b by none: bt = tb[(uint8_t)*b] then holds for the whole row). raw2 = ta[x] + tb[b]. */
static inline __attribute__((always_inline)) void tinyml_aadd_row(const int8_t* restrict a, const int8_t* restrict b,
	size_t s2, int32_t n, const int32_t* restrict ta, const int32_t* restrict tb, const tinyml_aadd_out* o,
	int8_t* restrict y)
{
	const int32_t bt = tb[(uint8_t)*b];
	int32_t i;
	for (i = 0; i + 4 <= n; i += 4, y += 4) {
		int32_t r0, r1, r2, r3;
		uint32_t v;
		r0 = tinyml_aadd_requant(ta[(uint8_t)a[0]] + (s2 ? tb[(uint8_t)b[0]] : bt), o);
		r1 = tinyml_aadd_requant(ta[(uint8_t)a[1]] + (s2 ? tb[(uint8_t)b[1]] : bt), o);
		r2 = tinyml_aadd_requant(ta[(uint8_t)a[2]] + (s2 ? tb[(uint8_t)b[2]] : bt), o);
		r3 = tinyml_aadd_requant(ta[(uint8_t)a[3]] + (s2 ? tb[(uint8_t)b[3]] : bt), o);
		a += 4;
		b += 4 * s2;
		v = tinyml_aadd_pack(r0, r1, r2, r3);
		if (!o->act_full)
			v = tinyml_aadd_clamp4(v, o);
		tinyml_st32(y, v);
	}
	for (; i < n; i++, a++, b += s2) {
		int32_t r = tinyml_aadd_requant(ta[(uint8_t)*a] + (s2 ? tb[(uint8_t)*b] : bt), o);
		r = r < o->act_min ? o->act_min : r > o->act_max ? o->act_max : r;
		*y++ = (int8_t)r;
	}
}

/* The scratch of the DSP path (the two tables), 0 for the counts it leaves to the portable path. */
static size_t tinyml_arm_add_scratch(const int32_t* p)
{
	return p[TINYML_BINARY_COUNT] >= TINYML_ARM_ADD_MIN_COUNT && p[TINYML_ADD_OUTPUT_SHIFT] < 0 ? 2 * 256 * sizeof(int32_t) : 0;
}

static int tinyml_arm_add_sub_int8(const int32_t* restrict p, const int8_t* restrict input1, const int8_t* restrict input2,
	int8_t* restrict output, void* restrict scratch, int subtract)
{
	const int32_t rank = p[TINYML_BINARY_RANK];
	const int32_t inner = p[TINYML_BINARY_EXTENTS + rank - 1];
	const size_t st1 = (size_t)p[TINYML_BINARY_STRIDES1 + rank - 1], st2 = (size_t)p[TINYML_BINARY_STRIDES2 + rank - 1];
	const size_t rows = (size_t)p[TINYML_BINARY_COUNT] / (size_t)inner;
	const int32_t left = p[TINYML_ADD_LEFT_SHIFT];
	const int32_t eo = -p[TINYML_ADD_OUTPUT_SHIFT];
	/* The tables live in the caller's scratch (4-byte aligned, its contract). */
	int32_t* restrict t1 = (int32_t*)__builtin_assume_aligned(scratch, 4);
	int32_t* restrict t2 = t1 + 256;
	int32_t index[TINYML_BINARY_MAX_RANK] = { 0 };
	int64_t b1, b2, vo, hoff;
	tinyml_aadd_out o;
	size_t o1 = 0, o2 = 0, r;
	int8_t* restrict y = output;
	/* Inner strides 1 and 1, or 1 and 0 (one input repeats a value along the row; the sum is symmetric in
	 * the two tables): others run the portable path. */
	if (scratch == NULL || p[TINYML_BINARY_COUNT] < TINYML_ARM_ADD_MIN_COUNT || eo < 1 || !((st1 == 1 && st2 <= 1) || (st1 == 0 && st2 == 1)))
		return 0;
	if (!tinyml_aadd_table(t1, p[TINYML_ADD_INPUT1_OFFSET], left, p[TINYML_ADD_INPUT1_MULTIPLIER], p[TINYML_ADD_INPUT1_SHIFT], 1, &b1)
		|| !tinyml_aadd_table(t2, p[TINYML_ADD_INPUT2_OFFSET], left, p[TINYML_ADD_INPUT2_MULTIPLIER], p[TINYML_ADD_INPUT2_SHIFT], subtract ? -1 : 1, &b2))
		return 0;
	/* |s1 +- s2| < 2^30: no int32 wrap, and SRDHM(raw, m) = SMMULR(2 raw, m). */
	if (b1 + b2 >= ((int64_t)1 << 30))
		return 0;
	o.mult = p[TINYML_ADD_OUTPUT_MULTIPLIER];
	o.e = eo;
	hoff = ((int64_t)1 << (eo - 1)) + (int64_t)p[TINYML_ADD_OUTPUT_OFFSET] * ((int64_t)1 << eo);
	vo = (((b1 + b2) * tinyml_abs64(o.mult)) >> 31) + 2;
	if (vo + tinyml_abs64(hoff) > INT32_MAX)
		return 0;
	o.hoff = (int32_t)hoff;
	o.act_min = p[TINYML_BINARY_ACT_MIN];
	o.act_max = p[TINYML_BINARY_ACT_MAX];
	o.act_full = o.act_min == -128 && o.act_max == 127;
	o.lo4 = (uint32_t)(uint8_t)o.act_min * 0x01010101u;
	o.hi4 = (uint32_t)(uint8_t)o.act_max * 0x01010101u;
	for (r = 0; r < rows; r++) {
		int32_t d;
		/* xa: an input that advances along the row; xb: the other. */
		const int8_t* restrict xa = st1 ? input1 + o1 : input2 + o2;
		const int8_t* restrict xb = st1 ? input2 + o2 : input1 + o1;
		if (st1 == st2)
			tinyml_aadd_row(xa, xb, 1, inner, t1, t2, &o, y);
		else
			tinyml_aadd_row(xa, xb, 0, inner, st1 ? t1 : t2, st1 ? t2 : t1, &o, y);
		y += inner;
		/* Next row: advance the outer loops like an odometer (as add.c). */
		for (d = rank - 2; d >= 0; d--) {
			const size_t e = (size_t)p[TINYML_BINARY_EXTENTS + d];
			const size_t u1 = (size_t)p[TINYML_BINARY_STRIDES1 + d], u2 = (size_t)p[TINYML_BINARY_STRIDES2 + d];
			o1 += u1;
			o2 += u2;
			if ((size_t)++index[d] < e)
				break;
			index[d] = 0;
			o1 -= u1 * e;
			o2 -= u2 * e;
		}
	}
	return 1;
}

#endif /* DSP */

#endif /* TINYML_ARM_ADD_H */

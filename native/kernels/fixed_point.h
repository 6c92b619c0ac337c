/*
 * tinyml-xs: TFLM's integer requantization arithmetic in portable C99, bit for bit the same as
 * src/math/fixed_point.ts (and TFLM's reference kernels with their default double rounding).
 *
 * No undefined behaviour for any int32 input: products are formed in int64, left shifts are
 * multiplications, right shifts of negative values are written without implementation-defined
 * behaviour, and int32 wrap-around goes through uint32.
 */
#ifndef TINYML_FIXED_POINT_H
#define TINYML_FIXED_POINT_H

#include <stdint.h>

/* uint32 -> int32 two's complement reinterpretation (a plain cast is implementation-defined above INT32_MAX). */
static inline int32_t tinyml_wrap_i32(uint32_t u)
{
	return u <= (uint32_t)INT32_MAX ? (int32_t)u : (int32_t)(u - 0x80000000u) + INT32_MIN;
}

/* Arithmetic right shift by 0..31 (floor division by 2^e), defined for negative x too. */
static inline int32_t tinyml_asr(int32_t x, int e)
{
	return x >= 0 ? (x >> e) : ~(~x >> e);
}

/*
 * gemmlowp's SaturatingRoundingDoublingHighMul: (a * b * 2 + nudge) >> 32, saturating INT32_MIN * INT32_MIN.
 * Its nudge (2^30, or 1 - 2^30 on a negative product) and its division truncating toward zero give
 * floor((ab + 2^30) / 2^31) on either sign: one add and one shift, formed modulo 2^64 in uint64 (the
 * quotient fits an int32, so its low 32 bits are it). On the M4: SMULL, an add and a shift of the
 * pair, no branch on the sign.
 */
static inline int32_t tinyml_srdhm(int32_t a, int32_t b)
{
	if (a == INT32_MIN && b == INT32_MIN)
		return INT32_MAX;
	return tinyml_wrap_i32((uint32_t)(((uint64_t)((int64_t)a * (int64_t)b) + (1u << 30)) >> 31));
}

/* gemmlowp's RoundingDivideByPOT: rounding right shift (half away from zero), exponent 0..31. */
static inline int32_t tinyml_rdbp(int32_t x, int exponent)
{
	const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
	const int32_t remainder = x & mask;
	const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
	return tinyml_asr(x, exponent) + (remainder > threshold ? 1 : 0);
}

/*
 * TFLM's MultiplyByQuantizedMultiplier (double rounding): x * multiplier * 2^shift, shift in
 * [-31, 30]. A positive shift is applied first, wrapping to int32 as TFLM's int32 product does
 * in practice (and as the TypeScript `(x << shift) | 0`).
 */
static inline int32_t tinyml_mbqm(int32_t x, int32_t multiplier, int shift)
{
	if (shift > 0) {
		const int64_t shifted = (int64_t)x * ((int64_t)1 << shift); /* |x| * 2^30 < 2^62: exact */
		return tinyml_srdhm(tinyml_wrap_i32((uint32_t)(uint64_t)shifted), multiplier);
	}
	return tinyml_rdbp(tinyml_srdhm(x, multiplier), -shift);
}

/*
 * TFLM's MultiplyByQuantizedMultiplier on an int64 accumulator (the 16x8 kernels'): the multiplier
 * rounded to 16 bits, (x * m16 + 2^(14 - shift)) >> (15 - shift), cast to int32. shift in
 * [-31, 14]; the product wraps modulo 2^64 (TFLM takes |x| < 2^47, where it never does).
 */
static inline int32_t tinyml_mbqm64(int64_t x, int32_t multiplier, int shift)
{
	const uint32_t m16 = multiplier < 0x7FFF0000 ? (uint32_t)(((int64_t)multiplier + (1 << 15)) >> 16) : 0x7FFFu;
	const int total = 15 - shift;
	/* x * m16 + 2^(total - 1) modulo 2^64 in 32-bit halves (one UMULL, one MLA), then its bits total..total + 31. */
	const uint64_t low = (uint64_t)(uint32_t)x * m16;
	uint32_t lo = (uint32_t)low, hi = (uint32_t)(low >> 32) + (uint32_t)((uint64_t)x >> 32) * m16;
	if (total <= 32) {
		const uint32_t round = 1u << (total - 1);
		lo += round;
		hi += lo < round;
	}
	else {
		hi += 1u << (total - 33);
	}
	if (total < 32)
		return tinyml_wrap_i32((lo >> total) | (hi << (32 - total)));
	/* An arithmetic shift of the high word, written for unsigned operands. */
	return tinyml_wrap_i32((hi >> 31) ? ~(~hi >> (total - 32)) : hi >> (total - 32));
}

/* Clamp an int64 value to [lo, hi]. */
static inline int32_t tinyml_clamp64(int64_t v, int32_t lo, int32_t hi)
{
	return v < lo ? lo : v > hi ? hi : (int32_t)v;
}

#endif /* TINYML_FIXED_POINT_H */

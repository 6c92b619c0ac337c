/*
 * tinyml-xs native kernel: SOFTMAX int8 -> int8, the same arithmetic as
 * src/kernels/portable/softmax.ts with src/math/gemmlowp.ts (TFLM's reference: gemmlowp fixed
 * point; the exps of the 256 possible input differences come precomputed in the params).
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "fixed_point.h"

/* Integer bits of the fixed-point sum of exponentials (TFLM's kAccumulationIntegerBits). */
#define ACCUMULATION_INTEGER_BITS 12

TINYML_COLD tinyml_status tinyml_softmax_int8_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t output_bytes, const char** field)
{
	tinyml_status status;
	if (p == NULL || params_count < TINYML_SOFTMAX_HEADER + TINYML_SOFTMAX_EXP_TABLE)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	if (!tinyml_dim_ok(p[TINYML_SOFTMAX_OUTER]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[OUTER]");
	if (!tinyml_dim_ok(p[TINYML_SOFTMAX_DEPTH]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[DEPTH]");
	if ((status = tinyml_buffer_ok(input_bytes, p[TINYML_SOFTMAX_OUTER], p[TINYML_SOFTMAX_DEPTH], 1, 1, "input", field)) != TINYML_OK)
		return status;
	return tinyml_bytes_are(output_bytes, input_bytes) ? TINYML_OK : tinyml_fail(TINYML_ERR_SIZE, field, "output");
}

/* Count of leading zero bits of a 32-bit value (32 for 0), as Math.clz32. */
static int clz32(uint32_t x)
{
	int n = 0;
	if (x == 0)
		return 32;
	while (!(x & 0x80000000u)) {
		x <<= 1;
		n++;
	}
	return n;
}

/* gemmlowp's SaturatingRoundingMultiplyByPOT<exponent> for exponent 1..30: a saturating left shift. */
static int32_t saturating_shift_left(int32_t x, int exponent)
{
	const int32_t threshold = ((int32_t)1 << (31 - exponent)) - 1;
	if (x > threshold)
		return INT32_MAX;
	if (x < -threshold)
		return INT32_MIN;
	return (int32_t)((uint32_t)x << exponent);
}

/* tinyml_srdhm; built for size (-Os), one out-of-line copy (inlined at the four calls it takes more bytes). */
#if defined(__GNUC__) && defined(__OPTIMIZE_SIZE__)
__attribute__((noinline))
#endif
static int32_t srdhm(int32_t a, int32_t b)
{
	return tinyml_srdhm(a, b);
}

/* gemmlowp's RoundingHalfSum on int32: (a + b + sign) / 2 in 64 bits, truncated toward zero. */
static int32_t rounding_half_sum(int32_t a, int32_t b)
{
	const int64_t sum = (int64_t)a + (int64_t)b;
	return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* gemmlowp's one_over_one_plus_x_for_x_in_0_1 (Q0.31 in and out): three Newton-Raphson steps in Q2.29. */
static int32_t one_over_one_plus_x(int32_t a)
{
	const int32_t half_denominator = rounding_half_sum(a, INT32_MAX);
	const int32_t c_48_over_17 = 1515870810, c_neg_32_over_17 = -1010580540, f2_one = 1 << 29;
	int32_t x = tinyml_wrap_i32((uint32_t)c_48_over_17 + (uint32_t)srdhm(half_denominator, c_neg_32_over_17));
	int i;
	for (i = 0; i < 3; i++) {
		const int32_t half_denominator_times_x = srdhm(half_denominator, x);
		const int32_t one_minus = tinyml_wrap_i32((uint32_t)f2_one - (uint32_t)half_denominator_times_x);
		x = tinyml_wrap_i32((uint32_t)x + (uint32_t)saturating_shift_left(srdhm(x, one_minus), 2));
	}
	return saturating_shift_left(x, 1);
}

void tinyml_softmax_int8(const int32_t* restrict p, const int8_t* restrict input, int8_t* restrict output)
{
	const int32_t outer = p[TINYML_SOFTMAX_OUTER], depth = p[TINYML_SOFTMAX_DEPTH];
	const int32_t* restrict table = p + TINYML_SOFTMAX_HEADER;
	int32_t i, c;
	for (i = 0; i < outer; i++) {
		const int8_t* restrict x = input + (size_t)i * (size_t)depth;
		int8_t* restrict y = output + (size_t)i * (size_t)depth;
		int32_t max = -128, shifted_scale, exponent, headroom_plus_one;
		uint32_t usum = 0;
		for (c = 0; c < depth; c++) {
			if (x[c] > max)
				max = x[c];
		}
		/* Rescale<12> of each Q0.31 exp: a rounding right shift; the Q12 sum wraps like gemmlowp's int32 Add. */
		for (c = 0; c < depth; c++)
			usum += (uint32_t)tinyml_rdbp(table[max - x[c]], ACCUMULATION_INTEGER_BITS);
		/* TFLM's GetReciprocal: (sum << headroom) - 1.0 as a Q0.31 value (the shift count taken mod 32, as the TypeScript does). */
		headroom_plus_one = clz32(usum);
		shifted_scale = one_over_one_plus_x(tinyml_wrap_i32((usum << (headroom_plus_one & 31)) - 0x80000000u));
		exponent = ACCUMULATION_INTEGER_BITS - headroom_plus_one + 31 - 8;
		for (c = 0; c < depth; c++) {
			int32_t v;
			if (exponent > 31) {
				/* Every quotient rounds to zero: the output minimum (TFLM aborts here). */
				v = -128;
			}
			else {
				v = tinyml_rdbp(srdhm(shifted_scale, table[max - x[c]]), exponent) - 128;
			}
			y[c] = (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
		}
	}
}

/*
 * tinyml-xs native kernel: SOFTMAX int16 -> int16, the same arithmetic as softmaxInt16 in
 * src/kernels/portable/softmax.ts (TFLM's SoftmaxInt16 with its two interpolated tables).
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "fixed_point.h"

TINYML_COLD tinyml_status tinyml_softmax_int16_validate(const int32_t* p, size_t params_count, size_t luts_bytes, size_t input_bytes,
	size_t output_bytes, const char** field)
{
	tinyml_status status;
	if (p == NULL || params_count < TINYML_SOFTMAX_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	if (!tinyml_dim_ok(p[TINYML_SOFTMAX_OUTER]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[OUTER]");
	/* 32767 per exp: the int32 sum holds 65536 of them. */
	if (!tinyml_dim_ok(p[TINYML_SOFTMAX_DEPTH]) || p[TINYML_SOFTMAX_DEPTH] > 65536)
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[DEPTH]");
	if (!tinyml_shifts_ok(p, TINYML_SOFTMAX_INPUT_LEFT_SHIFT, 1))
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params[INPUT_LEFT_SHIFT]");
	if (!tinyml_bytes_are(luts_bytes, 4 * TINYML_INT16_LUT_SIZE))
		return tinyml_fail(TINYML_ERR_SIZE, field, "luts");
	status = tinyml_int16_size_ok(input_bytes, p[TINYML_SOFTMAX_OUTER], p[TINYML_SOFTMAX_DEPTH], 1, 1, "input", field);
	if (status == TINYML_OK)
		status = tinyml_int16_size_ok(output_bytes, p[TINYML_SOFTMAX_OUTER], p[TINYML_SOFTMAX_DEPTH], 1, 1, "output", field);
	return status;
}

/* TFLM's generic_int16_table_lookup: lut[i] plus the slope to lut[i + 1] over 128 steps, in int16 arithmetic. */
static int16_t lut_lookup(const int16_t* lut, int32_t value)
{
	const int32_t index = 256 + tinyml_asr(value, 7), offset = value & 0x7f;
	const int16_t base = lut[index];
	const int16_t slope = (int16_t)(lut[index + 1] - base);
	return (int16_t)(base + tinyml_asr(slope * offset + 64, 7));
}

static int32_t clamp_int16(int32_t v)
{
	return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}

void tinyml_softmax_int16(const int32_t* restrict p, const int16_t* restrict luts, const int16_t* restrict input, int16_t* restrict output)
{
	const int32_t outer = p[TINYML_SOFTMAX_OUTER], depth = p[TINYML_SOFTMAX_DEPTH];
	const int32_t m = p[TINYML_SOFTMAX_INPUT_MULTIPLIER], s = p[TINYML_SOFTMAX_INPUT_LEFT_SHIFT];
	/* tinyml_mbqm(d, m, s) in one path: a left shift before the multiply, a right shift after (one of them by 0). */
	const int32_t pre_shift = s > 0 ? s : 0, post_shift = s > 0 ? 0 : -s;
	int32_t i, c;
	for (i = 0; i < outer; i++) {
		const int16_t* restrict x = input + (size_t)i * (size_t)depth;
		int16_t* restrict y = output + (size_t)i * (size_t)depth;
		int32_t max = -32768, sum = 0, headroom, shifted, right, reciprocal;
		for (c = 0; c < depth; c++)
			max = x[c] > max ? x[c] : max;
		for (c = 0; c < depth; c++) {
			const int32_t d = tinyml_wrap_i32((uint32_t)(x[c] - max) << pre_shift);
			y[c] = lut_lookup(luts, clamp_int16(tinyml_rdbp(tinyml_srdhm(d, m), (int)post_shift) + 32767));
			sum += y[c];
		}
		/* With TFLM's tables the maximum's exp alone is 32767; other tables (the natives check sizes, not values) may sum to less. */
		if (sum < 2) {
			for (c = 0; c < depth; c++)
				y[c] = 0;
			continue;
		}
		/* 2 <= sum < 2^31: 1..30 leading zeros. */
		for (headroom = 0; !(((uint32_t)sum << headroom) & 0x80000000u); headroom++) {}
		shifted = (int32_t)((((int64_t)sum << (headroom - 1)) + (1 << 13)) >> 14);
		reciprocal = lut_lookup(luts + TINYML_INT16_LUT_SIZE, clamp_int16(shifted - 98304));
		right = 31 - headroom;
		for (c = 0; c < depth; c++) {
			const int32_t v = (int32_t)(((int64_t)y[c] * reciprocal + ((int64_t)1 << (right - 1))) >> right);
			y[c] = (int16_t)(v < 0 ? 0 : v > 32767 ? 32767 : v);
		}
	}
}

/*
 * tinyml-xs native kernels: ADD and SUB int8 with broadcasting, the same arithmetic as
 * src/kernels/portable/add.ts (TFLM's quantized add: inputs offset, shifted left, rescaled with
 * their own multipliers, summed, rescaled to the output, offset and clamped).
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "fixed_point.h"
#include "arm/add_dsp.h"

/* Largest accepted LEFT_SHIFT: (offset + value) << shift then stays below 2^30. */
#define TINYML_ADD_MAX_LEFT_SHIFT 21

static int rescale_shift_ok(int32_t s)
{
	return s >= -31 && s <= 0;
}

/* The largest element index the loops reach in an input whose strides start at params[strides]. */
static uint64_t last_index(const int32_t* p, int32_t rank, int strides)
{
	uint64_t last = 0;
	int32_t d;
	for (d = 0; d < rank; d++)
		last += (uint64_t)(p[TINYML_BINARY_EXTENTS + d] - 1) * (uint64_t)p[strides + d]; /* < 8 * 2^60 */
	return last;
}

TINYML_COLD tinyml_status tinyml_add_int8_validate(const int32_t* p, size_t params_count, size_t input1_bytes,
	size_t input2_bytes, size_t output_bytes, size_t scratch_bytes, const char** field)
{
	int32_t rank, d;
	uint64_t count = 1;
	if (p == NULL || params_count < TINYML_ADD_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	rank = p[TINYML_BINARY_RANK];
	if (rank < 1 || rank > TINYML_BINARY_MAX_RANK)
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[RANK]");
	for (d = 0; d < rank; d++) {
		if (!tinyml_dim_ok(p[TINYML_BINARY_EXTENTS + d]))
			return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[EXTENTS]");
		count *= (uint64_t)p[TINYML_BINARY_EXTENTS + d];
		if (count > TINYML_MAX_BYTES)
			return tinyml_fail(TINYML_ERR_OVERFLOW, field, "params[EXTENTS]");
		if (p[TINYML_BINARY_STRIDES1 + d] < 0 || p[TINYML_BINARY_STRIDES1 + d] > TINYML_MAX_DIM)
			return tinyml_fail(TINYML_ERR_STRIDE, field, "params[STRIDES1]");
		if (p[TINYML_BINARY_STRIDES2 + d] < 0 || p[TINYML_BINARY_STRIDES2 + d] > TINYML_MAX_DIM)
			return tinyml_fail(TINYML_ERR_STRIDE, field, "params[STRIDES2]");
	}
	if (p[TINYML_BINARY_COUNT] < 1 || (uint64_t)p[TINYML_BINARY_COUNT] != count)
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[COUNT]");
	if (!tinyml_act_int8_ok(p[TINYML_BINARY_ACT_MIN], p[TINYML_BINARY_ACT_MAX]))
		return tinyml_fail(TINYML_ERR_ACTIVATION, field, "params[ACT_MIN..ACT_MAX]");
	if (p[TINYML_ADD_LEFT_SHIFT] < 0 || p[TINYML_ADD_LEFT_SHIFT] > TINYML_ADD_MAX_LEFT_SHIFT)
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params[LEFT_SHIFT]");
	if (!tinyml_offset_ok(p[TINYML_ADD_INPUT1_OFFSET]))
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[INPUT1_OFFSET]");
	if (!tinyml_offset_ok(p[TINYML_ADD_INPUT2_OFFSET]))
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[INPUT2_OFFSET]");
	if (!tinyml_offset_ok(p[TINYML_ADD_OUTPUT_OFFSET]))
		return tinyml_fail(TINYML_ERR_OFFSET, field, "params[OUTPUT_OFFSET]");
	if (!rescale_shift_ok(p[TINYML_ADD_INPUT1_SHIFT]))
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params[INPUT1_SHIFT]");
	if (!rescale_shift_ok(p[TINYML_ADD_INPUT2_SHIFT]))
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params[INPUT2_SHIFT]");
	if (!rescale_shift_ok(p[TINYML_ADD_OUTPUT_SHIFT]))
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params[OUTPUT_SHIFT]");
	if (last_index(p, rank, TINYML_BINARY_STRIDES1) >= (uint64_t)input1_bytes)
		return tinyml_fail(TINYML_ERR_SIZE, field, "input1");
	if (last_index(p, rank, TINYML_BINARY_STRIDES2) >= (uint64_t)input2_bytes)
		return tinyml_fail(TINYML_ERR_SIZE, field, "input2");
	if (!tinyml_bytes_are(output_bytes, count))
		return tinyml_fail(TINYML_ERR_SIZE, field, "output");
	if (scratch_bytes < tinyml_add_int8_scratch_bytes(p))
		return tinyml_fail(TINYML_ERR_SIZE, field, "scratch");
	return TINYML_OK;
}

TINYML_COLD size_t tinyml_add_int8_scratch_bytes(const int32_t* p)
{
	TINYML_SCRATCH_BYTES(p, tinyml_arm_add_scratch(p));
}

static void add_sub(const int32_t* restrict p, const int8_t* restrict input1, const int8_t* restrict input2,
	int8_t* restrict output, void* scratch, int subtract)
{
	const int32_t rank = p[TINYML_BINARY_RANK];
	const int32_t inner = p[TINYML_BINARY_EXTENTS + rank - 1];
	const size_t st1 = (size_t)p[TINYML_BINARY_STRIDES1 + rank - 1], st2 = (size_t)p[TINYML_BINARY_STRIDES2 + rank - 1];
	const size_t rows = (size_t)p[TINYML_BINARY_COUNT] / (size_t)inner;
	const int32_t act_min = p[TINYML_BINARY_ACT_MIN], act_max = p[TINYML_BINARY_ACT_MAX];
	const int32_t left = (int32_t)1 << p[TINYML_ADD_LEFT_SHIFT];
	const int32_t off1 = p[TINYML_ADD_INPUT1_OFFSET], m1 = p[TINYML_ADD_INPUT1_MULTIPLIER], s1 = -p[TINYML_ADD_INPUT1_SHIFT];
	const int32_t off2 = p[TINYML_ADD_INPUT2_OFFSET], m2 = p[TINYML_ADD_INPUT2_MULTIPLIER], s2 = -p[TINYML_ADD_INPUT2_SHIFT];
	const int32_t out_off = p[TINYML_ADD_OUTPUT_OFFSET], mo = p[TINYML_ADD_OUTPUT_MULTIPLIER], so = -p[TINYML_ADD_OUTPUT_SHIFT];
	int32_t index[TINYML_BINARY_MAX_RANK] = { 0 };
	size_t o1 = 0, o2 = 0, r;
	/* A rescaled input depends on its raw value only: keep the last one (a broadcast input repeats). */
	int32_t last1 = 1000, last2 = 1000, scaled1 = 0, scaled2 = 0;
	int8_t* restrict y = output;
#if defined(TINYML_ARM_DSP)
	if (tinyml_arm_add_sub_int8(p, input1, input2, output, scratch, subtract))
		return;
#endif
	(void)scratch;
	for (r = 0; r < rows; r++) {
		const int8_t* restrict a = input1 + o1;
		const int8_t* restrict b = input2 + o2;
		int32_t i, d;
		for (i = 0; i < inner; i++, a += st1, b += st2) {
			const int32_t va = *a, vb = *b;
			uint32_t raw;
			int32_t v;
			if (va != last1) {
				last1 = va;
				scaled1 = tinyml_rdbp(tinyml_srdhm((off1 + va) * left, m1), s1);
			}
			if (vb != last2) {
				last2 = vb;
				scaled2 = tinyml_rdbp(tinyml_srdhm((off2 + vb) * left, m2), s2);
			}
			raw = subtract ? (uint32_t)scaled1 - (uint32_t)scaled2 : (uint32_t)scaled1 + (uint32_t)scaled2;
			v = tinyml_rdbp(tinyml_srdhm(tinyml_wrap_i32(raw), mo), so);
			*y++ = (int8_t)tinyml_clamp64((int64_t)v + out_off, act_min, act_max);
		}
		/* Next row: advance the outer loops like an odometer. */
		for (d = rank - 2; d >= 0; d--) {
			const size_t e = (size_t)p[TINYML_BINARY_EXTENTS + d];
			const size_t t1 = (size_t)p[TINYML_BINARY_STRIDES1 + d], t2 = (size_t)p[TINYML_BINARY_STRIDES2 + d];
			o1 += t1;
			o2 += t2;
			if ((size_t)++index[d] < e)
				break;
			index[d] = 0;
			o1 -= t1 * e;
			o2 -= t2 * e;
		}
	}
}

void tinyml_add_int8(const int32_t* params, const int8_t* input1, const int8_t* input2, int8_t* output, void* scratch)
{
	add_sub(params, input1, input2, output, scratch, 0);
}

void tinyml_sub_int8(const int32_t* params, const int8_t* input1, const int8_t* input2, int8_t* output, void* scratch)
{
	add_sub(params, input1, input2, output, scratch, 1);
}

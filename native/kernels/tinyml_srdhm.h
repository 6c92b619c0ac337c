/*
 * tinyml-xs native kernels: gemmlowp's SaturatingRoundingDoublingHighMul in one shift, as the softmax
 * kernels use it. The same value as fixed_point.h's tinyml_srdhm for every pair of int32: on a
 * negative product its nudge 1 - 2^30 and its division truncating toward zero give
 * floor((ab + 2^30) / 2^31), as on a positive one; formed modulo 2^64 in uint64 (the quotient fits an
 * int32, so its low 32 bits are it). On the M4: SMULL, then an add and a shift of the pair, no branch
 * on the sign. (fixed_point.h, which add.c and lstm.c share, keeps its own.)
 */
#ifndef TINYML_SRDHM_H
#define TINYML_SRDHM_H

#include "fixed_point.h"

static inline int32_t tinyml_srdhm_one_shift(int32_t a, int32_t b)
{
	if (a == INT32_MIN && b == INT32_MIN)
		return INT32_MAX;
	return tinyml_wrap_i32((uint32_t)(((uint64_t)((int64_t)a * (int64_t)b) + (1u << 30)) >> 31));
}

#endif /* TINYML_SRDHM_H */

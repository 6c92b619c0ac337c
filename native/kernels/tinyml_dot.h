/*
 * tinyml-xs native kernels: the int8 dot products and the output stage shared by the
 * convolution-like kernels (internal header).
 *
 * Sums are formed in uint32: they wrap modulo 2^32 exactly as the TypeScript kernels' `acc | 0`
 * does (their doubles are exact), without signed-overflow undefined behaviour. With offsets
 * limited to TINYML_MAX_OFFSET every single product fits comfortably in an int.
 */
#ifndef TINYML_DOT_H
#define TINYML_DOT_H

#include <stddef.h>
#include <stdint.h>
#include "fixed_point.h"

/* sum of f[i] * (x[i] + offset), i < n. */
static inline uint32_t tinyml_dot_offset(const int8_t* restrict f, const int8_t* restrict x, size_t n, int32_t offset)
{
	uint32_t acc = 0;
	size_t i;
	for (i = 0; i < n; i++)
		acc += (uint32_t)(f[i] * (x[i] + offset));
	return acc;
}

/* Bias, requantization, output offset and clamp of one accumulator. */
static inline int8_t tinyml_requantize_int8(uint32_t acc, int32_t multiplier, int32_t shift, int32_t output_offset, int32_t act_min, int32_t act_max)
{
	const int32_t v = tinyml_mbqm(tinyml_wrap_i32(acc), multiplier, (int)shift);
	return (int8_t)tinyml_clamp64((int64_t)v + output_offset, act_min, act_max);
}

/* sum of f[i] * x[i], i < n, in int64 (the 16x8 kernels'). */
static inline int64_t tinyml_dot_16x8(const int8_t* restrict f, const int16_t* restrict x, size_t n)
{
	int64_t acc = 0;
	size_t i;
	for (i = 0; i < n; i++)
		acc += f[i] * x[i];
	return acc;
}

/*
 * The output stage of a 16x8 kernel: the sum plus the bias of channel c, requantized and clamped.
 * wide: int64 sums and bias (low, high int32 words), tinyml_mbqm64; else int32 sums (wrapping) and bias, tinyml_mbqm.
 */
static inline int16_t tinyml_requantize_16x8(int64_t sum, const int32_t* restrict bias, int wide, int32_t c,
	int32_t multiplier, int32_t shift, int32_t act_min, int32_t act_max)
{
	int32_t v;
	if (wide) {
		if (bias)
			sum = (int64_t)((uint64_t)sum + (((uint64_t)(uint32_t)bias[2 * c + 1] << 32) | (uint32_t)bias[2 * c]));
		v = tinyml_mbqm64(sum, multiplier, (int)shift);
	}
	else {
		uint32_t acc = (uint32_t)(uint64_t)sum;
		if (bias)
			acc += (uint32_t)bias[c];
		v = tinyml_mbqm(tinyml_wrap_i32(acc), multiplier, (int)shift);
	}
	return (int16_t)(v < act_min ? act_min : v > act_max ? act_max : v);
}
/* tinyml_requantize_int8 out of line (requantize.c), for loops that requantize once per dot product: one copy of the code. */
int32_t tinyml_requantize_int8_call(uint32_t acc, int32_t multiplier, int32_t shift, int32_t output_offset, int32_t act_min, int32_t act_max);

/* First tap index k >= 0 with origin + dilation * k >= 0, and one past the last with origin + dilation * k < size (clamped to taps). */
static inline void tinyml_tap_range(int32_t origin, int32_t dilation, int32_t size, int32_t taps, int32_t* first, int32_t* end)
{
	int32_t lo = 0, hi;
	if (origin < 0)
		lo = (-origin + dilation - 1) / dilation;
	if (size - 1 - origin < 0) {
		hi = 0;
	}
	else {
		hi = (size - 1 - origin) / dilation + 1;
		if (hi > taps)
			hi = taps;
	}
	if (lo > hi)
		lo = hi;
	*first = lo;
	*end = hi;
}

#endif /* TINYML_DOT_H */

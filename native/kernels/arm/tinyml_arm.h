/*
 * tinyml-xs native kernels: the Arm DSP extension paths (ARMv7E-M / ARMv8-M with DSP: Cortex-M4,
 * M7, M33), internal header. Included by the portable kernel files, which dispatch to these paths
 * when the compiler targets the DSP extension (__ARM_FEATURE_DSP) unless TINYML_NO_DSP is defined;
 * everywhere else (Cortex-M0+, Xtensa, the desktop) this header defines nothing.
 *
 * Every DSP path computes byte for byte what the portable path computes (the same wrapping int32
 * sums, TFLM's double-rounding requantization), or declines (returns 0) and lets the portable
 * path run: layers with unusual constants (left shifts, very large biases, offsets beyond int8
 * zero points, grouped convolutions, ...) are rare in real models and not worth a fast path.
 *
 * Written with ACLE intrinsics (arm_acle.h); GCC's arm_acle.h has no SMMULR, so that one is a
 * one-instruction asm.
 */
#ifndef TINYML_ARM_H
#define TINYML_ARM_H

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(TINYML_NO_DSP)
#define TINYML_ARM_DSP 1

#include <arm_acle.h>
#include <string.h>
#include "../tinyml_kernels.h"
#include "../tinyml_dot.h"

/* Unaligned 32-bit load and store (LDR / STR allow it on ARMv7E-M and ARMv8-M Mainline). */
static inline uint32_t tinyml_ld32(const void* p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static inline void tinyml_st32(void* p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static inline uint32_t tinyml_ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

/* (x0, x2) and (x1, x3) of four int8 lanes, sign-extended to int16, plus `off2` in both lanes. */
static inline uint32_t tinyml_lo16(uint32_t off2, uint32_t x)
{
	return (uint32_t)__sxtab16((int32_t)off2, (int32_t)x);
}

static inline uint32_t tinyml_hi16(uint32_t off2, uint32_t x)
{
	return (uint32_t)__sxtab16((int32_t)off2, (int32_t)tinyml_ror(x, 8));
}

/* SXTB16 of x rotated right by 8 (bytes 1 and 3), in one instruction: GCC does not fold the rotation. */
static inline uint32_t tinyml_sxtb16_ror8(uint32_t x)
{
	uint32_t r;
	__asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
	return r;
}

/* tinyml_hi16 in one instruction (SXTAB16 with the rotation). */
static inline uint32_t tinyml_hi16_fast(uint32_t off2, uint32_t x)
{
	uint32_t r;
	__asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(off2), "r"(x));
	return r;
}

/* SMMULR: (a * b + 2^31) >> 32. */
static inline int32_t tinyml_smmulr(int32_t a, int32_t b)
{
	int32_t r;
	__asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
	return r;
}

/*
 * The fast requantization. For an accumulator a with |a| < 2^30 and a right shift e in 1..21,
 * TFLM's MultiplyByQuantizedMultiplier(a, m, -e) + offset is
 *     v = SRDHM(a, m) = floor((a m + 2^30) / 2^31) = SMMULR(2 a, m)      (no saturation: |a| < 2^30)
 *     RDBP(v, e) = floor((v + 2^(e-1) - [v < 0]) / 2^e)                    (|v| <= 2^30: no overflow)
 * and the offset folds into the rounding constant: hoff = 2^(e-1) + offset 2^e (|hoff| < 2^30).
 */
typedef struct {
	int32_t mult;
	int32_t hoff;
	int32_t e;
} tinyml_rq;

/* Whether channel (multiplier, shift) with accumulators bounded by |bias| + bound qualifies, and its constants. */
static inline int tinyml_rq_make(tinyml_rq* q, int32_t mult, int32_t shift, int32_t output_offset, int64_t bound)
{
	if (shift > -1 || shift < -21 || bound >= ((int64_t)1 << 30))
		return 0;
	q->mult = mult;
	q->e = -shift;
	q->hoff = (int32_t)(((int64_t)1 << (q->e - 1)) + (int64_t)output_offset * ((int64_t)1 << q->e));
	return 1;
}

/* The requantized value before the activation clamp (an int32 beyond int8 before ssat). */
static inline int32_t tinyml_rq_apply(int32_t acc, int32_t mult, int32_t hoff, int32_t e)
{
	int32_t v = tinyml_smmulr(acc * 2, mult);
	v -= (int32_t)((uint32_t)v >> 31);
	return (v + hoff) >> e;
}

/* Saturation to int8 then the activation range (act_full: the range is all of int8). */
static inline int8_t tinyml_rq_clamp(int32_t v, int act_full, int32_t act_min, int32_t act_max)
{
	v = __ssat(v, 8);
	if (!act_full) {
		v = v < act_min ? act_min : v;
		v = v > act_max ? act_max : v;
	}
	return (int8_t)v;
}

/* The largest |x + offset| of an int8 x, times the largest |w| (128), for accumulator bounds. */
static inline int64_t tinyml_mac_bound(int32_t input_offset, int64_t taps)
{
	const int64_t hi = 127 + (int64_t)input_offset, lo = -128 + (int64_t)input_offset;
	const int64_t m = hi > -lo ? hi : -lo;
	return m * 128 * taps;
}

static inline int64_t tinyml_abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

/*
 * The activation range as a pass of its own over n int8 outputs: the DSP paths saturate to int8
 * only (one SSAT an output), and a layer whose range is narrower than int8 is clamped here
 * afterwards, four bytes per SSUB8 + SEL pair (GE set where the first operand is the larger).
 * Clamping a value already saturated to int8 to [lo, hi] within int8 is clamping it to [lo, hi],
 * so this is the requantization's own clamp, moved: the kernels keep one requantization per
 * fast loop instead of one per activation kind. Out of line, one copy for every kernel
 * (requantize.c; rare: TFLM's quantized ReLU and ReLU6 ranges are usually all of int8);
 * tinyml_arm_activation is the test at the call.
 */
void tinyml_arm_clamp(int8_t* y, size_t n, int32_t lo, int32_t hi); /* requantize.c */

#define tinyml_arm_activation(y, n, lo, hi) \
	do { \
		if ((lo) != -128 || (hi) != 127) \
			tinyml_arm_clamp((y), (n), (lo), (hi)); \
	} while (0)

#endif /* DSP */

/* The body of a kernel's tinyml_<op>_scratch_bytes(p): its DSP path's `bytes`, 0 in builds without the DSP paths. */
#if defined(TINYML_ARM_DSP)
#define TINYML_SCRATCH_BYTES(p, bytes) return (bytes)
#else
#define TINYML_SCRATCH_BYTES(p, bytes) return ((void)(p), (size_t)0)
#endif

#endif /* TINYML_ARM_H */

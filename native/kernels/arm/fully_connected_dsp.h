/*
 * tinyml-xs Arm DSP kernel: FULLY_CONNECTED int8 (internal header, included by fully_connected.c).
 *
 * A single input row (the usual batch of one) is multiplied straight from the input, with no
 * buffer and no size limit: four output channels at a time, each input word sign-extended once
 * (with the input offset added, SXTAB16) for the four channels, then two output channels, then
 * one (tinyml_fc_row); a single output channel has its own short path (tinyml_fc_one). Batches of
 * several rows run row by row (no scratch: the two-row multiply of tinyml_arm_mm.h would be faster
 * for them, but its code is conv's, and no benchmark layer has a batch). A non-zero filter offset
 * (never produced by TFLM's int8 quantization) adds its term to the sums' starting values
 * (tinyml_fc_row_general): the path takes every layer, and builds with it have no portable loops.
 */
#ifndef TINYML_ARM_FULLY_CONNECTED_H
#define TINYML_ARM_FULLY_CONNECTED_H

#include "tinyml_arm_mm.h"
#include "../tinyml_variants.h"

#if defined(TINYML_ARM_DSP)

#if defined(__OPTIMIZE__)
#define TINYML_FC_X4 \
	"ldr %[x13], [%[x]], #4\n\t" \
	"sxtab16 %[x02], %[off2], %[x13]\n\t" \
	"sxtab16 %[x13], %[off2], %[x13], ror #8\n\t"
#define TINYML_FC_W(ADDR, A) \
	"ldr %[wo], " ADDR "\n\t" \
	"sxtb16 %[we], %[wo]\n\t" \
	"sxtb16 %[wo], %[wo], ror #8\n\t" \
	"smlad %[" A "], %[x02], %[we], %[" A "]\n\t" \
	"smlad %[" A "], %[x13], %[wo], %[" A "]\n\t"
#define TINYML_FC_G4 \
	TINYML_FC_X4 \
	TINYML_FC_W("[%[f0], %[k]]", "a1") \
	TINYML_FC_W("[%[f0]], #4", "a0") \
	TINYML_FC_W("[%[f2], %[k]]", "a3") \
	TINYML_FC_W("[%[f2]], #4", "a2")
/*
 * n >= 1 iterations of 16 k, one input row x four channels (filter rows f, f + k, f + 2k, f + 3k):
 * 94 instructions per 64 MACs, every register in use.
 */
TINYML_MM_INLINE void tinyml_fc_loop4(const int8_t* restrict* px, const int8_t* restrict* pf, int32_t k, int32_t n, uint32_t off,
	int32_t* restrict a)
{
	register int32_t a0 __asm__("r0") = a[0];
	register int32_t a1 __asm__("r1") = a[1];
	register int32_t a2 __asm__("r2") = a[2];
	register int32_t a3 __asm__("r3") = a[3];
	register uint32_t x02 __asm__("r4");
	register uint32_t x13 __asm__("r5");
	register uint32_t we __asm__("r6");
	register uint32_t off2 __asm__("r7") = off;
	register uint32_t wo __asm__("r8");
	register const int8_t* x __asm__("r9") = *px;
	register const int8_t* f0 __asm__("r10") = *pf;
	register const int8_t* f2 __asm__("r11") = *pf + 2 * k;
	register int32_t kk __asm__("r12") = k;
	register int32_t cnt __asm__("lr") = n;
	__asm__("1:\n\t" TINYML_FC_G4 TINYML_FC_G4 TINYML_FC_G4 TINYML_FC_G4 "subs %[n], %[n], #1\n\t" "bne 1b"
		: [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [f0] "+r"(f0), [f2] "+r"(f2), [n] "+r"(cnt),
		  [x02] "=&r"(x02), [x13] "=&r"(x13), [we] "=&r"(we), [wo] "=&r"(wo)
		: [k] "r"(kk), [off2] "r"(off2)
		: "cc", "memory");
	a[0] = a0;
	a[1] = a1;
	a[2] = a2;
	a[3] = a3;
	*px = x;
	*pf = f0;
}
#undef TINYML_FC_G4
#undef TINYML_FC_W
#undef TINYML_FC_X4
#endif

/* a[0..3] += the sums of x (n values, plus the offset) with filter rows f, f + k, f + 2k, f + 3k. */
static __attribute__((noinline)) void tinyml_fc_dot4(const int8_t* restrict x, const int8_t* restrict f, int32_t k, int32_t n, int32_t offset, int32_t* restrict a)
{
	const uint32_t off2 = ((uint32_t)offset & 0xFFFFu) * 0x10001u;
	const int8_t* const end4 = x + (n & ~3);
	int32_t t;
#if defined(__OPTIMIZE__)
	/* The last 0 to 15 values by groups of four (no fully connected layer of the benchmarks has any). */
	if (n >> 4)
		tinyml_fc_loop4(&x, &f, k, n >> 4, off2, a);
#endif
	while (x != end4) {
		const uint32_t w = tinyml_ld32(x);
		tinyml_mm_g14(tinyml_lo16(off2, w), tinyml_hi16_fast(off2, w), f, k, a);
		x += 4;
		f += 4;
	}
	for (t = 0; t < (n & 3); t++) {
		const int32_t xv = x[t] + offset;
		a[0] = tinyml_mac(a[0], f[t], xv);
		a[1] = tinyml_mac(a[1], f[t + k], xv);
		a[2] = tinyml_mac(a[2], f[t + 2 * k], xv);
		a[3] = tinyml_mac(a[3], f[t + 3 * k], xv);
	}
}

#if defined(__OPTIMIZE__)
#define TINYML_FC_G2 \
	"ldr %[x13], [%[x]], #4\n\t" \
	"sxtab16 %[x02], %[off2], %[x13]\n\t" \
	"sxtab16 %[x13], %[off2], %[x13], ror #8\n\t" \
	"ldr %[wo], [%[f0]], #4\n\t" \
	"sxtb16 %[we], %[wo]\n\t" \
	"sxtb16 %[wo], %[wo], ror #8\n\t" \
	"smlad %[a0], %[x02], %[we], %[a0]\n\t" \
	"smlad %[a0], %[x13], %[wo], %[a0]\n\t" \
	"ldr %[wo], [%[f1]], #4\n\t" \
	"sxtb16 %[we], %[wo]\n\t" \
	"sxtb16 %[wo], %[wo], ror #8\n\t" \
	"smlad %[a1], %[x02], %[we], %[a1]\n\t" \
	"smlad %[a1], %[x13], %[wo], %[a1]\n\t"
/* n >= 1 iterations of eight k, one input row x two channels: 28 instructions per 16 MACs. */
TINYML_MM_INLINE void tinyml_fc_loop2(const int8_t* restrict* px, const int8_t* restrict* pf0, const int8_t* restrict* pf1, int32_t n, uint32_t off2,
	int32_t* restrict a)
{
	int32_t a0 = a[0], a1 = a[1];
	uint32_t x02, x13, we, wo;
	const int8_t* x = *px;
	const int8_t* f0 = *pf0;
	const int8_t* f1 = *pf1;
	__asm__(
		"1:\n\t"
		TINYML_FC_G2
		TINYML_FC_G2
		"subs %[n], %[n], #1\n\t"
		"bne 1b"
		: [a0] "+r"(a0), [a1] "+r"(a1), [x] "+r"(x), [f0] "+r"(f0), [f1] "+r"(f1), [n] "+r"(n),
		  [x02] "=&r"(x02), [x13] "=&r"(x13), [we] "=&r"(we), [wo] "=&r"(wo)
		: [off2] "r"(off2)
		: "cc", "memory");
	a[0] = a0;
	a[1] = a1;
	*px = x;
	*pf0 = f0;
	*pf1 = f1;
}
#undef TINYML_FC_G2
#endif

/* The sums of x (n values, plus the offset) with filter rows f0 and f1 (f1 == f0: one channel; a[1] is then a copy). */
static __attribute__((noinline)) void tinyml_fc_dot2(const int8_t* restrict x, const int8_t* restrict f0, const int8_t* restrict f1, int32_t n, int32_t offset, int32_t* restrict a)
{
	const uint32_t off2 = ((uint32_t)offset & 0xFFFFu) * 0x10001u;
	const int8_t* const end4 = x + (n & ~3);
	int32_t t;
#if defined(__OPTIMIZE__)
	if (n >> 3)
		tinyml_fc_loop2(&x, &f0, &f1, n >> 3, off2, a);
#endif
	while (x != end4) {
		const uint32_t w = tinyml_ld32(x);
		const int32_t x02 = (int32_t)tinyml_lo16(off2, w), x13 = (int32_t)tinyml_hi16_fast(off2, w);
		uint32_t v = tinyml_ld32(f0);
		a[0] = __smlad(x02, __sxtb16((int32_t)v), a[0]);
		a[0] = __smlad(x13, (int32_t)tinyml_sxtb16_ror8(v), a[0]);
		v = tinyml_ld32(f1);
		a[1] = __smlad(x02, __sxtb16((int32_t)v), a[1]);
		a[1] = __smlad(x13, (int32_t)tinyml_sxtb16_ror8(v), a[1]);
		x += 4;
		f0 += 4;
		f1 += 4;
	}
	for (t = 0; t < (n & 3); t++) {
		const int32_t xv = x[t] + offset;
		a[0] = tinyml_mac(a[0], f0[t], xv);
		a[1] = tinyml_mac(a[1], f1[t], xv);
	}
}

/* TFLM's general requantization, out of line (the rare case of tinyml_fc_q). */
static __attribute__((noinline)) int32_t tinyml_fc_slow(int32_t acc, int32_t m, int32_t s, const int32_t* restrict p)
{
	return tinyml_requantize_int8_call((uint32_t)acc, m, s, p[TINYML_FC_OUTPUT_OFFSET], p[TINYML_FC_ACT_MIN], p[TINYML_FC_ACT_MAX]);
}

/*
 * One output of a channel with multiplier m and shift s (h = tinyml_mm_hoff(2 output_offset + 1, s)):
 * the fast requantization (tinyml_rq_apply) when the shift is a right shift of 1..21 (`shift_ok`:
 * known by the caller) and 2 acc does not overflow (it is then exact), saturated to int8 (the
 * activation range comes after, tinyml_arm_activation), else TFLM's general one.
 */
TINYML_MM_INLINE int32_t tinyml_fc_q(const int32_t* restrict p, int32_t acc, int32_t m, int32_t s, int32_t h, int shift_ok)
{
	int32_t a2, v;
	if ((!shift_ok && __builtin_expect((uint32_t)(s + 21) > 20u, 0)) || __builtin_expect(__builtin_add_overflow(acc, acc, &a2), 0))
		return tinyml_fc_slow(acc, m, s, p);
	v = tinyml_smmulr(a2, m);
	v -= (int32_t)((uint32_t)v >> 31);
	return __ssat((v + h) >> -s, 8);
}

/* Requantization variants of tinyml_fc_row: per-tensor constants with a qualifying shift; anything. */
enum { TINYML_FC_TENSOR, TINYML_FC_GENERAL };

/*
 * One input row x (ACCUM_DEPTH values, the input offset added on the fly) times every filter row,
 * into y: four channels at a time, then the last one to three two at a time (a single one paired
 * with itself). Reads its constants straight from the packed params: no pass over the channels.
 */
TINYML_MM_INLINE void tinyml_fc_row_sel(const int32_t* restrict p, const int8_t* restrict x, const int8_t* restrict f,
	const int32_t* restrict bias, int8_t* restrict y, int sel)
{
	const int32_t k = p[TINYML_FC_ACCUM_DEPTH], out_c = p[TINYML_FC_OUT_DEPTH], offset = p[TINYML_FC_INPUT_OFFSET];
	const int32_t pc = sel != TINYML_FC_GENERAL ? 0 : p[TINYML_FC_PER_CHANNEL] ? 1 : 0, bstep = bias ? 1 : 0;
	const int32_t hoff1 = 2 * p[TINYML_FC_OUTPUT_OFFSET] + 1;
	const int shift_ok = sel != TINYML_FC_GENERAL;
	const int32_t* restrict mult = p + TINYML_FC_HEADER;
	const int32_t* restrict shift = mult + (p[TINYML_FC_PER_CHANNEL] ? out_c : 1);
	int8_t* const yend4 = y + (out_c & ~3), * const yend = y + out_c;
	int32_t m = mult[0], s = shift[0], h = shift_ok ? tinyml_mm_hoff(hoff1, s) : 0;
	/*
	 * A filter offset fo (general variant only): sum (f + fo)(x + xo) = sum f (x + xo) + fo sum (x + xo),
	 * modulo 2^32 as the portable sums wrap; the second term, the same for every channel, starts each sum.
	 */
	uint32_t corr = 0;
	if (!shift_ok && p[TINYML_FC_FILTER_OFFSET] != 0) {
		int32_t i;
		for (i = 0; i < k; i++)
			corr += (uint32_t)(x[i] + offset);
		corr *= (uint32_t)p[TINYML_FC_FILTER_OFFSET];
	}
	if (!bias)
		bias = tinyml_mm_zero;
#define TINYML_FC_OUT(J, A) \
	do { \
		if (!shift_ok) { \
			m = mult[(J) * pc]; \
			s = shift[(J) * pc]; \
			h = (uint32_t)(s + 21) <= 20u ? tinyml_mm_hoff(hoff1, s) : 0; \
		} \
		y[J] = (int8_t)tinyml_fc_q(p, A, m, s, h, shift_ok); \
	} while (0)
	while (y != yend4) {
		int32_t a[4], a0, a1, a2, a3;
		a[0] = (int32_t)((uint32_t)bias[0] + corr);
		a[1] = (int32_t)((uint32_t)bias[bstep] + corr);
		a[2] = (int32_t)((uint32_t)bias[2 * bstep] + corr);
		a[3] = (int32_t)((uint32_t)bias[3 * bstep] + corr);
		tinyml_fc_dot4(x, f, k, k, offset, a);
		a0 = a[0];
		a1 = a[1];
		a2 = a[2];
		a3 = a[3];
		TINYML_FC_OUT(0, a0);
		TINYML_FC_OUT(1, a1);
		TINYML_FC_OUT(2, a2);
		TINYML_FC_OUT(3, a3);
		y += 4;
		f += 4 * k;
		bias += 4 * bstep;
		mult += 4 * pc;
		shift += 4 * pc;
	}
	while (TINYML_VARIANT_FC_TAIL && y != yend) {
		const int32_t n = yend - y >= 2 ? 2 : 1;
		int32_t a[2];
		a[0] = (int32_t)((uint32_t)bias[0] + corr);
		a[1] = (int32_t)((uint32_t)bias[(n - 1) * bstep] + corr);
		tinyml_fc_dot2(x, f, f + (n - 1) * k, k, offset, a);
		TINYML_FC_OUT(0, a[0]);
		if (n == 2)
			TINYML_FC_OUT(1, a[1]);
		y += n;
		f += n * k;
		bias += n * bstep;
		mult += n * pc;
		shift += n * pc;
	}
#undef TINYML_FC_OUT
}

/* Whether a layer needs tinyml_fc_row_general: per channel, a shift the fast requantization cannot take, a filter offset. */
static inline int tinyml_fc_needs_general(const int32_t* p)
{
	const int32_t s = p[TINYML_FC_HEADER + 1];
	return p[TINYML_FC_PER_CHANNEL] || (uint32_t)(s + 21) > 20u || p[TINYML_FC_FILTER_OFFSET] != 0;
}

/*
 * Whether this build's variants take the layer (tinyml_variants.h): all of them do by default.
 * Reads the header and the first multiplier and shift.
 */
static inline int tinyml_arm_fc_takes(const int32_t* p)
{
	const int32_t out_depth = p[TINYML_FC_OUT_DEPTH];
	if (TINYML_VARIANT_FC_ONE && out_depth == 1 && p[TINYML_FC_FILTER_OFFSET] == 0)
		return 1;
	if (!TINYML_VARIANT_FC_GENERAL && tinyml_fc_needs_general(p))
		return 0;
	return TINYML_VARIANT_FC_TAIL || out_depth % 4 == 0;
}

/* One input row, any constants and filter offset (per channel, unusual shifts, a filter offset: rare). */
static __attribute__((noinline)) void tinyml_fc_row_general(const int32_t* restrict p, const int8_t* restrict x, const int8_t* restrict f,
	const int32_t* restrict bias, int8_t* restrict y)
{
	tinyml_fc_row_sel(p, x, f, bias, y, TINYML_FC_GENERAL);
	tinyml_arm_activation(y, (size_t)p[TINYML_FC_OUT_DEPTH], p[TINYML_FC_ACT_MIN], p[TINYML_FC_ACT_MAX]);
}

/* One input row, no filter offset. */
static __attribute__((noinline)) void tinyml_fc_row(const int32_t* restrict p, const int8_t* restrict x, const int8_t* restrict f,
	const int32_t* restrict bias, int8_t* restrict y)
{
	if (tinyml_fc_needs_general(p)) {
		/* (Without the variant, validation refused the layer.) */
		if (TINYML_VARIANT_FC_GENERAL)
			tinyml_fc_row_general(p, x, f, bias, y);
		return;
	}
	tinyml_fc_row_sel(p, x, f, bias, y, TINYML_FC_TENSOR);
	tinyml_arm_activation(y, (size_t)p[TINYML_FC_OUT_DEPTH], p[TINYML_FC_ACT_MIN], p[TINYML_FC_ACT_MAX]);
}

/* a + the sum of x (n values, plus the offset) with filter row f. */
TINYML_MM_INLINE int32_t tinyml_fc_dot1(const int8_t* restrict x, const int8_t* restrict f, int32_t n, int32_t offset, int32_t a)
{
	const uint32_t off2 = ((uint32_t)offset & 0xFFFFu) * 0x10001u;
	const int8_t* const end4 = x + (n & ~3);
	int32_t t;
	while (x != end4) {
		const uint32_t w = tinyml_ld32(x), v = tinyml_ld32(f);
		a = __smlad((int32_t)tinyml_lo16(off2, w), __sxtb16((int32_t)v), a);
		a = __smlad((int32_t)tinyml_hi16_fast(off2, w), (int32_t)tinyml_sxtb16_ror8(v), a);
		x += 4;
		f += 4;
	}
	for (t = 0; t < (n & 3); t++)
		a = tinyml_mac(a, f[t], x[t] + offset);
	return a;
}

/* The layers with a single output (hello_world's last): one channel, no setup beyond its constants. */
static __attribute__((noinline)) void tinyml_fc_one(const int32_t* restrict p, const int8_t* restrict x, const int8_t* restrict f,
	const int32_t* restrict bias, int8_t* restrict y)
{
	const int32_t m = p[TINYML_FC_HEADER], s = p[TINYML_FC_HEADER + 1];
	const int32_t a = tinyml_fc_dot1(x, f, p[TINYML_FC_ACCUM_DEPTH], p[TINYML_FC_INPUT_OFFSET], bias ? bias[0] : 0);
	const int32_t h = (uint32_t)(s + 21) <= 20u ? tinyml_mm_hoff(2 * p[TINYML_FC_OUTPUT_OFFSET] + 1, s) : 0;
	const int32_t v = tinyml_fc_q(p, a, m, s, h, 0);
	y[0] = (int8_t)(v < p[TINYML_FC_ACT_MIN] ? p[TINYML_FC_ACT_MIN] : v > p[TINYML_FC_ACT_MAX] ? p[TINYML_FC_ACT_MAX] : v);
}

/* Every layer (the portable loops are not compiled with the DSP paths). */
static void tinyml_arm_fully_connected_int8(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int8_t* restrict output)
{
	const int32_t batches = p[TINYML_FC_BATCHES], depth = p[TINYML_FC_ACCUM_DEPTH], out_depth = p[TINYML_FC_OUT_DEPTH];
	void (*const row)(const int32_t* restrict, const int8_t* restrict, const int8_t* restrict, const int32_t* restrict, int8_t* restrict) =
		TINYML_VARIANT_FC_ONE && out_depth == 1 && !p[TINYML_FC_FILTER_OFFSET] ? tinyml_fc_one : tinyml_fc_row;
	int32_t b;
	for (b = 0; b < batches; b++)
		row(p, input + (size_t)b * (size_t)depth, filter, bias, output + (size_t)b * (size_t)out_depth);
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_FULLY_CONNECTED_H */

/*
 * tinyml-xs Arm DSP path of the LSTM's matrix products (internal header, included by lstm.c).
 * A step's input row and hidden row are expanded once to int16 pairs with their offsets added
 * (x0, x2) (x1, x3) per 4 values; every gate's weight rows then multiply them with SMLAD, two
 * products per instruction, four weights per load, four weight rows per pass over the expanded
 * row. The sums wrap like the portable path's.
 */
#ifndef TINYML_ARM_LSTM_H
#define TINYML_ARM_LSTM_H

#include "tinyml_arm.h"
#include "tinyml_arm_mm.h"

#if defined(TINYML_ARM_DSP)

/* Largest row (input size or state size) the DSP path expands on the stack (2 bytes a value). */
#ifndef TINYML_ARM_LSTM_MAX_ROW
#define TINYML_ARM_LSTM_MAX_ROW 512
#endif

/* x[0..n) plus offset as int16 pairs: per 4 values (x0, x2) then (x1, x3); the n % 4 last ones as int32. */
static void tinyml_arm_lstm_expand(uint32_t* restrict buf, const int8_t* restrict x, int32_t n, int32_t offset)
{
	const uint32_t off2 = ((uint32_t)offset & 0xFFFFu) * 0x10001u;
	int32_t i;
	for (i = 0; i + 4 <= n; i += 4) {
		const uint32_t w = tinyml_ld32(x + i);
		*buf++ = tinyml_lo16(off2, w);
		*buf++ = tinyml_hi16_fast(off2, w);
	}
	for (; i < n; i++)
		*buf++ = (uint32_t)(x[i] + offset);
}

#if defined(__OPTIMIZE__)
#define TINYML_LSTM_ROW(ADDR, A) \
	"ldr %[w], " ADDR "\n\t" \
	"sxtb16 %[t], %[w]\n\t" \
	"smlad %[" A "], %[t], %[lo], %[" A "]\n\t" \
	"sxtb16 %[t], %[w], ror #8\n\t" \
	"smlad %[" A "], %[t], %[hi], %[" A "]\n\t"
/*
 * n >= 1 groups of four expanded inputs x four weight rows (f, f + k, f + 2k, f + 3k) on pinned
 * registers: one LDRD of the two expanded words, then per row LDR, two SXTB16 and two SMLAD;
 * 23 instructions per 16 MACs.
 */
TINYML_MM_INLINE void tinyml_arm_lstm_loop4(const uint32_t** pbuf, const int8_t** pf, int32_t k, int32_t n, int32_t* a)
{
	register int32_t a0 __asm__("r0") = a[0];
	register int32_t a1 __asm__("r1") = a[1];
	register int32_t a2 __asm__("r2") = a[2];
	register int32_t a3 __asm__("r3") = a[3];
	register uint32_t lo __asm__("r4");
	register uint32_t hi __asm__("r5");
	register uint32_t t __asm__("r6");
	register uint32_t w __asm__("r8");
	register const uint32_t* buf __asm__("r9") = *pbuf;
	register const int8_t* f0 __asm__("r10") = *pf;
	register const int8_t* f2 __asm__("r11") = *pf + 2 * k;
	register int32_t kk __asm__("r12") = k;
	register int32_t cnt __asm__("lr") = n;
	__asm__("1:\n\t"
		"ldrd %[lo], %[hi], [%[buf]], #8\n\t"
		TINYML_LSTM_ROW("[%[f0], %[k]]", "a1")
		TINYML_LSTM_ROW("[%[f0]], #4", "a0")
		TINYML_LSTM_ROW("[%[f2], %[k]]", "a3")
		TINYML_LSTM_ROW("[%[f2]], #4", "a2")
		"subs %[n], %[n], #1\n\t"
		"bne 1b"
		: [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [buf] "+r"(buf), [f0] "+r"(f0), [f2] "+r"(f2), [n] "+r"(cnt),
		  [lo] "=&r"(lo), [hi] "=&r"(hi), [t] "=&r"(t), [w] "=&r"(w)
		: [k] "r"(kk)
		: "cc", "memory");
	a[0] = a0;
	a[1] = a1;
	a[2] = a2;
	a[3] = a3;
	*pbuf = buf;
	*pf = f0;
}
#undef TINYML_LSTM_ROW
#endif

/*
 * The dot products of four weight rows w, w + stride, w + 2 stride, w + 3 stride with one expanded
 * row (stride 0: four times row w). The sums wrap modulo 2^32.
 */
static inline void tinyml_arm_lstm_dot4(const int8_t* w, int32_t stride, const uint32_t* buf, int32_t n, uint32_t* acc)
{
	int32_t a[4] = { 0, 0, 0, 0 }, i, r;
#if defined(__OPTIMIZE__)
	const int8_t* f = w;
	if (n >= 4)
		tinyml_arm_lstm_loop4(&buf, &f, stride, n >> 2, a);
	i = n & ~3;
#else
	for (i = 0; i + 4 <= n; i += 4, buf += 2)
		for (r = 0; r < 4; r++) {
			const uint32_t v = tinyml_ld32(w + r * stride + i);
			a[r] = __smlad((int32_t)__sxtb16(v), (int32_t)buf[0], a[r]);
			a[r] = __smlad((int32_t)tinyml_sxtb16_ror8(v), (int32_t)buf[1], a[r]);
		}
#endif
	for (; i < n; i++, buf++)
		for (r = 0; r < 4; r++)
			a[r] = (int32_t)((uint32_t)a[r] + (uint32_t)(w[r * stride + i] * (int32_t)*buf));
	for (r = 0; r < 4; r++)
		acc[r] = (uint32_t)a[r];
}

#endif /* TINYML_ARM_DSP */
#endif /* TINYML_ARM_LSTM_H */

/*
 * tinyml-xs Arm DSP path of the LSTM's matrix products (internal header, included by lstm.c).
 * A step's input row and hidden row are expanded once to int16 pairs with their offsets added
 * (x0, x2) (x1, x3) per 4 values; every gate's weight rows then multiply them with SMLAD, two
 * products per instruction, four weights per load, two weight rows per pass over the expanded
 * row. The sums wrap like the portable path's.
 */
#ifndef TINYML_ARM_LSTM_H
#define TINYML_ARM_LSTM_H

#include "tinyml_arm.h"

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

/* The dot products of two weight rows w0 and w1 with the same expanded row: each input load serves
 * both (a single row is passed as w0 = w1). */
static inline void tinyml_arm_lstm_dot2(const int8_t* restrict w0, const int8_t* restrict w1, const uint32_t* restrict buf, int32_t n, uint32_t* acc)
{
	int32_t a0 = 0, a1 = 0, i;
	for (i = 0; i + 4 <= n; i += 4) {
		/* Both words in one LDRD (the buffers are 8-byte aligned). */
		const uint64_t pair = *(const uint64_t*)__builtin_assume_aligned(buf, 8);
		const uint32_t lo = (uint32_t)pair, hi = (uint32_t)(pair >> 32);
		const uint32_t v0 = tinyml_ld32(w0 + i), v1 = tinyml_ld32(w1 + i);
		a0 = __smlad((int32_t)__sxtb16(v0), (int32_t)lo, a0);
		a1 = __smlad((int32_t)__sxtb16(v1), (int32_t)lo, a1);
		a0 = __smlad((int32_t)tinyml_sxtb16_ror8(v0), (int32_t)hi, a0);
		a1 = __smlad((int32_t)tinyml_sxtb16_ror8(v1), (int32_t)hi, a1);
		buf += 2;
	}
	for (; i < n; i++) {
		const int32_t x = (int32_t)*buf++;
		a0 = (int32_t)((uint32_t)a0 + (uint32_t)(w0[i] * x));
		a1 = (int32_t)((uint32_t)a1 + (uint32_t)(w1[i] * x));
	}
	acc[0] = (uint32_t)a0;
	acc[1] = (uint32_t)a1;
}

#endif /* TINYML_ARM_DSP */
#endif /* TINYML_ARM_LSTM_H */

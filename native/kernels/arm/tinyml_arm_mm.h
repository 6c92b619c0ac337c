/*
 * tinyml-xs Arm DSP kernels: the int8 matrix multiply shared by CONV_2D (general and 1x1) and
 * FULLY_CONNECTED (internal header). One or two input rows ("pixels"), already expanded to int16
 * with the input offset added, times the [OUT_C, K] int8 filter, then requantized: two rows x two
 * output channels at a time (four accumulators, each filter word loaded and sign-extended once for
 * both rows), or one row x four channels.
 *
 * Expanded rows are stored in groups of four k, in the order SXTB16 gives the filter bytes: for a
 * row x, the words (x0, x2) and (x1, x3); two rows A and B interleave as A02 A13 B02 B13. The K % 4
 * last values follow as one word per k: A_k in the low half, B_k in the high half.
 *
 * The inner loops are inline asm with pinned registers (GCC's allocation of the C versions spills
 * and reloads): 8 k per iteration, all 14 allocatable registers in use, about one
 * instruction per MAC for two rows. The C versions remain for unoptimized builds (no frame pointer
 * to spare then) and for the K % 8 remainders.
 *
 * Requantization is TFLM's (per channel), through the fast SMMULR form (tinyml_mm_q) when every
 * channel's shift qualifies: two rows use per-chunk tables of channel constants (tinyml_mm_chunk)
 * when every accumulator is bounded; one row checks each accumulator instead. The fast forms
 * saturate to int8 only: a narrower activation range is applied afterwards, over the whole output
 * (tinyml_arm_activation), so that each loop has one requantization.
 */
#ifndef TINYML_ARM_MM_H
#define TINYML_ARM_MM_H

#include "tinyml_arm.h"

#if defined(TINYML_ARM_DSP)

#define TINYML_MM_INLINE static inline __attribute__((always_inline))

typedef struct {
	const int8_t* filter;
	int32_t k;            /* accumulation depth (filter row length) */
	int32_t out_c;
	const int32_t* bias;  /* NULL: none */
	const int32_t* mult;  /* per channel */
	const int32_t* shift;
	int32_t output_offset, act_min, act_max;
	int fast;             /* every channel's shift qualifies for tinyml_mm_q */
	int bounded;          /* and every accumulator is within 2^30 */
	int32_t ystride;      /* from a row A output to its row B output */
	const int32_t* table; /* tinyml_mm_chunk's fast constants, or NULL */
} tinyml_mm;

/*
 * Decides mm->fast: every channel's shift is a right shift of 1..21; then the fast
 * requantization is exact for an accumulator in [-2^30, 2^30) (tinyml_mm_q), which is checked per
 * output (one instruction: the doubling it needs sets the overflow flag). With `bounds`, also
 * decides mm->bounded: every channel's accumulator is within 2^30 whatever the input (|bias| plus
 * the largest sum of k products), so that the two-row path can skip the check: worth a pass over
 * the biases only when there are many outputs per channel.
 */
static inline void tinyml_mm_prepare(tinyml_mm* mm, int32_t input_offset, int bounds)
{
	int32_t i;
	mm->fast = 1;
	mm->bounded = 0;
	for (i = 0; i < mm->out_c; i++) {
		if ((uint32_t)(mm->shift[i] + 21) > 20u) {
			mm->fast = 0;
			return;
		}
	}
	if (bounds) {
		const int64_t macs = tinyml_mac_bound(input_offset, mm->k);
		/* |bias| + macs < 2^30; |INT32_MIN| is 2^31 as a uint32. */
		const uint32_t room = macs < ((int64_t)1 << 30) ? (uint32_t)(((int64_t)1 << 30) - macs) : 0;
		mm->bounded = room > 0;
		for (i = 0; i < mm->out_c && mm->bias && mm->bounded; i++) {
			const uint32_t b = (uint32_t)mm->bias[i];
			mm->bounded = ((int32_t)b < 0 ? 0u - b : b) < room;
		}
	}
}

/* Expands n int8 values (x + offset) into int16 words for row `row` (0: A, 1: B) of a `rows`-row buffer. */
static inline void tinyml_mm_expand(uint32_t* restrict buf, const int8_t* restrict x, int32_t n, int32_t offset, int row, int rows)
{
	const uint32_t off2 = ((uint32_t)offset & 0xFFFFu) * 0x10001u;
	const int32_t groups = n >> 2, step = 2 * rows;
	uint32_t* restrict d = buf + 2 * row;
	uint32_t* const end = d + (size_t)groups * (size_t)step;
	int32_t t;
	while (d != end) {
		const uint32_t w = tinyml_ld32(x);
		x += 4;
		d[0] = tinyml_lo16(off2, w);
		d[1] = tinyml_hi16_fast(off2, w);
		d += step;
	}
	{
		int16_t* restrict tail = (int16_t*)(buf + (size_t)groups * (size_t)step) + row;
		for (t = 0; t < (n & 3); t++)
			tail[2 * t] = (int16_t)(x[t] + offset);
	}
}

/* acc + w * x, wrapping like the portable kernels' uint32 sums. */
static inline int32_t tinyml_mac(int32_t acc, int32_t w, int32_t x)
{
	return (int32_t)((uint32_t)acc + (uint32_t)(w * x));
}

/* tinyml_rq's hoff for a channel with right shift e = -shift in 1..21: 2^(e-1) + offset 2^e = (2 offset + 1) 2^(e-1). */
TINYML_MM_INLINE int32_t tinyml_mm_hoff(int32_t hoff1, int32_t shift)
{
	return (int32_t)((uint32_t)hoff1 << (-shift - 1));
}

/* TFLM's general requantization, out of line: the rare case of the fast paths, kept out of their code. */
static inline int32_t tinyml_mm_slow(const tinyml_mm* mm, int32_t acc, int32_t m, int32_t s)
{
	return tinyml_requantize_int8_call((uint32_t)acc, m, s, mm->output_offset, mm->act_min, mm->act_max);
}

/*
 * One output of a channel with multiplier m, shift s (a right shift, e = -s) and h its hoff:
 * tinyml_rq_apply, which is exact for acc in [-2^30, 2^30) (2 acc fits, SRDHM cannot saturate,
 * |v| <= 2^30), then the saturation to int8 (the activation range comes after, tinyml_arm_activation).
 * Other accumulators take TFLM's general requantization.
 * The int8 result is returned as an int32, which spares a sign extension before the byte store.
 */
TINYML_MM_INLINE int32_t tinyml_mm_q(const tinyml_mm* mm, int32_t acc, int32_t m, int32_t s, int32_t h)
{
	int32_t a2, v;
	if (__builtin_expect(__builtin_add_overflow(acc, acc, &a2), 0))
		return tinyml_mm_slow(mm, acc, m, s);
	v = tinyml_smmulr(a2, m);
	v -= (int32_t)((uint32_t)v >> 31);
	return __ssat((v + h) >> -s, 8);
}

/* Four sums of two rows x two channels over one group of four k (x: A02 A13 B02 B13; w0, w1: the channels' four bytes). */
TINYML_MM_INLINE void tinyml_mm_g22(const uint32_t* restrict x, uint32_t w0, uint32_t w1, int32_t* restrict a)
{
	const int32_t w0e = __sxtb16((int32_t)w0), w0o = (int32_t)tinyml_sxtb16_ror8(w0);
	const int32_t w1e = __sxtb16((int32_t)w1), w1o = (int32_t)tinyml_sxtb16_ror8(w1);
	const int32_t xa02 = (int32_t)x[0], xa13 = (int32_t)x[1];
	a[0] = __smlad(xa02, w0e, a[0]);
	a[0] = __smlad(xa13, w0o, a[0]);
	a[2] = __smlad(xa02, w1e, a[2]);
	a[2] = __smlad(xa13, w1o, a[2]);
	{
		const int32_t xb02 = (int32_t)x[2], xb13 = (int32_t)x[3];
		a[1] = __smlad(xb02, w0e, a[1]);
		a[1] = __smlad(xb13, w0o, a[1]);
		a[3] = __smlad(xb02, w1e, a[3]);
		a[3] = __smlad(xb13, w1o, a[3]);
	}
}

#if defined(__OPTIMIZE__)
/*
 * Four k of two rows x two channels on the registers that tinyml_mm_loop22 and tinyml_mm_pairs8
 * pin: r0, r1 the sums of rows A, B with filter row r11; r2, r3 with filter row r12; r4-r7 the
 * rows' words A02 A13 B02 B13 (LDM from r10); r8, r9 a filter word's even and odd bytes, loaded and
 * sign-extended once for both rows.
 */
#define TINYML_MM_22_W(F) \
	"ldr r9, [" F "], #4\n\t" \
	"sxtb16 r8, r9\n\t" \
	"sxtb16 r9, r9, ror #8\n\t"
#define TINYML_MM_22_K4 \
	"ldmia r10!, {r4, r5, r6, r7}\n\t" \
	TINYML_MM_22_W("r11") \
	"smlad r0, r4, r8, r0\n\t" \
	"smlad r0, r5, r9, r0\n\t" \
	"smlad r1, r6, r8, r1\n\t" \
	"smlad r1, r7, r9, r1\n\t" \
	TINYML_MM_22_W("r12") \
	"smlad r2, r4, r8, r2\n\t" \
	"smlad r2, r5, r9, r2\n\t" \
	"smlad r3, r6, r8, r3\n\t" \
	"smlad r3, r7, r9, r3\n\t"
/*
 * n >= 1 iterations of eight k, two rows x two channels: GCC's allocation of the C version reloads
 * input words and spills (about 46 instructions per iteration); this one takes 32: one LDM of
 * the two rows' four words per four k, each filter word loaded and sign-extended once.
 * Registers are pinned so that the LDM list ascends.
 */
TINYML_MM_INLINE void tinyml_mm_loop22(const uint32_t* restrict* px, const int8_t* restrict* pf0, const int8_t* restrict* pf1, int32_t n, int32_t* restrict a)
{
	register int32_t a0 __asm__("r0") = a[0];
	register int32_t b0 __asm__("r1") = a[1];
	register int32_t a1 __asm__("r2") = a[2];
	register int32_t b1 __asm__("r3") = a[3];
	register const uint32_t* x __asm__("r10") = *px;
	register const int8_t* f0 __asm__("r11") = *pf0;
	register const int8_t* f1 __asm__("r12") = *pf1;
	register int32_t cnt __asm__("lr") = n;
	__asm__(
		"1:\n\t"
		TINYML_MM_22_K4
		TINYML_MM_22_K4
		"subs lr, lr, #1\n\t"
		"bne 1b"
		: "+r"(a0), "+r"(b0), "+r"(a1), "+r"(b1), "+r"(x), "+r"(f0), "+r"(f1), "+r"(cnt)
		:
		: "r4", "r5", "r6", "r7", "r8", "r9", "cc", "memory");
	a[0] = a0;
	a[1] = b0;
	a[2] = a1;
	a[3] = b1;
	*px = x;
	*pf0 = f0;
	*pf1 = f1;
}
#endif

/* a[0], a[1]: rows A, B with filter row f0; a[2], a[3]: with f1 (initialized by the caller). */
TINYML_MM_INLINE void tinyml_mm_dot22(const uint32_t* restrict x, const int8_t* restrict f0, const int8_t* restrict f1, int32_t k, int32_t* restrict a, int k8)
{
	int32_t t;
	(void)k8;
#if defined(__OPTIMIZE__)
	/* k8: k is a non-zero multiple of 8 (known to the caller, no remainder code). */
	if (k8) {
		tinyml_mm_loop22(&x, &f0, &f1, k >> 3, a);
		return;
	}
	if (k >> 3)
		tinyml_mm_loop22(&x, &f0, &f1, k >> 3, a);
#else
	const uint32_t* const end = x + 8 * (size_t)(k >> 3);
	while (x != end) {
		tinyml_mm_g22(x, tinyml_ld32(f0), tinyml_ld32(f1), a);
		tinyml_mm_g22(x + 4, tinyml_ld32(f0 + 4), tinyml_ld32(f1 + 4), a);
		x += 8;
		f0 += 8;
		f1 += 8;
	}
#endif
	if (k & 4) {
		tinyml_mm_g22(x, tinyml_ld32(f0), tinyml_ld32(f1), a);
		x += 4;
		f0 += 4;
		f1 += 4;
	}
	for (t = 0; t < (k & 3); t++) {
		const int32_t xa = (int16_t)(x[t] & 0xFFFFu), xb = (int16_t)(x[t] >> 16);
		a[0] = tinyml_mac(a[0], f0[t], xa);
		a[1] = tinyml_mac(a[1], f0[t], xb);
		a[2] = tinyml_mac(a[2], f1[t], xa);
		a[3] = tinyml_mac(a[3], f1[t], xb);
	}
}

static const int32_t tinyml_mm_zero[1] = { 0 };

/* The fast requantization of an accumulator known to be in [-2^30, 2^30) (tinyml_mm_q), saturated to int8. */
TINYML_MM_INLINE int32_t tinyml_mm_qt(int32_t acc, int32_t m, int32_t h, int32_t e)
{
	int32_t v = tinyml_smmulr(acc * 2, m);
	v -= (int32_t)((uint32_t)v >> 31);
	return __ssat((v + h) >> e, 8);
}

/*
 * The two-row multiply with tinyml_mm_chunk's table, in C: any k (the K % 8 last values after the
 * eight-k loop). The channel pairs of a K % 8 == 0 layer run in tinyml_mm_pairs8 instead; this then
 * does the odd last channel alone (mm restricted to it).
 */
static __attribute__((noinline, unused)) void tinyml_mm_2rows_c(const tinyml_mm* mm, const uint32_t* restrict buf, int8_t* restrict ya)
{
	const int32_t k = mm->k, out_c = mm->out_c, ys = mm->ystride;
	const int32_t* restrict t = mm->table;
	const int8_t* restrict f = mm->filter;
	int8_t* const yend = ya + (out_c & ~1);
	/* The table holds channel pairs as { bias0, bias1, mult0, mult1, hoff0, hoff1, e0, e1 }. */
	while (ya != yend) {
		int32_t a[4], m0, m1, h0, h1, e0, e1;
		a[0] = a[1] = t[0];
		a[2] = a[3] = t[1];
		tinyml_mm_dot22(buf, f, f + k, k, a, 0);
		/* Every constant before the first store (int8 stores may alias them, for the compiler). */
		m0 = t[2];
		m1 = t[3];
		h0 = t[4];
		h1 = t[5];
		e0 = t[6];
		e1 = t[7];
		ya[0] = tinyml_mm_qt(a[0], m0, h0, e0);
		ya[ys] = tinyml_mm_qt(a[1], m0, h0, e0);
		ya[1] = tinyml_mm_qt(a[2], m1, h1, e1);
		ya[ys + 1] = tinyml_mm_qt(a[3], m1, h1, e1);
		ya += 2;
		f += 2 * k;
		t += 8;
	}
	if (out_c & 1) {
		/* The odd last channel, as a pair with itself (its table pair is { bias, bias, mult, mult, ... }). */
		int32_t a[4], m0, h0, e0;
		a[0] = a[1] = a[2] = a[3] = t[0];
		tinyml_mm_dot22(buf, f, f, k, a, 0);
		m0 = t[2];
		h0 = t[4];
		e0 = t[6];
		ya[0] = tinyml_mm_qt(a[0], m0, h0, e0);
		ya[ys] = tinyml_mm_qt(a[1], m0, h0, e0);
	}
}

#if defined(__OPTIMIZE__)
/* The state of tinyml_mm_pairs8 between channel pairs (its offsets are in the assembly). */
typedef struct {
	const int32_t* t;     /* 0: the pair's table entry */
	int8_t* y;            /* 4: its row A outputs */
	int32_t ys;           /* 8: row B's outputs from row A's */
	int8_t* yend;         /* 12: y after the last pair */
	const uint32_t* buf;  /* 16: the two expanded rows */
	const int8_t* f;      /* 20: the pair's first filter row */
	int32_t k;            /* 24 */
	int32_t n8;           /* 28: k / 8 */
} tinyml_mm_run;

#define TINYML_MM_P8_Q(A, M, H, E) \
	"lsls " A ", " A ", #1\n\t" \
	"smmulr " A ", " A ", " M "\n\t" \
	"sub " A ", " A ", " A ", lsr #31\n\t" \
	"add " A ", " A ", " H "\n\t" \
	"asr " A ", " A ", " E "\n\t" \
	"ssat " A ", #8, " A "\n\t"
/*
 * Every channel pair of two rows when K % 8 == 0, in one assembly loop: per pair, the four
 * accumulators start at the pair's biases, tinyml_mm_loop22's eight-k body (TINYML_MM_22_K4 twice,
 * lr the count) runs K / 8 times, then the fast requantization (tinyml_mm_qt) and the four stores,
 * with the state copied onto the stack and addressed from sp (every register is in use in the
 * loop). The compiler's version of the same reloads its spilled state around the loop: about 20
 * more instructions a pair.
 */
static __attribute__((noinline, unused)) void tinyml_mm_pairs8(const tinyml_mm_run* run)
{
	register const tinyml_mm_run* r0 __asm__("r0") = run;
	__asm__ volatile(
		/* A copy of the state on the stack, addressed from sp: no register holds it. */
		"ldmia r0, {r1, r2, r3, r4, r5, r6, r7, r8}\n\t"
		"push {r1, r2, r3, r4, r5, r6, r7, r8}\n\t"
		"0:\n\t"
		"ldrd r10, r11, [sp, #16]\n\t"
		"ldrd r8, lr, [sp, #24]\n\t"
		"add r12, r11, r8\n\t"
		"ldr r8, [sp]\n\t"
		"ldrd r0, r2, [r8]\n\t"
		"mov r1, r0\n\t"
		"mov r3, r2\n\t"
		"1:\n\t"
		TINYML_MM_22_K4
		TINYML_MM_22_K4
		"subs lr, lr, #1\n\t"
		"bne 1b\n\t"
		/* r12 is now the next pair's first filter row; the pair's constants follow its biases. */
		"str r12, [sp, #20]\n\t"
		"ldr r8, [sp]\n\t"
		"add r8, r8, #8\n\t"
		"ldmia r8!, {r4, r5, r6, r7, r10, r11}\n\t"
		"str r8, [sp]\n\t"
		TINYML_MM_P8_Q("r0", "r4", "r6", "r10")
		TINYML_MM_P8_Q("r1", "r4", "r6", "r10")
		TINYML_MM_P8_Q("r2", "r5", "r7", "r11")
		TINYML_MM_P8_Q("r3", "r5", "r7", "r11")
		"ldrd r8, r12, [sp, #4]\n\t"
		"strb r0, [r8]\n\t"
		"strb r2, [r8, #1]\n\t"
		"add r12, r12, r8\n\t"
		"strb r1, [r12]\n\t"
		"strb r3, [r12, #1]\n\t"
		"ldr r12, [sp, #12]\n\t"
		"add r8, r8, #2\n\t"
		"str r8, [sp, #4]\n\t"
		"cmp r8, r12\n\t"
		"bne 0b\n\t"
		"add sp, sp, #32"
		: "+r"(r0)
		:
		: "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "cc", "memory");
}
#undef TINYML_MM_P8_Q
#endif

/*
 * Two rows (buf as described above) times every filter row: outputs to y[oc] (row A) and
 * y[ystride + oc] (row B). Needs mm->table (tinyml_mm_chunk): without one, the rows run one at a
 * time (tinyml_mm_1row checks every accumulator). Inline in its one caller: a pixel pair then
 * makes one call, to tinyml_mm_pairs8 or tinyml_mm_2rows_c.
 */
TINYML_MM_INLINE void tinyml_mm_2rows(const tinyml_mm* mm, const uint32_t* restrict buf, int8_t* restrict y)
{
#if defined(__OPTIMIZE__)
	if (mm->k > 0 && (mm->k & 7) == 0 && mm->out_c >= 2) {
		tinyml_mm_run run;
		run.t = mm->table;
		run.y = y;
		run.ys = mm->ystride;
		run.yend = y + (mm->out_c & ~1);
		run.buf = buf;
		run.f = mm->filter;
		run.k = mm->k;
		run.n8 = mm->k >> 3;
		tinyml_mm_pairs8(&run);
		if (mm->out_c & 1) {
			/* The odd last channel: its filter row and table pair. */
			tinyml_mm last = *mm;
			const int32_t oc = mm->out_c - 1;
			last.filter += (size_t)oc * (size_t)mm->k;
			last.table += 4 * oc;
			last.out_c = 1;
			tinyml_mm_2rows_c(&last, buf, y + oc);
		}
		return;
	}
#endif
	tinyml_mm_2rows_c(mm, buf, y);
}

/* Channels per chunk of tinyml_mm_chunk (even): its table takes 16 bytes a channel. */
#define TINYML_MM_CHUNK 64

/*
 * mm restricted to channels c0 .. c0 + n - 1 (n <= TINYML_MM_CHUNK), with its fast
 * requantization constants in `table` when every accumulator is bounded (base->bounded).
 */
static inline void tinyml_mm_chunk(const tinyml_mm* base, tinyml_mm* mm, int32_t c0, int32_t n, int32_t* restrict table)
{
	const int32_t hoff1 = 2 * base->output_offset + 1;
	int32_t i;
	*mm = *base;
	mm->filter = base->filter + (size_t)c0 * (size_t)base->k;
	mm->out_c = n;
	if (base->bias)
		mm->bias = base->bias + c0;
	mm->mult = base->mult + c0;
	mm->shift = base->shift + c0;
	mm->table = NULL;
	if (!base->fast || !base->bounded)
		return;
	/* Channel pairs { bias0, bias1, mult0, mult1, hoff0, hoff1, e0, e1 }; an odd last channel pairs with itself. */
	for (i = 0; i < n; i++) {
		const int32_t s = mm->shift[i];
		int32_t* restrict d = table + 8 * (i >> 1) + (i & 1);
		d[0] = mm->bias ? mm->bias[i] : 0;
		d[2] = mm->mult[i];
		d[4] = tinyml_mm_hoff(hoff1, s);
		d[6] = -s;
		if (i + 1 == n && !(i & 1)) {
			d[1] = d[0];
			d[3] = d[2];
			d[5] = d[4];
			d[7] = d[6];
		}
	}
	mm->table = table;
}

/* Four sums of one row x four channels over one group of four k. */
TINYML_MM_INLINE void tinyml_mm_g14(uint32_t x02, uint32_t x13, const int8_t* restrict f, int32_t k, int32_t* restrict a)
{
	uint32_t w = tinyml_ld32(f);
	a[0] = __smlad((int32_t)x02, __sxtb16((int32_t)w), a[0]);
	a[0] = __smlad((int32_t)x13, (int32_t)tinyml_sxtb16_ror8(w), a[0]);
	w = tinyml_ld32(f + k);
	a[1] = __smlad((int32_t)x02, __sxtb16((int32_t)w), a[1]);
	a[1] = __smlad((int32_t)x13, (int32_t)tinyml_sxtb16_ror8(w), a[1]);
	w = tinyml_ld32(f + 2 * k);
	a[2] = __smlad((int32_t)x02, __sxtb16((int32_t)w), a[2]);
	a[2] = __smlad((int32_t)x13, (int32_t)tinyml_sxtb16_ror8(w), a[2]);
	w = tinyml_ld32(f + 3 * k);
	a[3] = __smlad((int32_t)x02, __sxtb16((int32_t)w), a[3]);
	a[3] = __smlad((int32_t)x13, (int32_t)tinyml_sxtb16_ror8(w), a[3]);
}

#if defined(__OPTIMIZE__)
#define TINYML_MM_G14(ADDR, A) \
	"ldr %[wo], " ADDR "\n\t" \
	"sxtb16 %[we], %[wo]\n\t" \
	"sxtb16 %[wo], %[wo], ror #8\n\t" \
	"smlad %[" A "], %[x0], %[we], %[" A "]\n\t" \
	"smlad %[" A "], %[x1], %[wo], %[" A "]\n\t"
#define TINYML_MM_G14X \
	"ldrd %[x0], %[x1], [%[x]], #8\n\t" \
	TINYML_MM_G14("[%[f0], %[k]]", "a1") \
	TINYML_MM_G14("[%[f0]], #4", "a0") \
	TINYML_MM_G14("[%[f2], %[k]]", "a3") \
	TINYML_MM_G14("[%[f2]], #4", "a2")
/* n >= 1 iterations of 8 k, one row x four channels (filter rows f, f + k, f + 2k, f + 3k): 44 instructions per 8 k. */
TINYML_MM_INLINE void tinyml_mm_loop14(const uint32_t* restrict* px, const int8_t* restrict* pf, int32_t k, int32_t n, int32_t* restrict a)
{
	register int32_t a0 __asm__("r0") = a[0];
	register int32_t a1 __asm__("r1") = a[1];
	register int32_t a2 __asm__("r2") = a[2];
	register int32_t a3 __asm__("r3") = a[3];
	register uint32_t x0 __asm__("r4");
	register uint32_t x1 __asm__("r5");
	register uint32_t we __asm__("r6");
	register uint32_t wo __asm__("r8");
	register const uint32_t* x __asm__("r9") = *px;
	register const int8_t* f0 __asm__("r10") = *pf;
	register const int8_t* f2 __asm__("r11") = *pf + 2 * k;
	register int32_t kk __asm__("r12") = k;
	register int32_t cnt __asm__("lr") = n;
	__asm__(
		"1:\n\t"
		TINYML_MM_G14X
		TINYML_MM_G14X
		"subs %[n], %[n], #1\n\t"
		"bne 1b"
		: [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [f0] "+r"(f0), [f2] "+r"(f2), [n] "+r"(cnt),
		  [x0] "=&r"(x0), [x1] "=&r"(x1), [we] "=&r"(we), [wo] "=&r"(wo)
		: [k] "r"(kk)
		: "cc", "memory");
	a[0] = a0;
	a[1] = a1;
	a[2] = a2;
	a[3] = a3;
	*px = x;
	*pf = f0;
}
#undef TINYML_MM_G14X
#undef TINYML_MM_G14
#endif

/* One row (groups A02 A13, then one word per remaining k) times filter rows f, f + k, f + 2k, f + 3k into a[0..3]. */
TINYML_MM_INLINE void tinyml_mm_dot14(const uint32_t* restrict x, const int8_t* restrict f, int32_t k, int32_t* restrict a)
{
	int32_t t;
#if defined(__OPTIMIZE__)
	if (k >> 3)
		tinyml_mm_loop14(&x, &f, k, k >> 3, a);
	if (k & 4) {
		tinyml_mm_g14(x[0], x[1], f, k, a);
		x += 2;
		f += 4;
	}
#else
	const uint32_t* const end = x + 2 * (size_t)(k >> 2);
	while (x != end) {
		tinyml_mm_g14(x[0], x[1], f, k, a);
		x += 2;
		f += 4;
	}
#endif
	for (t = 0; t < (k & 3); t++) {
		const int32_t xv = (int16_t)(x[t] & 0xFFFFu);
		a[0] = tinyml_mac(a[0], f[t], xv);
		a[1] = tinyml_mac(a[1], f[t + k], xv);
		a[2] = tinyml_mac(a[2], f[t + 2 * k], xv);
		a[3] = tinyml_mac(a[3], f[t + 3 * k], xv);
	}
}

/* Sums of one row with a single filter row. */
TINYML_MM_INLINE int32_t tinyml_mm_dot11(const uint32_t* restrict x, const int8_t* restrict f, int32_t k, int32_t a)
{
	const uint32_t* const end = x + 2 * (size_t)(k >> 2);
	int32_t t;
	while (x != end) {
		const uint32_t w = tinyml_ld32(f);
		f += 4;
		a = __smlad((int32_t)x[0], __sxtb16((int32_t)w), a);
		a = __smlad((int32_t)x[1], (int32_t)tinyml_sxtb16_ror8(w), a);
		x += 2;
	}
	for (t = 0; t < (k & 3); t++)
		a = tinyml_mac(a, f[t], (int16_t)(x[t] & 0xFFFFu));
	return a;
}

/* Output j of a block of channels: the fast requantization (checked) when every shift qualifies, else TFLM's. */
TINYML_MM_INLINE int32_t tinyml_mm_out(const tinyml_mm* mm, int fast, int32_t acc, const int32_t* restrict mult, const int32_t* restrict shift, int j)
{
	const int32_t m = mult[j], s = shift[j];
	if (!fast)
		return tinyml_mm_slow(mm, acc, m, s);
	return tinyml_mm_q(mm, acc, m, s, tinyml_mm_hoff(2 * mm->output_offset + 1, s));
}

/*
 * One row (groups A02 A13, then one word per remaining k) times every filter row, four channels
 * at a time, then requantized with the checked fast requantization (no bound needed) when the
 * shifts qualify, else TFLM's: the odd last pixel of a conv, or every pixel of a chunk without a
 * table. One copy of the loops; the requantization is chosen per output (a few instructions).
 */
static __attribute__((noinline, unused)) void tinyml_mm_1row(const tinyml_mm* mm, const uint32_t* restrict buf, int8_t* restrict y)
{
	const int32_t k = mm->k, out_c = mm->out_c, bstep = mm->bias ? 1 : 0;
	const int fast = mm->fast;
	const int32_t* restrict bias = mm->bias ? mm->bias : tinyml_mm_zero;
	const int32_t* restrict mult = mm->mult;
	const int32_t* restrict shift = mm->shift;
	const int8_t* restrict f = mm->filter;
	int8_t* const yend4 = y + (out_c & ~3), * const yend = y + out_c;
	while (y != yend4) {
		int32_t a[4], j;
		a[0] = bias[0];
		a[1] = bias[bstep];
		a[2] = bias[2 * bstep];
		a[3] = bias[3 * bstep];
		tinyml_mm_dot14(buf, f, k, a);
#pragma GCC unroll 1
		for (j = 0; j < 4; j++)
			y[j] = (int8_t)tinyml_mm_out(mm, fast, a[j], mult, shift, j);
		y += 4;
		f += 4 * k;
		bias += 4 * bstep;
		mult += 4;
		shift += 4;
	}
	while (y != yend) {
		const int32_t acc = tinyml_mm_dot11(buf, f, k, bias[0]);
		*y++ = (int8_t)tinyml_mm_out(mm, fast, acc, mult, shift, 0);
		f += k;
		bias += bstep;
		mult++;
		shift++;
	}
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_MM_H */

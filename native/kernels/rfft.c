/*
 * tinyml-xs native kernel: SignalRfft int16, the same arithmetic as src/kernels/portable/rfft.ts
 * (kissfft v130, FIXED_POINT 16, as TFLM's signal library runs it: an FFT_LENGTH / 2-point complex
 * FFT of the even / odd samples, then the split into FFT_LENGTH / 2 + 1 bins).
 *
 * Bit for bit with the TypeScript, including where it wraps: every product and sum that JavaScript
 * forms exactly and then truncates with `>> 15` / an Int16Array store is formed here modulo 2^32
 * in uint32 (the bits `>> 15` and the int16 store keep are the same), so no signed overflow and no
 * implementation-defined conversion happens for any input or any int32 twiddle.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_variants.h"

/*
 * An int32 holding any value -> its low 16 bits as an int16 (an Int16Array store). Flipping the sign
 * bit of the low 16 bits and taking 2^15 off is that, with no branch (gcc makes one SXTH of it).
 * Sums and differences wrap alike before or after: s16(s16(a) + s16(b)) = s16(a + b); so an int16
 * that the TypeScript only adds into other sums and then stores is kept unwrapped here (its bits
 * matter only where it is multiplied, halved or compared).
 */
static inline int32_t s16(int32_t x)
{
	return (int32_t)(((uint32_t)x & 0xFFFFu) ^ 0x8000u) - 0x8000;
}

/*
 * kissfft's sround() on an exact sum of products given modulo 2^32: ((x + 2^14) >> 15) as an int16.
 * The int16 keeps bits 15..30 of x + 2^14, which a logical shift of the uint32 gives as well.
 */
static inline int32_t sround(uint32_t x)
{
	return s16((int32_t)(((x + 16384u) >> 15) & 0xFFFFu));
}

/* a * b modulo 2^32 (the products of the TypeScript are exact: |int16 * int32| < 2^47). */
static inline uint32_t mul(int32_t a, int32_t b)
{
	return (uint32_t)a * (uint32_t)b;
}

/* x >> 1 on a negative int32 without implementation-defined behaviour (floor division by 2). */
static inline int32_t half_floor(int32_t x)
{
	return x >= 0 ? (x >> 1) : ~(~x >> 1);
}

/* Whether this build has the butterfly of a radix 2..5 (kernel variants rfft_radix_2, rfft_radix_3_5). */
static inline int tinyml_rfft_radix_in(int32_t radix)
{
	return radix == 4 || (radix == 2 ? TINYML_VARIANT_RFFT_RADIX_2 : TINYML_VARIANT_RFFT_RADIX_3_5);
}

TINYML_COLD tinyml_status tinyml_rfft_int16_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t work_bytes, size_t output_bytes, const char** field)
{
	int32_t n, half, rest, factors, i;
	tinyml_status status;
	if (p == NULL || params_count < TINYML_RFFT_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	n = p[TINYML_RFFT_FFT_LENGTH];
	/* fft_length 2 (n / 2 = 1) has kissfft's factor 1, which radices 2..5 cannot run. */
	if (n < 4 || n > TINYML_RFFT_MAX_LENGTH || n % 2 != 0)
		return tinyml_fail(TINYML_ERR_FFT_LENGTH, field, "params[FFT_LENGTH]");
	half = n / 2;
	/* (n is at most 2^16: the sizes below fit a size_t.) */
	if (params_count < TINYML_RFFT_HEADER + 2 * (size_t)half + 2 * (size_t)(half / 2))
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	/*
	 * The factor list drives every index of the butterflies: each radix 2..5 must divide what is
	 * left, each pair's remaining length must be what is left after it, and the list must end
	 * exactly where that reaches 1 (where the recursion stops). Then every twiddle read stays
	 * below FFT_LENGTH / 2 and every butterfly inside its FFT_LENGTH / 2 complex values.
	 */
	factors = p[TINYML_RFFT_FACTORS];
	if (factors < 1 || factors > TINYML_RFFT_MAX_FACTORS)
		return tinyml_fail(TINYML_ERR_FACTORS, field, "params[FACTORS]");
	rest = half;
	for (i = 0; i < factors; i++) {
		const int32_t radix = p[TINYML_RFFT_FACTOR_LIST + 2 * i], m = p[TINYML_RFFT_FACTOR_LIST + 2 * i + 1];
		if (rest == 1 || radix < 2 || radix > 5 || rest % radix != 0 || m != rest / radix)
			return tinyml_fail(TINYML_ERR_FACTORS, field, "params[FACTOR_LIST]");
		if (!tinyml_rfft_radix_in(radix))
			return tinyml_fail(TINYML_ERR_UNSUPPORTED, field, "params[FACTOR_LIST]");
		rest = m;
	}
	if (rest != 1)
		return tinyml_fail(TINYML_ERR_FACTORS, field, "params[FACTOR_LIST]");
	if (p[TINYML_RFFT_INPUT_LENGTH] < 1 || p[TINYML_RFFT_INPUT_LENGTH] > n)
		return tinyml_fail(TINYML_ERR_MISMATCH, field, "params[INPUT_LENGTH]");
	if (p[TINYML_RFFT_OUTPUT_LENGTH] != n + 2)
		return tinyml_fail(TINYML_ERR_MISMATCH, field, "params[OUTPUT_LENGTH]");
	if (!tinyml_dim_ok(p[TINYML_RFFT_FRAMES]))
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[FRAMES]");
	if ((status = tinyml_buffer_ok(input_bytes, p[TINYML_RFFT_FRAMES], p[TINYML_RFFT_INPUT_LENGTH], 2, 1, "input", field)) != TINYML_OK)
		return status;
	if (work_bytes != 4 * (size_t)n)
		return tinyml_fail(TINYML_ERR_SIZE, field, "work");
	return tinyml_buffer_ok(output_bytes, p[TINYML_RFFT_FRAMES], p[TINYML_RFFT_OUTPUT_LENGTH], 2, 1, "output", field);
}

/*
 * The scratch bytes the kernel needs beyond its work buffer: none, or TINYML_UNSUPPORTED_LAYER
 * where the factor list needs a radix 2, 3 or 5 butterfly this build leaves out (the kernel variants
 * rfft_radix_2, rfft_radix_3_5; the runtime then runs the layer in TypeScript). Reads only the header
 * (the factor list), which the binding checks is there.
 */
TINYML_COLD size_t tinyml_rfft_int16_scratch_bytes(const int32_t* p)
{
#if TINYML_VARIANT_RFFT_RADIX_3_5 && TINYML_VARIANT_RFFT_RADIX_2
	(void)p;
#else
	int32_t i, factors = p[TINYML_RFFT_FACTORS];
	if (factors > TINYML_RFFT_MAX_FACTORS)
		factors = TINYML_RFFT_MAX_FACTORS;
	for (i = 0; i < factors; i++) {
		const int32_t radix = p[TINYML_RFFT_FACTOR_LIST + 2 * i];
		if (radix >= 2 && radix <= 5 && !tinyml_rfft_radix_in(radix))
			return TINYML_UNSUPPORTED_LAYER;
	}
#endif
	return 0;
}

/*
 * kissfft's butterflies, one radix at a time. x holds the radix complex values of one butterfly as
 * int32 (real, imaginary) pairs: in, each already scaled by 1 / radix (C_FIXDIV) and all but the
 * first turned by its twiddle (C_MUL), as kf_bfly2..5 begin; out, the values to store (wrapped
 * at the store).
 */
#if TINYML_VARIANT_RFFT_RADIX_2
static inline void bfly2(int32_t* x)
{
	const int32_t tr = x[2], ti = x[3];
	x[2] = x[0] - tr;
	x[3] = x[1] - ti;
	x[0] += tr;
	x[1] += ti;
}

#endif

#if TINYML_VARIANT_RFFT_RADIX_3_5
/* epi3i: the imaginary part of the twiddle a third of the way round. */
static inline void bfly3(int32_t* x, int32_t epi3i)
{
	/* s3 is halved and s0 multiplied: they wrap as the TypeScript's int16 do. */
	const int32_t s3r = s16(x[2] + x[4]), s3i = s16(x[3] + x[5]);
	const int32_t s0r = sround(mul(s16(x[2] - x[4]), epi3i)), s0i = sround(mul(s16(x[3] - x[5]), epi3i));
	const int32_t m1r = x[0] - half_floor(s3r), m1i = x[1] - half_floor(s3i);
	x[0] += s3r;
	x[1] += s3i;
	x[2] = m1r - s0i;
	x[3] = m1i + s0r;
	x[4] = m1r + s0i;
	x[5] = m1i - s0r;
}

#endif

static inline void bfly4(int32_t* x)
{
	/* Sums that only feed other sums and then a store wrap once, at the store (see s16). */
	const int32_t s5r = x[0] - x[4], s5i = x[1] - x[5];
	const int32_t f0r = x[0] + x[4], f0i = x[1] + x[5];
	const int32_t s3r = x[2] + x[6], s3i = x[3] + x[7];
	const int32_t s4r = x[2] - x[6], s4i = x[3] - x[7];
	x[0] = f0r + s3r;
	x[1] = f0i + s3i;
	x[4] = f0r - s3r;
	x[5] = f0i - s3i;
	/* Forward transform only (TFLM's SignalRfft never runs the inverse through here). */
	x[2] = s5r + s4i;
	x[3] = s5i - s4r;
	x[6] = s5r - s4i;
	x[7] = s5i + s4r;
}

#if TINYML_VARIANT_RFFT_RADIX_3_5
/* S_MUL: one rounded product, as an int16. */
static inline int32_t smul(int32_t a, int32_t b)
{
	return sround(mul(a, b));
}

/*
 * ya, yb: the twiddles a fifth and two fifths of the way round. kf_bfly5's outputs 1 and 4 are
 * A - B and A + B for A = s5, B = s6; its outputs 2 and 3 are the same with ya and yb swapped and
 * the s9 terms negated (A = s11, B = -s12): one loop of two turns.
 */
static inline void bfly5(int32_t* x, const int32_t* ya, const int32_t* yb)
{
	const int32_t s0r = x[0], s0i = x[1];
	/* These are multiplied: they wrap as the TypeScript's int16 do. */
	const int32_t s7r = s16(x[2] + x[8]), s7i = s16(x[3] + x[9]);
	const int32_t s10r = s16(x[2] - x[8]), s10i = s16(x[3] - x[9]);
	const int32_t s8r = s16(x[4] + x[6]), s8i = s16(x[5] + x[7]);
	const int32_t s9r = s16(x[4] - x[6]), s9i = s16(x[5] - x[7]);
	int32_t q;
	for (q = 0; q < 2; q++) {
		const int32_t* y1 = q ? yb : ya;
		const int32_t* y2 = q ? ya : yb;
		/* Sums that only feed other sums and then a store wrap once, at the store (see s16). */
		const int32_t ar = s0r + smul(s7r, y1[0]) + smul(s8r, y2[0]), ai = s0i + smul(s7i, y1[0]) + smul(s8i, y2[0]);
		const int32_t c9r = smul(s9i, y2[1]), c9i = smul(s9r, y2[1]);
		const int32_t br = smul(s10i, y1[1]) + (q ? -c9r : c9r), bi = -smul(s10r, y1[1]) + (q ? c9i : -c9i);
		x[2 + 2 * q] = ar - br;
		x[3 + 2 * q] = ai - bi;
		x[8 - 2 * q] = ar + br;
		x[9 - 2 * q] = ai + bi;
	}
	x[0] = s0r + s7r + s8r;
	x[1] = s0i + s7i + s8i;
}

#endif

/*
 * The m butterflies of one radix over out: butterfly k takes the values k, k + m, ..., k + (radix - 1) m,
 * with the twiddles 0, k fstride, ..., (radix - 1) k fstride. (Apart from work: its int32 values do
 * not stay on the stack through the recursion.)
 */
__attribute__((noinline)) static void butterflies(const int32_t* tw, int16_t* out, int32_t fstride, int32_t radix, int32_t m)
{
	const int32_t div = 32767 / radix; /* C_FIXDIV's SAMP_MAX / radix */
	int32_t j, k;
	for (k = 0; k < m; k++) {
		int32_t x[10];
		int16_t* f = out + 2 * k;
		const int32_t* t = tw;
		x[0] = sround(mul(f[0], div));
		x[1] = sround(mul(f[1], div));
		for (j = 1; j < radix; j++) {
			int32_t r, i;
			f += 2 * m;
			t += 2 * k * fstride;
			r = sround(mul(f[0], div));
			i = sround(mul(f[1], div));
			x[2 * j] = sround(mul(r, t[0]) - mul(i, t[1]));
			x[2 * j + 1] = sround(mul(r, t[1]) + mul(i, t[0]));
		}
		/* Validation admits radices 2..5 only, and of them only those this build has (tinyml_rfft_radix_in). */
		switch (radix) {
#if TINYML_VARIANT_RFFT_RADIX_2
		case 2: bfly2(x); break;
#endif
#if TINYML_VARIANT_RFFT_RADIX_3_5
		case 3: bfly3(x, tw[2 * fstride * m + 1]); break;
		case 5: bfly5(x, tw + 2 * fstride * m, tw + 4 * fstride * m); break;
#endif
		default: bfly4(x); break;
		}
		for (j = 0, f = out + 2 * k; j < radix; j++, f += 2 * m) {
			f[0] = (int16_t)s16(x[2 * j]);
			f[1] = (int16_t)s16(x[2 * j + 1]);
		}
	}
}

/*
 * kissfft's kf_work: out and input point into the scratch, factors at the (radix, m) pair in use.
 * Recursion depth is the factor count (at most 16 for FFT_LENGTH <= 65536), as in kissfft.
 */
static void work(const int32_t* p, int16_t* out, const int16_t* input, int32_t fstride, const int32_t* factors)
{
	const int32_t radix = factors[0], m = factors[1];
	int32_t j;
	if (m == 1) {
		for (j = 0; j < radix; j++, input += 2 * fstride) {
			out[2 * j] = input[0];
			out[2 * j + 1] = input[1];
		}
	}
	else {
		for (j = 0; j < radix; j++, input += 2 * fstride)
			work(p, out + 2 * j * m, input, fstride * radix, factors + 2);
	}
	butterflies(p + TINYML_RFFT_HEADER, out, fstride, radix, m);
}

/*
 * kissfft's kiss_fftr split: the FFT_LENGTH / 2 + 1 bins of the real input (dst) from the complex
 * FFT of its even / odd samples (tmp), with the real-split twiddles sup.
 */
__attribute__((noinline)) static void split(const int32_t* sup, const int16_t* tmp, int16_t* dst, int32_t half)
{
	/* DC and Nyquist from the first bin, each halved first (C_FIXDIV by 2). */
	const int32_t dr = sround(mul(tmp[0], 16383)), di = sround(mul(tmp[1], 16383));
	int32_t k;
	dst[0] = (int16_t)s16(dr + di);
	dst[1] = 0;
	dst[2 * half] = (int16_t)s16(dr - di);
	dst[2 * half + 1] = 0;
	for (k = 1; k <= half / 2; k++) {
		const int16_t* a = tmp + 2 * k;
		const int16_t* b = tmp + 2 * (half - k);
		const int32_t pkr = sround(mul(a[0], 16383)), pki = sround(mul(a[1], 16383));
		const int32_t pnr = sround(mul(b[0], 16383)), pni = sround(mul(s16(-b[1]), 16383));
		const int32_t f1r = s16(pkr + pnr), f1i = s16(pki + pni);
		const int32_t f2r = s16(pkr - pnr), f2i = s16(pki - pni);
		const int32_t sr = sup[2 * (k - 1)], si = sup[2 * (k - 1) + 1];
		const int32_t twr = sround(mul(f2r, sr) - mul(f2i, si)), twi = sround(mul(f2r, si) + mul(f2i, sr));
		/* Where k = half - k (half even) the second pair of stores wins, as in the TypeScript. */
		dst[2 * k] = (int16_t)s16(half_floor(f1r + twr));
		dst[2 * k + 1] = (int16_t)s16(half_floor(f1i + twi));
		dst[2 * (half - k)] = (int16_t)s16(half_floor(f1r - twr));
		dst[2 * (half - k) + 1] = (int16_t)s16(half_floor(twi - f1i));
	}
}

void tinyml_rfft_int16(const int32_t* p, const int16_t* input, int16_t* w, int16_t* output)
{
	const int32_t n = p[TINYML_RFFT_FFT_LENGTH], in_len = p[TINYML_RFFT_INPUT_LENGTH];
	const int32_t frames = p[TINYML_RFFT_FRAMES], out_len = p[TINYML_RFFT_OUTPUT_LENGTH];
	int16_t* tmp = w + n; /* the complex FFT's output region follows the padded input */
	const int32_t* sup = p + TINYML_RFFT_HEADER + n; /* the real-split twiddles follow the n / 2 complex ones */
	int32_t fr, i;
	for (fr = 0; fr < frames; fr++) {
		const int16_t* src = input + (size_t)fr * (size_t)in_len;
		for (i = 0; i < in_len; i++)
			w[i] = src[i];
		for (; i < n; i++)
			w[i] = 0;
		work(p, tmp, w, 1, p + TINYML_RFFT_FACTOR_LIST);
		split(sup, tmp, output + (size_t)fr * (size_t)out_len, n / 2);
	}
}

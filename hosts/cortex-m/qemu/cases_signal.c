/* tinyml-xs Cortex-M benchmark image: the RFFT, filter bank and softmax layers (cases_signal.h). */
#include <string.h>
#include "cases.h"
#include "cases_signal.h"
#include "xorshift.h"

const char* const SIGNAL_BENCH_IDS[SIGNAL_BENCH_LAYERS] = { "x_rfft_512_in480", "x_rfft_256", "x_rfft_480", "x_filter_bank_40x257",
	"x_softmax_int8_1x12", "x_softmax_int8_1x1000", "x_softmax_int16_1x12", "x_softmax_int16_1x1000" };

/* (v + 2^29) >> 30 on an int64 (Q30 products back to Q30, rounded; gcc shifts negatives arithmetically). */
static int64_t q30(int64_t v)
{
	return (v + ((int64_t)1 << 29)) >> 30;
}

/* floor(0.5 + 32767 * v) for v in Q30, as kissfft rounds its twiddles. */
static int32_t to_q15(int64_t v)
{
	return (int32_t)((32767 * v + ((int64_t)1 << 29)) >> 30);
}

/*
 * The step of a walk round the unit circle in n steps, cos and sin of 2 pi / n in Q30 (Taylor series to
 * the fifth power, for the n of the layers here, 256 to 512). Integer arithmetic, so host and target agree.
 */
static void circle_step(int32_t n, int64_t* c, int64_t* s)
{
	const int64_t x = ((int64_t)6746518852 + n / 2) / n; /* 2 pi * 2^30 / n */
	const int64_t x2 = q30(x * x), x3 = q30(x2 * x), x4 = q30(x2 * x2), x5 = q30(x4 * x);
	*c = ((int64_t)1 << 30) - x2 / 2 + x4 / 24;
	*s = x - x3 / 6 + x5 / 120;
}

/*
 * The RFFT's params for FFT_LENGTH n as the runtime packs them (src/kernels/portable/rfft.ts):
 * kissfft's factors (4s, then 2s, 3s, 5s), its n / 2 twiddles exp(-2 pi i k / (n / 2)) and the n / 4
 * twiddles of the real split exp(-pi i ((k + 1) / (n / 2) + 1 / 2)), all points of the n-step circle,
 * walked in Q30 (at 256, 480 and 512 points each within one unit of kissfft's double-precision ones, most
 * equal). For lengths whose half factors into 2, 3 and 5 only.
 */
static int32_t* rfft_params(int32_t n, int32_t in_len, size_t* count)
{
	const int32_t half = n / 2;
	int32_t* p;
	int32_t rest = half, radix = 4, factors = 0, j;
	int64_t c = (int64_t)1 << 30, s = 0, dc, ds;
	*count = TINYML_RFFT_HEADER + 2 * (size_t)half + 2 * (size_t)(half / 2);
	p = case_alloc(4 * *count);
	memset(p, 0, 4 * *count);
	p[TINYML_RFFT_FFT_LENGTH] = n;
	p[TINYML_RFFT_INPUT_LENGTH] = in_len;
	p[TINYML_RFFT_FRAMES] = 1;
	p[TINYML_RFFT_OUTPUT_LENGTH] = n + 2;
	while (rest > 1) {
		while (rest % radix != 0)
			radix = radix == 4 ? 2 : radix == 2 ? 3 : radix + 2;
		rest /= radix;
		p[TINYML_RFFT_FACTOR_LIST + 2 * factors] = radix;
		p[TINYML_RFFT_FACTOR_LIST + 2 * factors + 1] = rest;
		factors++;
	}
	p[TINYML_RFFT_FACTORS] = factors;
	circle_step(n, &dc, &ds);
	for (j = 0; j < n; j++) {
		const int64_t nc = q30(c * dc - s * ds), ns = q30(c * ds + s * dc);
		if (j % 2 == 0) {
			p[TINYML_RFFT_HEADER + j] = to_q15(c);
			p[TINYML_RFFT_HEADER + j + 1] = to_q15(-s);
		}
		if (j > half / 2 && j <= half) {
			const int32_t k = j - 1 - half / 2;
			p[TINYML_RFFT_HEADER + 2 * half + 2 * k] = to_q15(c);
			p[TINYML_RFFT_HEADER + 2 * half + 2 * k + 1] = to_q15(-s);
		}
		c = nc;
		s = ns;
	}
	return p;
}

static int16_t* rand_int16(size_t n, int32_t lo, int32_t hi)
{
	int16_t* v = case_alloc(2 * n);
	size_t i;
	for (i = 0; i < n; i++)
		v[i] = (int16_t)between(lo, hi);
	return v;
}

/* One frame of in_len samples into an n-point RFFT. */
static void bench_rfft(scase* c, int32_t n, int32_t in_len)
{
	c->kind = SIGNAL_RFFT;
	c->params = rfft_params(n, in_len, &c->params_count);
	c->in1_bytes = 2 * (size_t)in_len;
	c->in1 = rand_int16((size_t)in_len, -16384, 16383);
	c->scratch_bytes = 4 * (size_t)n;
	c->scratch = case_alloc(c->scratch_bytes);
	c->out_bytes = 2 * (size_t)(n + 2);
	c->out = case_alloc(c->out_bytes);
}

/*
 * The micro_speech front-end's filter bank shape: 40 channels over the 257 bins of a 512-point FFT, bands
 * from bin 4 to bin 240 that widen with frequency (quadratic spacing, as mel bands roughly do), Q12
 * weights and their complements.
 */
static void bench_filter_bank(scase* c, int32_t channels, int32_t bins)
{
	const int32_t n = channels + 1, lo = 4, hi = 240;
	int32_t* p;
	int32_t i, w_len = 0;
	int16_t *weights, *unweights;
	uint32_t* input;
	c->params_count = TINYML_FILTER_BANK_HEADER + 3 * (size_t)n;
	p = case_alloc(4 * c->params_count);
	p[TINYML_FILTER_BANK_NUM_CHANNELS] = channels;
	p[TINYML_FILTER_BANK_INPUT_LENGTH] = bins;
	for (i = 0; i < n; i++) {
		const int32_t start = lo + (hi - lo) * i * (i + 20) / (n * (n + 20));
		const int32_t end = lo + (hi - lo) * (i + 1) * (i + 21) / (n * (n + 20));
		p[TINYML_FILTER_BANK_HEADER + i] = start;
		p[TINYML_FILTER_BANK_HEADER + n + i] = w_len;
		p[TINYML_FILTER_BANK_HEADER + 2 * n + i] = end - start;
		w_len += end - start;
	}
	p[TINYML_FILTER_BANK_WEIGHTS_LENGTH] = w_len;
	weights = case_alloc(2 * (size_t)w_len);
	unweights = case_alloc(2 * (size_t)w_len);
	for (i = 0; i < w_len; i++) {
		weights[i] = (int16_t)between(0, 4096);
		unweights[i] = (int16_t)(4096 - weights[i]);
	}
	input = case_alloc(4 * (size_t)bins);
	for (i = 0; i < bins; i++)
		input[i] = next() >> 4;
	c->kind = SIGNAL_FILTER_BANK;
	c->params = p;
	c->in1 = input;
	c->in1_bytes = 4 * (size_t)bins;
	c->in2 = weights;
	c->in3 = unweights;
	c->in2_bytes = c->in3_bytes = 2 * (size_t)w_len;
	c->out_bytes = 8 * (size_t)channels;
	c->out = case_alloc(c->out_bytes);
}

/* exp(-1 / 16) in Q30 (an int8 input scale of 1/16, beta 1), to the last bit. */
#define EXP_MINUS_1_16_Q30 1008687096

/* SOFTMAX int8 over one row of depth values: the exps of the 256 differences at an input scale of 1/16, in Q0.31. */
static void bench_softmax_int8(scase* c, int32_t depth)
{
	int32_t* p;
	int32_t i;
	int64_t e = (int64_t)1 << 30;
	int8_t* input;
	c->params_count = TINYML_SOFTMAX_HEADER + TINYML_SOFTMAX_EXP_TABLE;
	p = case_alloc(4 * c->params_count);
	memset(p, 0, 4 * TINYML_SOFTMAX_HEADER);
	p[TINYML_SOFTMAX_OUTER] = 1;
	p[TINYML_SOFTMAX_DEPTH] = depth;
	for (i = 0; i < TINYML_SOFTMAX_EXP_TABLE; i++) {
		p[TINYML_SOFTMAX_HEADER + i] = i == 0 ? INT32_MAX : (int32_t)(e * 2);
		e = q30(e * EXP_MINUS_1_16_Q30);
	}
	input = case_alloc((size_t)depth);
	for (i = 0; i < depth; i++)
		input[i] = (int8_t)between(-128, 127);
	c->kind = SIGNAL_SOFTMAX_INT8;
	c->params = p;
	c->in1 = input;
	c->in1_bytes = (size_t)depth;
	c->out_bytes = (size_t)depth;
	c->out = case_alloc(c->out_bytes);
}

/* exp(-10 / 512) in Q30: the step of TFLM's int16 exp table over [-10, 0]. */
#define EXP_MINUS_10_512_Q30 1052973777

/* SOFTMAX int16 over one row of depth values, with TFLM's two tables (exp over [-10, 0], 1 / (1 + x) over [0, 1]). */
static void bench_softmax_int16(scase* c, int32_t depth)
{
	int32_t* p;
	int16_t* luts = case_alloc(4 * TINYML_INT16_LUT_SIZE);
	int32_t i;
	int64_t e = (int64_t)1 << 30;
	c->params_count = TINYML_SOFTMAX_HEADER;
	p = case_alloc(4 * c->params_count);
	p[TINYML_SOFTMAX_OUTER] = 1;
	p[TINYML_SOFTMAX_DEPTH] = depth;
	p[TINYML_SOFTMAX_INPUT_MULTIPLIER] = 1717986918; /* 0.8 in Q31 */
	p[TINYML_SOFTMAX_INPUT_LEFT_SHIFT] = 0;
	p[TINYML_SOFTMAX_DIFF_MIN] = 0;
	for (i = TINYML_INT16_LUT_SIZE - 1; i >= 0; i--) {
		luts[i] = (int16_t)to_q15(e);
		e = q30(e * EXP_MINUS_10_512_Q30);
	}
	for (i = 0; i < TINYML_INT16_LUT_SIZE; i++)
		luts[TINYML_INT16_LUT_SIZE + i] = (int16_t)((32767 * 512 + (512 + i) / 2) / (512 + i));
	c->kind = SIGNAL_SOFTMAX_INT16;
	c->params = p;
	c->in1 = rand_int16((size_t)depth, -8000, 8000);
	c->in1_bytes = 2 * (size_t)depth;
	c->in2 = luts;
	c->in2_bytes = 4 * TINYML_INT16_LUT_SIZE;
	c->out_bytes = 2 * (size_t)depth;
	c->out = case_alloc(c->out_bytes);
}

void signal_bench(int layer, scase* c)
{
	memset(c, 0, sizeof(*c));
	rng_state = 2463534242u + 0x9E3779B9u * (uint32_t)layer;
	switch (layer) {
	case 0: bench_rfft(c, 512, 480); break;
	case 1: bench_rfft(c, 256, 256); break;
	case 2: bench_rfft(c, 480, 480); break;
	case 3: bench_filter_bank(c, 40, 257); break;
	case 4: bench_softmax_int8(c, 12); break;
	case 5: bench_softmax_int8(c, 1000); break;
	case 6: bench_softmax_int16(c, 12); break;
	default: bench_softmax_int16(c, 1000); break;
	}
}

tinyml_status signal_validate(const scase* c, const char** field)
{
	switch (c->kind) {
	case SIGNAL_RFFT:
		if (tinyml_rfft_int16_scratch_bytes(c->params) != 0)
			return TINYML_ERR_UNSUPPORTED;
		return tinyml_rfft_int16_validate(c->params, c->params_count, c->in1_bytes, c->scratch_bytes, c->out_bytes, field);
	case SIGNAL_FILTER_BANK:
		return tinyml_filter_bank_uint32_validate(c->params, c->params_count, c->in1_bytes, c->in2_bytes, c->in3_bytes, c->out_bytes, field);
	case SIGNAL_SOFTMAX_INT8:
		return tinyml_softmax_int8_validate(c->params, c->params_count, c->in1_bytes, c->out_bytes, field);
	default:
		return tinyml_softmax_int16_validate(c->params, c->params_count, c->in2_bytes, c->in1_bytes, c->out_bytes, field);
	}
}

void signal_run(const scase* c)
{
	switch (c->kind) {
	case SIGNAL_RFFT: tinyml_rfft_int16(c->params, c->in1, c->scratch, c->out); break;
	case SIGNAL_FILTER_BANK: tinyml_filter_bank_uint32(c->params, c->in1, c->in2, c->in3, c->out); break;
	case SIGNAL_SOFTMAX_INT8: tinyml_softmax_int8(c->params, c->in1, c->out); break;
	default: tinyml_softmax_int16(c->params, c->in2, c->in1, c->out); break;
	}
}

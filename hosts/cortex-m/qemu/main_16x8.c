/*
 * tinyml-xs Cortex-M image for the 16x8 kernels (int16 activations, int8 weights): conv, depthwise
 * and fully connected linked twice, with their Arm DSP paths (tinyml_<op>_int16) and without them
 * (*_portable, compiled with TINYML_NO_DSP and renamed). It first runs each benchmark layer, the
 * KWS and VWW benchmark shapes with int16 activations, between bench_start() and bench_stop() (the
 * cm4count plugin's regions: 0 empty, then DSP and portable per layer), then random layers (shapes,
 * strides, dilations, paddings, int32 / int64 biases, requantizations, activation ranges) through
 * both paths, byte for byte. Prints "LAYER id macs ok|differ" per layer and "RANDOM kind N differ D".
 */
#include <stdint.h>
#include <string.h>
#include "semihost.h"
#include "xorshift.h"
#include "tinyml_kernels.h"

void tinyml_conv_2d_int16_portable(const int32_t*, const int16_t*, const int8_t*, const int32_t*, int16_t*, void*);
void tinyml_depthwise_conv_2d_int16_portable(const int32_t*, const int16_t*, const int8_t*, const int32_t*, int16_t*, void*);
void tinyml_fully_connected_int16_portable(const int32_t*, const int16_t*, const int8_t*, const int32_t*, int16_t*, void*);

volatile uint32_t bench_marks[2];

__attribute__((noinline, noipa)) void bench_start(void)
{
	bench_marks[0]++;
}

__attribute__((noinline, noipa)) void bench_stop(void)
{
	bench_marks[1] += 2;
}

/* The largest benchmark layer (vww_conv) and random layer (2 x 12 x 12 x 150 inputs, 20 x 5 x 5 x 150 weights). */
#define MAX_IN (2 * 12 * 12 * 150)
#define MAX_OUT (48 * 48 * 16)
#define MAX_FILTER (20 * 5 * 5 * 150)
#define MAX_C 160


static int16_t input[MAX_IN], output[2][MAX_OUT];
static int8_t filter[MAX_FILTER];
/* The conv's scratch: one receptive field (5 x 5 x 150 or 10 x 4 x 1 int16 at most). */
static int32_t scratch[5 * 5 * 150 / 2 + 1];
static int32_t bias[2 * MAX_C], params[TINYML_CONV_HEADER + 2 * MAX_C + 1];

enum { CONV, DW, FC };
typedef struct { const char* id; int kind; int32_t in_h, in_w, in_c, out_c, k_h, k_w, stride; } layer;

/* The benchmark layers of bench/cortex_m.ts with int16 activations (SAME padding as there, batch 1). */
static const layer LAYERS[5] = {
	{ "16x8:kws_conv1", CONV, 49, 10, 1, 64, 10, 4, 2 },
	{ "16x8:kws_dw", DW, 25, 5, 64, 64, 3, 3, 1 },
	{ "16x8:kws_pw", CONV, 25, 5, 64, 64, 1, 1, 1 },
	{ "16x8:kws_fc", FC, 1, 1, 64, 12, 1, 1, 1 },
	{ "16x8:vww_conv", CONV, 48, 48, 8, 16, 3, 3, 1 },
};

/* The requantization of `n` channels, the accumulator word and the bias: realistic or anything the layout allows. */
static void quantize(int32_t* p, size_t header, int32_t n, int wild, int wide)
{
	int32_t i;
	for (i = 0; i < n; i++) {
		p[header + (size_t)i] = wild && next() % 4 == 0 ? (int32_t)(next() >> 1) : between(1 << 30, 0x7FFFFFFF);
		p[header + (size_t)n + (size_t)i] = wild ? between(-31, wide ? 14 : 30) : between(-22, -14);
	}
	p[header + 2 * (size_t)n] = wide;
	for (i = 0; i < (wide ? 2 * n : n); i++)
		bias[i] = wide && i % 2 ? (int32_t)next() >> between(17, 31) : (int32_t)next() >> between(4, 31);
}

static void fill_random(int32_t in_n, int32_t filter_n)
{
	int32_t i;
	const int extreme = next() % 8 == 0;
	for (i = 0; i < in_n; i++)
		input[i] = extreme ? (int16_t)(next() % 2 ? -32768 : 32767) : (int16_t)between(-32768, 32767);
	for (i = 0; i < filter_n; i++)
		filter[i] = (int8_t)between(-128, 127);
}

static void conv_params(int kind, int32_t batches, int32_t in_h, int32_t in_w, int32_t in_c, int32_t out_c, int32_t k_h, int32_t k_w,
	int32_t s_h, int32_t s_w, int32_t d_h, int32_t d_w, int32_t pad_h, int32_t pad_w, int32_t groups, int wild, int wide)
{
	int32_t* p = params;
	memset(p, 0, sizeof(params));
	p[TINYML_CONV_BATCHES] = batches;
	p[TINYML_CONV_IN_H] = in_h;
	p[TINYML_CONV_IN_W] = in_w;
	p[TINYML_CONV_IN_C] = in_c;
	p[TINYML_CONV_OUT_H] = (in_h + 2 * pad_h - ((k_h - 1) * d_h + 1)) / s_h + 1;
	p[TINYML_CONV_OUT_W] = (in_w + 2 * pad_w - ((k_w - 1) * d_w + 1)) / s_w + 1;
	p[TINYML_CONV_OUT_C] = out_c;
	p[TINYML_CONV_K_H] = k_h;
	p[TINYML_CONV_K_W] = k_w;
	p[TINYML_CONV_STRIDE_H] = s_h;
	p[TINYML_CONV_STRIDE_W] = s_w;
	p[TINYML_CONV_DILATION_H] = d_h;
	p[TINYML_CONV_DILATION_W] = d_w;
	p[TINYML_CONV_PAD_H] = pad_h;
	p[TINYML_CONV_PAD_W] = pad_w;
	p[TINYML_CONV_ACT_MIN] = wild ? between(-32768, 0) : -32768;
	p[TINYML_CONV_ACT_MAX] = wild ? between(0, 32767) : 32767;
	p[TINYML_CONV_DEPTH_MULTIPLIER] = kind == DW ? out_c / in_c : 1;
	p[TINYML_CONV_FILTER_C] = kind == DW ? 1 : in_c / groups;
	quantize(p, TINYML_CONV_HEADER, out_c, wild, wide);
}

static void fc_params(int32_t batches, int32_t depth, int32_t out_depth, int per_channel, int wild, int wide)
{
	int32_t* p = params;
	memset(p, 0, sizeof(params));
	p[TINYML_FC_BATCHES] = batches;
	p[TINYML_FC_ACCUM_DEPTH] = depth;
	p[TINYML_FC_OUT_DEPTH] = out_depth;
	p[TINYML_FC_ACT_MIN] = wild ? between(-32768, 0) : -32768;
	p[TINYML_FC_ACT_MAX] = wild ? between(0, 32767) : 32767;
	p[TINYML_FC_PER_CHANNEL] = per_channel;
	quantize(p, TINYML_FC_HEADER, per_channel ? out_depth : 1, wild, wide);
	/* the bias has one value per output, whatever the multipliers */
	if (!per_channel) {
		int32_t i;
		for (i = 0; i < (wide ? 2 * out_depth : out_depth); i++)
			bias[i] = wide && i % 2 ? (int32_t)next() >> between(17, 31) : (int32_t)next() >> between(4, 31);
	}
}

/* Output elements of the layer in params; runs DSP (which = 0) or portable (1). */
static int32_t run(int kind, int which, const int32_t* b)
{
	const int32_t* p = params;
	if (kind == FC) {
		(which ? tinyml_fully_connected_int16_portable : tinyml_fully_connected_int16)(p, input, filter, b, output[which], NULL);
		return p[TINYML_FC_BATCHES] * p[TINYML_FC_OUT_DEPTH];
	}
	if (kind == DW)
		(which ? tinyml_depthwise_conv_2d_int16_portable : tinyml_depthwise_conv_2d_int16)(p, input, filter, b, output[which], NULL);
	else
		(which ? tinyml_conv_2d_int16_portable : tinyml_conv_2d_int16)(p, input, filter, b, output[which], scratch);
	return p[TINYML_CONV_BATCHES] * p[TINYML_CONV_OUT_H] * p[TINYML_CONV_OUT_W] * p[TINYML_CONV_OUT_C];
}

static int same(int32_t n)
{
	return memcmp(output[0], output[1], 2 * (size_t)n) == 0;
}

/* Validates the layer in params as the bindings would; 0 when refused (a bug in this image's generator). */
static int valid(int kind, const int32_t* b)
{
	const int32_t* p = params;
	if (kind == FC) {
		const int32_t n = p[TINYML_FC_PER_CHANNEL] ? p[TINYML_FC_OUT_DEPTH] : 1;
		const size_t bias_bytes = b ? (p[TINYML_FC_HEADER + 2 * n] ? 8u : 4u) * (size_t)p[TINYML_FC_OUT_DEPTH] : TINYML_NO_BIAS;
		return tinyml_fully_connected_int16_validate(p, TINYML_FC_HEADER + 2 * (size_t)n + 1, 2 * (size_t)(p[TINYML_FC_BATCHES] * p[TINYML_FC_ACCUM_DEPTH]),
			(size_t)(p[TINYML_FC_OUT_DEPTH] * p[TINYML_FC_ACCUM_DEPTH]), bias_bytes, 2 * (size_t)(p[TINYML_FC_BATCHES] * p[TINYML_FC_OUT_DEPTH]), 0, NULL) == TINYML_OK;
	}
	{
		const int32_t out_c = p[TINYML_CONV_OUT_C];
		const size_t bias_bytes = b ? (p[TINYML_CONV_HEADER + 2 * out_c] ? 8u : 4u) * (size_t)out_c : TINYML_NO_BIAS;
		const size_t in_bytes = 2 * (size_t)(p[TINYML_CONV_BATCHES] * p[TINYML_CONV_IN_H] * p[TINYML_CONV_IN_W] * p[TINYML_CONV_IN_C]);
		const size_t out_bytes = 2 * (size_t)(p[TINYML_CONV_BATCHES] * p[TINYML_CONV_OUT_H] * p[TINYML_CONV_OUT_W] * out_c);
		const size_t taps = (size_t)(p[TINYML_CONV_K_H] * p[TINYML_CONV_K_W]);
		if (kind == DW)
			return tinyml_depthwise_conv_2d_int16_validate(p, TINYML_CONV_HEADER + 2 * (size_t)out_c + 1, in_bytes, taps * (size_t)out_c, bias_bytes, out_bytes, 0, NULL) == TINYML_OK;
		return tinyml_conv_2d_int16_validate(p, TINYML_CONV_HEADER + 2 * (size_t)out_c + 1, in_bytes, taps * (size_t)(out_c * p[TINYML_CONV_FILTER_C]), bias_bytes, out_bytes, sizeof(scratch), NULL) == TINYML_OK
			&& tinyml_conv_2d_int16_scratch_bytes(p) <= sizeof(scratch);
	}
}

int main(void)
{
	static const char* const kinds[3] = { "conv", "depthwise", "fully_connected" };
	int k, differ[3] = { 0, 0, 0 }, count[3] = { 0, 0, 0 }, invalid = 0, i;
	bench_start();
	bench_stop();
	for (k = 0; k < 5; k++) {
		const layer* l = &LAYERS[k];
		int32_t n, macs;
		int ok;
		if (l->kind == FC)
			fc_params(1, l->in_c, l->out_c, 1, 0, 1);
		else
			conv_params(l->kind, 1, l->in_h, l->in_w, l->in_c, l->out_c, l->k_h, l->k_w, l->stride, l->stride, 1, 1,
				((((l->in_h + l->stride - 1) / l->stride) - 1) * l->stride + l->k_h - l->in_h) / 2, ((((l->in_w + l->stride - 1) / l->stride) - 1) * l->stride + l->k_w - l->in_w) / 2, 1, 0, 1);
		fill_random(l->in_h * l->in_w * l->in_c, l->kind == FC ? l->in_c * l->out_c : l->kind == DW ? l->k_h * l->k_w * l->out_c : l->out_c * l->k_h * l->k_w * l->in_c);
		invalid += !valid(l->kind, bias);
		bench_start();
		n = run(l->kind, 0, bias);
		bench_stop();
		bench_start();
		run(l->kind, 1, bias);
		bench_stop();
		ok = same(n);
		macs = l->kind == FC ? l->in_c * l->out_c : n * l->k_h * l->k_w * (l->kind == DW ? 1 : l->in_c);
		sh_puts("LAYER ");
		sh_puts(l->id);
		sh_puts(" ");
		sh_put_int(macs);
		sh_puts(ok ? " ok\n" : " differ\n");
	}
	for (i = 0; i < 600; i++) {
		const int kind = i % 3, wild = next() % 2 == 0, wide = next() % 2 == 0;
		const int32_t* b = next() % 6 == 0 ? NULL : bias;
		int32_t n;
		if (kind == FC) {
			const int32_t depth = next() % 8 == 0 ? between(500, 1500) : between(1, 80);
			fc_params(between(1, 3), depth, between(1, 13), (int)(next() % 2), wild, wide);
			/* A quarter of them with a filter offset. */
			params[TINYML_FC_FILTER_OFFSET] = next() % 4 == 0 ? between(-TINYML_MAX_OFFSET, TINYML_MAX_OFFSET) : 0;
			fill_random(params[TINYML_FC_BATCHES] * depth, params[TINYML_FC_OUT_DEPTH] * depth);
		}
		else {
			const int32_t k_h = between(1, 5), k_w = between(1, 5), s_h = between(1, 3), s_w = between(1, 3);
			const int32_t d_h = next() % 5 == 0 ? 2 : 1, d_w = next() % 5 == 0 ? 2 : 1;
			const int32_t in_h = between((k_h - 1) * d_h + 1, 12), in_w = between((k_w - 1) * d_w + 1, 12);
			/* A quarter of the convolutions grouped (2 to 4 groups). */
			const int32_t groups = kind == CONV && next() % 4 == 0 ? between(2, 4) : 1;
			const int32_t in_c = kind == DW ? between(1, 40) : groups > 1 ? groups * between(1, 12) : (next() % 4 == 0 ? between(100, 150) : between(1, 24));
			const int32_t out_c = kind == DW ? in_c * (next() % 5 == 0 ? 2 : 1) : groups * between(1, 20 / groups);
			conv_params(kind, next() % 6 == 0 ? 2 : 1, in_h, in_w, in_c, out_c, k_h, k_w, s_h, s_w, d_h, d_w, between(0, k_h / 2), between(0, k_w / 2), groups, wild, wide);
			fill_random(params[TINYML_CONV_BATCHES] * in_h * in_w * in_c, kind == DW ? k_h * k_w * out_c : out_c * k_h * k_w * in_c);
		}
		if (!valid(kind, b)) {
			invalid++;
			continue;
		}
		memset(output, 0x5A, sizeof(output));
		n = run(kind, 0, b);
		run(kind, 1, b);
		count[kind]++;
		differ[kind] += !same(n);

	}
	for (k = 0; k < 3; k++) {
		sh_puts("RANDOM ");
		sh_puts(kinds[k]);
		sh_puts(" ");
		sh_put_int(count[k]);
		sh_puts(" differ ");
		sh_put_int(differ[k]);
		sh_puts("\n");
	}
	sh_puts("INVALID ");
	sh_put_int(invalid);
	sh_puts("\n");
	return invalid != 0 || differ[0] != 0 || differ[1] != 0 || differ[2] != 0;
}

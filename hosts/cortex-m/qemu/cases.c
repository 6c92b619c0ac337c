/* tinyml-xs Cortex-M images: seeded kernel cases, shared by the host generator and the target. */
#include <string.h>
#include "cases.h"
#include "vectors.h"

#ifndef CASE_ARENA_BYTES
#define CASE_ARENA_BYTES (1u << 20)
#endif

static uint8_t arena[CASE_ARENA_BYTES] __attribute__((aligned(8)));
static size_t arena_used;

void case_reset(void)
{
	arena_used = 0;
}

void* case_alloc(size_t bytes)
{
	void* p;
	size_t n = (bytes + 7) & ~(size_t)7;
	if (n == 0)
		n = 8;
	if (arena_used + n > sizeof(arena))
		return NULL;
	p = arena + arena_used;
	arena_used += n;
	return p;
}

/* ---- a small PRNG (xorshift32 after a splitmix-style scramble of the seed) ---- */
typedef struct { uint32_t s; } rng_t;

static void rng_init(rng_t* r, uint32_t seed, uint32_t index)
{
	uint32_t z = seed * 0x9E3779B9u + index * 0x85EBCA6Bu + 0x6A09E667u;
	z = (z ^ (z >> 16)) * 0x7FEB352Du;
	z = (z ^ (z >> 15)) * 0x846CA68Bu;
	z ^= z >> 16;
	r->s = z ? z : 0x1234567u;
}

static uint32_t rng_u32(rng_t* r)
{
	uint32_t x = r->s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	r->s = x;
	return x;
}

/* uniform in [lo, hi] */
static int32_t rng_range(rng_t* r, int32_t lo, int32_t hi)
{
	return lo + (int32_t)(rng_u32(r) % (uint32_t)(hi - lo + 1));
}

/* true with probability 1/n */
static int rng_one_in(rng_t* r, uint32_t n)
{
	return rng_u32(r) % n == 0;
}

static int8_t* rand_bytes(rng_t* r, size_t n)
{
	int8_t* p = case_alloc(n);
	size_t i;
	for (i = 0; i < n; i++)
		p[i] = (int8_t)(rng_u32(r) >> 24);
	return p;
}

/* ---- text (no snprintf on the target) ---- */
static void put(char* dst, size_t cap, const char* s)
{
	size_t n = strlen(dst);
	while (*s && n + 1 < cap)
		dst[n++] = *s++;
	dst[n] = 0;
}

static void put_int(char* dst, size_t cap, int32_t v)
{
	char buf[16];
	int i = 15;
	uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	put(dst, cap, buf + i);
}

static void describe_conv(tcase* c, const char* name)
{
	const int32_t* p = c->params;
	c->desc[0] = 0;
	put(c->desc, sizeof(c->desc), name);
	put(c->desc, sizeof(c->desc), " in ");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_BATCHES]);
	put(c->desc, sizeof(c->desc), "x");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_IN_H]);
	put(c->desc, sizeof(c->desc), "x");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_IN_W]);
	put(c->desc, sizeof(c->desc), "x");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_IN_C]);
	put(c->desc, sizeof(c->desc), " out_c ");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_OUT_C]);
	put(c->desc, sizeof(c->desc), " k ");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_K_H]);
	put(c->desc, sizeof(c->desc), "x");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_K_W]);
	put(c->desc, sizeof(c->desc), " s ");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_STRIDE_H]);
	put(c->desc, sizeof(c->desc), ",");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_STRIDE_W]);
	put(c->desc, sizeof(c->desc), " d ");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_DILATION_H]);
	put(c->desc, sizeof(c->desc), ",");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_DILATION_W]);
	put(c->desc, sizeof(c->desc), " pad ");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_PAD_H]);
	put(c->desc, sizeof(c->desc), ",");
	put_int(c->desc, sizeof(c->desc), p[TINYML_CONV_PAD_W]);
}

/* ---- quantization parameters ---- */
static int32_t rand_multiplier(rng_t* r)
{
	if (rng_one_in(r, 40)) {
		switch (rng_range(r, 0, 3)) {
		case 0: return INT32_MIN;
		case 1: return 0;
		case 2: return INT32_MAX;
		default: return rng_range(r, 1, 1 << 20);
		}
	}
	return (int32_t)(0x40000000u + (rng_u32(r) >> 2));
}

/* A conv-style shift: mostly a small right shift, sometimes none, a left one, or an extreme one. */
static int32_t rand_shift(rng_t* r)
{
	if (rng_one_in(r, 25))
		return rng_one_in(r, 2) ? -31 : rng_range(r, 0, 30);
	if (rng_one_in(r, 8))
		return rng_range(r, -1, 2);
	return rng_range(r, -12, -2);
}

static int32_t rand_offset(rng_t* r)
{
	if (rng_one_in(r, 12))
		return rng_one_in(r, 2) ? rng_range(r, -256, 256) : (rng_one_in(r, 2) ? 256 : -256);
	return rng_range(r, -127, 128);
}

static void rand_act(rng_t* r, int32_t zp, int32_t* lo, int32_t* hi)
{
	switch (rng_range(r, 0, 5)) {
	case 0:
	case 1:
	case 2:
		*lo = -128;
		*hi = 127;
		break;
	case 3:
		*lo = zp < -128 ? -128 : zp > 127 ? 127 : zp; /* ReLU */
		*hi = 127;
		break;
	default:
		*lo = rng_range(r, -128, 127);
		*hi = rng_range(r, *lo, 127);
	}
}

static int32_t* rand_bias(rng_t* r, int32_t n, int big)
{
	int32_t* b;
	int32_t i;
	if (rng_one_in(r, 6))
		return NULL;
	b = case_alloc(4 * (size_t)n);
	for (i = 0; i < n; i++)
		b[i] = big && rng_one_in(r, 4) ? (int32_t)rng_u32(r) : rng_range(r, -20000, 20000);
	return b;
}

/* SAME-style padding for an extent. */
static int32_t pad_for(int32_t in, int32_t out, int32_t k, int32_t stride, int32_t dil)
{
	const int32_t eff = (k - 1) * dil + 1;
	const int32_t total = (out - 1) * stride + eff - in;
	return total > 0 ? total / 2 : 0;
}

/* Output extent for padding mode `same` (else VALID), at least 1 when the window fits. */
static int32_t out_for(int32_t in, int32_t k, int32_t stride, int32_t dil, int same)
{
	const int32_t eff = (k - 1) * dil + 1;
	if (same)
		return (in + stride - 1) / stride;
	return in >= eff ? (in - eff) / stride + 1 : 0;
}

/* Fills a conv / depthwise header. */
static int32_t* conv_params(rng_t* r, int32_t batches, int32_t in_h, int32_t in_w, int32_t in_c, int32_t out_c,
	int32_t k_h, int32_t k_w, int32_t s_h, int32_t s_w, int32_t d_h, int32_t d_w, int same, int32_t filter_c, int32_t dm)
{
	int32_t* p = case_alloc(4 * (TINYML_CONV_HEADER + 2 * (size_t)out_c));
	int32_t i, zp;
	p[TINYML_CONV_BATCHES] = batches;
	p[TINYML_CONV_IN_H] = in_h;
	p[TINYML_CONV_IN_W] = in_w;
	p[TINYML_CONV_IN_C] = in_c;
	p[TINYML_CONV_OUT_H] = out_for(in_h, k_h, s_h, d_h, same);
	p[TINYML_CONV_OUT_W] = out_for(in_w, k_w, s_w, d_w, same);
	p[TINYML_CONV_OUT_C] = out_c;
	p[TINYML_CONV_K_H] = k_h;
	p[TINYML_CONV_K_W] = k_w;
	p[TINYML_CONV_STRIDE_H] = s_h;
	p[TINYML_CONV_STRIDE_W] = s_w;
	p[TINYML_CONV_DILATION_H] = d_h;
	p[TINYML_CONV_DILATION_W] = d_w;
	p[TINYML_CONV_PAD_H] = same ? pad_for(in_h, p[TINYML_CONV_OUT_H], k_h, s_h, d_h) : 0;
	p[TINYML_CONV_PAD_W] = same ? pad_for(in_w, p[TINYML_CONV_OUT_W], k_w, s_w, d_w) : 0;
	p[TINYML_CONV_INPUT_OFFSET] = rand_offset(r);
	zp = rng_range(r, -128, 127);
	p[TINYML_CONV_OUTPUT_OFFSET] = rng_one_in(r, 15) ? rng_range(r, -256, 256) : zp;
	rand_act(r, zp, &p[TINYML_CONV_ACT_MIN], &p[TINYML_CONV_ACT_MAX]);
	p[TINYML_CONV_DEPTH_MULTIPLIER] = dm;
	p[TINYML_CONV_FILTER_C] = filter_c;
	for (i = 0; i < out_c; i++) {
		p[TINYML_CONV_HEADER + i] = rand_multiplier(r);
		p[TINYML_CONV_HEADER + out_c + i] = rand_shift(r);
	}
	return p;
}

static void finish_conv(rng_t* r, tcase* c, int32_t* p, int dw)
{
	const int32_t out_c = p[TINYML_CONV_OUT_C];
	const size_t taps = (size_t)p[TINYML_CONV_K_H] * (size_t)p[TINYML_CONV_K_W];
	c->kind = dw ? CASE_DW : CASE_CONV;
	c->params = p;
	c->params_count = TINYML_CONV_HEADER + 2 * (size_t)out_c;
	c->in1_bytes = (size_t)p[TINYML_CONV_BATCHES] * (size_t)p[TINYML_CONV_IN_H] * (size_t)p[TINYML_CONV_IN_W] * (size_t)p[TINYML_CONV_IN_C];
	c->in1 = rand_bytes(r, c->in1_bytes);
	c->in2_bytes = dw ? taps * (size_t)out_c : (size_t)out_c * taps * (size_t)p[TINYML_CONV_FILTER_C];
	c->in2 = rand_bytes(r, c->in2_bytes);
	c->bias = rand_bias(r, out_c, 1);
	c->out_bytes = (size_t)p[TINYML_CONV_BATCHES] * (size_t)p[TINYML_CONV_OUT_H] * (size_t)p[TINYML_CONV_OUT_W] * (size_t)out_c;
	c->out = case_alloc(c->out_bytes);
	c->macs = case_macs(c);
	describe_conv(c, dw ? "depthwise" : "conv");
}

static void make_conv(rng_t* r, tcase* c, int flavour)
{
	int32_t in_h, in_w, in_c, out_c, k_h, k_w, s_h = 1, s_w = 1, d_h = 1, d_w = 1, filter_c, same, batches = 1;
	int32_t* p;
	if (flavour == 0) {
		/* pointwise: 1x1, stride 1, unpadded (the fast path) */
		in_h = rng_range(r, 1, 9);
		in_w = rng_range(r, 1, 9);
		in_c = rng_one_in(r, 2) ? 4 * rng_range(r, 1, 24) : rng_range(r, 1, 70);
		out_c = rng_range(r, 1, 40);
		k_h = k_w = 1;
		same = rng_one_in(r, 2);
		filter_c = in_c;
	}
	else {
		in_h = rng_range(r, 1, 14);
		in_w = rng_range(r, 1, 14);
		in_c = flavour == 1 ? rng_range(r, 1, 3) : rng_range(r, 1, 24);
		out_c = rng_range(r, 1, 33);
		k_h = rng_range(r, 1, 5);
		k_w = rng_range(r, 1, 5);
		s_h = rng_range(r, 1, 3);
		s_w = rng_range(r, 1, 3);
		if (rng_one_in(r, 5)) {
			d_h = rng_range(r, 1, 3);
			d_w = rng_range(r, 1, 3);
		}
		same = !rng_one_in(r, 3);
		filter_c = in_c;
		if (rng_one_in(r, 6) && in_c > 1) {
			/* grouped */
			int32_t groups = in_c % 2 == 0 ? 2 : in_c;
			filter_c = in_c / groups;
			out_c = groups * rng_range(r, 1, 6);
		}
		if (rng_one_in(r, 8))
			batches = 2;
	}
	if (filter_c == in_c && rng_one_in(r, 8)) {
		/* many output channels (the DSP path's channel chunks), on a small image */
		out_c = rng_range(r, 60, 140);
		in_h = in_h > 6 ? 6 : in_h;
		in_w = in_w > 6 ? 6 : in_w;
	}
	if (out_for(in_h, k_h, s_h, d_h, same) < 1 || out_for(in_w, k_w, s_w, d_w, same) < 1)
		same = 1;
	p = conv_params(r, batches, in_h, in_w, in_c, out_c, k_h, k_w, s_h, s_w, d_h, d_w, same, filter_c, 1);
	finish_conv(r, c, p, 0);
	if (rng_one_in(r, 2)) {
		/* realistic quantization (right shifts on every channel, often small biases): the DSP path's fast requantization */
		int32_t i;
		for (i = 0; i < out_c; i++)
			p[TINYML_CONV_HEADER + out_c + i] = rng_range(r, -12, -1);
		if (rng_one_in(r, 2))
			c->bias = rand_bias(r, out_c, 0);
	}
}

static void make_dw(rng_t* r, tcase* c, int flavour)
{
	int32_t in_h = rng_range(r, 1, 14), in_w = rng_range(r, 1, 14), in_c = rng_range(r, 1, 40), dm = 1;
	int32_t k_h = 3, k_w = 3, s_h = 1, s_w = 1, d_h = 1, d_w = 1, same = !rng_one_in(r, 3), batches = rng_one_in(r, 8) ? 2 : 1;
	int32_t* p;
	if (rng_one_in(r, 8)) {
		/* Wide planes: the Arm DSP path then runs several strips of output rows per channel block. */
		in_h = rng_range(r, 8, 40);
		in_w = rng_range(r, 24, 72);
		in_c = rng_range(r, 1, 9);
	}
	if (flavour == 1) {
		k_h = rng_range(r, 1, 5);
		k_w = rng_range(r, 1, 5);
		if (rng_one_in(r, 3)) {
			/* The shapes of the Arm DSP path's general case: 3x3, 5x5, 7 and 8 wide. */
			static const int32_t widths[4] = { 3, 5, 7, 8 };
			k_w = widths[rng_range(r, 0, 3)];
			k_h = k_w <= 5 ? k_w : rng_range(r, 1, 8);
		}
		s_h = rng_range(r, 1, 3);
		s_w = rng_range(r, 1, 3);
		if (rng_one_in(r, 4)) {
			d_h = rng_range(r, 1, 3);
			d_w = rng_range(r, 1, 3);
		}
		if (rng_one_in(r, 3))
			dm = rng_range(r, 1, 4);
	}
	else if (rng_one_in(r, 4)) {
		s_h = s_w = 2;
	}
	if (out_for(in_h, k_h, s_h, d_h, same) < 1 || out_for(in_w, k_w, s_w, d_w, same) < 1)
		same = 1;
	p = conv_params(r, batches, in_h, in_w, in_c, in_c * dm, k_h, k_w, s_h, s_w, d_h, d_w, same, 1, dm);
	finish_conv(r, c, p, 1);
}

static void make_fc(rng_t* r, tcase* c)
{
	const int32_t batches = rng_one_in(r, 4) ? rng_range(r, 2, 3) : 1;
	const int32_t depth = rng_one_in(r, 2) ? 4 * rng_range(r, 1, 64) : rng_range(r, 1, 300);
	/* sometimes many outputs and rows (the DSP path's channel chunks) */
	const int wide = batches > 1 && rng_one_in(r, 4);
	const int32_t out_depth = wide ? rng_range(r, 60, 140) : rng_range(r, 1, 40);
	const int per_channel = rng_one_in(r, 2);
	const int realistic = rng_one_in(r, 2);
	const int32_t n = per_channel ? out_depth : 1;
	int32_t* p = case_alloc(4 * (TINYML_FC_HEADER + 2 * (size_t)n));
	int32_t i, zp = rng_range(r, -128, 127);
	p[TINYML_FC_BATCHES] = batches;
	p[TINYML_FC_ACCUM_DEPTH] = depth;
	p[TINYML_FC_OUT_DEPTH] = out_depth;
	p[TINYML_FC_INPUT_OFFSET] = rand_offset(r);
	p[TINYML_FC_FILTER_OFFSET] = rng_one_in(r, 5) ? rand_offset(r) : 0;
	p[TINYML_FC_OUTPUT_OFFSET] = zp;
	rand_act(r, zp, &p[TINYML_FC_ACT_MIN], &p[TINYML_FC_ACT_MAX]);
	p[TINYML_FC_PER_CHANNEL] = per_channel;
	for (i = 0; i < n; i++) {
		p[TINYML_FC_HEADER + i] = rand_multiplier(r);
		p[TINYML_FC_HEADER + n + i] = realistic ? rng_range(r, -12, -1) : rand_shift(r);
	}
	c->kind = CASE_FC;
	c->params = p;
	c->params_count = TINYML_FC_HEADER + 2 * (size_t)n;
	c->in1_bytes = (size_t)batches * (size_t)depth;
	c->in1 = rand_bytes(r, c->in1_bytes);
	c->in2_bytes = (size_t)out_depth * (size_t)depth;
	c->in2 = rand_bytes(r, c->in2_bytes);
	c->bias = rand_bias(r, out_depth, !realistic || rng_one_in(r, 2));
	c->out_bytes = (size_t)batches * (size_t)out_depth;
	c->out = case_alloc(c->out_bytes);
	c->macs = (uint64_t)c->out_bytes * (uint64_t)depth;
	c->desc[0] = 0;
	put(c->desc, sizeof(c->desc), "fully_connected batches ");
	put_int(c->desc, sizeof(c->desc), batches);
	put(c->desc, sizeof(c->desc), " depth ");
	put_int(c->desc, sizeof(c->desc), depth);
	put(c->desc, sizeof(c->desc), " out ");
	put_int(c->desc, sizeof(c->desc), out_depth);
	put(c->desc, sizeof(c->desc), " filter_offset ");
	put_int(c->desc, sizeof(c->desc), p[TINYML_FC_FILTER_OFFSET]);
}

static void make_pool(rng_t* r, tcase* c, int max)
{
	int32_t* p = case_alloc(4 * TINYML_POOL_HEADER);
	/* 1 in 6 large: windows of more than 254 taps (the Arm DSP paths' tap-list and int16-sum limits),
	 * a quarter of them wide rows of up to 300 columns (beyond the DSP average pool's 256) */
	const int big = rng_one_in(r, 6), wide = big && rng_one_in(r, 4);
	const int32_t in_h = wide ? rng_range(r, 1, 3) : big ? rng_range(r, 8, 40) : rng_range(r, 1, 16);
	const int32_t in_w = wide ? rng_range(r, 200, 300) : big ? rng_range(r, 8, 40) : rng_range(r, 1, 16);
	const int32_t f_h = big ? (rng_one_in(r, 2) ? in_h : rng_range(r, 1, in_h)) : rng_one_in(r, 6) ? in_h : rng_range(r, 1, 4);
	const int32_t f_w = big ? (rng_one_in(r, 2) ? in_w : rng_range(r, 1, in_w)) : rng_one_in(r, 6) ? in_w : rng_range(r, 1, 4);
	const int32_t s_h = rng_range(r, 1, 3), s_w = rng_range(r, 1, 3);
	int8_t* in;
	int same = rng_one_in(r, 2);
	if (out_for(in_h, f_h, s_h, 1, same) < 1 || out_for(in_w, f_w, s_w, 1, same) < 1)
		same = 1;
	p[TINYML_POOL_BATCHES] = rng_one_in(r, 8) ? 2 : 1;
	p[TINYML_POOL_IN_H] = in_h;
	p[TINYML_POOL_IN_W] = in_w;
	p[TINYML_POOL_CHANNELS] = big ? rng_range(r, 1, 24) : rng_one_in(r, 2) ? 4 * rng_range(r, 1, 16) : rng_range(r, 1, 40);
	p[TINYML_POOL_OUT_H] = out_for(in_h, f_h, s_h, 1, same);
	p[TINYML_POOL_OUT_W] = out_for(in_w, f_w, s_w, 1, same);
	p[TINYML_POOL_FILTER_H] = f_h;
	p[TINYML_POOL_FILTER_W] = f_w;
	p[TINYML_POOL_STRIDE_H] = s_h;
	p[TINYML_POOL_STRIDE_W] = s_w;
	p[TINYML_POOL_PAD_H] = same ? pad_for(in_h, p[TINYML_POOL_OUT_H], f_h, s_h, 1) : 0;
	p[TINYML_POOL_PAD_W] = same ? pad_for(in_w, p[TINYML_POOL_OUT_W], f_w, s_w, 1) : 0;
	if (rng_one_in(r, 10)) {
		/* padding beyond the window: some windows see no input at all */
		p[TINYML_POOL_PAD_H] += f_h;
		p[TINYML_POOL_OUT_H] += 1;
	}
	rand_act(r, rng_range(r, -128, 127), &p[TINYML_POOL_ACT_MIN], &p[TINYML_POOL_ACT_MAX]);
	c->kind = max ? CASE_MAX_POOL : CASE_AVG_POOL;
	c->params = p;
	c->params_count = TINYML_POOL_HEADER;
	c->in1_bytes = (size_t)p[TINYML_POOL_BATCHES] * (size_t)in_h * (size_t)in_w * (size_t)p[TINYML_POOL_CHANNELS];
	in = rand_bytes(r, c->in1_bytes);
	if (rng_one_in(r, 5)) {
		/* mostly -128 (or 127): the extreme window sums */
		const int8_t v = rng_one_in(r, 2) ? -128 : 127;
		size_t i;
		for (i = 0; i < c->in1_bytes; i++)
			in[i] = rng_one_in(r, 16) ? in[i] : v;
	}
	c->in1 = in;
	c->in2 = NULL;
	c->in2_bytes = 0;
	c->bias = NULL;
	c->out_bytes = (size_t)p[TINYML_POOL_BATCHES] * (size_t)p[TINYML_POOL_OUT_H] * (size_t)p[TINYML_POOL_OUT_W] * (size_t)p[TINYML_POOL_CHANNELS];
	c->out = case_alloc(c->out_bytes);
	c->macs = 0;
	c->desc[0] = 0;
	put(c->desc, sizeof(c->desc), max ? "max_pool" : "average_pool");
	put(c->desc, sizeof(c->desc), " in ");
	put_int(c->desc, sizeof(c->desc), in_h);
	put(c->desc, sizeof(c->desc), "x");
	put_int(c->desc, sizeof(c->desc), in_w);
	put(c->desc, sizeof(c->desc), "x");
	put_int(c->desc, sizeof(c->desc), p[TINYML_POOL_CHANNELS]);
	put(c->desc, sizeof(c->desc), " f ");
	put_int(c->desc, sizeof(c->desc), f_h);
	put(c->desc, sizeof(c->desc), "x");
	put_int(c->desc, sizeof(c->desc), f_w);
}

static void make_add(rng_t* r, tcase* c, int sub)
{
	int32_t* p = case_alloc(4 * TINYML_ADD_HEADER);
	const int mode = rng_range(r, 0, 3);
	int32_t rows = rng_range(r, 1, 12), inner = rng_one_in(r, 2) ? 4 * rng_range(r, 1, 20) : rng_range(r, 1, 70);
	int32_t zp = rng_range(r, -128, 127), d;
	size_t n1, n2;
	memset(p, 0, 4 * TINYML_ADD_HEADER);
	for (d = 0; d < TINYML_BINARY_MAX_RANK; d++)
		p[TINYML_BINARY_EXTENTS + d] = 1;
	p[TINYML_BINARY_MODE] = mode;
	p[TINYML_BINARY_OP] = sub;
	if (mode == 0) {
		/* same shapes: one loop */
		p[TINYML_BINARY_RANK] = 1;
		p[TINYML_BINARY_COUNT] = rows * inner;
		p[TINYML_BINARY_EXTENTS] = rows * inner;
		p[TINYML_BINARY_STRIDES1] = 1;
		p[TINYML_BINARY_STRIDES2] = 1;
		n1 = n2 = (size_t)rows * (size_t)inner;
	}
	else if (mode == 1 || mode == 2) {
		/* one input is a single value */
		p[TINYML_BINARY_RANK] = 1;
		p[TINYML_BINARY_COUNT] = rows * inner;
		p[TINYML_BINARY_EXTENTS] = rows * inner;
		p[TINYML_BINARY_STRIDES1] = mode == 1 ? 0 : 1;
		p[TINYML_BINARY_STRIDES2] = mode == 2 ? 0 : 1;
		n1 = mode == 1 ? 1 : (size_t)rows * (size_t)inner;
		n2 = mode == 2 ? 1 : (size_t)rows * (size_t)inner;
	}
	else {
		/* [rows, inner] + [1, inner] (a per-channel vector) */
		p[TINYML_BINARY_RANK] = 2;
		p[TINYML_BINARY_COUNT] = rows * inner;
		p[TINYML_BINARY_EXTENTS] = rows;
		p[TINYML_BINARY_EXTENTS + 1] = inner;
		p[TINYML_BINARY_STRIDES1] = inner;
		p[TINYML_BINARY_STRIDES1 + 1] = 1;
		p[TINYML_BINARY_STRIDES2] = 0;
		p[TINYML_BINARY_STRIDES2 + 1] = 1;
		n1 = (size_t)rows * (size_t)inner;
		n2 = (size_t)inner;
	}
	rand_act(r, zp, &p[TINYML_BINARY_ACT_MIN], &p[TINYML_BINARY_ACT_MAX]);
	p[TINYML_ADD_LEFT_SHIFT] = rng_one_in(r, 6) ? rng_range(r, 0, 21) : 20;
	p[TINYML_ADD_INPUT1_OFFSET] = rand_offset(r);
	p[TINYML_ADD_INPUT2_OFFSET] = rand_offset(r);
	p[TINYML_ADD_OUTPUT_OFFSET] = zp;
	p[TINYML_ADD_INPUT1_MULTIPLIER] = rand_multiplier(r);
	p[TINYML_ADD_INPUT1_SHIFT] = rng_one_in(r, 3) ? 0 : rng_range(r, -31, 0);
	p[TINYML_ADD_INPUT2_MULTIPLIER] = rand_multiplier(r);
	p[TINYML_ADD_INPUT2_SHIFT] = rng_one_in(r, 3) ? 0 : rng_range(r, -31, 0);
	p[TINYML_ADD_OUTPUT_MULTIPLIER] = rand_multiplier(r);
	p[TINYML_ADD_OUTPUT_SHIFT] = rng_range(r, -31, 0);
	if (rng_one_in(r, 2)) {
		/* TFLM-like: inputs rescaled by ~1/2 to 1/4, the output by ~2^-20 * something */
		p[TINYML_ADD_INPUT1_SHIFT] = rng_range(r, -2, 0);
		p[TINYML_ADD_INPUT2_SHIFT] = rng_range(r, -2, 0);
		p[TINYML_ADD_OUTPUT_SHIFT] = rng_range(r, -21, -17);
	}
	c->kind = sub ? CASE_SUB : CASE_ADD;
	c->params = p;
	c->params_count = TINYML_ADD_HEADER;
	c->in1_bytes = n1;
	c->in1 = rand_bytes(r, n1);
	c->in2_bytes = n2;
	c->in2 = rand_bytes(r, n2);
	c->bias = NULL;
	c->out_bytes = (size_t)rows * (size_t)inner;
	c->out = case_alloc(c->out_bytes);
	c->macs = 0;
	c->desc[0] = 0;
	put(c->desc, sizeof(c->desc), sub ? "sub mode " : "add mode ");
	put_int(c->desc, sizeof(c->desc), mode);
	put(c->desc, sizeof(c->desc), " count ");
	put_int(c->desc, sizeof(c->desc), rows * inner);
}

void case_random(uint32_t seed, uint32_t index, tcase* c)
{
	rng_t r;
	rng_init(&r, seed, index);
	memset(c, 0, sizeof(*c));
	switch (index % 11) {
	case 0: make_conv(&r, c, 0); break;
	case 1: make_conv(&r, c, 1); break;
	case 2: make_conv(&r, c, 2); break;
	case 3: make_dw(&r, c, 0); break;
	case 4: make_dw(&r, c, 1); break;
	case 5: make_fc(&r, c); break;
	case 6: make_pool(&r, c, 0); break;
	case 7: make_pool(&r, c, 1); break;
	case 8: make_add(&r, c, 0); break;
	case 9: make_add(&r, c, 1); break;
	default: make_conv(&r, c, rng_one_in(&r, 2) ? 0 : 2); break;
	}
}

/* ---- the benchmark layers: realistic quantization (multipliers in [2^30, 2^31), right shifts, ReLU) ---- */
const char* const BENCH_IDS[BENCH_LAYERS] = { "bench:kws_conv1", "bench:kws_dw", "bench:kws_pw", "bench:kws_fc", "bench:vww_conv",
	"x_conv3x3_c56_K504", "x_conv3x3_c64_K576", "x_fc_512x16", "x_fc_1024x16", "x_max_pool_24x24x5_2x2", "x_add_12x12x16" };

static void bench_quant(rng_t* r, int32_t* mult, int32_t* shift, int32_t n, int32_t lo, int32_t hi)
{
	int32_t i;
	for (i = 0; i < n; i++) {
		mult[i] = (int32_t)(0x40000000u + (rng_u32(r) >> 2));
		shift[i] = rng_range(r, lo, hi);
	}
}

static void bench_conv(rng_t* r, tcase* c, int32_t in_h, int32_t in_w, int32_t in_c, int32_t out_c, int32_t k_h, int32_t k_w,
	int32_t stride, int dw, int32_t input_offset, int32_t shift_lo, int32_t shift_hi)
{
	int32_t* p = conv_params(r, 1, in_h, in_w, in_c, out_c, k_h, k_w, stride, stride, 1, 1, 1, dw ? 1 : in_c, 1);
	int32_t i;
	int32_t* bias;
	p[TINYML_CONV_INPUT_OFFSET] = input_offset;
	p[TINYML_CONV_OUTPUT_OFFSET] = -128;
	p[TINYML_CONV_ACT_MIN] = -128; /* ReLU with the output zero point at -128 */
	p[TINYML_CONV_ACT_MAX] = 127;
	bench_quant(r, p + TINYML_CONV_HEADER, p + TINYML_CONV_HEADER + out_c, out_c, shift_lo, shift_hi);
	finish_conv(r, c, p, dw);
	bias = case_alloc(4 * (size_t)out_c);
	for (i = 0; i < out_c; i++)
		bias[i] = rng_range(r, -6000, 6000);
	c->bias = bias;
}

/* Fully connected, batch 1, depth -> out_depth, ReLU-free int8 range (per-tensor or per-channel). */
static void bench_fc(rng_t* r, tcase* c, int32_t depth, int32_t out_depth, int per_channel, int32_t input_offset)
{
	const int32_t n = per_channel ? out_depth : 1;
	int32_t* p = case_alloc(4 * (TINYML_FC_HEADER + 2 * (size_t)n));
	int32_t* bias = case_alloc(4 * (size_t)out_depth);
	int32_t i;
	p[TINYML_FC_BATCHES] = 1;
	p[TINYML_FC_ACCUM_DEPTH] = depth;
	p[TINYML_FC_OUT_DEPTH] = out_depth;
	p[TINYML_FC_INPUT_OFFSET] = input_offset;
	p[TINYML_FC_FILTER_OFFSET] = 0;
	p[TINYML_FC_OUTPUT_OFFSET] = 17;
	p[TINYML_FC_ACT_MIN] = -128;
	p[TINYML_FC_ACT_MAX] = 127;
	p[TINYML_FC_PER_CHANNEL] = per_channel;
	bench_quant(r, p + TINYML_FC_HEADER, p + TINYML_FC_HEADER + n, n, -9, -9);
	c->kind = CASE_FC;
	c->params = p;
	c->params_count = TINYML_FC_HEADER + 2 * (size_t)n;
	c->in1_bytes = (size_t)depth;
	c->in1 = rand_bytes(r, c->in1_bytes);
	c->in2_bytes = (size_t)out_depth * (size_t)depth;
	c->in2 = rand_bytes(r, c->in2_bytes);
	for (i = 0; i < out_depth; i++)
		bias[i] = rng_range(r, -6000, 6000);
	c->bias = bias;
	c->out_bytes = (size_t)out_depth;
	c->out = case_alloc(c->out_bytes);
	c->macs = (uint64_t)depth * (uint64_t)out_depth;
	c->desc[0] = 0;
	put(c->desc, sizeof(c->desc), "fully_connected ");
	put_int(c->desc, sizeof(c->desc), depth);
	put(c->desc, sizeof(c->desc), " -> ");
	put_int(c->desc, sizeof(c->desc), out_depth);
}

/* Max pool 2x2, stride 2, VALID, over in_h x in_w x channels, no activation clamp. */
static void bench_max_pool(rng_t* r, tcase* c, int32_t in_h, int32_t in_w, int32_t channels)
{
	int32_t* p = case_alloc(4 * TINYML_POOL_HEADER);
	p[TINYML_POOL_BATCHES] = 1;
	p[TINYML_POOL_IN_H] = in_h;
	p[TINYML_POOL_IN_W] = in_w;
	p[TINYML_POOL_CHANNELS] = channels;
	p[TINYML_POOL_OUT_H] = in_h / 2;
	p[TINYML_POOL_OUT_W] = in_w / 2;
	p[TINYML_POOL_FILTER_H] = p[TINYML_POOL_FILTER_W] = 2;
	p[TINYML_POOL_STRIDE_H] = p[TINYML_POOL_STRIDE_W] = 2;
	p[TINYML_POOL_PAD_H] = p[TINYML_POOL_PAD_W] = 0;
	p[TINYML_POOL_ACT_MIN] = -128;
	p[TINYML_POOL_ACT_MAX] = 127;
	c->kind = CASE_MAX_POOL;
	c->params = p;
	c->params_count = TINYML_POOL_HEADER;
	c->in1_bytes = (size_t)in_h * (size_t)in_w * (size_t)channels;
	c->in1 = rand_bytes(r, c->in1_bytes);
	c->out_bytes = (size_t)(in_h / 2) * (size_t)(in_w / 2) * (size_t)channels;
	c->out = case_alloc(c->out_bytes);
	put(c->desc, sizeof(c->desc), "max_pool");
}

/* ADD of two same-shape tensors of count elements, quantized as TFLM quantizes an int8 ADD (left shift 20,
 * inputs rescaled by about 1/2, the output by about 2^-19), ReLU (output zero point -128). */
static void bench_add(rng_t* r, tcase* c, int32_t count)
{
	int32_t* p = case_alloc(4 * TINYML_ADD_HEADER);
	int32_t d;
	memset(p, 0, 4 * TINYML_ADD_HEADER);
	for (d = 0; d < TINYML_BINARY_MAX_RANK; d++)
		p[TINYML_BINARY_EXTENTS + d] = 1;
	p[TINYML_BINARY_RANK] = 1;
	p[TINYML_BINARY_COUNT] = count;
	p[TINYML_BINARY_EXTENTS] = count;
	p[TINYML_BINARY_STRIDES1] = 1;
	p[TINYML_BINARY_STRIDES2] = 1;
	p[TINYML_BINARY_ACT_MIN] = -128;
	p[TINYML_BINARY_ACT_MAX] = 127;
	p[TINYML_ADD_LEFT_SHIFT] = 20;
	p[TINYML_ADD_INPUT1_OFFSET] = 128;
	p[TINYML_ADD_INPUT2_OFFSET] = 3;
	p[TINYML_ADD_OUTPUT_OFFSET] = -128;
	p[TINYML_ADD_INPUT1_MULTIPLIER] = (int32_t)(0x40000000u + (rng_u32(r) >> 2));
	p[TINYML_ADD_INPUT1_SHIFT] = -1;
	p[TINYML_ADD_INPUT2_MULTIPLIER] = (int32_t)(0x40000000u + (rng_u32(r) >> 2));
	p[TINYML_ADD_INPUT2_SHIFT] = 0;
	p[TINYML_ADD_OUTPUT_MULTIPLIER] = (int32_t)(0x40000000u + (rng_u32(r) >> 2));
	p[TINYML_ADD_OUTPUT_SHIFT] = -19;
	c->kind = CASE_ADD;
	c->params = p;
	c->params_count = TINYML_ADD_HEADER;
	c->in1_bytes = c->in2_bytes = c->out_bytes = (size_t)count;
	c->in1 = rand_bytes(r, (size_t)count);
	c->in2 = rand_bytes(r, (size_t)count);
	c->out = case_alloc((size_t)count);
	put(c->desc, sizeof(c->desc), "add");
}

void case_bench(int layer, tcase* c)
{
	rng_t r;
	rng_init(&r, 0xBE7C4u, (uint32_t)layer);
	memset(c, 0, sizeof(*c));
	switch (layer) {
	case 0: bench_conv(&r, c, 49, 10, 1, 64, 10, 4, 2, 0, -83, -9, -7); break;
	case 1: bench_conv(&r, c, 25, 5, 64, 64, 3, 3, 1, 1, 128, -9, -7); break;
	case 2: bench_conv(&r, c, 25, 5, 64, 64, 1, 1, 1, 0, 128, -10, -8); break;
	case 3: bench_fc(&r, c, 64, 12, 0, 128); break;
	case 4: bench_conv(&r, c, 48, 48, 8, 16, 3, 3, 1, 0, 128, -9, -7); break;
	case 5: bench_conv(&r, c, 12, 12, 56, 32, 3, 3, 1, 0, 37, -9, -7); break;
	case 6: bench_conv(&r, c, 12, 12, 64, 32, 3, 3, 1, 0, 37, -9, -7); break;
	case 7: bench_fc(&r, c, 512, 16, 1, 21); break;
	case 8: bench_fc(&r, c, 1024, 16, 1, 21); break;
	case 9: bench_max_pool(&r, c, 24, 24, 5); break;
	default: bench_add(&r, c, 12 * 12 * 16); break;
	}
}

/* The scratch a case's kernel asks for (params with a whole header). */
static void case_scratch(tcase* c)
{
	size_t need = 0;
	if (c->scratch != NULL)
		return;
	if (c->kind == CASE_CONV && c->params_count >= TINYML_CONV_HEADER)
		need = tinyml_conv_2d_int8_scratch_bytes(c->params);
	else if (c->kind == CASE_DW && c->params_count >= TINYML_CONV_HEADER)
		need = tinyml_depthwise_conv_2d_int8_scratch_bytes(c->params);
	else if (c->kind == CASE_FC && c->params_count >= TINYML_FC_HEADER + 2)
		need = tinyml_fully_connected_int8_scratch_bytes(c->params);
	else if ((c->kind == CASE_AVG_POOL || c->kind == CASE_MAX_POOL) && c->params_count >= TINYML_POOL_HEADER)
		need = tinyml_pooling_int8_scratch_bytes(c->params);
	else if ((c->kind == CASE_ADD || c->kind == CASE_SUB) && c->params_count >= TINYML_ADD_HEADER)
		need = tinyml_add_int8_scratch_bytes(c->params);
	if (need > 0 && need != TINYML_UNSUPPORTED_LAYER) {
		c->scratch = case_alloc(need + CASE_SCRATCH_GUARD);
		c->scratch_bytes = c->scratch ? need : 0;
		if (c->scratch)
			memset((uint8_t*)c->scratch + need, CASE_GUARD_BYTE, CASE_SCRATCH_GUARD);
	}
}

int case_scratch_intact(const tcase* c)
{
	const uint8_t* g = (const uint8_t*)c->scratch + c->scratch_bytes;
	size_t i;
	if (c->scratch == NULL)
		return 1;
	for (i = 0; i < CASE_SCRATCH_GUARD; i++)
		if (g[i] != CASE_GUARD_BYTE)
			return 0;
	return 1;
}

tinyml_status case_validate(tcase* c, const char** field)
{
	const size_t bias_bytes = c->bias ? 4 * (size_t)(c->kind == CASE_FC ? c->params[TINYML_FC_OUT_DEPTH] : c->params[TINYML_CONV_OUT_C]) : TINYML_NO_BIAS;
	case_scratch(c);
	switch (c->kind) {
	case CASE_CONV:
		return tinyml_conv_2d_int8_validate(c->params, c->params_count, c->in1_bytes, c->in2_bytes, bias_bytes, c->out_bytes, c->scratch_bytes, field);
	case CASE_DW:
		return tinyml_depthwise_conv_2d_int8_validate(c->params, c->params_count, c->in1_bytes, c->in2_bytes, bias_bytes, c->out_bytes, c->scratch_bytes, field);
	case CASE_FC:
		return tinyml_fully_connected_int8_validate(c->params, c->params_count, c->in1_bytes, c->in2_bytes, bias_bytes, c->out_bytes, c->scratch_bytes, field);
	case CASE_AVG_POOL:
	case CASE_MAX_POOL:
		return tinyml_pooling_int8_validate(c->params, c->params_count, c->in1_bytes, c->out_bytes, c->scratch_bytes, field);
	default:
		return tinyml_add_int8_validate(c->params, c->params_count, c->in1_bytes, c->in2_bytes, c->out_bytes, c->scratch_bytes, field);
	}
}

void case_run(const tcase* c)
{
	switch (c->kind) {
	case CASE_CONV: tinyml_conv_2d_int8(c->params, c->in1, c->in2, c->bias, c->out, c->scratch); break;
	case CASE_DW: tinyml_depthwise_conv_2d_int8(c->params, c->in1, c->in2, c->bias, c->out, c->scratch); break;
	case CASE_FC: tinyml_fully_connected_int8(c->params, c->in1, c->in2, c->bias, c->out, c->scratch); break;
	case CASE_AVG_POOL: tinyml_average_pool_2d_int8(c->params, c->in1, c->out, c->scratch); break;
	case CASE_MAX_POOL: tinyml_max_pool_2d_int8(c->params, c->in1, c->out, c->scratch); break;
	case CASE_ADD: tinyml_add_int8(c->params, c->in1, c->in2, c->out, c->scratch); break;
	default: tinyml_sub_int8(c->params, c->in1, c->in2, c->out, c->scratch); break;
	}
}

void case_golden(const golden_layer* g, tcase* c)
{
	memset(c, 0, sizeof(*c));
	c->kind = g->kind;
	c->params = (int32_t*)g->params;
	c->params_count = g->params_count;
	c->in1 = g->in1;
	c->in1_bytes = g->in1_bytes;
	c->in2 = g->in2;
	c->in2_bytes = g->in2_bytes;
	c->bias = g->bias;
	c->out_bytes = g->out_bytes;
	c->out = case_alloc(g->out_bytes);
}

uint64_t case_macs(const tcase* c)
{
	const int32_t* p = c->params;
	switch (c->kind) {
	case CASE_CONV:
		return (uint64_t)c->out_bytes * (uint64_t)p[TINYML_CONV_K_H] * (uint64_t)p[TINYML_CONV_K_W] * (uint64_t)p[TINYML_CONV_FILTER_C];
	case CASE_DW:
		return (uint64_t)c->out_bytes * (uint64_t)p[TINYML_CONV_K_H] * (uint64_t)p[TINYML_CONV_K_W];
	case CASE_FC:
		return (uint64_t)c->out_bytes * (uint64_t)p[TINYML_FC_ACCUM_DEPTH];
	default:
		return 0;
	}
}

uint32_t case_fnv1a(const void* data, size_t bytes)
{
	const uint8_t* b = data;
	uint32_t h = 0x811C9DC5u;
	size_t i;
	for (i = 0; i < bytes; i++)
		h = (h ^ b[i]) * 0x01000193u;
	return h;
}

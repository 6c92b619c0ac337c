/*
 * tinyml-xs Arm DSP kernels: CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED 16x8 (int16
 * activations, int8 weights; internal header, included by their *_16x8.c files).
 *
 * Conv (over each output pixel's receptive field, gathered into the scratch) and fully connected
 * multiply one run of int16 inputs by four filter rows at a time: two
 * input words make the even and odd lane pairs (x0, x2) and (x1, x3) once for the four rows, each
 * filter word gives (w0, w2) and (w1, w3) with SXTB16, two SMLADs per row and four MACs. The int32
 * sums cover at most 508 products (|x w| <= 2^22: below 2^31) before they are added to the int64
 * totals, so any depth gives TFLM's exact int64 sums. Depthwise (depth multiplier 1) does four
 * channels per tap with SMLABB / SMLATB / SMLABT / SMLATT, in int32 for up to 511 taps. The output
 * stage is the portable one (tinyml_requantize_16x8). Convolutions run group by group. The DSP
 * paths cover every layer; the portable loops are compiled only without them.
 */
#ifndef TINYML_ARM_CONV_16X8_H
#define TINYML_ARM_CONV_16X8_H

#include "tinyml_arm.h"
#include "tinyml_arm_mm.h"

#if defined(TINYML_ARM_DSP)

/* Products summed in int32 before they go to the int64 totals. */
#define TINYML_16X8_CHUNK 508

/* acc[r] += sum of rows[r][i] * x[i], i < n, for `rows` (1..4) filter rows `stride` bytes apart. */
static inline void tinyml_arm_dot_16x8(const int8_t* f, int32_t stride, int rows, const int16_t* x, int32_t n, int64_t* acc)
{
	while (n > 0) {
		const int32_t chunk = n < TINYML_16X8_CHUNK ? n : TINYML_16X8_CHUNK;
		const int8_t* f0 = f;
		const int8_t* f1 = rows > 1 ? f + stride : f;
		const int8_t* f2 = rows > 2 ? f + 2 * stride : f;
		const int8_t* f3 = rows > 3 ? f + 3 * stride : f;
		int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, i;
		for (i = 0; i + 4 <= chunk; i += 4) {
			const uint32_t x01 = tinyml_ld32(x + i), x23 = tinyml_ld32(x + i + 2);
			int32_t xe, xo;
			/* (x0, x2) and (x1, x3): PKHBT and PKHTB, one instruction each. */
			__asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(xe) : "r"(x01), "r"(x23));
			__asm__("pkhtb %0, %1, %2, asr #16" : "=r"(xo) : "r"(x23), "r"(x01));
			uint32_t w = tinyml_ld32(f0 + i);
			a0 = __smlad(xe, __sxtb16((int32_t)w), a0);
			a0 = __smlad(xo, (int32_t)tinyml_sxtb16_ror8(w), a0);
			if (rows > 1) {
				w = tinyml_ld32(f1 + i);
				a1 = __smlad(xe, __sxtb16((int32_t)w), a1);
				a1 = __smlad(xo, (int32_t)tinyml_sxtb16_ror8(w), a1);
			}
			if (rows > 2) {
				w = tinyml_ld32(f2 + i);
				a2 = __smlad(xe, __sxtb16((int32_t)w), a2);
				a2 = __smlad(xo, (int32_t)tinyml_sxtb16_ror8(w), a2);
			}
			if (rows > 3) {
				w = tinyml_ld32(f3 + i);
				a3 = __smlad(xe, __sxtb16((int32_t)w), a3);
				a3 = __smlad(xo, (int32_t)tinyml_sxtb16_ror8(w), a3);
			}
		}
		for (; i < chunk; i++) {
			a0 += f0[i] * x[i];
			a1 += f1[i] * x[i];
			a2 += f2[i] * x[i];
			a3 += f3[i] * x[i];
		}
		acc[0] += a0;
		if (rows > 1)
			acc[1] += a1;
		if (rows > 2)
			acc[2] += a2;
		if (rows > 3)
			acc[3] += a3;
		f += chunk;
		x += chunk;
		n -= chunk;
	}
}

#if defined(__OPTIMIZE__)
#define TINYML_16X8_ROW(ADDR, A) \
	"ldr %[w], " ADDR "\n\t" \
	"sxtb16 %[t], %[w]\n\t" \
	"smlad %[" A "], %[xe], %[t], %[" A "]\n\t" \
	"sxtb16 %[t], %[w], ror #8\n\t" \
	"smlad %[" A "], %[xo], %[t], %[" A "]\n\t"
/*
 * n >= 1 iterations of four int16 inputs x four filter rows (f, f + k, f + 2k, f + 3k) on pinned
 * registers: two LDR (the inputs may be only 2-byte aligned: no LDRD), PKHBT, PKHTB, then per row LDR,
 * two SXTB16 and two SMLAD; 26 instructions per 16 MACs.
 */
TINYML_MM_INLINE void tinyml_arm_loop4_16x8(const int16_t** px, const int8_t** pf, int32_t k, int32_t n, int32_t* a)
{
	register int32_t a0 __asm__("r0") = a[0];
	register int32_t a1 __asm__("r1") = a[1];
	register int32_t a2 __asm__("r2") = a[2];
	register int32_t a3 __asm__("r3") = a[3];
	register uint32_t xe __asm__("r4");
	register uint32_t xo __asm__("r5");
	register uint32_t t __asm__("r6");
	register uint32_t w __asm__("r8");
	register const int16_t* x __asm__("r9") = *px;
	register const int8_t* f0 __asm__("r10") = *pf;
	register const int8_t* f2 __asm__("r11") = *pf + 2 * k;
	register int32_t kk __asm__("r12") = k;
	register int32_t cnt __asm__("lr") = n;
	__asm__("1:\n\t"
		"ldr %[t], [%[x]], #4\n\t"
		"ldr %[xo], [%[x]], #4\n\t"
		"pkhbt %[xe], %[t], %[xo], lsl #16\n\t"
		"pkhtb %[xo], %[xo], %[t], asr #16\n\t"
		TINYML_16X8_ROW("[%[f0], %[k]]", "a1")
		TINYML_16X8_ROW("[%[f0]], #4", "a0")
		TINYML_16X8_ROW("[%[f2], %[k]]", "a3")
		TINYML_16X8_ROW("[%[f2]], #4", "a2")
		"subs %[n], %[n], #1\n\t"
		"bne 1b"
		: [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [f0] "+r"(f0), [f2] "+r"(f2), [n] "+r"(cnt),
		  [xe] "=&r"(xe), [xo] "=&r"(xo), [t] "=&r"(t), [w] "=&r"(w)
		: [k] "r"(kk)
		: "cc", "memory");
	a[0] = a0;
	a[1] = a1;
	a[2] = a2;
	a[3] = a3;
	*px = x;
	*pf = f0;
}
#undef TINYML_16X8_ROW

/* Four rows: the pinned-register loop over whole groups of four inputs, then the one to three left. */
static inline void tinyml_arm_dot4_16x8(const int8_t* f, int32_t stride, const int16_t* x, int32_t n, int64_t* acc)
{
	while (n > 0) {
		const int32_t chunk = n < TINYML_16X8_CHUNK ? n : TINYML_16X8_CHUNK;
		const int16_t* xc = x;
		const int8_t* fc = f;
		int32_t a[4] = { 0, 0, 0, 0 }, i;
		if (chunk >= 4)
			tinyml_arm_loop4_16x8(&xc, &fc, stride, chunk >> 2, a);
		for (i = chunk & ~3; i < chunk; i++) {
			a[0] += f[i] * x[i];
			a[1] += f[stride + i] * x[i];
			a[2] += f[2 * stride + i] * x[i];
			a[3] += f[3 * stride + i] * x[i];
		}
		acc[0] += a[0];
		acc[1] += a[1];
		acc[2] += a[2];
		acc[3] += a[3];
		f += chunk;
		x += chunk;
		n -= chunk;
	}
}
#else
static inline void tinyml_arm_dot4_16x8(const int8_t* f, int32_t stride, const int16_t* x, int32_t n, int64_t* acc)
{
	tinyml_arm_dot_16x8(f, stride, 4, x, n, acc);
}
#endif

static inline void tinyml_arm_dot1_16x8(const int8_t* f, const int16_t* x, int32_t n, int64_t* acc)
{
	tinyml_arm_dot_16x8(f, 0, 1, x, n, acc);
}

/*
 * The output stage of a 16x8 layer: bias, one multiplier and shift per channel or one for all,
 * activation range; start: what every sum starts from (a fully connected filter offset times the
 * sum of the inputs, else 0).
 */
typedef struct {
	const int32_t* bias;
	const int32_t* mult;
	const int32_t* shift;
	int wide, per_channel;
	int32_t act_min, act_max;
	int64_t start;
} tinyml_arm_out_16x8;

/*
 * y[0..n): the dot products of one run x of `depth` int16 inputs with n consecutive filter rows of
 * `depth` int8 from f (four rows at a time), requantized as output channels c0, c0 + 1, ...
 * Defined once, in conv_2d_16x8.c; fully_connected_16x8.c calls it too.
 */
void tinyml_arm_rows_16x8(const int8_t* f, const int16_t* x, int32_t depth, int32_t c0, int32_t n, const tinyml_arm_out_16x8* q, int16_t* y);

/*
 * Fully connected: each batch row against all filter rows. A filter offset adds offset * (sum of the
 * row's inputs) to every sum of the row: the exact int64 sum of (w + offset) x.
 */
static inline void tinyml_arm_fully_connected_int16(const int32_t* p, const int16_t* input, const int8_t* filter, const int32_t* bias, int16_t* output)
{
	const int32_t batches = p[TINYML_FC_BATCHES], depth = p[TINYML_FC_ACCUM_DEPTH], out_depth = p[TINYML_FC_OUT_DEPTH];
	const int32_t n_mult = p[TINYML_FC_PER_CHANNEL] != 0 ? out_depth : 1;
	const int32_t filter_offset = p[TINYML_FC_FILTER_OFFSET];
	tinyml_arm_out_16x8 q;
	int32_t b, d;
	q.bias = bias;
	q.mult = p + TINYML_FC_HEADER;
	q.shift = q.mult + n_mult;
	q.wide = p[tinyml_16x8_accumulator(TINYML_FC_HEADER, (size_t)n_mult)];
	q.per_channel = n_mult != 1;
	q.act_min = p[TINYML_FC_ACT_MIN];
	q.act_max = p[TINYML_FC_ACT_MAX];
	for (b = 0; b < batches; b++) {
		const int16_t* x = input + (size_t)b * (size_t)depth;
		int64_t sum = 0;
		for (d = 0; filter_offset != 0 && d < depth; d++)
			sum += x[d];
		q.start = sum * filter_offset;
		tinyml_arm_rows_16x8(filter, x, depth, 0, out_depth, &q, output + (size_t)b * (size_t)out_depth);
	}
}

/* The conv's work buffer: one receptive field of a group's int16 inputs (K_H x K_W x FILTER_C). */
static inline size_t tinyml_arm_conv_16x8_scratch_bytes(const int32_t* p)
{
	return ((size_t)p[TINYML_CONV_K_H] * (size_t)p[TINYML_CONV_K_W] * (size_t)p[TINYML_CONV_FILTER_C] * 2 + 3) & ~(size_t)3;
}

/*
 * Each output pixel's receptive field in each group's channels is gathered into the scratch (zeros
 * where the window leaves the image: with input zero point 0 they add nothing, as TFLM's skipped
 * taps), then multiplied by four of the group's filter rows at a time over its whole depth. The
 * validation guarantees the scratch.
 */
static inline void tinyml_arm_conv_2d_int16(const int32_t* p, const int16_t* input, const int8_t* filter, const int32_t* bias, int16_t* output, void* scratch)
{
	const int32_t batches = p[TINYML_CONV_BATCHES], in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t out_h = p[TINYML_CONV_OUT_H], out_w = p[TINYML_CONV_OUT_W], out_c = p[TINYML_CONV_OUT_C];
	const int32_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W];
	const int32_t dil_h = p[TINYML_CONV_DILATION_H], dil_w = p[TINYML_CONV_DILATION_W];
	const int32_t filter_c = p[TINYML_CONV_FILTER_C], per_group = out_c / (in_c / filter_c);
	const int32_t depth = k_h * k_w * filter_c;
	int16_t* col = (int16_t*)scratch;
	tinyml_arm_out_16x8 q;
	int32_t b, oy, ox, oc, fy, fx;
	q.bias = bias;
	q.mult = p + TINYML_CONV_HEADER;
	q.shift = q.mult + out_c;
	q.wide = p[tinyml_16x8_accumulator(TINYML_CONV_HEADER, (size_t)out_c)];
	q.per_channel = 1;
	q.act_min = p[TINYML_CONV_ACT_MIN];
	q.act_max = p[TINYML_CONV_ACT_MAX];
	q.start = 0;
	for (b = 0; b < batches; b++) {
		const int16_t* in_b = input + (size_t)b * (size_t)in_h * (size_t)in_w * (size_t)in_c;
		for (oy = 0; oy < out_h; oy++) {
			const int32_t iy0 = oy * p[TINYML_CONV_STRIDE_H] - p[TINYML_CONV_PAD_H];
			for (ox = 0; ox < out_w; ox++) {
				const int32_t ix0 = ox * p[TINYML_CONV_STRIDE_W] - p[TINYML_CONV_PAD_W];
				for (oc = 0; oc < out_c;) {
					/* The group of output channel oc: its channels of the receptive field, then its filters. */
					const int32_t group_end = oc + per_group;
					const int16_t* in_g = in_b + (size_t)(oc / per_group) * (size_t)filter_c;
					int16_t* c = col;
					for (fy = 0; fy < k_h; fy++) {
						const int32_t iy = iy0 + dil_h * fy;
						for (fx = 0; fx < k_w; fx++, c += filter_c) {
							const int32_t ix = ix0 + dil_w * fx;
							if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w)
								memset(c, 0, 2 * (size_t)filter_c);
							else
								memcpy(c, in_g + ((size_t)iy * (size_t)in_w + (size_t)ix) * (size_t)in_c, 2 * (size_t)filter_c);
						}
					}
					tinyml_arm_rows_16x8(filter + (size_t)oc * (size_t)depth, col, depth, oc, per_group, &q, output);
					output += per_group;
					oc = group_end;
				}
			}
		}
	}
}

/*
 * Depthwise over blocks of four channels. Depth multiplier 1 and windows below 512 taps (four whole
 * channels): SMLABB / SMLATB / SMLABT / SMLATT; other blocks (depth multipliers above 1, the last one
 * to three channels, larger windows): one product at a time. The SMLA sums are int32 (exact below
 * 512 taps: |x w| <= 2^22), the others int64.
 */
static inline void tinyml_arm_depthwise_conv_2d_int16(const int32_t* p, const int16_t* input, const int8_t* filter, const int32_t* bias, int16_t* output)
{
	const int32_t batches = p[TINYML_CONV_BATCHES], in_h = p[TINYML_CONV_IN_H], in_w = p[TINYML_CONV_IN_W], in_c = p[TINYML_CONV_IN_C];
	const int32_t out_h = p[TINYML_CONV_OUT_H], out_w = p[TINYML_CONV_OUT_W], out_c = p[TINYML_CONV_OUT_C];
	const int32_t k_h = p[TINYML_CONV_K_H], k_w = p[TINYML_CONV_K_W];
	const int32_t dil_h = p[TINYML_CONV_DILATION_H], dil_w = p[TINYML_CONV_DILATION_W];
	const int32_t dm = p[TINYML_CONV_DEPTH_MULTIPLIER];
	const int32_t* mult = p + TINYML_CONV_HEADER;
	const int32_t* shift = mult + out_c;
	const int wide = p[tinyml_16x8_accumulator(TINYML_CONV_HEADER, (size_t)out_c)];
	const int smla = dm == 1 && k_h * k_w <= 511;
	int32_t b, oy, ox, c, fy, fx, j;
	for (b = 0; b < batches; b++) {
		const int16_t* in_b = input + (size_t)b * (size_t)in_h * (size_t)in_w * (size_t)in_c;
		for (oy = 0; oy < out_h; oy++) {
			const int32_t iy0 = oy * p[TINYML_CONV_STRIDE_H] - p[TINYML_CONV_PAD_H];
			int32_t fy0, fy1;
			tinyml_tap_range(iy0, dil_h, in_h, k_h, &fy0, &fy1);
			for (ox = 0; ox < out_w; ox++) {
				const int32_t ix0 = ox * p[TINYML_CONV_STRIDE_W] - p[TINYML_CONV_PAD_W];
				int32_t fx0, fx1;
				tinyml_tap_range(ix0, dil_w, in_w, k_w, &fx0, &fx1);
				for (c = 0; c < out_c; c += 4) {
					const int32_t n = out_c - c < 4 ? out_c - c : 4;
					int64_t sum[4];
					if (smla && n == 4) {
						int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
						for (fy = fy0; fy < fy1; fy++) {
							const int16_t* x_row = in_b + (size_t)(iy0 + dil_h * fy) * (size_t)in_w * (size_t)in_c + (size_t)c;
							const int8_t* f_row = filter + (size_t)fy * (size_t)k_w * (size_t)out_c + (size_t)c;
							for (fx = fx0; fx < fx1; fx++) {
								const int16_t* x = x_row + (size_t)(ix0 + dil_w * fx) * (size_t)in_c;
								const int32_t w = (int32_t)tinyml_ld32(f_row + (size_t)fx * (size_t)out_c), x01 = (int32_t)tinyml_ld32(x), x23 = (int32_t)tinyml_ld32(x + 2);
								const int32_t w02 = __sxtb16(w), w13 = (int32_t)tinyml_sxtb16_ror8((uint32_t)w);
								a0 = __smlabb(x01, w02, a0);
								a1 = __smlatb(x01, w13, a1);
								a2 = __smlabt(x23, w02, a2);
								a3 = __smlatt(x23, w13, a3);
							}
						}
						sum[0] = a0;
						sum[1] = a1;
						sum[2] = a2;
						sum[3] = a3;
					}
					else {
						for (j = 0; j < 4; j++)
							sum[j] = 0;
						for (fy = fy0; fy < fy1; fy++) {
							const int16_t* x_row = in_b + (size_t)(iy0 + dil_h * fy) * (size_t)in_w * (size_t)in_c;
							const int8_t* f_row = filter + (size_t)fy * (size_t)k_w * (size_t)out_c + (size_t)c;
							for (fx = fx0; fx < fx1; fx++) {
								const int16_t* x = x_row + (size_t)(ix0 + dil_w * fx) * (size_t)in_c;
								const int8_t* f = f_row + (size_t)fx * (size_t)out_c;
								for (j = 0; j < n; j++)
									sum[j] += f[j] * x[(c + j) / dm];
							}
						}
					}
					for (j = 0; j < n; j++)
						output[j] = tinyml_requantize_16x8(sum[j], bias, wide, c + j, mult[c + j], shift[c + j], p[TINYML_CONV_ACT_MIN], p[TINYML_CONV_ACT_MAX]);
					output += n;
				}
			}
		}
	}
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_CONV_16X8_H */

/*
 * tinyml-xs native kernel: FULLY_CONNECTED 16x8 (int16 activations, int8 weights, per-tensor or
 * per-channel requantization, any filter offset), the same arithmetic as fullyConnectedInt16 in
 * src/kernels/portable/fully_connected.ts.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"
#include "arm/conv_16x8_dsp.h"

TINYML_COLD tinyml_status tinyml_fully_connected_int16_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field)
{
	tinyml_status status = tinyml_fc_window_validate(p, params_count, input_bytes, filter_bytes, TINYML_NO_BIAS, output_bytes, 1, field);
	if (status == TINYML_OK) {
		const size_t n_mult = p[TINYML_FC_PER_CHANNEL] ? (size_t)p[TINYML_FC_OUT_DEPTH] : 1;
		status = tinyml_16x8_ok(p, TINYML_FC_HEADER, n_mult, bias_bytes, (uint64_t)p[TINYML_FC_OUT_DEPTH], field);
	}
	if (status == TINYML_OK && scratch_bytes < tinyml_fully_connected_int16_scratch_bytes(p))
		return tinyml_fail(TINYML_ERR_SIZE, field, "scratch");
	return status;
}

TINYML_COLD size_t tinyml_fully_connected_int16_scratch_bytes(const int32_t* p)
{
	/* None: the Arm DSP path multiplies straight from the input. */
	(void)p;
	return 0;
}

#if !defined(TINYML_ARM_DSP)
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void fully_connected_16x8_portable(const int32_t* restrict p, const int16_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int16_t* restrict output)
{
	const int32_t batches = p[TINYML_FC_BATCHES], depth = p[TINYML_FC_ACCUM_DEPTH], out_depth = p[TINYML_FC_OUT_DEPTH];
	const int32_t filter_offset = p[TINYML_FC_FILTER_OFFSET];
	const int32_t act_min = p[TINYML_FC_ACT_MIN], act_max = p[TINYML_FC_ACT_MAX];
	const int per_channel = p[TINYML_FC_PER_CHANNEL] != 0;
	const int32_t n_mult = per_channel ? out_depth : 1;
	const int32_t* restrict mult = p + TINYML_FC_HEADER;
	const int32_t* restrict shift = mult + n_mult;
	const int wide = p[tinyml_16x8_accumulator(TINYML_FC_HEADER, (size_t)n_mult)];
	int32_t b, oc, d;
	for (b = 0; b < batches; b++) {
		const int16_t* restrict x = input + (size_t)b * (size_t)depth;
		for (oc = 0; oc < out_depth; oc++) {
			const int8_t* restrict f = filter + (size_t)oc * (size_t)depth;
			const int32_t k = per_channel ? oc : 0;
			int64_t acc = 0;
			for (d = 0; d < depth; d++)
				acc += (f[d] + filter_offset) * x[d];
			output[(size_t)b * (size_t)out_depth + (size_t)oc] = tinyml_requantize_16x8(acc, bias, wide, oc, mult[k], shift[k], act_min, act_max);
		}
	}
}

#endif

/* The DSP path covers every layer; the portable one is compiled only without it. */
void tinyml_fully_connected_int16(const int32_t* p, const int16_t* input, const int8_t* filter, const int32_t* bias, int16_t* output, void* scratch)
{
	(void)scratch;
#if defined(TINYML_ARM_DSP)
	tinyml_arm_fully_connected_int16(p, input, filter, bias, output);
#else
	fully_connected_16x8_portable(p, input, filter, bias, output);
#endif
}

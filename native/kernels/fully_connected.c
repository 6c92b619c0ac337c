/*
 * tinyml-xs native kernel: FULLY_CONNECTED int8 (per-tensor or per-channel requantization, any
 * filter offset), the same arithmetic as src/kernels/portable/fully_connected.ts.
 */
#include "tinyml_kernels.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"
#include "arm/fully_connected_dsp.h"

/* The names of the dimensions (params[BATCHES..OUT_DEPTH]) and of the offsets (params[INPUT_OFFSET..OUTPUT_OFFSET]), in their order. */
static const char* const fc_dims[3] = { "params[BATCHES]", "params[ACCUM_DEPTH]", "params[OUT_DEPTH]" };
static const char* const fc_offsets[3] = { "params[INPUT_OFFSET]", "params[FILTER_OFFSET]", "params[OUTPUT_OFFSET]" };

tinyml_status tinyml_fully_connected_int8_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field)
{
	tinyml_status status;
	size_t n_mult;
	int i;
	if (p == NULL || params_count < TINYML_FC_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	for (i = 0; i < 3; i++) {
		if (!tinyml_dim_ok(p[TINYML_FC_BATCHES + i]))
			return tinyml_fail(TINYML_ERR_DIMENSION, field, fc_dims[i]);
	}
	if (p[TINYML_FC_PER_CHANNEL] != 0 && p[TINYML_FC_PER_CHANNEL] != 1)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params[PER_CHANNEL]");
	/* (Dimensions are below 2^30: the sizes below fit a size_t.) */
	n_mult = p[TINYML_FC_PER_CHANNEL] ? (size_t)p[TINYML_FC_OUT_DEPTH] : 1;
	if (params_count < TINYML_FC_HEADER + 2 * n_mult)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	for (i = 0; i < 3; i++) {
		if (!tinyml_offset_ok(p[TINYML_FC_INPUT_OFFSET + i]))
			return tinyml_fail(TINYML_ERR_OFFSET, field, fc_offsets[i]);
	}
	if (!tinyml_act_int8_ok(p[TINYML_FC_ACT_MIN], p[TINYML_FC_ACT_MAX]))
		return tinyml_fail(TINYML_ERR_ACTIVATION, field, "params[ACT_MIN..ACT_MAX]");
	if (!tinyml_shifts_ok(p, TINYML_FC_HEADER + n_mult, n_mult))
		return tinyml_fail(TINYML_ERR_SHIFT, field, "params (output shifts)");
	if ((status = tinyml_buffer_ok(input_bytes, p[TINYML_FC_BATCHES], p[TINYML_FC_ACCUM_DEPTH], 1, 1, "input", field)) != TINYML_OK
		|| (status = tinyml_buffer_ok(filter_bytes, p[TINYML_FC_OUT_DEPTH], p[TINYML_FC_ACCUM_DEPTH], 1, 1, "filter", field)) != TINYML_OK)
		return status;
	if (bias_bytes != TINYML_NO_BIAS && bias_bytes != 4 * (size_t)p[TINYML_FC_OUT_DEPTH])
		return tinyml_fail(TINYML_ERR_SIZE, field, "bias");
	if ((status = tinyml_buffer_ok(output_bytes, p[TINYML_FC_BATCHES], p[TINYML_FC_OUT_DEPTH], 1, 1, "output", field)) != TINYML_OK)
		return status;
	return tinyml_scratch_ok(scratch_bytes, tinyml_fully_connected_int8_scratch_bytes(p), field);
}

/*
 * None (the Arm DSP path multiplies straight from the input); kept so that every conv-like kernel
 * asks the same way, and says which layers a build's variants leave out (tinyml_variants.h). Reads
 * the header and the first multiplier and shift.
 */
size_t tinyml_fully_connected_int8_scratch_bytes(const int32_t* p)
{
#if defined(TINYML_ARM_DSP)
	return tinyml_arm_fc_takes(p) ? 0 : TINYML_UNSUPPORTED_LAYER;
#else
	(void)p;
	return 0;
#endif
}

#if !defined(TINYML_ARM_DSP)
/* Every layer where there are no Arm DSP paths (with them, their path takes every layer). */
static void fully_connected_portable(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int8_t* restrict output)
{
	const int32_t batches = p[TINYML_FC_BATCHES], depth = p[TINYML_FC_ACCUM_DEPTH], out_depth = p[TINYML_FC_OUT_DEPTH];
	const int32_t input_offset = p[TINYML_FC_INPUT_OFFSET], filter_offset = p[TINYML_FC_FILTER_OFFSET];
	const int32_t output_offset = p[TINYML_FC_OUTPUT_OFFSET];
	const int32_t act_min = p[TINYML_FC_ACT_MIN], act_max = p[TINYML_FC_ACT_MAX];
	const int per_channel = p[TINYML_FC_PER_CHANNEL] != 0;
	const int32_t n_mult = per_channel ? out_depth : 1;
	const int32_t* restrict mult = p + TINYML_FC_HEADER;
	const int32_t* restrict shift = mult + n_mult;
	int32_t b, oc;
	for (b = 0; b < batches; b++) {
		const int8_t* restrict x = input + (size_t)b * (size_t)depth;
		int8_t* restrict y = output + (size_t)b * (size_t)out_depth;
		for (oc = 0; oc < out_depth; oc++) {
			const int8_t* restrict f = filter + (size_t)oc * (size_t)depth;
			const int32_t k = per_channel ? oc : 0;
			uint32_t acc;
			if (filter_offset == 0) {
				acc = tinyml_dot_offset(f, x, (size_t)depth, input_offset);
			}
			else {
				int32_t d;
				acc = 0;
				for (d = 0; d < depth; d++)
					acc += (uint32_t)((f[d] + filter_offset) * (x[d] + input_offset));
			}
			if (bias)
				acc += (uint32_t)bias[oc];
			y[oc] = (int8_t)tinyml_requantize_int8_call(acc, mult[k], shift[k], output_offset, act_min, act_max);
		}
	}
}

#endif

void tinyml_fully_connected_int8(const int32_t* p, const int8_t* input, const int8_t* filter, const int32_t* bias, int8_t* output, void* scratch)
{
	(void)scratch;
#if defined(TINYML_ARM_DSP)
	tinyml_arm_fully_connected_int8(p, input, filter, bias, output);
#else
	fully_connected_portable(p, input, filter, bias, output);
#endif
}

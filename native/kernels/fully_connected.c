/*
 * tinyml-xs native kernel: FULLY_CONNECTED int8 (per-tensor or per-channel requantization, any
 * filter offset), the same arithmetic as src/kernels/portable/fully_connected.ts.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"
#include "tinyml_dot.h"
#include "arm/fully_connected_dsp.h"

/*
 * The checks of FULLY_CONNECTED's params and buffers but the scratch, int8 or (wide) 16x8: then the
 * params are one word longer (the accumulator word), the input and output offsets 0, the
 * activation range an int16 one, input and output 2 bytes a value, and the bias (pass
 * TINYML_NO_BIAS) the caller's with tinyml_16x8_ok. One copy for both (tinyml_validate.h).
 */
TINYML_COLD tinyml_status tinyml_fc_window_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, int wide, const char** field)
{
	/* What a refusal names: params[BATCHES .. OUTPUT_OFFSET] (indices 0..5), then the rest. */
	enum { PARAMS = TINYML_FC_OUTPUT_OFFSET + 1, PER_CHANNEL, ACT, SHIFTS, BIAS };
	static const char* const names[] = {
		"params[BATCHES]", "params[ACCUM_DEPTH]", "params[OUT_DEPTH]",
		"params[INPUT_OFFSET]", "params[FILTER_OFFSET]", "params[OUTPUT_OFFSET]",
		"params", "params[PER_CHANNEL]", "params[ACT_MIN..ACT_MAX]", "params (output shifts)", "bias",
	};
	/* The input and output offsets (0 for 16x8) and the filter offset (an int8 one). */
	const int32_t offset_max = wide ? 0 : TINYML_MAX_OFFSET, act_max = wide ? 32767 : 127;
	tinyml_status status = TINYML_ERR_PARAMS_SHORT;
	size_t n_mult, at = PARAMS;
	if (p == NULL || params_count < TINYML_FC_HEADER)
		goto fail;
	status = TINYML_ERR_DIMENSION;
	for (at = TINYML_FC_BATCHES; at <= TINYML_FC_OUT_DEPTH; at++) {
		if (!tinyml_dim_ok(p[at]))
			goto fail;
	}
	status = TINYML_ERR_FLAG;
	at = PER_CHANNEL;
	if (p[TINYML_FC_PER_CHANNEL] != 0 && p[TINYML_FC_PER_CHANNEL] != 1)
		goto fail;
	/* (Dimensions are below 2^30: the sizes below fit a size_t.) */
	n_mult = p[TINYML_FC_PER_CHANNEL] ? (size_t)p[TINYML_FC_OUT_DEPTH] : 1;
	status = TINYML_ERR_PARAMS_SHORT;
	at = PARAMS;
	if (params_count < TINYML_FC_HEADER + 2 * n_mult + (size_t)wide)
		goto fail;
	status = TINYML_ERR_OFFSET;
	for (at = TINYML_FC_INPUT_OFFSET; at <= TINYML_FC_OUTPUT_OFFSET; at++) {
		const int32_t bound = at == TINYML_FC_FILTER_OFFSET ? TINYML_MAX_OFFSET : offset_max;
		if (p[at] < -bound || p[at] > bound)
			goto fail;
	}
	status = TINYML_ERR_ACTIVATION;
	at = ACT;
	if (!(p[TINYML_FC_ACT_MIN] >= -act_max - 1 && p[TINYML_FC_ACT_MIN] <= p[TINYML_FC_ACT_MAX] && p[TINYML_FC_ACT_MAX] <= act_max))
		goto fail;
	status = TINYML_ERR_SHIFT;
	at = SHIFTS;
	if (!tinyml_shifts_ok(p, TINYML_FC_HEADER + n_mult, n_mult))
		goto fail;
	if ((status = tinyml_buffer_ok(input_bytes, p[TINYML_FC_BATCHES], p[TINYML_FC_ACCUM_DEPTH], 1, 1 << wide, "input", field)) != TINYML_OK
		|| (status = tinyml_buffer_ok(filter_bytes, p[TINYML_FC_OUT_DEPTH], p[TINYML_FC_ACCUM_DEPTH], 1, 1, "filter", field)) != TINYML_OK)
		return status;
	status = TINYML_ERR_SIZE;
	at = BIAS;
	if (bias_bytes != TINYML_NO_BIAS && bias_bytes != 4 * (size_t)p[TINYML_FC_OUT_DEPTH])
		goto fail;
	return tinyml_buffer_ok(output_bytes, p[TINYML_FC_BATCHES], p[TINYML_FC_OUT_DEPTH], 1, 1 << wide, "output", field);
fail:
	return tinyml_fail(status, field, names[at]);
}

TINYML_COLD tinyml_status tinyml_fully_connected_int8_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t filter_bytes, size_t bias_bytes, size_t output_bytes, size_t scratch_bytes, const char** field)
{
	const tinyml_status status = tinyml_fc_window_validate(p, params_count, input_bytes, filter_bytes, bias_bytes, output_bytes, 0, field);
	return status != TINYML_OK ? status : tinyml_scratch_ok(scratch_bytes, tinyml_fully_connected_int8_scratch_bytes(p), field);
}

/*
 * None (the Arm DSP path multiplies straight from the input); kept so that every conv-like kernel
 * asks the same way, and says which layers a build's variants leave out (tinyml_variants.h). Reads
 * the header and the first multiplier and shift.
 */
TINYML_COLD size_t tinyml_fully_connected_int8_scratch_bytes(const int32_t* p)
{
#if defined(TINYML_ARM_DSP)
	return tinyml_arm_fc_takes(p) ? 0 : TINYML_UNSUPPORTED_LAYER;
#else
	(void)p;
	return 0;
#endif
}

#if !defined(TINYML_ARM_DSP)
/*
 * One output's sum. Out of line: inside the loops over batches and outputs, GCC keeps the dot
 * product's pointers on the stack (a Cortex-M4 build ran 9 instructions a MAC, 6 out of line).
 */
__attribute__((noinline))
static uint32_t fc_dot(const int8_t* restrict f, const int8_t* restrict x, int32_t depth, int32_t input_offset, int32_t filter_offset)
{
	uint32_t acc = 0;
	int32_t d;
	if (filter_offset == 0)
		return tinyml_dot_offset(f, x, (size_t)depth, input_offset);
	for (d = 0; d < depth; d++)
		acc += (uint32_t)((f[d] + filter_offset) * (x[d] + input_offset));
	return acc;
}

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
			const int32_t k = per_channel ? oc : 0;
			uint32_t acc = fc_dot(filter + (size_t)oc * (size_t)depth, x, depth, input_offset, filter_offset);
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

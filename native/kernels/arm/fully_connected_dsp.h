/*
 * tinyml-xs Arm DSP kernel: FULLY_CONNECTED int8 (internal header, included by fully_connected.c).
 * Each input row is expanded once to int16 with the input offset added; rows are multiplied by
 * the filter two at a time (two rows x two output channels) or, for a last single row, four output
 * channels at a time (tinyml_arm_mm.h). A non-zero filter offset (never produced by TFLM's int8
 * quantization) and depths beyond TINYML_ARM_FC_MAX_DEPTH run the portable path.
 */
#ifndef TINYML_ARM_FULLY_CONNECTED_H
#define TINYML_ARM_FULLY_CONNECTED_H

#include "tinyml_arm_mm.h"

#if defined(TINYML_ARM_DSP)

/* Largest accumulation depth of the DSP path: its stack buffer takes 4 * depth bytes. */
#ifndef TINYML_ARM_FC_MAX_DEPTH
#define TINYML_ARM_FC_MAX_DEPTH 512
#endif

static int tinyml_arm_fully_connected_int8(const int32_t* restrict p, const int8_t* restrict input, const int8_t* restrict filter,
	const int32_t* restrict bias, int8_t* restrict output)
{
	const int32_t batches = p[TINYML_FC_BATCHES], depth = p[TINYML_FC_ACCUM_DEPTH], out_depth = p[TINYML_FC_OUT_DEPTH];
	const int32_t input_offset = p[TINYML_FC_INPUT_OFFSET];
	const int per_channel = p[TINYML_FC_PER_CHANNEL] != 0;
	uint32_t buf[TINYML_ARM_FC_MAX_DEPTH];
	tinyml_mm mm;
	int32_t b;
	if (p[TINYML_FC_FILTER_OFFSET] != 0 || depth > TINYML_ARM_FC_MAX_DEPTH)
		return 0;
	mm.filter = filter;
	mm.k = depth;
	mm.out_c = out_depth;
	mm.bias = bias;
	mm.mult = p + TINYML_FC_HEADER;
	mm.shift = p + TINYML_FC_HEADER + (per_channel ? out_depth : 1);
	mm.per_channel = per_channel;
	mm.output_offset = p[TINYML_FC_OUTPUT_OFFSET];
	mm.act_min = p[TINYML_FC_ACT_MIN];
	mm.act_max = p[TINYML_FC_ACT_MAX];
	tinyml_mm_prepare(&mm, input_offset);
	for (b = 0; b < batches; b += 2) {
		const int8_t* restrict x = input + (size_t)b * (size_t)depth;
		int8_t* restrict y = output + (size_t)b * (size_t)out_depth;
		if (b + 1 < batches) {
			tinyml_mm_expand(buf, x, depth, input_offset, 0, 2);
			tinyml_mm_expand(buf, x + depth, depth, input_offset, 1, 2);
			tinyml_mm_2rows(&mm, buf, y, y + out_depth);
		}
		else {
			tinyml_mm_expand(buf, x, depth, input_offset, 0, 1);
			tinyml_mm_1row(&mm, buf, y);
		}
	}
	return 1;
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_FULLY_CONNECTED_H */

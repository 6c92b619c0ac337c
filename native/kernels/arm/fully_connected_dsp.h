/*
 * tinyml-xs Arm DSP kernel: FULLY_CONNECTED int8 (internal header, included by fully_connected.c).
 * Each input row is expanded once to int16 with the input offset added; rows are multiplied by
 * the filter two at a time (two rows x two output channels, in chunks of TINYML_MM_CHUNK channels
 * with a table of requantization constants) or, for a last single row (the usual batch of one),
 * four output channels at a time with no per-call pass over the channels (tinyml_arm_mm.h). A
 * non-zero filter offset (never produced by TFLM's int8 quantization) and depths beyond
 * TINYML_ARM_FC_MAX_DEPTH run the portable path.
 */
#ifndef TINYML_ARM_FULLY_CONNECTED_H
#define TINYML_ARM_FULLY_CONNECTED_H

#include "tinyml_arm_mm.h"

#if defined(TINYML_ARM_DSP)

/* Largest accumulation depth of the DSP path: its stack buffer takes 4 * depth bytes (and 1 KB of constants). */
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
	int32_t table[4 * TINYML_MM_CHUNK];
	tinyml_mm mm, cm;
	int32_t b, c0;
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
	mm.ystride = out_depth;
	mm.table = NULL;
	tinyml_mm_prepare(&mm, input_offset, batches > 1);
	if (batches & 1) {
		/* The last row alone (no table: its checked requantization needs no bound). */
		tinyml_mm_expand(buf, input + (size_t)(batches - 1) * (size_t)depth, depth, input_offset, 0, 1);
		tinyml_mm_1row(&mm, buf, output + (size_t)(batches - 1) * (size_t)out_depth);
	}
	for (c0 = 0; c0 < out_depth && batches > 1; c0 += TINYML_MM_CHUNK) {
		tinyml_mm_chunk(&mm, &cm, c0, out_depth - c0 < TINYML_MM_CHUNK ? out_depth - c0 : TINYML_MM_CHUNK, table);
		for (b = 0; b + 1 < batches; b += 2) {
			const int8_t* restrict x = input + (size_t)b * (size_t)depth;
			tinyml_mm_expand(buf, x, depth, input_offset, 0, 2);
			tinyml_mm_expand(buf, x + depth, depth, input_offset, 1, 2);
			tinyml_mm_2rows(&cm, buf, output + (size_t)b * (size_t)out_depth + c0);
		}
	}
	return 1;
}

#endif /* TINYML_ARM_DSP */

#endif /* TINYML_ARM_FULLY_CONNECTED_H */

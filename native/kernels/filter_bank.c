/*
 * tinyml-xs native kernel: SignalFilterBank (TFLM's FilterbankAccumulateChannels), the same
 * arithmetic as src/kernels/portable/filter_bank.ts: uint64 accumulators, each int16 weight
 * converted to uint64 as TFLM does, so a negative weight adds its product modulo 2^64.
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"

TINYML_COLD tinyml_status tinyml_filter_bank_uint32_validate(const int32_t* p, size_t params_count, size_t input_bytes,
	size_t weights_bytes, size_t unweights_bytes, size_t output_bytes, const char** field)
{
	int32_t channels, n, in_len, w_len, i;
	if (p == NULL || params_count < TINYML_FILTER_BANK_HEADER)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	channels = p[TINYML_FILTER_BANK_NUM_CHANNELS];
	if (channels < 1 || channels > TINYML_FILTER_BANK_MAX_CHANNELS)
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[NUM_CHANNELS]");
	n = channels + 1; /* channel 0 is TFLM's scratch channel */
	/* (n is at most 2^16 + 1 and the lengths below 2^30: the sizes below fit a size_t.) */
	if (params_count < TINYML_FILTER_BANK_HEADER + 3 * (size_t)n)
		return tinyml_fail(TINYML_ERR_PARAMS_SHORT, field, "params");
	/* Empty inputs and weights are fine as long as every band is empty too. */
	in_len = p[TINYML_FILTER_BANK_INPUT_LENGTH];
	if (in_len < 0 || in_len > TINYML_MAX_DIM)
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[INPUT_LENGTH]");
	w_len = p[TINYML_FILTER_BANK_WEIGHTS_LENGTH];
	if (w_len < 0 || w_len > TINYML_MAX_DIM)
		return tinyml_fail(TINYML_ERR_DIMENSION, field, "params[WEIGHTS_LENGTH]");
	/* The bands drive every index of the loop: the same checks as the op's prepare (the sums of two int32 >= 0 fit a uint32). */
	for (i = 0; i < n; i++) {
		const int32_t f = p[TINYML_FILTER_BANK_HEADER + i];
		const int32_t w = p[TINYML_FILTER_BANK_HEADER + n + i];
		const int32_t width = p[TINYML_FILTER_BANK_HEADER + 2 * n + i];
		if (width < 0 || (width > 0 && (f < 0 || w < 0 || (uint32_t)f + (uint32_t)width > (uint32_t)in_len
			|| (uint32_t)w + (uint32_t)width > (uint32_t)w_len)))
			return tinyml_fail(TINYML_ERR_BAND, field, "params (bands)");
	}
	if (input_bytes != 4 * (size_t)in_len)
		return tinyml_fail(TINYML_ERR_SIZE, field, "input");
	if (weights_bytes != 2 * (size_t)w_len)
		return tinyml_fail(TINYML_ERR_SIZE, field, "weights");
	if (unweights_bytes != 2 * (size_t)w_len)
		return tinyml_fail(TINYML_ERR_SIZE, field, "unweights");
	if (output_bytes != 8 * (size_t)channels)
		return tinyml_fail(TINYML_ERR_SIZE, field, "output");
	return TINYML_OK;
}

void tinyml_filter_bank_uint32(const int32_t* restrict p, const uint32_t* restrict input, const int16_t* restrict weights,
	const int16_t* restrict unweights, uint32_t* restrict output)
{
	const int32_t n = p[TINYML_FILTER_BANK_NUM_CHANNELS] + 1;
	const int32_t* restrict starts = p + TINYML_FILTER_BANK_HEADER;
	const int32_t* restrict weight_starts = starts + n;
	const int32_t* restrict widths = weight_starts + n;
	/* The weighted sum of the channel at hand (it began as the previous channel's unweighted sum) and the unweighted one. */
	uint64_t weighted = 0, unweighted = 0;
	int32_t i, j;
	for (i = 0; i < n; i++) {
		const int32_t width = widths[i];
		/* An empty band's starts may be anything (even negative): no pointer is formed from them. */
		if (width > 0) {
			const uint32_t* restrict x = input + starts[i];
			const int16_t* restrict wt = weights + weight_starts[i];
			const int16_t* restrict uw = unweights + weight_starts[i];
			for (j = 0; j < width; j++) {
				/* int16 -> int64 -> uint64 is modulo 2^64, and so is the product. */
				weighted += (uint64_t)(int64_t)wt[j] * (uint64_t)x[j];
				unweighted += (uint64_t)(int64_t)uw[j] * (uint64_t)x[j];
			}
		}
		if (i > 0) {
			output[2 * (i - 1)] = (uint32_t)weighted;
			output[2 * (i - 1) + 1] = (uint32_t)(weighted >> 32);
		}
		weighted = unweighted;
		unweighted = 0;
	}
}

/*
 * tinyml-xs native kernels: the check the 16x8 kernels (int16 activations, int8 weights) share
 * beyond their int8 layouts' (declared in tinyml_validate.h).
 */
#include "tinyml_kernels.h"
#include "tinyml_cold.h"
#include "tinyml_validate.h"

TINYML_COLD tinyml_status tinyml_16x8_ok(const int32_t* p, size_t header, size_t count, size_t bias_bytes, uint64_t channels, const char** field)
{
	const int32_t wide = p[tinyml_16x8_accumulator(header, count)];
	size_t i;
	if (wide != 0 && wide != 1)
		return tinyml_fail(TINYML_ERR_FLAG, field, "params (16x8 accumulator)");
	for (i = 0; wide && i < count; i++) {
		if (p[header + count + i] > TINYML_16X8_MAX_WIDE_SHIFT)
			return tinyml_fail(TINYML_ERR_SHIFT, field, "params (output shifts)");
	}
	if (bias_bytes != TINYML_NO_BIAS && !tinyml_bytes_are(bias_bytes, (wide ? 8u : 4u) * channels))
		return tinyml_fail(TINYML_ERR_SIZE, field, "bias");
	return TINYML_OK;
}

/*
 * tinyml-xs native kernels: TFLM's general int8 requantization out of line (tinyml_dot.h's
 * tinyml_requantize_int8), one copy for the kernels that call it once per output beside a dot
 * product: the Arm DSP paths' rare outputs that their fast requantization does not take, and the
 * portable conv and fully connected loops.
 */
#include "tinyml_dot.h"

int32_t tinyml_requantize_int8_call(uint32_t acc, int32_t multiplier, int32_t shift, int32_t output_offset, int32_t act_min, int32_t act_max)
{
	return tinyml_requantize_int8(acc, multiplier, shift, output_offset, act_min, act_max);
}

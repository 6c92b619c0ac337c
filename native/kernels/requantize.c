/*
 * tinyml-xs native kernels: the int8 output stage that conv, depthwise and fully connected share,
 * one copy of each: TFLM's general requantization out of line (tinyml_dot.h's
 * tinyml_requantize_int8) for the loops that requantize once per dot product (the Arm DSP paths'
 * rare outputs that their fast requantization does not take, the portable conv and fully connected
 * loops), and with the Arm DSP paths, the activation range as a pass over the output
 * (tinyml_arm_clamp, tinyml_arm.h).
 */
#include "tinyml_dot.h"
#include "arm/tinyml_arm.h"

int32_t tinyml_requantize_int8_call(uint32_t acc, int32_t multiplier, int32_t shift, int32_t output_offset, int32_t act_min, int32_t act_max)
{
	return tinyml_requantize_int8(acc, multiplier, shift, output_offset, act_min, act_max);
}

#if defined(TINYML_ARM_DSP)
/* Clamps n int8 outputs to [lo, hi] (within int8), four bytes per SSUB8 + SEL pair (GE set where the first operand is the larger). */
void tinyml_arm_clamp(int8_t* restrict y, size_t n, int32_t lo, int32_t hi)
{
	const uint32_t lo4 = (uint32_t)(uint8_t)lo * 0x01010101u, hi4 = (uint32_t)(uint8_t)hi * 0x01010101u;
	int8_t* const end4 = y + (n & ~(size_t)3);
	size_t i;
	for (; y != end4; y += 4) {
		uint32_t v = tinyml_ld32(y), t;
		__asm__("ssub8 %0, %1, %2\n\tsel %0, %1, %2" : "=&r"(t) : "r"(v), "r"(lo4) : "cc");
		__asm__("ssub8 %0, %1, %2\n\tsel %0, %2, %1" : "=&r"(v) : "r"(hi4), "r"(t) : "cc");
		tinyml_st32(y, v);
	}
	for (i = 0; i < (n & 3); i++)
		y[i] = (int8_t)(y[i] < lo ? lo : y[i] > hi ? hi : y[i]);
}
#endif
